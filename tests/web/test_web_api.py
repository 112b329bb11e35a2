"""The web app's JSON API and pages through FastAPI's TestClient, on a small index made
with the fake embedder: every endpoint, its errors, and the security rules (token,
Origin, Host, read-only, body size, escaping of corpus text)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

import sensegrep
from sensegrep.api import Hit
from sensegrep.output import TABLE_FIELDS
from sensegrep.web import create_app
from sensegrep.web.security import LOOPBACK_NAMES

from ..helpers import write_jsonl

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
DOCS = [
    {"id": doc, "text": text, "genre": genre, "year": year}
    for doc, text, genre, year in [
        ("r1", "We sat on the grassy bank of the river.", "fiction", 1990),
        ("r2", "The river burst its bank after the storm.", "news", 2001),
        ("r3", "Reeds grew thick along the muddy bank.", "fiction", 1990),
        ("m1", "She paid the cheque into the bank on Monday.", "news", 2001),
        ("m2", "The bank raised its interest rates again.", "news", 2010),
        ("m3", "He asked the bank for a loan.", "letters", 2010),
        ("x1", f"{SCRIPT} The bank of the canal.", SCRIPT, 2020),
        (IMG, f"The {IMG} bank closed early.", "news", 2020),
    ]
] + [
    {
        "id": "p1",
        "text": "First line here.\n\nThe boat left the bank. It drifted. Then it sank.\n\n"
        "Another paragraph.",
    }
]
EXAMPLE = "the grassy [[bank]] of the river"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("web")
    corpus = folder / "corpus.jsonl"
    write_jsonl(corpus, DOCS)
    sensegrep.build(folder / "idx", corpus, model="fake:16").close()
    return folder / "idx"


@pytest.fixture
def index_dir(built: Path, tmp_path: Path) -> Path:
    """A copy per test: tests that label change it."""
    return Path(shutil.copytree(built, tmp_path / "idx"))


def client_for(index_dir: Path, **options) -> TestClient:
    return TestClient(create_app(index_dir, **options))


@pytest.fixture
def client(index_dir: Path) -> Iterator[TestClient]:
    with client_for(index_dir) as c:
        yield c


def error_of(response) -> str:
    """The one-line error; ``error_parts``, where the message names parameters, is the
    same line in pieces (web/spelling.py)."""
    body = response.json()
    assert set(body) <= {"error", "error_parts"} and "\n" not in body["error"], body
    if "error_parts" in body:
        parts = body["error_parts"]
        assert "".join(p if isinstance(p, str) else p["text"] for p in parts) == body["error"]
    return body["error"]


# -- info, search ------------------------------------------------------------------------


def test_info_lists_the_index_and_its_metadata_fields(client):
    info = client.get("/api/info").json()
    assert info["model"] == "fake:16" and info["documents"] == len(DOCS)
    assert info["read_only"] is False
    assert info["fields"]["genre"][:3] == [SCRIPT, "fiction", "letters"]
    assert info["fields"]["year"] == ["1990", "2001", "2010", "2020"]


def test_info_names_the_index_by_its_folder_not_the_servers_path(index_dir: Path) -> None:
    """The server opens its index by its whole path (pass 35p), which /api/info then gave
    to anyone a token lets in: "/srv/corpora/idx" where the page says "idx" (pass 35r).
    It names the index by its folder, as the page's header and its messages do."""
    with client_for(index_dir) as c:
        assert c.get("/api/info").json()["index"] == index_dir.name


def test_search_json_has_the_hit_contract_and_matches_the_library(client, index_dir):
    params = {"word": "bank", "example": EXAMPLE, "k": 3, "where": "genre=news"}
    body = client.get("/api/search", params=params).json()
    assert body["word"] == "bank" and body["count"] == len(body["hits"]) == 3
    assert list(body["hits"][0]) == list(Hit.__dataclass_fields__)
    with sensegrep.open(index_dir) as idx:
        expected = idx.search("bank", example=EXAMPLE, k=3, where={"genre": "news"}).to_dicts()
    assert body["hits"] == expected


def test_search_by_cql_pattern_sorted_as_the_library_does(client, index_dir):
    params = {"cql": '[lemma="bank"] "of"', "example": EXAMPLE, "sort": "left1"}
    body = client.get("/api/search", params=params).json()
    assert {tuple(h["match"]) for h in body["hits"]} == {("bank", "of")} and body["count"] == 2
    with sensegrep.open(index_dir) as idx:
        expected = idx.search("", EXAMPLE, cql='[lemma="bank"] "of"', sort="left1", k=1000)
        assert body["hits"] == expected.to_dicts()
        counts = idx.count("bank", "genre")
    assert {r["value"]: r["count"] for r in counts}["news"] == 4
    bad = client.get("/api/search", params={"cql": '[lemma="bank"'})
    assert bad.status_code == 400 and "column 14" in error_of(bad)
    assert client.get("/api/search", params={"word": ""}).status_code == 400


def test_search_without_usages_is_the_plain_concordance(client):
    hits = client.get("/api/search", params={"word": "bank"}).json()["hits"]
    assert [h["rank"] for h in hits] == list(range(1, len(DOCS) + 1))
    assert all(h["score"] is None for h in hits)
    assert [h["id"] for h in hits] == sorted(h["id"] for h in hits)


def test_a_json_page_cut_without_k_says_so_and_where_the_next_begins(client, monkeypatch):
    """A JSON search without k stops at the most a page holds (1,000): a script that read
    ``hits`` alone took 1,000 of 1,179 lines for all of them, ``total`` the only sign."""
    from sensegrep.web import endpoints

    monkeypatch.setattr(endpoints, "MAX_K", 2)
    body = client.get("/api/search", params={"word": "bank"}).json()
    assert (body["count"], body["total"]) == (2, len(DOCS))
    assert any(
        f"this page holds lines 1-2 of {len(DOCS)}" in note and "offset=2 gives the next" in note
        for note in body["notes"]
    ), body.get("notes")
    last = client.get("/api/search", params={"word": "bank", "offset": len(DOCS) - 2}).json()
    given = client.get("/api/search", params={"word": "bank", "k": 2}).json()
    assert not any("k not given" in n for b in (last, given) for n in b.get("notes", []))


def test_search_count_tabulates_every_match_not_one_page(client):
    """count=BY: the table the search page's chart is drawn from, over all the matches
    (counted here from the corpus itself)."""
    params = {"word": "bank", "count": "genre"}
    body = client.get("/api/search", params=params).json()
    expected = Counter(d.get("genre", "(none)") for d in DOCS if "bank" in d["text"].lower())
    assert {r["value"]: r["count"] for r in body["rows"]} == expected
    assert body["by"] == "genre" and body["total"] == len(DOCS)
    counts = [r["count"] for r in body["rows"]]
    assert counts == sorted(counts, reverse=True)
    # Each value's own frequency beside the index's (per million of its documents).
    for row in body["rows"]:
        assert row["per_million_value"] == round(row["count"] * 1e6 / row["value_tokens"], 2)
        assert row["value_tokens"] < body["tokens"]
    typo = client.get("/api/search", params={"word": "bank", "count": "genr"})
    assert typo.status_code == 400 and "genr" in error_of(typo)


def test_search_like_unlike_filters_and_sample(client, index_dir):
    ids = [h["id"] for h in client.get("/api/search", params={"word": "bank"}).json()["hits"]]
    params = [("word", "bank"), ("like", ids[0]), ("like", ids[1]), ("unlike", ids[3])]
    params += [("pos", ""), ("doc", "r3"), ("doc", "m2"), ("sample", 5), ("seed", 3)]
    got = client.get("/api/search", params=params).json()["hits"]
    with sensegrep.open(index_dir) as idx:
        expected = idx.search(
            "bank", like=ids[:2], unlike=[ids[3]], docs=["r3", "m2"], sample=5, seed=3
        )
    assert got == expected.to_dicts()


