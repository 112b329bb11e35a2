"""Issue 23 in the web API: /api/search answers a page (``k`` from ``offset``) with the
totals of all the matches (``total``, ``documents``, ``per_million``,
``per_million_subcorpus``, ``offset``; ``count`` stays the lines returned), tabulates
with ``count``, and downloads have no cap. helpers.PUNCTUATED: 32 tokens, "bank" 5
times in 3 documents (ids 2, 8, 14, 17, 22); news: 3 of them in 20 tokens."""

from __future__ import annotations

import csv
import io
import json

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

from sensegrep.web import create_app


@pytest.fixture
def client(punctuated):
    with TestClient(create_app(punctuated)) as opened:
        yield opened


def test_a_page_carries_the_totals_of_all_matches(client):
    answer = client.get("/api/search", params={"word": "bank", "k": 2, "offset": 2}).json()
    assert [h["id"] for h in answer["hits"]] == [14, 17]
    assert {key: answer[key] for key in ("count", "total", "documents", "offset")} == {
        "count": 2, "total": 5, "documents": 3, "offset": 2
    }  # fmt: skip
    assert answer["per_million"] == 156_250.0 and answer["per_million_subcorpus"] is None
    seen = [
        h["id"]
        for offset in (0, 2, 4)
        for h in client.get(
            "/api/search", params={"word": "bank", "k": 2, "offset": offset, "sort": "right1"}
        ).json()["hits"]
    ]
    assert seen == [2, 22, 14, 8, 17]


def test_a_filtered_page_measures_its_subcorpus(client):
    params = {"word": "bank", "where": "genre=news"}
    answer = client.get("/api/search", params=params).json()
    assert (answer["total"], answer["documents"], answer["count"]) == (3, 2, 3)
    assert answer["per_million"] == 93_750.0 and answer["per_million_subcorpus"] == 150_000.0
    assert answer["subcorpus_tokens"] == 20 and answer["tokens"] == 32


def test_count_rows_over_http(client):
    params = {"cql": '[lemma="bank"] [pos="PUNCT"]', "count": "node"}
    answer = client.get("/api/search", params=params).json()
    assert answer["by"] == "node" and answer["total"] == 3 and answer["count"] == 2
    assert [(r["value"], r["count"], r["share"], r["per_million"]) for r in answer["rows"]] == [
        ("bank ,", 2, 0.6667, 62_500.0), ("bank .", 1, 0.3333, 31_250.0)
    ]  # fmt: skip
    table = client.get("/api/search", params={**params, "format": "csv"}).text
    assert table.splitlines()[0] == "node,count,share,per_million,per_million_subcorpus"


def test_downloads_have_no_cap_and_pages_keep_theirs(client):
    assert client.get("/api/search", params={"word": "bank", "k": 5000}).status_code == 400
    download = client.get("/api/search", params={"word": "bank", "k": 5000, "format": "csv"})
    assert download.status_code == 200 and download.headers["x-sensegrep-total"] == "5"
    assert [r["id"] for r in csv.DictReader(io.StringIO(download.text))] == [
        "2", "8", "14", "17", "22"
    ]  # fmt: skip


def test_a_count_over_http_says_which_lines_it_counted(client):
    params = {"word": "bank", "count": "right1", "k": 2, "offset": 2}
    answer = client.get("/api/search", params=params).json()
    assert [(r["value"], r["count"]) for r in answer["rows"]] == [(".", 1), ("lends", 1)]
    assert {key: answer[key] for key in ("offset", "counted", "complete", "total")} == {
        "offset": 2, "counted": 2, "complete": False, "total": 5
    }  # fmt: skip
    assert {r["per_million"] for r in answer["rows"]} == {None}
    whole = client.get("/api/search", params={"word": "bank", "count": "right1"}).json()
    assert (whole["counted"], whole["complete"], whole["rows"][0]["per_million"]) == (
        5, True, 62_500.0
    )  # fmt: skip


def test_case_in_counts_and_sorts_over_http(client):
    folded = client.get("/api/search", params={"word": "bank", "count": "node"}).json()
    assert [(r["value"], r["count"]) for r in folded["rows"]] == [("bank", 5)]
    cased = {"word": "bank", "count": "node", "match_case": "true"}
    assert [(r["value"], r["count"]) for r in client.get("/api/search", params=cased).json()[
        "rows"
    ]] == [("bank", 4), ("Bank", 1)]  # fmt: skip
    by_left = {"word": "bank", "sort": "left1", "match_case": "true"}
    assert [h["id"] for h in client.get("/api/search", params=by_left).json()["hits"]] == [
        22, 2, 17, 8, 14
    ]  # fmt: skip


