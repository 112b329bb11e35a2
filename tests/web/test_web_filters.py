"""The web app's JSON answers to filters (issue 23, items 2, 7 and 11): a filter written
wrong is a 400 with the library's one-line message, a right one that leaves nothing an
empty 200; ranges, alternatives, meta:FIELD and max_per_doc as query parameters. On a
copy of the session's helpers.SUBCORPUS index ("bank" at 2, 7, 14 of document a; 18 of
b; 23, 27 of c; 31, 36 of d)."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

from sensegrep.web import create_app


@pytest.fixture(scope="module")
def client(subcorpus_index: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("web-filters") / "idx"
    with TestClient(create_app(Path(shutil.copytree(subcorpus_index, folder)))) as c:
        yield c


def ids(response) -> list[int]:
    assert response.status_code == 200, response.text
    return [h["id"] for h in response.json()["hits"]]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"word": "bank", "where": "gnre=news"},
            "where gnre=news: no document has a metadata field 'gnre' "
            "(its fields: date, genre, pos, sense, title, year)",
        ),
        (
            {"word": "bank", "where": "genre=NEWS"},
            "where genre=NEWS: 0 documents have genre 'NEWS' (nearest: 'News', 'news')",
        ),
        (
            {"word": "bank", "where": "year=1800..1850"},
            "where year=1800..1850: 0 documents have year in 1800..1850 "
            "(its values run from 1900 to 2001)",
        ),
        ({"cql": '[lemma="bank" & deprel="nsubj"]'}, "a pattern on deprel needs dependency"),
        ({"cql": '[lemma="bank" & genre="NEWS"]'}, "0 documents have a genre that matches it"),
    ],
)
def test_a_filter_written_wrong_is_a_400_with_its_message(client, params, message):
    response = client.get("/api/search", params=params)
    assert response.status_code == 400
    assert message in response.json()["error"]


def test_a_right_filter_that_leaves_nothing_is_an_empty_answer(client):
    params = [("word", "bank"), ("where", "genre=letters"), ("where", "year=1900")]
    response = client.get("/api/search", params=params)
    assert response.status_code == 200 and response.json()["hits"] == []


def test_ranges_alternatives_and_max_per_doc(client):
    assert ids(client.get("/api/search", params={"word": "bank", "max_per_doc": 1})) == [
        2,
        18,
        23,
        31,
    ]
    where = [("word", "bank"), ("where", "year=1900..1949"), ("where", "genre=news,fiction")]
    assert ids(client.get("/api/search", params=where)) == [2, 7, 14, 18]
    meta = {"cql": '[lemma="bank" & meta:pos="long"]'}
    assert ids(client.get("/api/search", params=meta)) == [31, 36]
    assert ids(client.get("/api/search", params={"cql": '[word="BANK" %c]'})) == [
        2, 7, 14, 18, 23, 27, 31, 36,
    ]  # fmt: skip
    response = client.get("/api/search", params={"word": "bank", "max_per_doc": 0})
    assert response.status_code == 400 and "max_per_doc" in response.json()["error"]


def test_info_describes_the_fields_and_senses_count_by_meta_field(client):
    info = client.get("/api/info").json()
    assert info["metadata"]["year"]["type"] == "number"
    assert info["metadata"]["date"]["type"] == "date"
    by = client.get("/api/senses/bank", params={"by": "meta:sense", "n": 2}).json()["by"]
    assert by["values"] == ["x", "y", "(none)"] and [sum(r) for r in by["counts"]] == [5, 1, 2]


def test_the_statistics_page_suggests_each_value_as_where_reads_it(tmp_path: Path):
    """The statistics page's where box suggested `author=Berg, Ivo` and
    `author=1990..2000` as written: picked, each was refused as alternatives or a range.
    Each suggestion is the value escaped, which where reads as that one value."""
    import json
    import re
    from html import unescape

    import sensegrep

    corpus = tmp_path / "c.jsonl"
    authors = ["Berg, Ivo", "1990..2000", "Ann Price"]
    corpus.write_text(
        "".join(
            json.dumps({"id": f"d{n}", "text": "The seal swam away.", "author": a}) + "\n"
            for n, a in enumerate(authors)
        ),
        encoding="utf-8",
    )
    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none").close()
    with TestClient(create_app(tmp_path / "idx")) as c:
        page = c.get("/stats/freq").text
        suggested = re.search(r'<datalist id="where-values">(.*?)</datalist>', page, re.S)
        options = [unescape(v) for v in re.findall(r'<option value="([^"]*)">', suggested[1])]
        assert len(options) == len(authors), options
        for option in options:
            answer = c.get("/api/stats/freq", params={"by": "author", "where": option})
            assert answer.status_code == 200, (option, answer.text)
            assert [row["docs"] for row in answer.json()["table"]] == [1], option
        assert {o.removeprefix("author=") for o in options} >= {r"Berg\, Ivo", r"1990\.\.2000"}


def test_a_frequency_list_by_a_field_says_its_none_row_holds_a_value_written_none(
    tmp_path: Path,
):
    """A frequency list by genre had a (none) row of 3 documents, 2 without a genre and 1
    whose genre is written "(none)", and said nothing (search's count by genre says it):
    read as 3 documents without a genre. It says so; a list of documents none of which
    is written so says nothing (pass 34o)."""
    from ..helpers import write_jsonl

    corpus = write_jsonl(
        tmp_path / "n.jsonl",
        [
            {"id": "a", "text": "The bank was steep.", "genre": "news"},
            {"id": "b", "text": "The bank lent money."},
            {"id": "c", "text": "A bank of fog.", "genre": "(none)"},
        ],
    )
    import sensegrep

    sensegrep.build(tmp_path / "idx", corpus, vectors_for="none").close()
    note = "the (none) row counts the documents whose genre is written '(none)' with those"
    with TestClient(create_app(tmp_path / "idx")) as c:
        answer = c.get("/api/stats/freq", params={"by": "genre"}).json()
        assert {r["item"]: r["docs"] for r in answer["table"]} == {"(none)": 2, "news": 1}
        assert any(n.startswith(note) for n in answer["notes"]), answer["notes"]
        other = c.get("/api/stats/freq", params={"by": "genre", "doc": ["a", "b"]}).json()
        assert not any("written" in n for n in other.get("notes") or []), other