def test_search_downloads_jsonl_and_csv_with_the_cli_fields(client):
    params = {"word": "bank", "example": EXAMPLE, "k": 5}
    plain = client.get("/api/search", params=params).json()["hits"]
    jsonl = client.get("/api/search", params=params | {"format": "jsonl"})
    assert jsonl.headers["content-type"].startswith("application/x-ndjson")
    assert 'filename="sensegrep-bank.jsonl"' in jsonl.headers["content-disposition"]
    assert [json.loads(line) for line in jsonl.text.splitlines()] == plain
    table = client.get("/api/search", params=params | {"format": "csv"})
    assert table.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(table.text)))
    assert tuple(rows[0]) == TABLE_FIELDS and len(rows) == 6
    assert [int(r[TABLE_FIELDS.index("id")]) for r in rows[1:]] == [h["id"] for h in plain]


@pytest.mark.parametrize(
    "params, words",
    [
        ({"word": "bank", "k": 0}, "k"),
        ({"word": "bank", "k": 1001}, "k"),
        ({"word": "bank", "k": "many"}, "k"),
        ({"word": "bank", "sample": 5000}, "sample"),
        ({"word": "bank", "expand": 500}, "expand"),
        ({"word": "bank", "colour": "red"}, "colour"),
        ({"word": "bank", "where": "genre"}, "key=value"),
        ({"word": "bank", "like": "x"}, "like"),
        ({"k": 3}, "word"),
        ({"word": "zebra"}, "no occurrences of 'zebra'"),
        ({"word": "bank", "example": "no marked word here"}, "bank"),
        ({"word": "bank", "like": 999999}, "999999"),
        ({"word": "bank", "sense": 9}, "sense"),
        ({"word": "bank", "format": "xml"}, "format"),
    ],
)
def test_bad_search_parameters_are_a_400_with_one_line(client, params, words):
    response = client.get("/api/search", params=params)
    assert response.status_code == 400
    assert words in error_of(response)


def test_context_gives_the_paragraph_around_an_occurrence(client):
    hit = client.get("/api/search", params={"word": "bank", "doc": "p1"}).json()["hits"][0]
    c = client.get(f"/api/context/{hit['id']}", params={"sentences": 1}).json()
    assert c["form"] == "bank" and c["doc"] == "p1"
    assert c["before"] == "" and c["left"] == "The boat left the " and c["right"] == "."
    assert c["after"].strip() == "It drifted."
    assert (c["more_before"], c["more_after"]) == (False, True)  # "Then it sank." left out
    wide = client.get(f"/api/context/{hit['id']}", params={"sentences": 5}).json()
    assert "First line" not in wide["before"] and "Another" not in wide["after"]  # paragraph
    assert wide["after"].strip() == "It drifted. Then it sank."
    assert (wide["more_before"], wide["more_after"]) == (False, False)
    assert client.get("/api/context/999999").status_code == 400
    assert client.get(f"/api/context/{hit['id']}", params={"sentences": 11}).status_code == 400


def test_context_says_the_label_the_occurrence_holds_now(client):
    """Pass 28g: a search line's detail reads its paragraph here, and showed the label the
    line had when the search ran; the context says the label held now."""
    hit = client.get("/api/search", params={"word": "bank", "k": 1}).json()["hits"][0]
    before = client.get(f"/api/context/{hit['id']}").json()
    assert (before["label"], before["label_predicted"]) == (None, False)
    try:
        client.post("/api/label", json={"ids": [hit["id"]], "label": "shore", "predicted": True})
        now = client.get(f"/api/context/{hit['id']}").json()
        assert (now["label"], now["label_predicted"]) == ("shore", True)
    finally:
        client.post("/api/label", json={"ids": [hit["id"]], "label": None})


# -- senses ------------------------------------------------------------------------------


def test_senses_by_field_and_map(client, index_dir):
    body = client.get("/api/senses/bank", params={"n": 2, "by": "year"}).json()
    assert body["stored"] is False and body["run"]["id"] is None  # a GET stores no run
    with sensegrep.open(index_dir) as idx:
        expected = idx.senses("bank", 2)
    assert [{**s, "run": None} for s in expected.to_dicts()] == body["senses"]
    body = client.get("/api/senses/bank", params={"n": 2, "by": "year"}).json()
    assert body["k"] == 2 and body["occurrences"] == len(DOCS)
    assert body["senses"] == expected.to_dicts()  # the stored run made with n=2
    assert body["by"]["field"] == "year" and body["by"]["values"][:2] == ["1990", "2001"]
    assert sum(map(sum, body["by"]["counts"])) == len(DOCS)
    found = client.get("/api/senses/bank/map", params={"n": 2}).json()
    assert found["k"] == 2 and len(found["points"]) == len(DOCS)
    assert all(0 <= p["x"] <= 1 and 0 <= p["y"] <= 1 for p in found["points"])
    assert {p["sense"] for p in found["points"]} == {1, 2}
    assert {p["id"] for p in found["points"]} == set(expected.run.ids.tolist())


def test_senses_errors(client):
    assert "no occurrences" in error_of(client.get("/api/senses/zebra"))
    assert "colour" in error_of(client.get("/api/senses/bank", params={"by": "colour"}))
    assert client.get("/api/senses/bank", params={"n": 0}).status_code == 400
    assert client.get("/api/senses/bank/map", params={"points": 1}).status_code == 400


# -- labels, annotation, classification ----------------------------------------------------


def ids_of(client: TestClient, *docs: str) -> list[int]:
    params = [("word", "bank")] + [("doc", d) for d in docs]
    return [h["id"] for h in client.get("/api/search", params=params).json()["hits"]]


def test_a_count_of_a_label_s_occurrences_is_of_another_state_once_labels_change(client, index_dir):
    """Pass 28a: the collocates of a label's occurrences, paged while another process
    labelled more of the word: the next page was of other occurrences, at the same
    ``index_state``, so the statistics page said nothing. Its key takes the word's labels;
    a count not of a label keeps the index's."""
    every = ids_of(client)
    client.post("/api/label", json={"ids": every[:1], "label": "money"})
    asked = {"word": "bank", "label": "money", "min_freq": 1}
    first = client.get("/api/stats/collocates", params=asked).json()["index_state"]
    plain = client.get("/api/stats/collocates", params={"word": "bank"}).json()["index_state"]
    assert client.get("/api/stats/collocates", params=asked).json()["index_state"] == first
    with sensegrep.open(index_dir) as other:  # another process
        other.label(every[1:3], "money")
    assert client.get("/api/stats/collocates", params=asked).json()["index_state"] != first
    again = client.get("/api/stats/collocates", params={"word": "bank"}).json()["index_state"]
    assert again == plain


@pytest.mark.parametrize(
    ("label", "message"),
    [("a\x00b", "control characters: '\\x00' at character 2"),
     ("\x1b]0;owned\x07", "control characters: '\\x1b' at character 1"),
     ("x" * 201, "at most 200 characters")],
)  # fmt: skip
def test_a_label_with_a_control_character_or_too_long_is_refused(client, label, message):
    """Issue 26: POST /api/label stored a NUL, which export --to csv then wrote raw."""
    river = ids_of(client, "r1")
    response = client.post("/api/label", json={"ids": river, "label": label})
    assert response.status_code == 400 and message in error_of(response)
    assert "\n" not in error_of(response)
    assert client.get("/api/labels/bank").json()["labels"] == {}