def test_a_sense_count_over_http_gives_numbers(client):
    """A GET stores no sense run: the senses of one induced for this request only."""
    answer = client.get("/api/search", params={"word": "bank", "count": "sense"}).json()
    assert answer["rows"] and all(type(r["value"]) is int for r in answer["rows"])
    assert {(r["lemma"], r["sense_run"]) for r in answer["rows"]} == {("bank", None)}
    assert sum(r["count"] for r in answer["rows"]) == 5


def test_options_that_change_nothing_are_said_over_http(client):
    """Issue 23, new-user pass: the notes the command line printed alone (a ranked
    search's sort orders its page; match_case and ignore_punct where nothing uses them)
    come with the answer, in the route's parameters."""
    plain = {"word": "bank", "match_case": "true", "ignore_punct": "true"}
    notes = client.get("/api/search", params=plain).json()["notes"]
    assert [note.split(" changes nothing here")[0] for note in notes] == [
        "ignore_punct=true",
        "match_case=true",
    ]
    ranked = {"word": "bank", "like": 2, "sort": "right1", "k": 2}
    assert client.get("/api/search", params=ranked).json()["notes"][0] == (
        "a ranked search keeps its best lines: sort orders only this page (leave out "
        "example/like/label/gloss to sort all the matches)"
    )
    counted = {"word": "bank", "count": "right1", "ignore_punct": "true"}
    assert "notes" not in client.get("/api/search", params=counted).json()


@pytest.mark.parametrize(
    "params, says",
    [
        # two genres, each right, that no document has together: why the file is empty
        ({"word": "bank", "where": ["genre=news", "genre=fiction"]}, "5 without them"),
        ({"word": "bank", "k": 2, "offset": 9}, "offset=9 is past the last of the 5 lines"),
        ({"word": "bank", "offset": 12345}, "offset=12345 is past the last of the 5 lines"),
        ({"word": "bank", "where": ["genre=news", "genre=fiction"], "count": "doc"}, "0 match"),
    ],
)
@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_an_empty_download_says_why_as_the_json_answer_does(client, params, says, fmt):
    """Issue 23: a CSV or JSONL download with no line was a bare header (or nothing)
    with a 200, where the JSON answer's notes, and the command line's stderr, say why.
    Its ``X-Sensegrep-Notes`` header now carries the same notes, as a JSON list."""
    notes = client.get("/api/search", params=params).json()["notes"]
    assert any(says in note for note in notes)
    download = client.get("/api/search", params={**params, "format": fmt})
    assert download.status_code == 200 and len(download.text.splitlines()) <= 1
    assert json.loads(download.headers["x-sensegrep-notes"]) == notes


def test_a_statistic_download_carries_its_notes(client):
    params = {"word": "bank", "min_freq": 100}
    notes = client.get("/api/stats/collocates", params=params).json()["notes"]
    download = client.get("/api/stats/collocates", params={**params, "format": "csv"})
    assert "min_freq=100" in " ".join(notes)
    assert json.loads(download.headers["x-sensegrep-notes"]) == notes


def test_a_scoring_without_a_ranking_is_said_over_http(client):
    """scoring=cosine on a plain concordance was taken without a word, as if its order
    were by plain cosines (issue 23, a pass over the HTTP API); a ranked search takes it,
    and the default says nothing."""
    plain = client.get("/api/search", params={"word": "bank", "scoring": "cosine"}).json()
    assert plain["notes"] == [
        "scoring=cosine changes nothing here: it says how a ranked search (example, like, "
        "label, gloss) scores its lines, and a plain concordance has no scores"
    ]
    counted = {"word": "bank", "scoring": "cosine", "count": "doc"}
    assert client.get("/api/search", params=counted).json()["notes"] == plain["notes"]
    for quiet in ({"scoring": "centred"}, {"scoring": "cosine", "like": 2}):
        answer = client.get("/api/search", params={"word": "bank", **quiet}).json()
        assert not [note for note in answer.get("notes", []) if "scoring" in note]


def test_a_statistic_past_its_last_row_says_so(client):
    """/api/stats/NAME past the last row answered an empty table and no note (a search
    says so); the note names the offset as the address wrote it, 1,000 or more too."""
    rows = client.get("/api/stats/freq").json()["rows"]
    body = client.get("/api/stats/freq", params={"offset": 12345}).json()
    assert (body["rows"], body["count"], body["table"]) == (rows, 0, [])
    assert body["notes"] == [f"offset=12345 is past the last of the {rows} rows: no row to show"]
    assert "notes" not in client.get("/api/stats/freq", params={"offset": rows - 1}).json()


