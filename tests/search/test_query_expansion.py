"""Several examples at once and relevance feedback (--expand), checked against the
ranking they promise, computed here from the stored vectors (fake embedder: wiring,
not sense quality)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from sensegrep.cli import cli
from sensegrep.embedder.fake import FakeEmbedder
from sensegrep.search.engine import Searcher, SearchRequest
from sensegrep.storage import Index

from ..helpers import write_jsonl

CONTEXTS = ["river", "money", "grass", "loan", "water", "cheque", "stream", "rates", "mud"]


@pytest.fixture(scope="module")
def idx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("expand")
    rng = np.random.default_rng(0)
    docs = [
        {"id": f"d{n}", "text": f"the {a} bank near the {b} {c}"}
        for n, (a, b, c) in enumerate(rng.choice(CONTEXTS, size=(40, 3)))
    ]
    corpus = write_jsonl(folder / "corpus.jsonl", docs)
    result = CliRunner().invoke(
        cli, ["--index", str(folder / "idx"), "index", str(corpus), "--model", "fake:16"]
    )
    assert result.exit_code == 0, result.output
    return folder / "idx"


def _unit(v: np.ndarray) -> np.ndarray:
    return v / np.linalg.norm(v, axis=-1, keepdims=True)


def _stored(index: Index) -> tuple[np.ndarray, np.ndarray]:
    found = index.candidates("bank")
    return found.ids, _unit(index.vectors(found.shard_ids, found.rows))


def _order(ids: np.ndarray, scores: np.ndarray) -> list[int]:
    return [int(ids[i]) for i in np.lexsort((np.arange(len(scores)), -scores))]


def _centred(rows: np.ndarray, mean: np.ndarray) -> np.ndarray:
    return _unit(_unit(rows) - mean)


@pytest.mark.parametrize("m", [1, 3, 8])
def test_expand_reranks_by_the_centroid_of_the_example_and_the_top_m(idx: Path, m: int):
    """Plain cosine (--scoring cosine): the centroid of the query and its top m."""
    example = "the river [[bank]] near the mud"
    with Index.open(idx) as index:
        searcher = Searcher(index, lambda: FakeEmbedder(16))
        ids, vectors = _stored(index)
        query = _unit(searcher.example_vectors([example], "bank"))[0]
        first = vectors @ query
        top = np.argsort(-first, kind="stable")[:m]
        centroid = np.vstack([query[None, :], vectors[top]]).mean(axis=0)
        expected = _order(ids, vectors @ centroid)
        got = searcher.search(SearchRequest("bank", example, expand=m, scoring="cosine"))
        plain = searcher.search(SearchRequest("bank", example, scoring="cosine"))
    assert [h.occurrence.id for h in got] == expected
    assert [h.occurrence.id for h in plain] == _order(ids, first)


@pytest.mark.parametrize("m", [1, 3, 8])
def test_expand_with_centring_reranks_by_the_centred_centroid(idx: Path, m: int):
    """The default scoring: every vector centred on the mean of the word's occurrences,
    the top m of the first ranking joining the example, each centred."""
    example = "the river [[bank]] near the mud"
    with Index.open(idx) as index:
        searcher = Searcher(index, lambda: FakeEmbedder(16))
        ids, vectors = _stored(index)
        mean = vectors.mean(axis=0)
        hits = _centred(vectors, mean)
        query = _centred(searcher.example_vectors([example], "bank"), mean)[0]
        first = hits @ query
        top = np.argsort(-first, kind="stable")[:m]
        centroid = np.vstack([query[None, :], hits[top]]).mean(axis=0)
        got = searcher.search(SearchRequest("bank", example, expand=m))
        plain = searcher.search(SearchRequest("bank", example))
    assert [h.occurrence.id for h in got] == _order(ids, hits @ centroid)
    assert [h.occurrence.id for h in plain] == _order(ids, first)
    assert [h.score for h in plain] == pytest.approx(sorted(first, reverse=True), abs=1e-5)


@pytest.mark.parametrize("scoring", ["centred", "cosine"])
def test_several_examples_rank_by_their_centroid(idx: Path, scoring: str):
    examples = ["the [[bank]] lent money", "a loan from the [[bank]] with low rates"]
    with Index.open(idx) as index:
        searcher = Searcher(index, lambda: FakeEmbedder(16))
        ids, vectors = _stored(index)
        embedded = searcher.example_vectors(examples, "bank")
    if scoring == "centred":
        mean = vectors.mean(axis=0)
        vectors, positives = _centred(vectors, mean), _centred(embedded, mean)
    else:
        positives = _unit(embedded)
    args = ["--index", str(idx), "search", "bank", "--format", "jsonl", "--scoring", scoring]
    args += [f"--example={e}" for e in examples]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    got = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert got == _order(ids, vectors @ positives.mean(axis=0))


def test_queries_take_expand_and_a_list_of_examples(idx: Path, tmp_path: Path):
    queries = tmp_path / "q.jsonl"
    lines = [
        {"word": "bank", "example": ["the [[bank]] lent money", "the loan [[bank]]"], "k": 3},
        {"word": "bank", "example": "the river [[bank]]", "expand": 2, "k": 3},
        {"word": "bank", "example": "the river [[bank]]", "expand": -1},
    ]
    queries.write_text("".join(json.dumps(q) + "\n" for q in lines), encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["--index", str(idx), "search", "--queries", str(queries), "--format", "jsonl"]
    )
    got = [json.loads(line) for line in result.stdout.splitlines()]
    assert [h["query"] for h in got] == [0, 0, 0, 1, 1, 1]
    assert result.exit_code == 1 and f"{queries}:3:" in result.stderr
