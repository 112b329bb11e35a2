"""``vectors add`` with the real encoder: vectors added later, half the lemmas then the
rest, match those an all-at-once index holds (batching across other sentences may move
the last digits: cosine >= 0.9999 for every occurrence) and ranked queries give the
same top k."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

import sensegrep
from sensegrep import api
from sensegrep.storage import any_word
from sensegrep.storage.occurrences import vectors

from ..helpers import QUERIES, REPO, write_jsonl

WORDS = ("bank", "spring", "crane")


def _small_corpus(path: Path) -> Path:
    """Eight documents of each of WORDS from the example corpus (about 500 tokens)."""
    records = [json.loads(line) for line in (REPO / "examples" / "corpus.jsonl").open()]
    picked = []
    for word in WORDS:
        picked += [r for r in records if f" {word}" in r["text"].lower()][:8]
    return write_jsonl(path, picked)


def _all_vectors(idx: sensegrep.SenseIndex) -> tuple[np.ndarray, np.ndarray]:
    where = any_word.locations(idx.storage, 0)
    return where[:, 0], vectors(idx.storage, where[:, 1], where[:, 2])


@pytest.mark.model
def test_vectors_added_later_match_an_all_at_once_index(tmp_path: Path, minilm_embedder):
    corpus = _small_corpus(tmp_path / "corpus.jsonl")
    common = {"tagger": "none", "progress": False}
    sensegrep.add(tmp_path / "full", corpus, embedder=minilm_embedder, vectors="f16", **common)
    sensegrep.add(tmp_path / "text", corpus, vectors_for="none", **common)
    lemmas = [e["lemma"] for e in api.vector_status(tmp_path / "full", top=100_000)["top_lemmas"]]
    half = lemmas[::2]
    options = {"embedder": minilm_embedder, "vectors": "f16", "batch_vectors": 64}
    api.add_vectors(tmp_path / "text", half, **options)
    api.add_vectors(tmp_path / "text", every=True, **options)
    with sensegrep.open(tmp_path / "full") as full, sensegrep.open(tmp_path / "text") as text:
        full_ids, full_vectors = _all_vectors(full)
        text_ids, text_vectors = _all_vectors(text)
        np.testing.assert_array_equal(full_ids, text_ids)
        a = full_vectors / np.linalg.norm(full_vectors, axis=1, keepdims=True)
        b = text_vectors / np.linalg.norm(text_vectors, axis=1, keepdims=True)
        cosines = np.einsum("ij,ij->i", a, b)
        assert cosines.min() >= 0.9999, cosines.min()
        for (word, _sense), example in QUERIES.items():
            if word in WORDS:
                top = full.search(word, example=example, k=5).ids
                assert text.search(word, example=example, k=5).ids == top
        assert text.vector_status()["lemmas_with_vectors"] == len(lemmas)
