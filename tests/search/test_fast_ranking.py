"""The fast ranked path (FAISS scoring the stored codes, the top re-scored exactly)
returns the exact path's top k: every decoded vector scored, on a seeded index."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from sensegrep.embedder.base import EmbedderConfig
from sensegrep.embedder.fake import FakeEmbedder
from sensegrep.search import engine
from sensegrep.search.centring import centred_rows, scoring_for, word_centre
from sensegrep.search.engine import Searcher, SearchRequest, _top, coded_top, cosines
from sensegrep.storage import Index
from sensegrep.storage.vectors import ShardFolder

from ..helpers import make_document, prepared

DIM = 32
CONFIG = EmbedderConfig(model=f"fake:{DIM}", layers=(0,), pooling="mean", dim=DIM)
WORD_EVERY = 2  # every other token is "w": 6,000 occurrences in two shards


def _batch(rng: np.random.Generator, n_docs: int, first: int) -> tuple[list, np.ndarray]:
    """Documents of 10 tokens, every other one "w"; its vectors are two sense clusters
    with norms spread over 0.8-1.25x (the bound on unseen rows depends on them)."""
    docs = [
        make_document(f"d{first + i}", ["w" if j % WORD_EVERY == 0 else f"x{j}" for j in range(10)])
        for i in range(n_docs)
    ]
    batch, rows = prepared(docs)
    centres = rng.standard_normal((2, DIM)).astype(np.float32)
    pick = rng.integers(0, 2, rows)
    vectors = centres[pick] + 0.8 * rng.standard_normal((rows, DIM)).astype(np.float32)
    return batch, vectors * rng.uniform(0.8, 1.25, (rows, 1)).astype(np.float32)


def _build(folder: Path, codec: str) -> None:
    rng = np.random.default_rng(7)
    with Index.open_for_writing(folder, CONFIG, codec) as index:
        for first in (0, 600):
            index.add_batch(*_batch(rng, 600, first))


@pytest.fixture(scope="module")
def sq4_index(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Index]:
    folder = tmp_path_factory.mktemp("fast") / "idx"
    _build(folder, "sq4")
    with Index.open(folder) as index:
        yield index


def _exact(index: Index, found, direction: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    scores = cosines(index.vectors_of(found), direction)
    order = _top(scores, k)
    return order, scores[order]


@pytest.mark.parametrize("k", [1, 20, 200])
def test_codes_give_the_exact_top_k(sq4_index: Index, k: int):
    found = sq4_index.candidates("w")
    assert len(found) == 6_000 and len(np.unique(found.shard_ids)) == 2
    rng = np.random.default_rng(k)
    stored = sq4_index.vectors_of(found.take(rng.choice(len(found), 5, replace=False)))
    for direction in stored:  # a usage's direction, as --like gives
        fast = coded_top(sq4_index, found, direction, k)
        assert fast is not None
        exact = _exact(sq4_index, found, direction, k)
        assert fast[0].tolist() == exact[0].tolist()  # recall@k 1.0, same order
        np.testing.assert_allclose(fast[1], exact[1], rtol=1e-5, atol=1e-6)


def test_random_directions_give_the_exact_top_k(sq4_index: Index):
    """Far from every usage, cosines barely differ and the norms decide the order."""
    found = sq4_index.candidates("w")
    for seed in range(5):
        direction = np.random.default_rng(seed).standard_normal(DIM).astype(np.float32)
        fast = coded_top(sq4_index, found, direction, 20)
        assert fast is not None
        assert fast[0].tolist() == _exact(sq4_index, found, direction, 20)[0].tolist()


def test_search_gives_the_same_hits_either_way(sq4_index: Index, monkeypatch):
    searcher = Searcher(sq4_index, lambda: FakeEmbedder(DIM))
    like = [int(i) for i in sq4_index.candidates("w").ids[[5, 900, 4000]]]
    requests = [
        SearchRequest("w", like=like, k=20),
        SearchRequest("w", like=like[:1], unlike=like[1:2], k=10),
        SearchRequest("w", like=like, k=15, expand=5),
    ]
    fast = [searcher.search(r) for r in requests]
    monkeypatch.setattr(engine, "FAST_MIN", 10**9)  # every vector decoded and scored
    exact = [searcher.search(r) for r in requests]
    for got, want in zip(fast, exact, strict=True):
        assert [h.occurrence.id for h in got] == [h.occurrence.id for h in want]
        assert [h.score for h in got] == pytest.approx([h.score for h in want], abs=1e-6)


def test_sparse_rows_and_pq_codes_are_decoded_instead(sq4_index: Index, tmp_path: Path):
    found = sq4_index.candidates("w")
    direction = np.ones(DIM, dtype=np.float32)
    scattered = found.take(np.arange(0, len(found), 3))  # as after a filter
    assert sq4_index.inner_products(scattered, direction) is not None  # a third of a span
    sparse = found.take(np.arange(0, len(found), 10))  # 1 row in 20 of the word's span
    assert sq4_index.inner_products(sparse, direction) is None
    pq = ShardFolder(tmp_path, 8, "pq")  # pq trains on 10,000 vectors or more
    pq.write("a.faiss", np.random.default_rng(0).standard_normal((10_000, 8)))
    assert not pq.can_scan("a.faiss")


@pytest.mark.parametrize("k", [1, 20, 200])
def test_codes_give_the_exact_centred_top_k(sq4_index: Index, k: int):
    """The default scoring (centred on the word's mean) on the codes: the same top k as
    every decoded vector centred and scored."""
    found = sq4_index.candidates("w")
    centre = word_centre(found.ids, sq4_index.vectors_of(found))
    rng = np.random.default_rng(k)
    stored = sq4_index.vectors_of(found.take(rng.choice(len(found), 5, replace=False)))
    for usage in stored:
        direction = centred_rows(usage[None, :], centre.mean)[0]
        scoring = scoring_for(centre.of(found.ids), direction)
        assert scoring.centred
        fast = coded_top(sq4_index, found, direction, k, scoring)
        assert fast is not None
        units = centred_rows(sq4_index.vectors_of(found), centre.mean)
        exact = units @ direction  # the cosine of centred vectors, computed directly
        order = _top(exact, k)
        assert fast[0].tolist() == order.tolist()
        np.testing.assert_allclose(fast[1], exact[order], rtol=1e-4, atol=1e-5)