def test_label_is_stored_like_sensegrep_label_and_can_be_cleared(client, index_dir):
    river, money = ids_of(client, "r1", "r2"), ids_of(client, "m1")
    answer = client.post("/api/label", json={"ids": river, "label": "river"}).json()
    set_at = answer.pop("set_at")  # when each was set, for an undo's expect_set_at
    assert answer == {
        "changed": 2,
        "written": 2,
        "ids": river,
        "label": "river",
        "labels": ["river"],
        "notes": [],
    }
    assert sorted(set_at) == sorted(map(str, river)) and all(set_at.values())
    moved = client.post(
        "/api/label",
        json={"ids": river[:1], "label": None, "expect": "river", "expect_set_at": "2000-01-01"},
    )
    assert moved.status_code == 409  # set since that time: nothing changed
    # The label it holds is the one shown, set again since: the message says so, never
    # that it holds another label than was shown (pass 29h).
    assert "set again since it was shown" in moved.json()["error"]
    assert "not what was shown" not in moved.json()["error"]
    client.post("/api/label", json={"ids": money, "label": "money"})
    assert client.get("/api/labels/bank").json() == {
        "word": "bank",
        "labels": {"river": 2, "money": 1},
        "predicted": {},  # all by hand
        "labelled": 3,  # occurrences with a hand label (the annotate page's count)
        "occurrences": client.get("/api/annotate/bank").json()["occurrences"],  # as the queue
        "notes": [],
    }
    with sensegrep.open(index_dir) as idx:
        assert idx.labels("bank") == {"river": 2, "money": 1}
    assert client.post("/api/label", json={"ids": river[:1], "label": None}).json()["changed"] == 1
    assert client.get("/api/labels/bank").json()["labels"] == {"river": 1, "money": 1}
    assert client.get("/api/labels/bank").json()["labelled"] == 2


def test_label_answers_how_many_it_changed_and_takes_each_ids_expect(client):
    """POST /api/label answered "changed": 2 of two that held the label already, said
    nothing of a hand label it replaced (`sensegrep label` names it), and took
    ``expect`` as one label for every id, where idx.label takes each id's (pass 40d).
    "changed" counts the labels changed, "written" the ids written; the notes say the
    unchanged and the replaced; ``expect`` may be an object of each id's label, an id
    not among those labelled refused."""
    river, money = ids_of(client, "r1", "r2"), ids_of(client, "m1")
    client.post("/api/label", json={"ids": river, "label": "river"})
    again = client.post("/api/label", json={"ids": river, "label": "river"}).json()
    assert (again["changed"], again["written"]) == (0, 2)
    assert again["notes"] == ["2 of them held river already, given by hand: unchanged"]
    moved = client.post("/api/label", json={"ids": [river[0], *money], "label": "money"}).json()
    assert (moved["changed"], moved["written"]) == (2, 2)
    assert moved["notes"] == [
        f"1 of them held another label, now replaced: {river[0]} river → money "
        f'(river given again (`POST /api/label {{"ids": [{river[0]}], "label": "river"}}`) '
        "puts it back)"
    ]
    each = {str(river[0]): "money", str(river[1]): "river", str(money[0]): "money"}
    body = {"ids": [*river, *money], "label": "shore", "expect": each}
    assert client.post("/api/label", json=body).json()["changed"] == 3
    assert client.get("/api/labels/bank").json()["labels"] == {"shore": 3}
    body = {"ids": river, "label": "x", "expect": {str(river[0]): "shore", str(river[1]): None}}
    refused = client.post("/api/label", json=body)
    assert refused.status_code == 409
    assert refused.json()["current"] == {str(river[1]): {"label": "shore", "predicted": False}}
    body = {"ids": river[:1], "label": "x", "expect": {str(river[0]): "shore", "99999": None}}
    stray = client.post("/api/label", json=body)
    assert stray.status_code == 400 and "expect names occurrence 99999" in error_of(stray)
    assert client.get("/api/labels/bank").json()["labels"] == {"shore": 3}  # nothing changed


@pytest.mark.parametrize(
    "body, named",
    [
        ({"lable": "money"}, "lable"),  # a misspelt key: it cleared the label, with a 200
        ({}, "label"),  # no label at all: clearing is "label": null, said so
        ({"label": "money", "predictd": True}, "predictd"),  # stored as a hand label
    ],
)
def test_a_label_body_with_a_wrong_or_missing_key_is_refused_and_clears_nothing(
    client, body, named
):
    """Issue 23: POST /api/label dropped a key it did not know and read a missing label
    as null, so ``{"ids": [ID], "lable": "money"}`` cleared the occurrence's label and
    answered 200; `sensegrep label ID` without --as or --remove is refused."""
    river = ids_of(client, "r1")
    client.post("/api/label", json={"ids": river, "label": "river"})
    response = client.post("/api/label", json={"ids": river, **body})
    assert response.status_code == 400 and named in error_of(response)
    assert client.get("/api/labels/bank").json()["labels"] == {"river": 1}


def test_other_post_bodies_refuse_a_key_they_do_not_take(client):
    """The same for every JSON body: a misspelt ``n`` made a run with k chosen, a
    misspelt ``word`` compared the usages as if it had not been given."""
    made = client.post("/api/senses/bank", json={"m": 2})
    assert made.status_code == 400 and "'m'" in error_of(made)
    assert client.get("/api/senses/bank/runs").json()["runs"] == []
    usages = {"a": "the [[bank]] of the river", "b": "the [[bank]] raised rates"}
    compared = client.post("/api/compare", json={**usages, "wrod": "bank"})
    assert compared.status_code == 400 and "'wrod'" in error_of(compared)


def test_a_label_with_a_space_answers_the_labels_it_stored(client):
    """Issue 23: "two words" was answered as one label and stored as two."""
    first = ids_of(client, "r1")
    answer = client.post("/api/label", json={"ids": first, "label": " two \t words "}).json()
    assert answer.pop("set_at").keys() == {str(first[0])}
    assert answer == {
        "changed": 1,
        "written": 1,
        "ids": first,
        "label": "two words",
        "labels": ["two", "words"],
        "notes": [],
    }
    assert client.get("/api/labels/bank").json()["labels"] == {"two": 1, "words": 1}
    cleared = client.post("/api/label", json={"ids": first, "label": None}).json()
    assert cleared["label"] is None and cleared["labels"] == []


def test_a_label_given_with_what_was_seen_never_replaces_a_label_set_since(client):
    """``expect``: the label the caller saw (null: none). A label set since by another
    annotator is answered 409 with each occurrence's current label, and nothing changes
    (issue 23, pass 24h: two annotators of one queue replaced each other's labels)."""
    first, second = ids_of(client, "r1") + ids_of(client, "m1")
    assert client.post("/api/label", json={"ids": [first], "label": "river"}).status_code == 200
    body = {"ids": [first, second], "label": "money", "expect": None}
    answer = client.post("/api/label", json=body)
    assert answer.status_code == 409
    assert answer.json()["current"] == {str(first): {"label": "river", "predicted": False}}
    assert f"occurrence {first} holds “river” now" in answer.json()["error"]
    assert "another annotator, tab or the command line labelled it" in answer.json()["error"]
    assert client.get("/api/labels/bank").json()["labels"] == {"river": 1}  # nothing changed
    body = {"ids": [first], "label": None, "expect": " river "}  # what it holds: cleared
    assert client.post("/api/label", json=body).json()["changed"] == 1
    body = {"ids": [first, second], "label": "money", "expect": None}
    assert client.post("/api/label", json=body).json()["changed"] == 2
    # Without expect, as before: the label is set whatever the occurrence holds.
    assert client.post("/api/label", json={"ids": [first], "label": "x"}).status_code == 200
    assert client.get("/api/labels/bank").json()["labels"] == {"money": 1, "x": 1}


def test_label_counts_of_an_occurrence_with_two_labels_say_they_add_up_past_it(client):
    """`labels bank` says an occurrence with several labels counts under each; the HTTP
    answer's counts added up to more than `labelled` unsaid (pass 34q)."""
    (first,) = ids_of(client, "r1")[:1]
    assert (
        client.post("/api/label", json={"ids": [first], "label": "river side"}).status_code == 200
    )
    answer = client.get("/api/labels/bank").json()
    assert (answer["labels"], answer["labelled"]) == ({"river": 1, "side": 1}, 1)
    assert answer["notes"] == [
        "an occurrence with several labels is counted under each of them, so the counts "
        "add up to 2, more than the 1 occurrence(s) labelled"
    ]


