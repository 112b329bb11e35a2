"""A deterministic fake embedder for fast CLI and storage tests.

Each word's vector is seeded by its lower-cased form plus a little of its neighbours,
so identical contexts give identical vectors. It knows nothing about senses: never use
it as evidence that sense search works.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from sensegrep.embedder.base import Embedder, EmbedderConfig


def _word_vector(word: str, dim: int) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha256(word.lower().encode("utf-8")).digest()[:8], "little")
    return np.random.default_rng(seed).standard_normal(dim).astype(np.float32)


class FakeEmbedder(Embedder):
    def __init__(self, dim: int = 16) -> None:
        self._config = EmbedderConfig(model=f"fake:{dim}", layers=(0,), pooling="mean", dim=dim)

    @property
    def config(self) -> EmbedderConfig:
        return self._config

    def embed(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        dim = self._config.dim
        out = []
        for words in sentences:
            own = [_word_vector(w, dim) for w in words]
            rows = []
            for i, vec in enumerate(own):
                context = sum((own[j] for j in (i - 1, i + 1) if 0 <= j < len(own)), np.zeros(dim))
                rows.append(vec + 0.3 * context)
            out.append(np.asarray(rows, dtype=np.float32).reshape(len(words), dim))
        return out
