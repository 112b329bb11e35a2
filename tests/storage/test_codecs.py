"""Vector codecs (`index --vectors f16|sq8|sq4|pq`): each round-trips vectors within its
precision, is recorded in the index and refused when another is asked for, trains once
on a batch large enough, and still ranks the example corpus's sense queries."""

from __future__ import annotations

import json
from pathlib import Path

import faiss
import numpy as np
import pytest

import sensegrep
from sensegrep.choices import VECTOR_CODECS
from sensegrep.errors import IndexMismatchError
from sensegrep.storage import Index
from sensegrep.storage import vectors as storage
from sensegrep.storage.vectors import CODECS, ShardFolder

from ..helpers import (
    CONFIG,
    DIM,
    EXAMPLES,
    RIVER,
    RIVER_DOCS,
    make_document,
    prepared,
    run,
    write_jsonl,
)

# codec: (bytes per vector at 64 dimensions, least mean cosine to the original)
EXPECTED = {"f16": (128, 0.9999), "sq8": (64, 0.999), "sq4": (32, 0.98), "pq": (8, 0.6)}


def test_the_cli_offers_every_codec():
    assert VECTOR_CODECS == CODECS


@pytest.mark.parametrize("codec", CODECS)
def test_each_codec_round_trips_within_its_precision(tmp_path: Path, codec: str):
    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((12_000, 64)).astype(np.float32)
    store = ShardFolder(tmp_path, 64, codec)
    store.write("a.faiss", vectors)
    rows = np.arange(0, 12_000, 7)
    back = store.rows("a.faiss", rows)
    cosine = np.sum(back * vectors[rows], axis=1) / (
        np.linalg.norm(back, axis=1) * np.linalg.norm(vectors[rows], axis=1)
    )
    code_bytes, least = EXPECTED[codec]
    assert store._mapped("a.faiss")[1].shape == (12_000, code_bytes)
    assert cosine.mean() >= least, cosine.mean()


def test_a_codec_is_trained_once_and_small_first_batches_wait_in_f16(tmp_path, monkeypatch):
    monkeypatch.setitem(storage.TRAIN_MIN, "sq4", 40)
    docs = [make_document(f"d{i}", ["bank", "river"]) for i in range(30)]
    with Index.open_for_writing(tmp_path / "idx", CONFIG, "sq4") as index:
        small, n = prepared(docs[:5])
        index.add_batch(small, np.ones((n, DIM), np.float32))  # 10 vectors: not enough
        assert not (index.shards.folder / storage.TRAINED_NAME).exists()
        big, n = prepared(docs[5:])
        index.add_batch(big, np.random.default_rng(0).standard_normal((n, DIM), np.float32))
        assert (index.shards.folder / storage.TRAINED_NAME).exists()
        assert sorted(_codes_per_vector(index)) == [DIM // 2, DIM * 2]  # sq4 and f16
        assert index.compact(max_shards=0)
        assert _codes_per_vector(index) == [DIM // 2]  # rewritten in the codec
        assert len(index.candidates("bank")) == 30 and index.check() == []


def _codes_per_vector(index: Index) -> list[int]:
    return [faiss.read_index(str(path)).code_size for path in index.shards.folder.glob("*.faiss")]


def test_the_codec_is_recorded_and_another_is_refused(tmp_path, runner):
    corpus = write_jsonl(tmp_path / "c.jsonl", [{"id": "a", "text": "The bank of the river."}])
    idx = tmp_path / "idx"
    code, _, err = run(runner, idx, "index", str(corpus), "--model", "fake:16", "--vectors", "sq8")
    assert code == 0, err
    assert json.loads(run(runner, idx, "info", "--json")[1])["vectors"] == "sq8"
    code, _, err = run(runner, idx, "index", str(corpus), "--vectors", "pq")
    assert code == 1
    assert err.strip() == (
        f"Error: {idx} stores its vectors as sq8, not pq: leave out --vectors, "
        "or use another --index folder"
    )
    with pytest.raises(IndexMismatchError):
        Index.open_for_writing(idx, Index.open(idx).embedder_config, "f16")


@pytest.mark.model
@pytest.mark.parametrize("codec", CODECS)
def test_every_codec_ranks_river_banks_first(tmp_path, monkeypatch, minilm_embedder, codec):
    monkeypatch.setitem(storage.TRAIN_MIN, "pq", 2_000)  # the corpus has ~5,900 vectors
    corpus = EXAMPLES / "corpus.jsonl"
    with sensegrep.build(tmp_path / "i", corpus, embedder=minilm_embedder, vectors=codec) as idx:
        assert idx.info()["vectors"] == codec
        top = idx.search("bank", RIVER, k=5)
        assert {h.doc for h in top} <= RIVER_DOCS, [h.sentence for h in top]