def test_classify_over_http_names_the_occurrences_left_without_a_proposal(tmp_path):
    """The command line's classify says "N occurrence(s) left without a proposal"; the
    HTTP answer had only ``unanswerable``, its notes [] (pass 34q)."""
    corpus = write_jsonl(
        tmp_path / "c.jsonl",
        [{"id": "d1", "text": "The bank lends money. The bank of the river. We bank here."}],
    )
    sensegrep.build(tmp_path / "idx", corpus, model="fake:16").close()
    with sensegrep.open(tmp_path / "idx") as idx:
        money, river = idx.search("bank", pos="NOUN").ids[:2]
        idx.label([money], "money")
        idx.label([river], "river")
        verbs = idx.total("bank", pos="VERB")
    assert verbs > 0
    with client_for(tmp_path / "idx") as client:
        answer = client.get("/api/classify/bank").json()
    assert answer["unanswerable"] == verbs
    assert f"{verbs} occurrence(s) left without a proposal" in answer["notes"][0], answer


def test_a_label_predicted_since_is_said_so(client, index_dir):
    """A 409 over a label classify --apply stored since said "another annotator or tab
    labelled it" (pass 34i): it names the prediction."""
    from sensegrep.labels.labelling import PREDICTED
    from sensegrep.storage import Index

    (first,) = ids_of(client, "r1")[:1]
    with Index.open(index_dir) as index:
        index.set_labels({first: "river"}, PREDICTED, {first: 0.9})
    answer = client.post("/api/label", json={"ids": [first], "label": "money", "expect": None})
    assert answer.status_code == 409
    assert "classify --apply predicted it since" in answer.json()["error"], answer.json()


@pytest.mark.parametrize("label", ["money", None])
def test_expect_is_checked_in_the_transaction_that_writes(client, index_dir, monkeypatch, label):
    """Another annotator's label stored between the check of ``expect`` and the write
    (two annotators who saw the occurrence unlabelled, a few milliseconds apart): the
    later one is a 409, never a 200 over the other's label. Checked before the write,
    four annotators posting at once were all answered 200; three labels were lost."""
    from sensegrep.storage import Index

    first, done = ids_of(client, "r1"), []

    def the_other_annotator_first(write):
        def wrapped(self, *args, **kwargs):
            if not done:  # the other annotator's request, from another process
                done.append(True)
                with sensegrep.open(index_dir) as other:
                    other.label(first, "river")
            return write(self, *args, **kwargs)

        return wrapped

    for write in ("set_labels", "clear_labels"):
        monkeypatch.setattr(Index, write, the_other_annotator_first(getattr(Index, write)))
    answer = client.post("/api/label", json={"ids": first, "label": label, "expect": None})
    assert answer.status_code == 409
    assert answer.json()["current"] == {str(first[0]): {"label": "river", "predicted": False}}
    assert client.get("/api/labels/bank").json()["labels"] == {"river": 1}


def test_the_index_labels_of_every_word_with_their_counts(client):
    assert client.get("/api/labels").json() == {"labels": []}
    hits = client.get("/api/search", params={"word": "bank", "k": 3}).json()["hits"]
    for ids, label in (([h["id"] for h in hits], "river"), ([hits[0]["id"]], "river money")):
        assert client.post("/api/label", json={"ids": ids, "label": label}).status_code == 200
    assert client.get("/api/labels").json()["labels"] == [
        {"label": "river", "count": 3, "words": ["bank"], "predicted": 0},
        {"label": "money", "count": 1, "words": ["bank"], "predicted": 0},
    ]


def test_storing_the_proposals_takes_no_body_key(client):
    """POST /api/classify/bank with ``{"review": 3}`` (GET's parameter) stored every
    proposal with a 200, the key ignored (issue 23, a pass over the HTTP API): a key is
    refused, as the other POSTs refuse one they do not take; no body or ``{}`` stores."""
    first, second = ids_of(client, "r1") + ids_of(client, "m1")
    for ids, label in (([first], "river"), ([second], "money")):
        assert client.post("/api/label", json={"ids": ids, "label": label}).status_code == 200
    response = client.post("/api/classify/bank", json={"review": 3})
    assert response.status_code == 400
    assert error_of(response) == (
        "unknown parameter 'review' in the body; it takes none (send no body, or {})"
    )
    assert client.get("/api/labels/bank").json()["predicted"] == {}
    assert client.post("/api/classify/bank", json={}).json()["applied"] > 0
    # A body that is no JSON object (curl -d sends a form's Content-Type) says so.
    form = client.post("/api/label", content=b'{"ids": [1], "label": "x"}')
    assert error_of(form) == (
        "the request's body must be a JSON object, sent with Content-Type: application/json"
    )


def test_the_index_labels_say_how_many_were_predicted(client):
    """`GET /api/labels` counted classify --apply's guesses as labels with no word
    (the annotate page's "closure: 18" of which 13 were predicted; issue 23, pass 24h):
    ``predicted`` says how many, as ``/api/labels/{word}`` does."""
    first, second = ids_of(client, "r1") + ids_of(client, "m1")
    for ids, label in (([first], "river"), ([second], "money")):
        assert client.post("/api/label", json={"ids": ids, "label": label}).status_code == 200
    client.post("/api/classify/bank")
    word = client.get("/api/labels/bank").json()
    listed = {e["label"]: e for e in client.get("/api/labels").json()["labels"]}
    assert {k: e["count"] for k, e in listed.items()} == word["labels"]
    assert {k: e["predicted"] for k, e in listed.items() if e["predicted"]} == word["predicted"]
    assert sum(word["predicted"].values()) > 0


@pytest.mark.parametrize(
    "body, status, words",
    [
        ({"ids": [999999], "label": "x"}, 400, "999999"),
        ({"ids": [], "label": "x"}, 400, "ids"),
        ({"ids": [1], "label": "   "}, 400, "empty"),
        ({"label": "x"}, 400, "ids"),
        ({"ids": ["one"], "label": "x"}, 400, "ids"),
    ],
)
def test_bad_labels_change_nothing(client, body, status, words):
    response = client.post("/api/label", json=body)
    assert response.status_code == status and words in error_of(response)
    assert client.get("/api/labels/bank").json()["labels"] == {}


@pytest.mark.parametrize(
    ("body", "named"),
    [
        ({"lable": "x"}, "'lable'"),  # a misspelt key left "label" out: it cleared them
        ({}, "label"),  # clearing takes "label": null, said
        ({"label": "x", "predicted": False, "word": "bank"}, "'word'"),
    ],
)
def test_a_label_body_with_a_key_missing_or_misspelt_changes_nothing(client, body, named):
    river = ids_of(client, "r1", "r2")
    client.post("/api/label", json={"ids": river, "label": "river"})
    response = client.post("/api/label", json={"ids": river, **body})
    assert response.status_code == 400 and named in error_of(response)
    assert client.get("/api/labels/bank").json()["labels"] == {"river": 2}


def test_a_boolean_in_a_body_is_no_occurrence_id_nor_number(client):
    """{"ids": [true]} labelled occurrence 1 and answered 200: JSON's true was read as
    the integer 1 (issue 23, pass 31k, a script over the HTTP API). A boolean where a
    number goes is refused and changes nothing; an id sent as a string (read from a
    csv download) is still its number."""
    for body in ({"ids": [True], "label": "x"}, {"ids": [False], "label": "x"}):
        response = client.post("/api/label", json=body)
        assert response.status_code == 400 and "ids.0" in error_of(response)
        assert "boolean" in error_of(response)
    assert client.get("/api/labels").json()["labels"] == []
    for route, body in (("/api/senses/bank", {"n": True}), ("/api/senses/bank/use", {"run": True})):
        response = client.post(route, json=body)
        assert response.status_code == 400 and "boolean" in error_of(response), route
    assert client.get("/api/senses/bank/runs").json()["runs"] == []
    river = ids_of(client, "r1")
    response = client.post("/api/label", json={"ids": [str(river[0])], "label": "river"})
    assert response.status_code == 200 and response.json()["ids"] == river