def test_a_single_parameter_given_twice_says_which_value_was_used(client):
    """A query string may repeat a parameter that takes one value: the last one is used,
    as web frameworks do. ``word=bank&word=news`` answered the lines of "news" and
    ``k=2&k=3`` three lines, with a 200 and nothing said (issue 23, a pass over the HTTP
    API): the notes (and a download's X-Sensegrep-Notes) now name the values given."""
    said = "word given 2 times (word=news, word=bank): the last one, word=bank, was used"
    pairs = [("word", "news"), ("word", "bank"), ("k", "2"), ("k", "2")]
    answer = client.get("/api/search", params=pairs).json()
    assert answer["word"] == "bank" and answer["count"] == 2 and answer["notes"] == [said]
    download = client.get("/api/search", params=[*pairs, ("format", "csv")])
    assert json.loads(download.headers["x-sensegrep-notes"]) == [said]
    counted = client.get("/api/search", params=[*pairs, ("count", "doc"), ("count", "form")])
    assert counted.json()["by"] == "form" and counted.json()["notes"] == [
        said, "count given 2 times (count=doc, count=form): the last one, count=form, was used"
    ]  # fmt: skip
    rows = client.get("/api/stats/freq", params=[("k", "2"), ("k", "3")]).json()
    assert rows["count"] == 3 and rows["notes"] == [
        "k given 2 times (k=2, k=3): the last one, k=3, was used"
    ]
    # A repeated list (where, sort's keys) or the same value twice is no mistake.
    same = [("word", "bank"), ("k", "2"), ("k", "2"), ("sort", "right1"), ("sort", "left1")]
    assert "notes" not in client.get("/api/search", params=same).json()


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_a_count_download_says_how_many_lines_it_counted(client, fmt):
    """A count of some of the lines (``k``, ``offset``) downloaded as CSV or JSONL had
    rows adding up to fewer than its ``X-Sensegrep-Total`` and nothing saying so (the
    JSON's ``counted``, the command line's "lines 2-5 of 5 counted"): its header
    ``X-Sensegrep-Counted`` says how many lines the rows count."""
    params = {"word": "bank", "count": "doc", "format": fmt}
    part = client.get("/api/search", params={**params, "offset": 1})
    assert part.headers["x-sensegrep-total"] == "5" and part.headers["x-sensegrep-counted"] == "4"
    whole = client.get("/api/search", params=params)
    assert whole.headers["x-sensegrep-counted"] == "5"


def test_a_count_carries_the_index_state_as_a_page_of_lines_does(client):
    """A count's JSON had no ``index_state`` (the library's Counts has it), so its pages
    (k lines from offset) read at two states of the index could not be told apart."""
    lines = client.get("/api/search", params={"word": "bank"}).json()
    counted = client.get("/api/search", params={"word": "bank", "count": "doc", "k": 2}).json()
    assert counted["index_state"] == lines["index_state"] is not None


def test_an_empty_filter_left_out_is_said(client):
    """``doc=`` or ``where=`` (empty: a form's unfilled field) searched every document
    with nothing said, where the library refuses an empty choice: a program sending a
    variable that happened to be empty read the whole index's lines as its document's
    (issue 23, a pass over the HTTP API). A note says the field was left out."""
    answer = client.get("/api/search", params=[("word", "bank"), ("doc", "")]).json()
    assert answer["total"] == 5 and answer["notes"] == [
        "doc= is empty, so it was left out, as a form's unfilled field is"
    ]
    rows = client.get("/api/stats/freq", params=[("where", ""), ("k", "1")]).json()
    assert rows["notes"] == ["where= is empty, so it was left out, as a form's unfilled field is"]
    # label=, gloss=, near= (read as not given over HTTP alone) the same
    for key in ("near", "gloss"):
        blank = client.get("/api/search", params=[("word", "bank"), (key, "")]).json()
        assert blank["notes"] == [
            f"{key}= is empty, so it was left out, as a form's unfilled field is"
        ]
    # beside a value of its own, an empty one adds nothing
    kept = client.get("/api/search", params=[("word", "bank"), ("pos", ""), ("pos", "NOUN")])
    assert "notes" not in kept.json()


@pytest.mark.parametrize("key", ["count", "near", "label"])
def test_a_blank_value_is_refused_naming_its_parameter(client, key):
    """``count=%20`` said "by is empty: give a word" (the library's keyword, not the
    route's), ``near=%20`` that no token has the lemma " ": spaces are typed, never a
    form's unfilled field, and are refused naming the parameter as the address does."""
    response = client.get("/api/search", params={"word": "bank", key: " "})
    assert response.status_code == 400
    assert response.json()["error"] == f"{key} is blank: give one, or leave out {key}"
