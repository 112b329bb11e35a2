"""A word with more occurrences than ``MAX_FIT`` is clustered on a seeded sample and
every occurrence joins its nearest centroid: the senses agree with clustering them all."""

from __future__ import annotations

import numpy as np
from sklearn.metrics import adjusted_rand_score

from sensegrep.senses import induce


def _three_senses(n: int, dim: int = 16) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    centres = rng.standard_normal((3, dim)) * 2
    truth = rng.choice(3, size=n, p=[0.6, 0.3, 0.1])
    vectors = centres[truth] + rng.standard_normal((n, dim))
    return vectors.astype(np.float32), truth


def test_sampled_clustering_agrees_with_clustering_everything():
    vectors, truth = _three_senses(2_500)
    sampled = induce.induce(vectors, params=induce.Params(max_fit=500, max_k=4, n_init=2))
    full = induce.induce(vectors, params=induce.Params(max_fit=2_500, max_k=4, n_init=2))
    assert sampled.k == full.k == 3
    assert adjusted_rand_score(full.labels, sampled.labels) > 0.99
    assert adjusted_rand_score(truth, sampled.labels) > 0.99


def test_per_sense_sample_keeps_every_sense():
    labels = np.repeat([0, 1, 2], [5_000, 300, 4])
    picked = induce.per_sense_sample(labels, 100)
    assert np.bincount(labels[picked]).tolist() == [100, 100, 4]
    assert (np.diff(picked) > 0).all()
    assert induce.per_sense_sample(labels, 5_000).tolist() == list(range(len(labels)))