def test_every_json_body_refuses_a_key_it_does_not_take(client):
    bodies = {
        "/api/compare": {"a": EXAMPLE, "b": "the [[bank]] raised rates", "wrod": "bank"},
        "/api/senses/bank": {"senses": 2},
        "/api/senses/bank/use": {"run": None, "senses": 1},
        "/api/vectors": {"words": ["bank"], "modle": "fake:16"},
    }
    for route, body in bodies.items():
        response = client.post(route, json=body)
        unknown = next(key for key in body if key in ("wrod", "senses", "modle"))
        assert response.status_code == 400, route
        assert f"unknown parameter {unknown!r}" in error_of(response), route


def _filled(path: str, occurrence: int) -> str:
    values = {"{word}": "bank", "{occurrence}": str(occurrence), "{name}": "freq"}
    for name, value in values.items():
        path = path.replace(name, value)
    return path


def test_every_get_route_refuses_a_parameter_it_does_not_take(client):
    """A misspelt or another route's parameter is a 400 naming it, never ignored:
    /api/senses/bank/map?senses_run=1 answered the current run as if it were run 1."""
    from sensegrep.web import endpoints, pages

    occurrence = ids_of(client, "r1")[0]
    every = [*endpoints.router.routes, *pages.router.routes]
    routes = [r for r in every if "GET" in getattr(r, "methods", ())]
    assert len(routes) > 20
    for route in routes:
        path = _filled(route.path, occurrence)
        query = (
            "word=bank&bogus_name=1" if route.path in ("/senses", "/annotate") else "bogus_name=1"
        )
        response = client.get(f"{path}?{query}")
        assert response.status_code == 400, (path, response.text[:200])
        assert "bogus_name" in error_of(response), path


def test_an_unknown_parameter_names_format_among_those_expected(client):
    """/api/search?fromat=csv answered "expected one of count, cql, …, word" without
    format, columns or raw_csv, which the route takes (read before the search's own
    parameters): a script's author read that the API has no csv (issue 23, pass 31k)."""
    for route, own in (
        ("/api/search?word=bank&fromat=csv", ("columns", "format", "raw_csv")),
        ("/api/stats/freq?by=lemma&fromat=csv", ("format", "raw_csv")),
    ):
        response = client.get(route)
        assert response.status_code == 400, route
        expected = error_of(response).split("expected one of ")[1].split(", ")
        assert set(own) <= set(expected) and expected == sorted(expected), route
        for name in own:  # each one named is taken
            taken = route.replace(
                "fromat=csv", f"{name}=" + ("genre" if name == "columns" else "csv")
            )
            taken = taken.replace("raw_csv=csv", "raw_csv=true&format=csv")
            taken = taken.replace("columns=genre", "columns=genre&format=csv")
            assert client.get(taken).status_code == 200, taken


def test_a_route_without_notes_refuses_one_value_given_twice_as_two(client):
    """/api/senses/bank?n=3&n=4 answered 4 senses, /api/classify/bank?review=2&review=3 three
    proposals: the last value, the other dropped with a 200 and nothing said (issue 23, a
    pass over the HTTP API). These answers have no notes to say it in (/api/search's and
    the statistics' do): a 400 naming both; the same value twice, or a list, is fine."""
    client.post("/api/senses/bank", json={"n": 2})
    for route, key, one, other in (
        ("/api/senses/bank", "n", 2, 3),
        ("/api/senses/bank/map", "points", 20, 30),
        ("/api/annotate/bank", "limit", 20, 30),
        ("/senses/bank", "n", 2, 3),
    ):
        response = client.get(f"{route}?{key}={one}&{key}={other}")
        assert response.status_code == 400, route
        said = f"{key} given 2 times ({key}={one}, {key}={other}): it takes one value"
        assert error_of(response) == said
        assert client.get(f"{route}?{key}={one}&{key}={one}").status_code == 200, route
    between = "by=year&between=..1900&between=1901.."
    assert client.get(f"/senses/bank/timeline?{between}").status_code == 200


def test_a_sense_run_named_as_the_library_names_it_is_refused_where_not_taken(client):
    client.post("/api/senses/bank", json={"n": 2})
    assert client.get("/api/senses/bank/map?senses=1").json()["run"] == 1
    for route in ("/api/senses/bank/map", "/api/senses/bank", "/api/annotate/bank"):
        response = client.get(f"{route}?senses_run=1")
        assert response.status_code == 400 and "'senses_run'" in error_of(response), route
        assert "senses" in error_of(response)


def test_any_word_is_searched_over_http_as_on_the_command_line(client, index_dir):
    """HTTP had no any_word (the command line's --any-word): the usages of any word
    nearest an example, no word needed. No totals (null, not the lines' count); without k
    a page is the library's 20 nearest, said in a note with the next offset; pages join
    up; a download and a count are of the same lines."""
    example = "the [[bank]] of the river"
    with sensegrep.open(index_dir) as idx:
        nearest = [h.id for h in idx.search("", example=example, any_word=True, k=25)]
    asked = {"any_word": "true", "example": example}
    page = client.get("/api/search", params=asked).json()
    assert [h["id"] for h in page["hits"]] == nearest[:20] and page["count"] == 20
    assert page["total"] is None and page["documents"] is None and page["per_million"] is None
    assert any(n.startswith("k not given: the 20 nearest") and "offset=20" in n
               for n in page["notes"])  # fmt: skip
    more = client.get("/api/search", params={**asked, "k": 5, "offset": 20}).json()
    assert [h["id"] for h in more["hits"]] == nearest[20:25] and "notes" not in more
    download = client.get("/api/search", params={**asked, "k": 3, "format": "jsonl"})
    assert [json.loads(line)["id"] for line in download.text.splitlines()] == nearest[:3]
    assert 'filename="sensegrep-any-word.jsonl"' in download.headers["content-disposition"]
    # The usage's word given too: its lines are still of any word (it was "sensegrep-bank").
    named = client.get("/api/search", params={**asked, "word": "bank", "k": 3, "format": "csv"})
    assert 'filename="sensegrep-any-word-bank.csv"' in named.headers["content-disposition"]
    counts = client.get("/api/search", params={**asked, "k": 7, "count": "doc"}).json()
    assert counts["counted"] == 7 and sum(r["count"] for r in counts["rows"]) == 7
    refused = client.get("/api/search", params={"any_word": "true"})
    assert refused.status_code == 400
    assert error_of(refused).startswith("any_word=true needs a usage")


def test_an_any_word_download_without_k_says_it_is_the_20_nearest(client):
    """A download is every match unless k is given, but any_word has no total: without k
    it is the 20 nearest, which only the json page said (a CSV of 20 lines, no header
    saying so, read as all of them); a count without k is of those 20 too."""
    asked = {"any_word": "true", "example": "the [[bank]] of the river"}
    for fmt in ("csv", "jsonl"):
        response = client.get("/api/search", params={**asked, "format": fmt})
        notes = json.loads(response.headers["X-Sensegrep-Notes"])
        assert any(n.startswith("k not given: the 20 nearest") for n in notes), fmt
    counts = client.get("/api/search", params={**asked, "count": "doc"}).json()
    assert counts["counted"] == 20
    assert any(n.startswith("k not given: the 20 nearest") for n in counts["notes"])
    given = client.get("/api/search", params={**asked, "format": "csv", "k": 3})
    assert "X-Sensegrep-Notes" not in given.headers


