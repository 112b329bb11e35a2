"""GET /api/senses/WORD?by=FIELD: the figures a sense timeline chart needs (per value
tokens, per value and sense per million and DP, the search behind each bar), on the
seeded clusters of tests/senses/seeded.py; GET stores no run."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("httpx")

from fastapi.testclient import TestClient

import sensegrep
from sensegrep.web import create_app

from ..senses.seeded import seeded_index


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    seeded_index(tmp_path / "idx")
    return tmp_path / "idx"


def test_senses_by_year_in_bins(folder: Path) -> None:
    with TestClient(create_app(folder)) as client:
        answer = client.get("/api/senses/bank?by=year&bin_width=20").json()
        mistake = client.get("/api/senses/bank?bin_width=20")
    by = answer["by"]
    assert by["values"] == ["1940..1959", "1960..1979", "1980..1999"]  # the old fields
    assert [sum(c) for c in by["counts"]] == [14, 27, 13]
    assert by["numeric"] is True and by["bin_width"] == 20
    assert by["bins"] == [[1940, 1960], [1960, 1980], [1980, 2000]]
    assert by["tokens"] == [70, 135, 65]  # 5 tokens a document
    assert by["run"] is None  # a GET induced it for itself: nothing stored
    rows = by["rows"]
    assert len(rows) == 3 * answer["k"]
    first = rows[0]
    assert first["value"] == "1940..1959" and first["sense"] == 1
    assert first["per_million"] == round(first["count"] / 70 * 1e6, 2)
    assert first["search"] == {
        "word": "bank",
        "sense": 1,
        "senses_run": None,
        "where": ["year=1940..1959"],
    }
    assert [s["sense"] for s in by["senses"]] == list(range(1, answer["k"] + 1))
    assert mistake.status_code == 400 and "bin_width goes with by" in mistake.json()["error"]
    with sensegrep.open(folder) as index:
        assert index.sense_runs("bank") == []


def test_a_text_field_is_not_numeric(folder: Path) -> None:
    with TestClient(create_app(folder)) as client:
        by = client.get("/api/senses/bank?by=genre").json()["by"]
        refused = client.get("/api/senses/bank?by=genre&bin_width=5")
    assert by["numeric"] is False and by["bins"] == [None, None, None]
    assert by["where"] == ["genre=fiction", "genre=news", "genre=science"]
    assert refused.status_code == 400 and "numbers" in refused.json()["error"]


def test_the_none_row_s_note_names_where_as_a_request_does(tmp_path: Path) -> None:
    """Pass 35e: the senses page and the timeline by genre said "--where 'genre=(none)'
    takes only the former", the command line's flag, where the search chart and the
    frequency list by genre say "where 'genre=(none)'"."""
    from ..helpers import write_jsonl

    docs = [
        {"id": f"d{n}", "text": "The bank stood there.", "genre": g}
        for n, g in enumerate(["news", "news", "(none)", "fiction", "news", "(none)"])
    ] + [{"id": "x", "text": "A bank again."}]
    corpus = write_jsonl(tmp_path / "corpus.jsonl", docs)
    sensegrep.build(tmp_path / "idx", corpus, model="fake:16", tagger="none").close()
    with TestClient(create_app(tmp_path / "idx")) as client:
        notes = client.get("/api/senses/bank?by=genre").json()["by"]["notes"]
        page = client.get("/senses/bank?by=genre").text
    said = [n for n in notes if "written '(none)'" in n]
    assert said and said[0].endswith("where 'genre=(none)' takes only the former")
    assert "--where" not in said[0]
    assert "where &#39;genre=(none)&#39; takes only the former" in page and "--where" not in page
