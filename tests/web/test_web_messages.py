"""Issue 23's new-user pass: an error names each parameter as the front end that received
it spells it. The layers below write "try --form", "--pos XYZ: …", "use --remove"; the
web app's one error edge (sensegrep/web/spelling.py) says ``form=true``, ``pos=XYZ``,
``"label": null`` for the route that was called, a server-drawn page says its control's
label, and the command line keeps its flags. Also: the search page's address holds
nothing the page would drop (its Chromium side is in test_web_search_page.py)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

import sensegrep
from sensegrep.web import create_app

from ..helpers import run

DOCS = [
    {"id": f"d{n}", "text": "The bank of the river. The bank raised rates.", "genre": genre}
    for n, genre in enumerate(["news", "fiction", "news"])
]
# A search parameter's flag, as a CLI message writes it.
SEARCH_FLAG = re.compile(r"--(form|count|doc|pos|unlike|example|like|label|gloss|sense|senses)\b")


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web-messages")
    corpus = folder / "corpus.jsonl"
    corpus.write_text("".join(json.dumps(d) + "\n" for d in DOCS), encoding="utf-8")
    # No tagger: quick, and an index without POS has its own message naming --pos.
    sensegrep.build(folder / "idx", corpus, model="fake:16", tagger="none").close()
    return folder / "idx"


@pytest.fixture(scope="module")
def client(index_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(index_dir)) as c:
        yield c


def refused(response: Any) -> str:
    """The one-line error of a 400; its pieces (error_parts), when given, say the same."""
    assert response.status_code == 400, response.text
    body = response.json()
    parts = body.get("error_parts")
    if parts is not None:
        text = "".join(p if isinstance(p, str) else p["text"] for p in parts)
        assert text == body["error"]
    return body["error"]


def test_search_and_count_errors_name_query_parameters(client):
    bank = client.get("/api/search", params={"word": "bank"}).json()["hits"]
    for params, said in [
        ({"word": "nosuchword"}, "no occurrences of 'nosuchword' (by lemma) in "),
        ({"word": "bank", "count": "genr"}, "count takes form, node, lemma"),
        ({"word": "bank", "doc": "nope"}, "doc=nope: no document of "),
        ({"word": "bank", "docs": "nope"}, "docs=nope: no document of "),  # as spelt
        ({"word": "bank", "unlike": bank[0]["id"]},
         "unlike needs something to be like: add example, like, label or gloss"),
        ({"word": "bank", "unlike_example": "the [[bank]] raised rates"},
         "unlike_example needs something to be like: add example, like, label or gloss"),
        ({"word": "bank", "pos": "NOUN"}, "pos needs POS tags and "),
        # Only what was given, never an option HTTP has not (--any-word).
        ({"cql": '"bank"', "form": "1"}, "cql names its own words: leave out form=true ("),
    ]:  # fmt: skip
        message = refused(client.get("/api/search", params=params))
        assert said in message and not SEARCH_FLAG.search(message), message
    # Advice to run another command (index again with a tagger) stays the command line's.
    assert "--tagger spacy" in refused(
        client.get("/api/search", params=[("word", "bank"), ("pos", "NOUN")])
    )


def test_the_pieces_of_a_message_name_each_parameter(client):
    body = client.get("/api/search", params={"cql": '"bank"', "form": "true"}).json()
    named = [p for p in body["error_parts"] if not isinstance(p, str)]
    assert {"name": "form", "value": "true", "text": "form=true"} in named
    quoted = client.get("/api/search", params={"word": "--form"}).json()
    # The word as typed is quoted: a user's text is never respelt.
    assert quoted["error"].startswith("no occurrences of '--form' in ")


def test_a_parameter_is_named_as_the_request_spelt_it(client):
    """Issue 23 (pass 23g): ``senses=abc`` (the README's spelling of the sense run) was
    answered "senses_run: 'abc' is not a valid integer", a name the request never had;
    ``docs=`` is named ``docs`` too. Its piece keeps the canonical name, which a page
    finds its control by."""
    for name in ("senses", "senses_run"):
        body = client.get("/api/search", params={"word": "bank", name: "abc"}).json()
        assert body["error"] == f"{name}: 'abc' is not a valid integer."
        assert body["error_parts"][0] == {"name": "senses_run", "value": None, "text": name}
        stats = {"word": "bank", name: "0"}
        message = refused(client.get("/api/stats/collocates", params=stats))
        assert message.startswith(f"{name}: 0 ")
    message = refused(client.get("/api/search", params={"word": "bank", "docs": "nope"}))
    assert message.startswith("docs=nope: no document of ")


def test_ids_written_together_in_one_doc_are_said_to_go_one_a_doc(client):
    """Pass 39c: the search page's Document box takes "d0; d1", one doc= of the API one id:
    the refusal said only that no document has that id."""
    message = refused(client.get("/api/search", params={"word": "bank", "doc": "d0; d1"}))
    assert message.startswith("doc=d0; d1: no document of ")
    together = "it is 2 ids of the index written together: one doc takes one id, so repeat it"
    assert message.endswith(together + ", once for each)")


def test_an_error_names_the_index_as_its_pages_do_not_by_its_path(client, index_dir):
    """Issue 23 (pass 23g): "no occurrences of 'zzz' (by lemma) in /srv/…/idx", "no
    document of /srv/…/idx has that id": a folder of the server, which the page's reader
    never typed, where the pages name the index by its folder's name."""
    for path, params in [
        ("/api/search", {"word": "nosuchword"}),
        ("/api/search", {"word": "bank", "doc": "nope"}),
        ("/api/search", {"word": "bank", "sense": 1, "senses": 99}),
        ("/api/context/999999", {}),
    ]:
        message = refused(client.get(path, params=params))
        assert str(index_dir) not in message and f"the index {index_dir.name}" in message


def test_label_compare_and_senses_errors_name_their_fields(client):
    message = refused(client.post("/api/label", json={"ids": [1], "label": ""}))
    assert message == 'a label cannot be empty; use "label": null to clear labels'
    message = refused(client.post("/api/compare", json={"a": "a bank", "b": "the bank"}))
    assert message.startswith('mark the word to compare with [[ ]] (or pass "word"): ')
    message = refused(client.get("/api/senses/bank", params={"n": 2, "senses": 1}))
    assert message == (
        "give n=N or POST /api/senses/WORD (a new run) or senses=1 (a stored run), not both"
    )
    message = refused(client.get("/api/senses/bank", params={"n": 50}))
    assert message.endswith("give n between 1 and 6")
    message = refused(client.post("/api/senses/bank", json={"n": 50}))
    assert message.endswith('give "n" between 1 and 6')
    message = refused(client.get("/api/senses/bank", params={"by": "genre", "bin_width": 5}))
    assert message.startswith("bin_width needs a field whose values are numbers")
    # senses take a lemma: no --form to suggest (the command line's senses has none either).
    message = refused(client.get("/api/senses/nosuchword"))
    assert "form" not in message.replace("word form", "")


def test_statistics_errors_name_their_query_parameters(client):
    """The statistics (request.STATISTICS) are answered by GET /api/stats/NAME: their
    parameters too, as query parameters."""
    message = refused(client.get("/api/stats/freq", params={"by": "nofield"}))
    assert message.startswith("by=nofield: expected lemma, form, pos, lemma_pos")
    message = refused(client.get("/api/stats/keywords"))
    assert "choose the focus with where=FIELD=VALUE (or doc=ID)" in message
    assert "--where" not in message and "--doc" not in message


def test_what_an_answer_says_once_is_in_the_routes_words(client):
    """Why an empty result is empty (``why_empty``, also a note) and what like left out,
    said by the library as the command line says it (issue 23), in query parameters."""
    params = [("word", "bank"), ("where", "genre=news"), ("doc", "d1")]
    said = (
        "0 matches for 'bank' with where=genre=news doc=d1; 6 without them; no document "
        "meets them all: the subcorpus is empty"
    )
    for extra in ([], [("count", "form")]):
        body = client.get("/api/search", params=params + extra).json()
        assert (body["total"], body["why_empty"], body["notes"]) == (0, said, [said])
    first = client.get("/api/search", params={"word": "bank"}).json()["hits"][0]["id"]
    body = client.get("/api/search", params={"word": "bank", "like": first}).json()
    assert body["total"] == 5 and "why_empty" not in body
    left_out = "the 1 occurrence given by like is left out of the lines and the total"
    assert body["notes"] == [left_out]
    # A pattern's search leaves it out too (issue 23: it was kept, first at cosine 1).
    params = {"cql": '[lemma="bank"]', "like": first}
    body = client.get("/api/search", params=params).json()
    assert body["total"] == 5 and first not in [h["id"] for h in body["hits"]]
    assert body["notes"] == [left_out]


def test_change_without_a_run_names_what_stores_one_over_http(client, index_dir, runner):
    """A word without a sense run gets no jsd, and the note says how to make one: the
    command line's --induce, which no route takes (a GET stores no run), was said over
    HTTP as it is; the route names the POST that stores one, once."""
    params = {"by": "genre", "between": ["news", "fiction"], "words": "bank"}
    body = client.get("/api/stats/change", params=params).json()
    (note,) = body["notes"]
    assert "no sense run, so no jsd (bank)" in note
    assert "--induce" not in note and "`POST /api/senses/WORD` makes one for a word" in note
    _code, _out, err = run(runner, index_dir, "change", "--by", "genre", "--between",
                           "news", "fiction", "--words", "bank")  # fmt: skip
    assert "--induce makes one" in err  # the command line keeps its flag


def test_a_server_drawn_page_names_its_controls(client):
    page = client.get("/senses/bank", params={"n": 50}, headers={"Accept": "text/html"})
    assert page.status_code == 400
    assert "give “Senses” between 1 and 6" in page.text
    assert '<label>Senses <input name="n"' in client.get("/senses").text


def test_the_command_line_keeps_its_flags(index_dir, runner):
    code, _, err = run(runner, index_dir, "search", "--cql", '"bank"', "--form")
    assert code == 1 and "leave out --form" in err
    code, _, err = run(runner, index_dir, "search", "nosuchword")  # no form of it either
    assert code == 1 and "no occurrences of 'nosuchword'" in err and "--form" not in err
    code, _, err = run(runner, index_dir, "label", "1", "--as", "")
    assert code == 1 and "use --remove to clear labels" in err
    code, _, err = run(runner, index_dir, "senses", "nosuchword")
    assert code == 1 and "--form" not in err


def test_every_route_named_for_messages_is_a_route_of_the_app():
    from sensegrep.web import endpoints, pages
    from sensegrep.web.spelling import ROUTES

    routes = {
        (method, route.path)
        for router in (endpoints.router, pages.router)
        for route in router.routes
        for method in getattr(route, "methods", None) or ()
    }
    assert set(ROUTES) <= routes


# -- the search page's address -------------------------------------------------------------


def test_the_search_page_refuses_an_address_it_would_drop(client):
    """A misspelt parameter, or a value the API refuses, was dropped by the page
    without a word: it is the page's error now."""
    html = {"Accept": "text/html"}
    page = client.get("/", params={"word": "bank", "max-per-doc": "1"}, headers=html)
    assert page.status_code == 400 and "unknown parameter &#39;max-per-doc&#39;" in page.text
    assert "max_per_doc" in page.text  # what it takes instead
    page = client.get("/", params={"word": "bank", "form": "maybe"}, headers=html)
    assert page.status_code == 400 and "“Word form”: expected true or false" in page.text
    assert client.get("/", params={"word": "bank", "max_per_doc": "1", "chart": "genre"}).is_success


def test_the_search_page_refuses_a_column_no_document_has(client):
    """Pass 26ab: ``columns=contry`` in the address drew an empty column, as if no line
    had a value there, and the page's CSV download (which refuses it) failed unsaid."""
    html = {"Accept": "text/html"}
    page = client.get("/", params={"word": "bank", "columns": "genre,contry"}, headers=html)
    assert page.status_code == 400
    assert "no document has a metadata field &#39;contry&#39;" in page.text
    assert client.get("/", params={"word": "bank", "columns": "genre"}).is_success


def test_the_search_page_names_its_controls_not_the_address(client):
    """The search page's own error names a parameter by its control's label, as the
    senses page does, not as the address spells it (k:); the JSON API keeps k and gives
    the piece (error_parts) from which a page drawn by a script names its control."""
    html = {"Accept": "text/html"}
    page = client.get("/", params={"word": "bank", "k": "0"}, headers=html)
    assert page.status_code == 400
    assert "“Lines per page”: 0 is not in the range" in page.text
    assert "k: 0" not in page.text
    assert (
        '<label title="lines on one page (k); Next and Previous page through every match">'
        "Lines per page" in client.get("/").text
    )  # the label named is the page's
    body = client.get("/api/search", params={"word": "bank", "k": "0"}).json()
    assert body["error"].startswith("k: 0 is not in the range")
    assert body["error_parts"][0] == {"name": "k", "value": None, "text": "k"}


@pytest.mark.parametrize("name", ["freq", "collocates", "keywords", "sketch", "change"])
def test_a_statistics_page_refuses_k_0_as_the_search_page_does(client, name):
    """/stats/freq?k=0 showed 100 rows without a word (the page put its own page size
    in place of 0): every statistic's page refuses the value its route refuses, in one
    line naming k as the page labels it (stats.js: "rows per page (k)" where the
    statistic is paged, else "k")."""
    from sensegrep import request

    paged = any(p.name == "offset" for p in request.STATISTICS[name])
    label = "rows per page (k)" if paged else "k"
    html = {"Accept": "text/html"}
    for bad in ("0", "-3"):
        page = client.get(f"/stats/{name}", params={"k": bad}, headers=html)
        assert page.status_code == 400, name
        assert f"“{label}”: {bad} is not in the range x&gt;=1." in page.text
        refused_here = refused(client.get(f"/api/stats/{name}", params={"k": bad}))
        assert refused_here.startswith(f"k: {bad} is not in the range")
    assert client.get(f"/stats/{name}", params={"k": "5"}, headers=html).is_success
    assert client.get(f"/stats/{name}", params={"k": ""}, headers=html).is_success


def test_a_statistics_page_error_names_its_controls(client):
    """The statistics page's server-drawn error names a control by the label stats.js
    gives it (underscores as spaces), as the search and senses pages do."""
    html = {"Accept": "text/html"}
    page = client.get("/stats/freq", params={"min_freq": "0"}, headers=html)
    assert page.status_code == 400 and "“min freq”: 0 is not in the range" in page.text
    page = client.get("/stats/collocates", params={"word": "bank", "by_sense": "maybe"},
                      headers=html)  # fmt: skip
    assert page.status_code == 400 and "“by sense”" in page.text, page.text


def test_commands_advised_over_http_are_the_requests_that_do_them(client, index_dir, runner):
    """A message advising a command names, over HTTP, the request that does the same: a
    web client may have no shell on the server (they said `sensegrep senses bank --runs`,
    `sensegrep collocates bank` and offered `--reference DIR`, which no route takes).
    The command line keeps its commands."""
    said = refused(client.get("/api/search", params={"word": "bank", "senses": 99}))
    assert "`GET /api/senses/bank/runs` lists the runs of 'bank'" in said
    assert "sensegrep" not in said
    said = refused(client.get("/api/stats/sketch", params={"word": "bank"}))
    assert said.endswith("or see its window collocates: `GET /api/stats/collocates?word=bank`")
    said = refused(client.get("/api/stats/keywords"))
    assert said.endswith("or give a reference (reference_where=FIELD=VALUE)")
    assert "--reference" not in said and "DIR" not in said
    client.post("/api/senses/bank", json={"n": 2}).raise_for_status()
    said = refused(client.get("/api/search", params={"word": "bank", "sense": 9}))
    assert said.endswith("there is no sense 9 (see `GET /api/senses/bank`)")
    _code, _out, err = run(runner, index_dir, "search", "bank", "--senses", "99")
    assert "`sensegrep senses bank --runs` lists the runs" in err
    _code, _out, err = run(runner, index_dir, "keywords")
    assert "--reference DIR" in err


def test_a_message_names_a_parameter_as_the_address_spelt_it(client):
    """`senses` and `senses_run` are one parameter; a message named it `senses_run=RUN`
    to a client that typed `senses=1` (the README's spelling): now as typed."""
    said = refused(client.get("/api/stats/collocates", params={"word": "bank", "senses": 1}))
    assert said.startswith("senses=RUN names the run that sense=N or by_sense=true reads")
    said = refused(client.get("/api/stats/collocates", params={"word": "bank", "senses_run": 1}))
    assert said.startswith("senses_run=RUN names the run that sense=N")
    body = client.get("/api/search", params={"word": "bank", "docs": "zz"}).json()
    assert body["error"].startswith("docs=zz: no document")
    assert body["error_parts"][0] == {"name": "doc", "value": "zz", "text": "docs=zz"}


def test_a_plain_concordance_and_labelling_are_advised_as_requests(client):
    """The senses and annotate pages' errors said "`sensegrep search the`, without
    --example …" and "label some with `sensegrep label`" to a reader of the web app."""
    from sensegrep.web.spelling import commands_respelt

    # (a function word has no vector only on a tagged index: its message, as written)
    plain = "a plain concordance (`sensegrep search the`, without --example) lists them"
    assert commands_respelt(plain) == (
        "a plain concordance (`GET /api/search?word=the`, without --example) lists them"
    )
    quoted = commands_respelt('(`sensegrep search --form "New York"`, without --example)')
    assert quoted == "(`GET /api/search?word=New York&form=true`, without --example)"
    said = refused(client.get("/api/search", params={"word": "bank", "label": "river"}))
    assert "`POST /api/label`" in said and "sensegrep" not in said
    # an any-word search's note on an index of chosen words' vectors (pass 38b)
    note = "searched the 140 tokens with vectors (4 lemmas); `sensegrep vectors add` adds more"
    assert commands_respelt(note).endswith("lemmas); `POST /api/vectors` adds more")


def test_a_plain_concordance_advised_on_a_senses_route_names_no_flag():
    """Pass 25y: /api/senses/the and the senses page said "a plain concordance
    (`GET /api/search?word=the`, without --example, --like, --label, --gloss or --sense)":
    the command line's flags beside an address."""
    from sensegrep.web.spelling import respell_for

    message = (
        "no occurrences of 'the' (by lemma) in the index idx with a sense vector: its 9 "
        "tokens have none (function words, auxiliaries and punctuation get none), so nothing "
        "can rank them or put them in a sense; a plain concordance (`sensegrep search the`, "
        "without --example, --like, --label, --gloss or --sense) lists them"
    )
    for route in ("/api/senses/{word}", "/senses/{word}", "/api/search"):
        said = "".join(
            p if isinstance(p, str) else p.text for p in respell_for(message, "GET", route, [])
        )
        assert "(`GET /api/search?word=the`, without example, like, label, gloss or sense)" in said
        assert not SEARCH_FLAG.search(said), (route, said)


def test_a_count_by_pos_is_advised_as_the_statistic_s_request(client):
    """Pass 25y: count=pos on /api/search advised `sensegrep freq --by pos --cql …`."""
    said = refused(client.get("/api/search", params={"word": "bank", "count": "pos"}))
    assert """`GET /api/stats/freq?by=pos&cql=[lemma="WORD"]`""" in said
    assert "sensegrep" not in said


def test_an_index_named_by_a_word_is_named_as_a_whole_word_only():
    """An index served as `--index en`: its name was replaced inside every word, so the
    unknown parameter 'reference' read 'referthe index ence' (pass 35o)."""
    from pathlib import Path

    from sensegrep.web.spelling import in_the_index

    message = "unknown parameter 'reference'; expected one of senses, by; no rows in en"
    assert in_the_index(message, Path("en")) == (
        "unknown parameter 'reference'; expected one of senses, by; no rows in the index en"
    )
    assert in_the_index("no document of /srv/en has it", Path("/srv/en")) == (
        "no document of the index en has it"
    )


def test_an_index_served_by_a_bare_word_is_not_named_for_that_word_in_a_message(
    index_dir: Path, monkeypatch: pytest.MonkeyPatch
):
    """An index served as `--index bank` (a folder in the working directory) named by the
    bare word, which in_the_index replaced wherever it stood whole: the suggestion for
    'bankx' read "nearest: 'the index bank'" (pass 35p); its whole path is named now."""
    import shutil

    folder = index_dir.parent / "cwd"
    folder.mkdir(exist_ok=True)
    if not (folder / "bank").exists():
        shutil.copytree(index_dir, folder / "bank")
    monkeypatch.chdir(folder)
    with TestClient(create_app("bank")) as c:
        said = c.get("/api/search", params={"word": "bankx"}).json()["error"]
    assert "in the index bank (nearest: 'bank')" in said, said