def test_a_blank_word_is_named_as_the_route_takes_it(client):
    """GET /api/labels/%20 said storage's search message (``or a --cql pattern, or
    --any-word with an --example``): flags of another command, on a route that takes
    neither. Every route of a word says the same line."""
    for route in ("/api/labels/%20", "/api/senses/%20", "/api/annotate/%20", "/api/classify/%20"):
        response = client.get(route)
        assert response.status_code == 400 and error_of(response) == "word is empty: give a word"


def test_malformed_json_body_is_a_400(client):
    response = client.post(
        "/api/label", content=b"{not json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 400 and error_of(response)


def test_annotation_queue_balanced_then_least_confident_first(client):
    first = client.get("/api/annotate/bank").json()
    assert first["order"] == "balanced by induced sense"
    assert first["labelled"] == 0 and first["labels"] == [] and first["hand_labelled"] == []
    assert sorted(h["id"] for h in first["queue"]) == sorted(ids_of(client))
    client.post("/api/label", json={"ids": ids_of(client, "r1", "r2"), "label": "river"})
    client.post("/api/label", json={"ids": ids_of(client, "m1", "m2"), "label": "money"})
    then = client.get("/api/annotate/bank", params={"limit": 3}).json()
    assert then["order"] == "least confident first" and then["labelled"] == 4
    assert then["labels"] == [{"label": "money", "count": 2}, {"label": "river", "count": 2}]
    assert len(then["queue"]) == 3 and all(h["guess"] in ("river", "money") for h in then["queue"])
    confidences = [h["confidence"] for h in then["queue"]]
    assert confidences == sorted(confidences)
    assert {h["id"] for h in then["hand_labelled"]} == set(ids_of(client, "r1", "r2", "m1", "m2"))


def test_one_label_is_no_classification_and_no_least_confident_queue(client, index_dir):
    """Issue 23: one label was proposed for every occurrence at confidence 1.0."""
    client.post("/api/label", json={"ids": ids_of(client, "r1", "r2"), "label": "river"})
    response = client.post("/api/classify/bank")
    assert response.status_code == 400
    assert "needs at least two different labels on 'bank'" in error_of(response)
    assert "river (2 occurrence(s))" in error_of(response)
    assert client.get("/api/classify/bank").status_code == 400
    queue = client.get("/api/annotate/bank").json()
    assert queue["order"] == "balanced by induced sense" and queue["labelled"] == 2
    assert all(h["guess"] is None for h in queue["queue"]) and len(queue["queue"]) == len(DOCS) - 2
    with sensegrep.open(index_dir) as idx:
        assert idx.labels("bank") == {"river": 2}


def test_classify_proposes_then_applies(client, index_dir):
    assert "no labelled occurrences" in error_of(client.get("/api/classify/bank"))
    client.post("/api/label", json={"ids": ids_of(client, "r1"), "label": "river"})
    client.post("/api/label", json={"ids": ids_of(client, "m1"), "label": "money"})
    proposed = client.get("/api/classify/bank", params={"review": 2}).json()
    assert proposed["references"] == 2 and len(proposed["proposals"]) == 2
    assert set(proposed["proposals"][0]) == {"id", "pos", "label", "confidence", "neighbours"}
    applied = client.post("/api/classify/bank").json()
    assert applied["applied"] == len(DOCS) - 2
    assert applied["labelled_since"] == 0  # none labelled by hand between read and write
    with sensegrep.open(index_dir) as idx:
        assert sum(idx.labels("bank").values()) == len(DOCS)


def test_hits_and_counts_tell_predicted_labels_from_hand_ones(client):
    """Issue 23: a hit's label_predicted; count=label rows 'LABEL (predicted)' apart."""
    client.post("/api/label", json={"ids": ids_of(client, "r1"), "label": "river"})
    client.post("/api/label", json={"ids": ids_of(client, "m1"), "label": "money"})
    applied = client.post("/api/classify/bank").json()["applied"]
    found = client.get("/api/search", params={"word": "bank"}).json()["hits"]
    assert {h["doc"] for h in found if not h["label_predicted"]} == {"r1", "m1"}
    assert sum(h["label_predicted"] for h in found) == applied == len(found) - 2
    body = client.get("/api/search", params={"word": "bank", "count": "label"}).json()
    rows = {r["value"]: r["count"] for r in body["rows"]}
    assert rows["river"] == 1 and rows["money"] == 1
    assert sum(n for v, n in rows.items() if v.endswith(" (predicted)")) == applied
    assert any("counted apart" in note for note in body["notes"])
    labels = client.get("/api/labels/bank").json()
    assert sum(labels["labels"].values()) == len(found)
    assert sum(labels["predicted"].values()) == applied  # how many of each are predictions


# -- compare -------------------------------------------------------------------------------


def test_compare_two_usages(client, index_dir):
    a, b = "the [[bank]] of the river", "the [[bank]] raised rates"
    score = client.post("/api/compare", json={"a": a, "b": b}).json()["score"]
    with sensegrep.open(index_dir) as idx:
        assert score == pytest.approx(idx.compare(a, b), abs=1e-6)
    same = client.post("/api/compare", json={"a": a, "b": a}).json()["score"]
    assert same == pytest.approx(1.0, abs=1e-5)
    assert client.post(
        "/api/compare", json={"a": "a bank", "b": "a bank", "word": "bank"}
    ).is_success
    assert client.post("/api/compare", json={"a": "no word", "b": b}).status_code == 400
    assert client.post("/api/compare", json={"a": a}).status_code == 400


# -- pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path", ["/", "/senses", "/senses/bank", "/senses?word=bank&by=genre", "/annotate",
             "/annotate/bank", "/compare", "/docs"]
)  # fmt: skip
def test_pages_render(client, path):
    response = client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert "script-src 'self'" in response.headers["content-security-policy"]


def test_page_errors_are_pages_and_api_errors_json(client):
    page = client.get("/senses/zebra", headers={"accept": "text/html"})
    assert page.status_code == 400 and "no occurrences of" in page.text and "<html" in page.text
    assert client.get("/nowhere", headers={"accept": "text/html"}).status_code == 404
    assert "no such page" in error_of(client.get("/api/nowhere"))
    assert client.get("/annotate?word=bank", follow_redirects=False).headers["location"] == (
        "/annotate/bank"
    )


def test_docs_work_offline(client):
    page = client.get("/docs").text
    assert "/api/search" in page and "/api/label" in page and "X-Sensegrep-Token" in page
    assert "http://" not in page.replace("http://testserver", "") and "https://" not in page
    assert "/api/search" in client.get("/openapi.json").json()["paths"]
    assert client.get("/redoc").status_code == 404


def test_static_files_are_served_from_the_package(client):
    for name in ("style.css", "common.js", "search.js", "annotate.js", "compare.js"):
        assert client.get(f"/static/{name}").status_code == 200
    scripts = "".join(client.get(f"/static/{n}").text for n in ("search.js", "annotate.js"))
    assert "innerHTML" not in scripts and "http" not in scripts.replace("HTTP ", "")


# -- security ------------------------------------------------------------------------------


def test_corpus_markup_comes_back_as_data_and_is_escaped_in_pages(client):
    hits = client.get("/api/search", params={"word": "bank"}).json()["hits"]
    assert any(SCRIPT in h["left"] for h in hits) and any(h["doc"] == IMG for h in hits)
    pages = [client.get(p).text for p in ("/senses/bank?n=2&by=genre", "/", "/annotate/bank")]
    for page in pages:
        assert SCRIPT not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in pages[0] + pages[1]
    error = client.get(f"/senses/{IMG}", headers={"accept": "text/html"})
    assert error.status_code == 400 and "<img" not in error.text and "&lt;img" in error.text


