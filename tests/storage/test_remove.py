"""An editable index: `remove --doc/--source`, a changed file indexed again replaces its
documents, `compact` gives the space back. Removal leaves no trace anywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from ..helpers import DOCS, hits, run, write_jsonl

pytestmark = pytest.mark.usefixtures("backend")  # SQLite and PostgreSQL


def index(runner: CliRunner, idx: Path, *paths: Path) -> None:
    code, _, err = run(runner, idx, "index", *map(str, paths), "--model", "fake:16")
    assert code == 0, err


def docs_found(runner: CliRunner, idx: Path, word: str = "bank") -> set[str]:
    code, out, err = run(runner, idx, "search", word, "--format", "jsonl")
    assert code == 0, err
    return {h["doc"] for h in hits(out)}


def test_a_removed_document_leaves_no_trace(tmp_path: Path, runner: CliRunner):
    idx = tmp_path / "idx"
    index(runner, idx, write_jsonl(tmp_path / "c.jsonl", DOCS))
    r1 = [h["id"] for h in hits(run(runner, idx, "search", "bank", "--doc", "r1")[1])]
    run(runner, idx, "label", *map(str, r1), "--as", "shore")
    assert run(runner, idx, "senses", "bank")[0] == 0

    code, _, err = run(runner, idx, "remove", "--doc", "r1")
    assert code == 0, err
    assert "removed 1 document(s)" in err
    assert docs_found(runner, idx) == {"m1", "r2", "m2"}
    code, _, err = run(runner, idx, "search", "water")  # every word of it, not only bank
    assert code == 1 and "no occurrences of 'water'" in err
    assert "shore" not in run(runner, idx, "labels", "bank", "--format", "jsonl")[1]
    senses = hits(run(runner, idx, "senses", "bank", "--format", "jsonl")[1])
    assert sum(s["size"] for s in senses) == 3
    assert "r1" not in run(runner, idx, "export", "bank", "--to", "csv")[1]
    assert json.loads(run(runner, idx, "info", "--json")[1])["documents"] == 3
    code, _, err = run(runner, idx, "search", "bank", "--like", str(r1[0]))
    assert code == 1 and f"no occurrence with id {r1[0]}" in err
    assert run(runner, idx, "check")[0] == 0


def test_remove_a_source_and_index_it_again(tmp_path: Path, runner: CliRunner):
    idx = tmp_path / "idx"
    first = write_jsonl(tmp_path / "a.jsonl", DOCS[:2])
    second = write_jsonl(tmp_path / "b.jsonl", DOCS[2:])
    index(runner, idx, first, second)
    code, _, err = run(runner, idx, "remove", "--source", str(first))
    assert code == 0, err
    assert docs_found(runner, idx) == {"r2", "m2"}
    index(runner, idx, first)  # forgotten: indexed again, not skipped as unchanged
    assert docs_found(runner, idx) == {"r1", "m1", "r2", "m2"}


def test_unknown_ids_and_files_are_named_and_the_rest_removed(tmp_path, runner):
    idx = tmp_path / "idx"
    index(runner, idx, write_jsonl(tmp_path / "c.jsonl", DOCS))
    code, _, err = run(runner, idx, "remove", "--doc", "m1", "--doc", "zz", "--source", "x.txt")
    assert code == 1
    assert f"error: no document with id 'zz' in {idx}" in err
    assert f"error: no file indexed as 'x.txt' in {idx}" in err
    assert docs_found(runner, idx) == {"r1", "r2", "m2"}


def test_a_changed_file_indexed_again_replaces_its_documents(tmp_path, runner):
    idx, corpus = tmp_path / "idx", tmp_path / "c.jsonl"
    index(runner, idx, write_jsonl(corpus, DOCS))
    edited = [dict(DOCS[0], text="The bank of the river flooded."), DOCS[2], DOCS[3]]
    index(runner, idx, write_jsonl(corpus, edited))  # m1 deleted, r1 changed
    assert docs_found(runner, idx) == {"r1", "r2", "m2"}
    sentences = {h["sentence"] for h in hits(run(runner, idx, "search", "bank")[1])}
    assert "The bank of the river flooded." in sentences
    assert json.loads(run(runner, idx, "info", "--json")[1])["files"] == 1


def test_removing_half_the_documents_then_compacting_halves_the_index(tmp_path, runner):
    idx = tmp_path / "idx"
    words = [
        "the",
        "bank",
        "of",
        "the",
        "river",
        "was",
        "muddy",
        "after",
        "the",
        "storm",
        "and",
        "the",
        "water",
        "rose",
    ]
    docs = [{"id": f"d{i}", "text": " ".join(words[i % 5 :] + words[: i % 5])} for i in range(600)]
    index(runner, idx, write_jsonl(tmp_path / "c.jsonl", docs))
    before = json.loads(run(runner, idx, "info", "--json")[1])
    half = [arg for i in range(0, 600, 2) for arg in ("--doc", f"d{i}")]
    assert run(runner, idx, "remove", *half)[0] == 0
    code, _, err = run(runner, idx, "compact")
    assert code == 0, err
    after = json.loads(run(runner, idx, "info", "--json")[1])
    assert after["occurrences"] * 2 == before["occurrences"]
    assert 0.4 < after["vector_bytes"] / before["vector_bytes"] < 0.6
    assert 0.35 < after["disk_bytes"] / before["disk_bytes"] < 0.65
    assert docs_found(runner, idx) == {f"d{i}" for i in range(1, 600, 2)}
