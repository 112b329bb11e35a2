"""Sense runs through the web app (issue 23, item 1): a GET never stores a run, an
assignment or a pin, under --read-only or not (senses it needs are induced for that
request and say ``"stored": false``); a POST makes and pins runs; every hit says which
run its sense is of. On the seeded clusters of tests/senses/seeded.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sqlalchemy import inspect

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

import sensegrep
from sensegrep.storage import Index
from sensegrep.web import create_app

from ..senses.seeded import CONFIG, add_documents, group_centres, make_doc, seeded_index

SENSE_TABLES = ("sense_runs", "sense_clusters", "sense_members", "sense_pins")
READS = [
    "/api/senses/bank",
    "/api/senses/bank?n=2&by=genre",
    "/api/senses/bank/map",
    "/api/search?word=bank&sense=1",
    "/api/search?word=bank&format=jsonl",
    "/api/annotate/bank",
    "/senses/bank",
    "/annotate/bank",
]


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    seeded_index(tmp_path / "idx")
    return tmp_path / "idx"


def rows(folder: Path) -> dict[str, int]:
    """Rows of each sense table (0 for one the index lacks)."""
    with Index.open(folder) as idx, idx.engine.connect() as conn:
        tables = set(inspect(conn).get_table_names())
        return {
            t: conn.exec_driver_sql(f"SELECT count(*) FROM {t}").scalar() if t in tables else 0
            for t in SENSE_TABLES
        }


def read_everything(client: TestClient, reads: list[str] = READS) -> None:
    for path in reads:
        response = client.get(path, headers={"accept": "text/html"})
        assert response.status_code == 200, (path, response.text[:300])


def add_late_documents(folder: Path) -> None:
    late = [
        (make_doc(f"late-{name}", ["the", "bank", "now"], {}), centre)
        for name, centre in group_centres().items()
    ]
    with Index.open_for_writing(folder, CONFIG) as idx:
        add_documents(idx, late, seed=5, tag="late")


@pytest.mark.parametrize("read_only", [False, True])
def test_a_get_never_stores_senses(folder, read_only):
    empty = rows(folder)
    assert empty == dict.fromkeys(SENSE_TABLES, 0)
    with TestClient(create_app(folder, read_only=read_only)) as client:
        read_everything(client)
        assert rows(folder) == empty
        read_everything(client, ["/api/senses/bank/runs"])
        body = client.get("/api/senses/bank").json()
        assert body["stored"] is False and body["run"]["id"] is None and body["k"] == 3
        # The senses a GET induced are the ones its search means.
        third = client.get("/api/search", params={"word": "bank", "sense": 3}).json()["hits"]
        assert len(third) == body["senses"][2]["size"]
        assert {(h["sense"], h["sense_run"]) for h in third} == {(3, None)}
    assert rows(folder) == empty

    with sensegrep.open(folder) as idx:
        made = idx.senses("bank").info
    add_late_documents(folder)
    stored = rows(folder)
    with TestClient(create_app(folder, read_only=read_only)) as client:
        read_everything(client)
        body = client.get("/api/senses/bank").json()
        assert body["run"]["id"] == made.id and body["stored"] is True
        assert body["occurrences"] == 57 and body["run"]["assigned"] == 3  # in memory
        listed = client.get("/api/senses/bank/runs").json()["runs"]
        assert [(r["induced"], r["occurrences"], r["assigned"]) for r in listed] == [(54, 57, 3)]
    assert rows(folder) == stored  # the assignments were not kept by a GET


def test_posts_make_and_pin_runs_and_hits_name_their_run(folder):
    with TestClient(create_app(folder)) as client:
        made = client.post("/api/senses/bank", json={"n": 4}).json()
        four = made["run"]["id"]
        assert made["stored"] and made["k"] == 4 and made["run"]["current"]
        auto = client.post("/api/senses/bank", json={}).json()["run"]["id"]
        assert auto not in (None, four)
        runs = client.get("/api/senses/bank/runs").json()["runs"]
        assert [(r["id"], r["requested"], r["current"]) for r in runs] == [
            (four, 4, False),
            (auto, None, True),
        ]
        pinned = client.post("/api/senses/bank/use", json={"run": four}).json()["run"]
        assert pinned["id"] == four and pinned["pinned"]
        assert client.get("/api/senses/bank").json()["run"]["id"] == four

        hits = client.get("/api/search", params={"word": "bank", "k": 5}).json()["hits"]
        assert {h["sense_run"] for h in hits} == {four} and all(h["sense"] for h in hits)
        other = client.get(
            "/api/search", params={"word": "bank", "sense": 3, "senses": auto}
        ).json()["hits"]
        with sensegrep.open(folder) as idx:
            expected = idx.senses("bank", run=auto).run
        assert [h["id"] for h in other] == expected.ids[expected.senses == 3].tolist()
        assert {h["sense_run"] for h in other} == {auto}
        lines = client.get("/api/search", params={"word": "bank", "format": "jsonl"}).text
        assert {json.loads(line)["sense_run"] for line in lines.splitlines()} == {four}
        points = client.get("/api/senses/bank/map", params={"senses": auto}).json()
        assert points["run"] == auto and np.unique([p["sense"] for p in points["points"]]).size == 3

        error = client.get("/api/search", params={"word": "bank", "senses": 99})
        assert error.status_code == 400 and "no sense run 99" in error.json()["error"]
        error = client.get("/api/senses/bank", params={"senses": 99})
        assert error.status_code == 400 and "no sense run 99" in error.json()["error"]


def test_read_only_refuses_to_make_or_pin_a_run(folder):
    with TestClient(create_app(folder, read_only=True)) as client:
        assert client.post("/api/senses/bank", json={"n": 2}).status_code == 403
        assert client.post("/api/senses/bank/use", json={"run": None}).status_code == 403
    assert rows(folder)["sense_runs"] == 0


def test_a_read_only_server_stores_no_run_for_the_command_lines_search(folder):
    """`sensegrep search bank --sense 2` answered by a server run with --read-only (it
    answers the command line's searches on its own, POST /api/cli) stored a sense run:
    a change under --read-only. The senses are induced for that search only, and its
    note says why (issue 23, new-user pass)."""
    from sensegrep.api.remote import contract

    body = {"contract": contract(), "method": "search", "args": ["bank"],
            "kwargs": {"sense": 2, "k": 3}}  # fmt: skip
    with TestClient(create_app(folder, read_only=True)) as client:
        answer = client.post("/api/cli", json=body)
    assert answer.status_code == 200, answer.text
    attributes = answer.json()["result"]["attributes"]
    assert attributes["notes"] == [
        '"bank" had no stored sense run: its 3 senses were induced for this request only '
        "(not stored: this server runs with --read-only); `sensegrep senses bank` on the "
        "command line stores a run"
    ]
    assert rows(folder)["sense_runs"] == 0
    # Its GETs say the same, and advise no POST that this server would refuse (they
    # said "a GET of the web app stores none; `POST /api/senses/bank` stores a run").
    with TestClient(create_app(folder, read_only=True)) as client:
        got = client.get("/api/search", params={"word": "bank", "sense": 2}).json()
        assert client.post("/api/senses/bank", json={}).status_code == 403
    assert got["notes"] == attributes["notes"]
    with TestClient(create_app(folder)) as client:  # a server that may write still does
        assert client.post("/api/cli", json=body).status_code == 200
    assert rows(folder)["sense_runs"] == 1


def test_the_senses_page_links_to_the_search_of_the_run_it_shows(folder):
    """The senses page's links to the search page name the run shown (``senses_run=RUN``,
    the search page's spelling of ``senses``), so "all occurrences of sense 4" stays sense
    4 of that run after another run becomes current; ``senses=RUN`` shows another run, as
    the JSON does."""
    with TestClient(create_app(folder)) as client:
        four = client.post("/api/senses/bank", json={"n": 4}).json()["run"]["id"]
        auto = client.post("/api/senses/bank", json={}).json()["run"]["id"]
        current = client.get("/senses/bank").text
        assert f"/?word=bank&amp;sense=1&amp;senses_run={auto}" in current
        assert f"sense run {auto}" in current
        assert "collocates (G² against the other senses)" in current  # never "the corpus"
        one = client.post("/api/senses/bank", json={"n": 1}).json()["run"]["id"]
        single = client.get("/senses/bank", params={"senses": one}).text
        assert "against the other senses" not in single
        shown = client.get("/senses/bank", params={"senses": four}).text
        assert f"/?word=bank&amp;sense=4&amp;senses_run={four}" in shown
        assert f"senses_run={auto}" not in shown and f"/api/senses/bank?senses={four}" in shown
        form = client.get("/senses", params={"word": "bank", "senses": four}).text
        assert f"senses_run={four}" in form
        assert client.get("/senses/bank", params={"senses": 99}).status_code == 400


def test_the_senses_page_says_which_run_is_current_and_links_the_others(folder):
    """Pass 24j: with run 1 pinned and a newer run 2, the page showed "(sense run 1)" and
    nothing else: no word that it was the pinned one, nor that another run existed."""
    with TestClient(create_app(folder)) as client:
        first = client.post("/api/senses/bank", json={"n": 2}).json()["run"]["id"]
        client.post("/api/senses/bank/use", json={"run": first})
        newer = client.post("/api/senses/bank", json={"n": 3}).json()["run"]["id"]
        shown = client.get("/senses/bank").text
        other = client.get("/senses/bank", params={"senses": newer}).text
    assert f"sense run {first}: the word's current run (pinned); its other runs: " in shown
    assert f'<a href="/senses/bank?senses={newer}">sense run {newer}</a> (3 senses)' in shown
    assert f"sense run {newer}: not the word's current run; its other runs: " in other
    assert f"sense run {first}</a> (2 senses, current, pinned)" in other


def test_the_senses_page_of_no_stored_run_says_so_as_the_timeline_does(folder):
    """Issue 23: the senses page did not say that its senses were induced for that view
    only (the timeline page does), and it linked "all occurrences of sense N" to a search
    while the timeline says no search lists a bar's lines: both say the same and neither
    links a sense of a run that is not stored. A stored run's page links its senses."""
    said = "bank has no stored sense run{}: these senses were induced for this view only"
    timeline_js = Path(sensegrep.web.__file__).parent / "static" / "timeline.js"
    in_script = said.format("${madeWith(answer.run)}").replace("bank", "${answer.word}")
    assert in_script in timeline_js.read_text(encoding="utf-8")
    with TestClient(create_app(folder)) as client:
        for params, made in (({}, ""), ({"n": 2}, " made with 2 senses")):
            page = client.get("/senses/bank", params=params).text
            assert said.format(made) in page, params
            assert "all occurrences of sense" not in page and "&amp;sense=1" not in page
        run = client.post("/api/senses/bank", json={}).json()["run"]["id"]
        page = client.get("/senses/bank").text
        assert said.format("") not in page and "no stored sense run" not in page
        assert "all occurrences of sense 1" in page and f"senses_run={run}" in page


def test_the_senses_page_of_no_stored_run_leads_to_the_button_that_stores_one(folder):
    """Pass 27b: the senses page of a word without a stored run told a user of the web
    app to send ``POST /api/senses/bank`` or to run the command line, and said the same
    on a read-only server, which refuses that POST. It links the timeline, whose *Store
    this sense run* stores these senses (with their n); read-only, the command line."""
    with TestClient(create_app(folder)) as client:
        page = client.get("/senses/bank").text
        assert '<a id="store-link" href="/senses/bank/timeline?by=genre">timeline</a>' in page
        page = client.get("/senses/bank", params={"n": 2}).text
        assert 'href="/senses/bank/timeline?by=genre&amp;n=2">timeline</a>' in page
        # Pass 30: the request and command said to store "these senses" had no n, so
        # they stored a run of the k they choose, not these 2 senses.
        assert '<code>POST /api/senses/bank {"n": 2}</code>' in page
        assert "<code>sensegrep senses bank --n 2</code>" in page
    with TestClient(create_app(folder, read_only=True)) as client:
        page = client.get("/senses/bank").text
        two = client.get("/senses/bank", params={"n": 2}).text
    assert "this server is read-only: <code>sensegrep senses bank</code>" in page
    assert "POST /api/senses" not in page and "store-link" not in page
    assert "this server is read-only: <code>sensegrep senses bank --n 2</code>" in two


def test_senses_of_n_no_stored_run_has_are_not_said_to_be_of_a_word_without_runs(folder):
    """Issue 23 (pass 23g): ``/senses/court?n=6`` for a word with stored runs of 3 and 4
    senses said "court has no stored sense run", which sent the user to make one. It says
    that no stored run was made with that n, and which runs the word has."""
    with TestClient(create_app(folder)) as client:
        four = client.post("/api/senses/bank", json={"n": 4}).json()["run"]["id"]
        page = client.get("/senses/bank", params={"n": 2}).text
    assert "bank has no stored sense run:" not in page
    assert "bank has no stored sense run made with 2 senses (its stored runs: " in page
    assert f'<a href="/senses/bank?senses={four}">sense run {four}</a>, 4 senses, current' in page


def test_a_get_says_its_senses_were_induced_for_it_only(folder):
    """Issue 23: a GET that needs a word's senses and finds no stored run induces them
    for that request (stores nothing) and says so in ``notes``, with what stores one."""
    said = (
        '"bank" had no stored sense run: its 3 senses were induced for this request only '
        "(not stored: a GET of the web app stores none); `POST /api/senses/bank` stores a run"
    )
    empty = rows(folder)
    with TestClient(create_app(folder)) as client:
        hits = client.get("/api/search", params={"word": "bank", "sense": 2}).json()
        counts = client.get("/api/search", params={"word": "bank", "count": "sense"}).json()
        client.post("/api/senses/bank", json={})
        after = client.get("/api/search", params={"word": "bank", "sense": 2}).json()
    assert hits["notes"] == [said] and counts["notes"] == [said]
    assert {h["sense_run"] for h in hits["hits"]} == {None}
    assert "notes" not in after and {h["sense_run"] for h in after["hits"]} == {1}
    assert rows(folder)["sense_runs"] == empty["sense_runs"] + 1  # the POST's only


def test_a_number_of_senses_typed_on_a_run_s_page_asks_for_that_number(folder):
    """Issue 23 (pass 23g): on the page of run 1 (its form carries the run, hidden),
    typing 3 in "Senses" gave the error page "give “Senses” N or … senses=1 (a stored
    run), not both". The number typed asks for the run of that many senses."""
    with TestClient(create_app(folder)) as client:
        run = client.post("/api/senses/bank", json={"n": 4}).json()["run"]["id"]
        form = {"word": "bank", "n": "2", "senses": str(run), "senses_word": "bank"}
        moved = client.get("/senses", params=form, follow_redirects=False)
        assert moved.headers["location"] == "/senses/bank?n=2"
        page = client.get("/senses", params=form, headers={"accept": "text/html"})
        assert page.status_code == 200 and "bank: " in page.text and "not both" not in page.text
        kept = client.get("/senses", params=form | {"n": ""}, follow_redirects=False)
        assert kept.headers["location"] == f"/senses/bank?senses={run}"


def test_a_senses_page_says_when_fewer_senses_formed_than_were_asked(tmp_path):
    """Pass 26ab: ``/senses/WORD?n=12`` on a word whose occurrences are three sentences
    each written many times showed "3 senses" and did not say why (the command line
    says "--n 12, but the vectors form only 3 distinct clusters")."""
    sentences = ["The bank of the river flooded.", "The bank raised its rates.", "A bank of fog."]
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(
        "".join(json.dumps({"id": f"d{n}", "text": sentences[n % 3]}) + "\n" for n in range(12)),
        encoding="utf-8",
    )
    sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none").close()
    with TestClient(create_app(tmp_path / "idx")) as client:
        asked = client.get("/senses/bank", params={"n": 5}).text
        formed = client.get("/senses/bank", params={"n": 3}).text
        # the JSON answer says it too, as idx.senses's notes (pass 40d: k=3 alone)
        said = client.get("/api/senses/bank", params={"n": 5}).json()["notes"]
        assert said == ["n=5 asked, but the vectors form only 3 distinct clusters: 3 senses"]
        assert client.get("/api/senses/bank", params={"n": 3}).json()["notes"] == []
    assert "bank: 12 occurrences, 3 senses" in asked
    assert "5 senses were asked for, but the vectors form only 3 distinct clusters" in asked
    assert "senses were asked for" not in formed


def test_a_read_only_server_advises_no_post_for_a_sense_run_in_its_statistics(folder):
    """Collocates by sense, and change's words without a run, said "make one with `POST
    /api/senses/bank`" on a --read-only server, which refuses that POST (403): the advice
    could not be taken. They name the command line, as the senses page does there; a
    server that may write still names the POST (new-user pass, issue 23)."""
    by_sense = {"word": "bank", "by_sense": "true", "min_freq": 1}
    change = {"by": "genre", "between": ["news", "fiction"]}
    with TestClient(create_app(folder, read_only=True)) as client:
        refused = client.get("/api/stats/collocates", params=by_sense).json()["error"]
        notes = client.get("/api/stats/change", params=change).json()["notes"]
        page = client.get("/stats/collocates", params=by_sense)
    assert "POST /api/senses" not in refused
    assert "`sensegrep senses bank` on the command line" in refused
    assert not [note for note in notes if "POST /api/senses" in note]
    assert [note for note in notes if "`sensegrep senses WORD` on the command line" in note]
    assert page.status_code == 200
    with TestClient(create_app(folder)) as client:
        refused = client.get("/api/stats/collocates", params=by_sense).json()["error"]
        notes = client.get("/api/stats/change", params=change).json()["notes"]
    assert "`POST /api/senses/bank`" in refused
    assert [note for note in notes if "`POST /api/senses/WORD`" in note]


def test_the_senses_page_map_says_when_it_draws_a_sample(folder, monkeypatch):
    """The map draws at most pages.MAP_POINTS occurrences (a seeded sample beyond): a
    word of 1,317 occurrences showed 1,000 points under "Map (PCA of the stored
    vectors …)" with nothing to say the others were left out, and its variance shares are
    the sample's (new-user pass on SemCor, issue 23)."""
    from sensegrep.web import pages

    with TestClient(create_app(folder)) as client:
        total = client.get("/api/senses/bank").json()["occurrences"]
        whole = client.get("/senses/bank").text
        monkeypatch.setattr(pages, "MAP_POINTS", 10)
        sampled = client.get("/senses/bank").text
    assert "a random sample" not in whole
    assert whole.count('r="4"') == total
    assert sampled.count('r="4"') == 10
    assert f"10 of the {total} occurrences, a random sample" in sampled
    assert ", sense 1: …" in whole  # each point's tooltip names its sense, not its colour only


def test_the_senses_page_s_by_table_names_its_own_control(folder):
    """Issue 23 (new-user pass): the senses page's table by a field that no document has
    said "--by nosuch: …", the command line's option, under the page's *By* box."""
    with TestClient(create_app(folder)) as client:
        page = client.get("/senses/bank", params={"by": "nosuch"}).text
    assert "--by" not in page
    assert "“By” nosuch: no document has a metadata field" in page


def test_senses_shown_with_a_map_and_table_are_of_one_run_when_another_is_made_meanwhile(
    folder, monkeypatch
):
    """The senses page and GET /api/senses/WORD?by= read the word's current run once for
    its senses, then again for the map and the table by a field: a run another process
    made (or pinned) between the reads put its map and table, with other sense numbers,
    under the first run's sizes and id (pass 29a: 120 of 586 answers while another
    process pinned runs). They now show the run the senses were read from."""
    from sensegrep.api import SenseIndex

    ROOT = {"PYTHONPATH": str(Path(sensegrep.__file__).parents[1])}
    with sensegrep.open(folder) as idx:
        two = idx.senses("bank", 2).info.id
        idx.senses("bank", 4)
        idx.use_senses("bank", two)
    reading = SenseIndex.senses

    def meanwhile(self, *args, **kwargs):
        found = reading(self, *args, **kwargs)
        # Another process's `sensegrep senses bank --use newest` (inside this GET, this
        # thread stores no run, nor a pin).
        pin = f"import sensegrep; sensegrep.open({str(folder)!r}).use_senses('bank', None)"
        subprocess.run([sys.executable, "-c", pin], check=True, env=dict(os.environ, **ROOT))
        return found

    monkeypatch.setattr(SenseIndex, "senses", meanwhile)
    with TestClient(create_app(folder)) as client:
        answer = client.get("/api/senses/bank", params={"by": "genre"})
        assert answer.status_code == 200, answer.text
        body = answer.json()
        with sensegrep.open(folder) as idx:
            idx.use_senses("bank", two)
        page = client.get("/senses/bank", params={"by": "genre"}).text
    assert body["run"]["id"] == two and body["k"] == 2
    assert body["by"]["run"] == two and len(body["by"]["senses"]) == 2
    assert f"sense run {two}" in page
    assert ", sense 1: …" in page and ", sense 3: …" not in page  # the map's points
    table = page.split('id="by-table"')[1].split("</table>")[0]
    rows = table.split("<tbody>")[1].split("</tr>")[:-1]
    assert rows and all(row.count('class="num"') == 2 + 1 for row in rows)  # 2 senses, total


def test_senses_and_their_table_and_map_are_of_one_state_of_the_index(folder, monkeypatch):
    """Pass 29a: GET /api/senses/WORD?by= and the senses page read the senses, then the
    table by a field (and the map), each of the index as it then was: documents another
    process added between them were in the table's counts and the map's points but not
    in the senses' sizes above them (52 occurrences under a head of 48). They are now
    read again when the index changed under them."""
    from sensegrep.api import SenseIndex

    with sensegrep.open(folder) as idx:
        idx.senses("bank", 3)
    reading = SenseIndex.senses
    pending: list[str] = []

    def meanwhile(self, *args, **kwargs):
        found = reading(self, *args, **kwargs)
        if pending:  # another process's `sensegrep index`, once a GET
            tag = pending.pop()
            late = [(make_doc(f"{tag}-{name}", ["the", "bank", "now"], {"genre": "news"}), c)
                    for name, c in group_centres().items()]  # fmt: skip
            with Index.open_for_writing(folder, CONFIG) as idx:
                add_documents(idx, late, seed=5, tag=tag)
        return found

    monkeypatch.setattr(SenseIndex, "senses", meanwhile)
    with TestClient(create_app(folder)) as client:
        pending.append("first")
        body = client.get("/api/senses/bank", params={"by": "genre"}).json()
        pending.append("second")
        page = client.get("/senses/bank", params={"by": "genre"}).text
    assert not pending
    sizes = [s["size"] for s in body["senses"]]
    assert sum(sizes) == body["occurrences"] == sum(map(sum, body["by"]["counts"]))
    assert [s["count"] for s in body["by"]["senses"]] == sizes
    shown = page.split('<h1 id="headline">bank: ')[1].split(" occurrences")[0]
    assert page.count('r="4"') == int(shown) == 60  # the map's points: every occurrence counted


def test_the_senses_page_says_how_many_occurrences_joined_its_run_since(folder):
    """Pass 32a: ``senses bank`` says "from 54 occurrences, 57 now (3 assigned since)"
    of a run read after documents were added; the senses page said 57 occurrences and
    nothing of the 3 that were never clustered, only joined the nearest sense."""
    with TestClient(create_app(folder)) as client:
        run = client.post("/api/senses/bank", json={}).json()["run"]
        add_late_documents(folder)
        page = client.get("/senses/bank").text
    assert f"sense run {run['id']}: the word's current run (the newest), made from 54 " in page
    assert "occurrences, 57 now (3 assigned since to the nearest sense)" in page


def test_the_senses_page_s_by_control_shows_the_field_its_table_was_asked_for(folder):
    """Pass 32a: ``/senses/bank?by=nosuch`` said "“By” nosuch: no document has a metadata
    field" under a *By* list showing "genre", the first field, as if the table were
    asked by genre (the timeline page's list shows the field asked)."""
    with TestClient(create_app(folder)) as client:
        page = client.get("/senses/bank", params={"by": "nosuch"}).text
    assert "<option selected>nosuch</option>" in page
    assert "<option selected>genre</option>" not in page


def test_the_map_of_a_word_without_a_run_advises_the_request_that_stores_one(folder):
    """Pass 40b: GET /api/senses/bank/map of a word without a stored run advised
    `sensegrep senses bank`, where every other GET advises the POST that stores one."""
    with TestClient(create_app(folder)) as client:
        found = client.get("/api/senses/bank/map").json()
    assert found["notes"] == [
        '"bank" had no stored sense run: its 3 senses were induced for this request only '
        "(not stored: a GET of the web app stores none); `POST /api/senses/bank` stores a run"
    ]