def test_a_token_guards_every_request_but_static_files(index_dir):
    with client_for(index_dir, token="s3cret") as c:
        assert c.get("/api/info").status_code == 403
        assert "token" in error_of(c.get("/api/info"))
        assert c.get("/", headers={"accept": "text/html"}).status_code == 403
        assert c.get("/static/style.css").status_code == 200
        assert c.post("/api/label", json={"ids": [1], "label": "x"}).status_code == 403
        assert c.get("/api/info", headers={"X-Sensegrep-Token": "wrong"}).status_code == 403
        # A wrong token is said to be wrong, not missing (it once said "needs its token").
        assert "needs its access token" in error_of(c.get("/api/info"))
        wrong = error_of(c.get("/api/info", headers={"X-Sensegrep-Token": "wrong"}))
        assert wrong.startswith("the access token given is not this server's")
        assert c.get("/api/info", headers={"X-Sensegrep-Token": "s3cret"}).status_code == 200
        landing = c.get("/senses?token=s3cret&word=bank", follow_redirects=False)
        assert landing.status_code == 303 and landing.headers["location"] == "/senses?word=bank"
        cookie = landing.headers["set-cookie"]
        assert "sensegrep_token=s3cret" in cookie and "HttpOnly" in cookie
        assert "samesite=strict" in cookie.lower()
        c.cookies.set("sensegrep_token", "s3cret")
        assert c.get("/api/info").status_code == 200
        assert c.post("/api/label", json={"ids": ids_of(c, "r1"), "label": "x"}).status_code == 200
        c.cookies.clear()
        assert c.get("/?token=wrong", headers={"accept": "text/html"}).status_code == 403


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("//evil.com/?token=s3cret", "/evil.com/"),
        ("///evil.com/x?token=s3cret&a=1", "/evil.com/x?a=1"),
        ("/\\evil.com/?token=s3cret", "/evil.com/"),
        ("/%2F%2Fevil.com?token=s3cret", "/evil.com"),
        ("/annotate?word=//evil.com", "/annotate/%2F%2Fevil.com"),
    ],
)
def test_a_redirect_stays_on_this_server(index_dir, address, kept):
    """Issue 26: ``GET //evil.com/?token=T`` answered ``Location: //evil.com/``, which a
    browser follows to another site (an open redirect): every redirect is a path here."""
    with client_for(index_dir, token="s3cret") as c:
        c.headers["X-Sensegrep-Token"] = "s3cret"
        # The path as sent, not normalised by the client: the server sees //evil.com/.
        response = c.get(f"http://testserver{address}", follow_redirects=False)
        assert response.status_code == 303
        location = response.headers["location"]
        assert location == kept
        assert location.startswith("/") and not location.startswith(("//", "/\\"))
        assert urlsplit(location).netloc == ""


def test_a_foreign_origin_cannot_write(client):
    ids = ids_of(client, "r1")
    for origin in ("http://evil.example", "null", "http://testserver:9999"):
        response = client.post(
            "/api/label", json={"ids": ids, "label": "x"}, headers={"origin": origin}
        )
        assert response.status_code == 403 and "Origin" in error_of(response)
    own = client.post(
        "/api/label", json={"ids": ids, "label": "x"}, headers={"origin": "http://testserver"}
    )
    assert own.status_code == 200


def test_read_only_refuses_writes(index_dir):
    with client_for(index_dir, read_only=True) as c:
        ids = ids_of(c, "r1")
        for response in (
            c.post("/api/label", json={"ids": ids, "label": "x"}),
            c.post("/api/classify/bank"),
        ):
            assert response.status_code == 403 and "read-only" in error_of(response)
        assert c.get("/api/info").json()["read_only"] is True
        assert c.get("/api/labels/bank").json()["labels"] == {}
        assert c.post("/api/compare", json={"a": EXAMPLE, "b": EXAMPLE}).status_code == 200
        assert "read-only" in c.get("/annotate/bank").text


def test_loopback_host_names_only_when_asked(index_dir):
    with client_for(index_dir, hosts=LOOPBACK_NAMES) as c:
        assert c.get("/api/info", headers={"host": "evil.example:8321"}).status_code == 400
        assert c.get("/api/info", headers={"host": "127.0.0.1:8321"}).status_code == 200
        assert c.get("/api/info", headers={"host": "localhost:8321"}).status_code == 200


def test_request_bodies_are_bounded(client):
    huge = json.dumps({"ids": [1], "label": "x" * 2_000_000})
    response = client.post("/api/label", content=huge, headers={"content-type": "application/json"})
    assert response.status_code == 413 and "too large" in error_of(response)

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
        yield b'{"ids": [1], "label": "'
        for _ in range(30):
            yield b"x" * 65536
        yield b'"}'

    streamed = client.post(
        "/api/label", content=chunks(), headers={"content-type": "application/json"}
    )
    assert streamed.status_code == 413
    assert client.get("/api/labels/bank").json()["labels"] == {}


def test_an_unexpected_error_is_a_500_without_details(index_dir, monkeypatch, caplog):
    app = create_app(index_dir)

    def broken(*_args, **_kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(app.state.web.index, "search", broken)
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.get("/api/search", params={"word": "bank"})
    assert response.status_code == 500 and "secret" not in response.text
    assert "internal error" in error_of(response)
    assert "secret internals" in caplog.text


def test_a_busy_index_is_a_503_that_is_not_logged_as_a_crash(index_dir, monkeypatch, caplog):
    """A label posted while another process holds the index's write lock is a 503 the
    annotator can act on; the server's log had the whole traceback of it too, as
    "Exception in ASGI application", as if the server had failed (Starlette re-raises
    what its catch-all handler answered)."""
    import sqlite3

    import sqlalchemy.exc

    app = create_app(index_dir)

    def locked(*_args, **_kwargs):
        raise sqlalchemy.exc.OperationalError(
            "UPDATE tokens SET label = label WHERE id = ?",
            (1,),
            sqlite3.OperationalError("database is locked"),
        )

    monkeypatch.setattr(app.state.web.index, "label", locked)
    with TestClient(app) as c:  # an exception re-raised to the server reaches the client here
        response = c.post("/api/label", json={"ids": [1], "label": "river"})
    assert response.status_code == 503 and "the index is busy" in error_of(response)
    assert "Traceback" not in caplog.text and "error answering" not in caplog.text

    def broken(*_args, **_kwargs):  # another database error is still a 500, logged
        raise sqlalchemy.exc.OperationalError(
            "SELECT 1", (), sqlite3.OperationalError("no such table: x")
        )

    monkeypatch.setattr(app.state.web.index, "label", broken)
    with TestClient(app, raise_server_exceptions=False) as c:
        response = c.post("/api/label", json={"ids": [1], "label": "river"})
    assert response.status_code == 500 and "no such table" not in response.text
    assert "no such table" in caplog.text


# -- the command ---------------------------------------------------------------------------


def test_serve_prints_the_address_and_a_generated_token(runner, index_dir, monkeypatch):
    from sensegrep.cli import cli
    from sensegrep.commands import serve as command

    served = {}
    monkeypatch.setattr(command, "_run", lambda app, sock: served.update(app=app, sock=sock))
    result = runner.invoke(
        cli, ["--index", str(index_dir), "serve", "--host", "0.0.0.0", "--port", "0"]
    )
    assert result.exit_code == 0, result.output
    port = served["sock"].getsockname()[1]
    token = served["app"].state.web.token
    assert token and f"http://0.0.0.0:{port}/?token={token}" in result.stdout
    assert f"access token (generated): {token}" in result.stdout

    result = runner.invoke(cli, ["--index", str(index_dir), "serve", "--port", "0", "--read-only"])
    assert result.exit_code == 0 and served["app"].state.web.token is None
    assert served["app"].state.web.read_only is True and "read-only" in result.stdout


def test_serve_errors_are_one_line(runner, index_dir, tmp_path, monkeypatch):
    import socket

    from sensegrep.cli import cli
    from sensegrep.commands import serve as command

    monkeypatch.setattr(command, "_run", lambda app, sock: None)
    missing = runner.invoke(cli, ["--index", str(tmp_path / "none"), "serve", "--port", "0"])
    assert missing.exit_code == 1 and "Traceback" not in missing.output
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        taken = runner.invoke(cli, ["--index", str(index_dir), "serve", "--port", str(port)])
    assert taken.exit_code == 1 and f"cannot listen on 127.0.0.1:{port}" in taken.stderr


def test_head_is_answered_as_the_get_without_a_body(client):
    """`curl -I` and link checkers send HEAD: every GET route and page answered 405."""
    for address in ("/", "/api/info", "/api/search?word=bank", "/stats/freq", "/static/common.js"):
        got = client.get(address)
        head = client.head(address)
        assert head.status_code == got.status_code == 200, address
        assert head.content == b""
        assert head.headers["content-type"] == got.headers["content-type"]
        assert head.headers["content-length"] == str(len(got.content))
    assert client.head("/api/search?word=bank&k=0").status_code == 400  # as its GET
    assert client.head("/api/label").status_code == 405  # a POST-only route stays so


def test_a_download_of_a_word_in_any_script_has_its_name(tmp_path):
    """Issue 23 (pass 23g): the file name went into Content-Disposition as it was, which
    HTTP sends as Latin-1: the download of ``łódź`` (or any Greek, Cyrillic, CJK word)
    was a 500, and ``café``'s a raw byte Chromium refused (it saved "search.csv"). The
    header is ASCII, with the UTF-8 name beside it (RFC 6266's ``filename*``)."""
    corpus = tmp_path / "corpus.jsonl"
    records = [{"id": "p1", "text": "Łódź at night. A café in Łódź.", "region": "Łódzkie"}]
    write_jsonl(corpus, records)
    sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none").close()
    with TestClient(create_app(tmp_path / "idx")) as client:
        downloads = [
            ({"format": "csv"}, ".csv"),
            ({"count": "region", "format": "csv"}, "-region.csv"),
            ({"format": "jsonl"}, ".jsonl"),
        ]
        for word, quoted in [("łódź", "%C5%82%C3%B3d%C5%BA"), ("café", "caf%C3%A9")]:
            for params, ending in downloads:
                response = client.get("/api/search", params={"word": word, **params})
                assert response.status_code == 200, response.text
                said = response.headers["content-disposition"]
                assert said.isascii() and said.startswith('attachment; filename="sensegrep-')
                assert f"filename*=UTF-8''sensegrep-{quoted}{ending}" in said
                assert response.text.count(word) >= 2 or params.get("count")


def test_a_csv_download_takes_metadata_columns(client):
    """``columns`` (the search page's "Show as columns") adds metadata fields to a csv
    download, empty where a document has none; it is refused where it would change
    nothing (json, jsonl, a count) or names no field (issue 23, pass 23g)."""
    params = {"word": "bank", "format": "csv", "columns": ["genre", "year"]}
    rows = list(csv.DictReader(io.StringIO(client.get("/api/search", params=params).text)))
    by_doc = {d["id"]: d for d in DOCS}
    assert list(rows[0])[-2:] == ["genre", "year"]
    assert [r["id"] for r in rows] == [
        str(h["id"]) for h in client.get("/api/search", params={"word": "bank"}).json()["hits"]
    ]
    for row in rows:
        doc = by_doc[row["doc"]]
        assert (row["genre"], row["year"]) == (doc.get("genre", ""), str(doc.get("year", "")))
    one = client.get("/api/search", params=params | {"columns": "year,genre"}).text
    assert one.splitlines()[0].endswith(",year,genre")
    for wrong, said in [
        ({"format": "json"}, "give format=csv"),
        ({"format": "jsonl"}, "give format=csv"),
        ({"count": "genre"}, "not of a count"),
        ({"columns": "Genre"}, "no document has a metadata field 'Genre' (its fields: "),
    ]:
        response = client.get("/api/search", params=params | wrong)
        assert response.status_code == 400 and said in error_of(response), wrong


def test_classify_notes_name_review_as_the_route_takes_it(tmp_path):
    """classify's note on a part of speech with one label said "--review lists them
    first" over HTTP, a flag no route takes (issue 23, a pass over the HTTP API): the GET
    says review=N, and the POST, which takes no parameter, the GET that takes it."""
    docs = [
        {"id": "v1", "text": "they bank with us", "labels": {"bank": "money"}},
        {"id": "v2", "text": "we bank with them"},
        {
            "id": "r1",
            "text": "We sat on the grassy bank of the river.",
            "labels": {"bank": "river"},
        },
        {"id": "m1", "text": "She paid the cheque into the bank.", "labels": {"bank": "money"}},
        {"id": "r2", "text": "The river burst its bank after the storm."},
    ]
    corpus = write_jsonl(tmp_path / "c.jsonl", docs)
    sensegrep.build(tmp_path / "idx", corpus, model="fake:16").close()
    with client_for(tmp_path / "idx") as client:
        got = " ".join(client.get("/api/classify/bank", params={"review": 1}).json()["notes"])
        assert "--review" not in got and "so review=N lists them first" in got
        stored = " ".join(client.post("/api/classify/bank").json()["notes"])
        assert "so GET /api/classify/WORD?review=N lists them first" in stored


def test_a_label_spelt_nearly_as_the_words_is_noted_in_the_answer(client):
    """`sensegrep label --as Money` on a word labelled money notes the second label; the
    annotate page's POST /api/label made it with nothing said (pass 37l). A label the
    word has already, or a removal, has no note."""
    every = ids_of(client)
    first = client.post("/api/label", json={"ids": every[:2], "label": "money"}).json()
    assert first["notes"] == []
    slip = client.post("/api/label", json={"ids": every[2:3], "label": "Money"}).json()
    assert len(slip["notes"]) == 1
    assert slip["notes"][0].startswith("Money is new to 'bank', which has money (2)")
    # the page's words, not the command line's `label ID… --as LABEL` (pass 39c)
    assert "--as" not in slip["notes"][0] and "`POST /api/label`" in slip["notes"][0]
    again = client.post("/api/label", json={"ids": every[3:4], "label": "money"}).json()
    assert again["notes"] == []
    removed = client.post("/api/label", json={"ids": every[3:4], "label": None}).json()
    assert removed["notes"] == []
    # a comma, in the page's words too: it was told `--as 'money river'` (pass 39g)
    comma = client.post("/api/label", json={"ids": every[3:4], "label": "money,river"}).json()
    assert comma["notes"] == [
        "money,river is one label: a comma or semicolon does not separate labels, a space "
        "does (the label 'money river' sets 2)"
    ]


def test_a_label_of_ids_of_several_words_names_them_in_the_answer(client):
    """POST /api/label of a bank's id and a river's (a mistyped id) labelled or cleared
    the river's with nothing said, where `sensegrep label` and idx.label name the words
    (pass 39l, polish): the answer's notes name them; of one word, nothing."""
    bank = client.get("/api/search", params={"word": "bank", "doc": "m1"}).json()["hits"]
    river = client.get("/api/search", params={"word": "river", "doc": "r2"}).json()["hits"]
    ids = [bank[0]["id"], river[0]["id"]]
    several = "occurrence(s) of 'bank' (1), 'river' (1): the ids are of several words"
    answer = client.post("/api/label", json={"ids": ids, "label": "money"}).json()
    assert answer["changed"] == 2 and answer["notes"] == [f"labelled 2 {several}"]
    answer = client.post("/api/label", json={"ids": ids, "label": None}).json()
    assert answer["notes"] == [f"cleared the labels of 2 {several}"]
    answer = client.post("/api/label", json={"ids": ids, "label": None}).json()
    assert answer["notes"] == []  # none held one: none cleared
    answer = client.post("/api/label", json={"ids": ids[:1], "label": "money"}).json()
    assert answer["notes"] == []
