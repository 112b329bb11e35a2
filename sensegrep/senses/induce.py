"""Sense induction: cluster one word's occurrence vectors into senses.

Method (chosen on labelled development data, see BENCHMARKS.md, "Sense induction"):

1. Unit-normalise the vectors, subtract the word's mean vector and normalise again.
   Every occurrence of a word shares a large common direction that says nothing about
   its sense; cosine after centring compares what differs between occurrences.
2. k-means (k = 2…8, several seeded starts) on these vectors; k is the one with the
   highest mean silhouette (cosine) among those whose every sense has at least
   ``MIN_SIZE`` occurrences (two look-alike sentences are not a sense).
3. One sense when even that best silhouette is below ``MIN_SILHOUETTE``: no split
   separates the occurrences clearly. The silhouette is a ratio of distances, so what
   counts is whether the occurrences fall into groups, not how spread out they are.

Senses are numbered by size (0 = biggest here; the commands show 1, 2, …).
Words with more than ``MAX_FIT`` occurrences are clustered on a seeded sample of that
many, and every occurrence then joins its nearest centroid. The word's mean vector and
the senses' centroids are kept with the run (``Induction.centre``, ``.centroids``):
an occurrence added later joins its nearest centroid the same way (:func:`assign`).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

MAX_K = 8
# Below this best silhouette a word gets one sense. The value that scored best on the
# development data (BENCHMARKS.md, "Sense induction"), the same for every word.
MIN_SILHOUETTE = 0.125
MIN_SIZE = 3
MAX_FIT = 3000
N_INIT = 4
SEED = 0


@dataclass(frozen=True)
class Params:
    max_k: int = MAX_K
    min_silhouette: float = MIN_SILHOUETTE
    min_size: int = MIN_SIZE
    max_fit: int = MAX_FIT
    n_init: int = N_INIT
    seed: int = SEED

    @property
    def key(self) -> str:
        """Names the method and its settings: a stored run made otherwise is stale."""
        return (
            f"v1 kmeans-silhouette/centred-cosine max_k={self.max_k} "
            f"min_silhouette={self.min_silhouette} min_size={self.min_size} "
            f"max_fit={self.max_fit} "
            f"n_init={self.n_init} seed={self.seed}"
        )


@dataclass
class Induction:
    """``labels[i]``: the sense of occurrence i (0 = biggest sense); ``typicality[i]``:
    its cosine to its sense's centroid; ``silhouettes``: the mean silhouette of each k
    tried (empty when k was forced)."""

    labels: np.ndarray
    typicality: np.ndarray
    silhouettes: dict[int, float] = field(default_factory=dict)
    # The word's mean unit vector (subtracted by ``prepare``) and the unit centroid of
    # each sense in the prepared space, by sense number: what :func:`assign` needs.
    centre: np.ndarray | None = None
    centroids: np.ndarray | None = None

    @property
    def k(self) -> int:
        return int(self.labels.max()) + 1 if len(self.labels) else 0


def prepare(vectors: np.ndarray) -> np.ndarray:
    """Unit vectors, centred on the word's mean, unit again (float64 for stable sums)."""
    return prepared(vectors)[0]


def prepared(
    vectors: np.ndarray, centre: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """``prepare``'s vectors and the mean unit vector subtracted: the word's own, or
    ``centre`` (a run's, for occurrences added since)."""
    # In place on one float64 copy: temporaries of a word with 1M occurrences (2 GiB
    # each) took most of its first `senses`.
    x = np.array(vectors, dtype=np.float64)
    _unit_in_place(x)
    mean = x.mean(axis=0) if centre is None else np.asarray(centre, dtype=np.float64)
    x -= mean
    return _unit_in_place(x), mean


def assign(vectors: np.ndarray, centre: np.ndarray, centres: np.ndarray) -> np.ndarray:
    """The sense (0 = the first) of each vector: its nearest centroid by cosine after
    the run's centring, as induction assigns the occurrences outside its sample. A
    centroid of no occurrence (zero) is never nearest."""
    x, _ = prepared(vectors, centre)
    scores = x @ centres.T
    scores[:, np.linalg.norm(centres, axis=1) == 0] = -np.inf
    return np.argmax(scores, axis=1).astype(np.int64)


def induce(vectors: np.ndarray, n: int | None = None, params: Params | None = None) -> Induction:
    """Cluster one word's occurrence vectors; ``n`` forces the number of senses."""
    params = params or Params()
    x, centre = prepared(vectors)
    fit = _fit_sample(len(x), params)
    if n is not None:
        labels, silhouettes = kmeans(x[fit], n, params), {}
    else:
        tried = clusterings(x[fit], params)
        silhouettes = {k: score for k, (_labels, score) in tried.items()}
        k = choose_k(silhouettes, params.min_silhouette)
        labels = tried[k][0] if k > 1 else np.zeros(len(fit), dtype=np.int64)
    if len(fit) < len(x):
        labels = nearest(x, centroids(x[fit], labels))
    labels = by_size(labels)
    centres = centroids(x, labels)
    return Induction(labels, typicality(x, labels, centres), silhouettes, centre, centres)


def choose_k(silhouettes: Mapping[int, float], min_silhouette: float) -> int:
    """The k with the best silhouette, or 1 when none reaches ``min_silhouette``."""
    if not silhouettes:
        return 1
    best = max(silhouettes, key=lambda k: (silhouettes[k], -k))
    return best if silhouettes[best] >= min_silhouette else 1


def clusterings(x: np.ndarray, params: Params) -> dict[int, tuple[np.ndarray, float]]:
    """k-means for k = 2…max_k: labels and mean silhouette (cosine) of each admissible
    k, i.e. one whose every cluster has at least ``min_size`` members."""
    from sklearn.metrics import silhouette_score

    out = {}
    for k in range(2, min(params.max_k, len(x) - 1) + 1):
        labels = kmeans(x, k, params)
        if admissible(labels, params.min_size):
            out[k] = (labels, round(float(silhouette_score(x, labels, metric="cosine")), 4))
    return out


def admissible(labels: np.ndarray, min_size: int) -> bool:
    """At least two clusters, none smaller than ``min_size`` (duplicate vectors can
    leave k-means fewer distinct clusters than asked for)."""
    sizes = np.bincount(labels)
    sizes = sizes[sizes > 0]
    return len(sizes) >= 2 and int(sizes.min()) >= min_size


def kmeans(x: np.ndarray, k: int, params: Params) -> np.ndarray:
    from sklearn.cluster import KMeans

    if k <= 1 or len(x) <= 1:
        return np.zeros(len(x), dtype=np.int64)
    with warnings.catch_warnings():
        # "Number of distinct clusters found smaller than n_clusters": duplicates; the
        # empty clusters vanish when the labels are renumbered.
        warnings.simplefilter("ignore")
        model = KMeans(n_clusters=min(k, len(x)), n_init=params.n_init, random_state=params.seed)
        return model.fit_predict(x).astype(np.int64)


def _fit_sample(n: int, params: Params) -> np.ndarray:
    if n <= params.max_fit:
        return np.arange(n)
    rng = np.random.default_rng(params.seed)
    return np.sort(rng.choice(n, size=params.max_fit, replace=False))


def per_sense_sample(labels: np.ndarray, per_sense: int, seed: int = SEED) -> np.ndarray:
    """Positions (ascending) of at most ``per_sense`` occurrences of each sense, seeded;
    every position when no sense has more."""
    counts = np.bincount(labels) if len(labels) else np.zeros(0, dtype=np.int64)
    if not len(counts) or counts.max() <= per_sense:
        return np.arange(len(labels))
    rng = np.random.default_rng(seed)
    picked = []
    for sense in range(len(counts)):
        members = np.flatnonzero(labels == sense)
        if len(members) > per_sense:
            members = rng.choice(members, size=per_sense, replace=False)
        picked.append(members)
    return np.sort(np.concatenate(picked))


def by_size(labels: np.ndarray) -> np.ndarray:
    """Renumber 0…k-1 by decreasing size (ties: first occurrence first), no gaps."""
    values, first, counts = np.unique(labels, return_index=True, return_counts=True)
    order = np.lexsort((first, -counts))
    renumber = np.empty(values.max() + 1 if len(values) else 0, dtype=np.int64)
    renumber[values[order]] = np.arange(len(values))
    return renumber[labels]


def centroids(x: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Unit mean vector of each label 0…max."""
    k = int(labels.max()) + 1 if len(labels) else 0
    # One matrix product with the labels' one-hot rows: np.add.at took most of the
    # first `senses` of a word with 1M occurrences.
    one_hot = np.zeros((len(labels), k), dtype=x.dtype)
    one_hot[np.arange(len(labels)), labels] = 1
    return _unit(one_hot.T @ x)


def nearest(x: np.ndarray, centres: np.ndarray) -> np.ndarray:
    return np.argmax(x @ centres.T, axis=1).astype(np.int64)


def typicality(x: np.ndarray, labels: np.ndarray, centres: np.ndarray | None = None) -> np.ndarray:
    """Cosine of each occurrence to the centroid of its sense."""
    if not len(x):
        return np.zeros(0)
    centres = centroids(x, labels) if centres is None else centres
    return (x @ centres.T)[np.arange(len(x)), labels]  # no copy of a centre per row


# -- dictionary examples ---------------------------------------------------------------

CANDIDATES = 25  # the most typical occurrences of a sense that examples are picked from
GOOD_LENGTH = (5, 30)  # words
_ENDINGS = tuple(".!?\"'”’)")


def candidates(induction: Induction, per_sense: int = CANDIDATES) -> list[np.ndarray]:
    """Positions of each sense's most typical occurrences, most typical first."""
    out = []
    for sense in range(induction.k):
        members = np.flatnonzero(induction.labels == sense)
        order = np.argsort(-induction.typicality[members], kind="stable")
        out.append(members[order[:per_sense]])
    return out


def example_flaws(sentence: str) -> int:
    """0 for a good dictionary example (a complete sentence of 5–30 words); 1 for each
    flaw: too short or too long, not starting with a capital, not ending in . ! ?"""
    text = sentence.strip()
    n_words = len(text.split())
    flaws = int(not GOOD_LENGTH[0] <= n_words <= GOOD_LENGTH[1])
    flaws += int(not text[:1].isupper() and not text[:1].isdigit() and text[:1] not in "\"'“‘(")
    flaws += int(not text.endswith(_ENDINGS))
    return flaws


def pick_examples(ids: Sequence[int], sentences: Mapping[int, str], n: int) -> list[int]:
    """``n`` of ``ids`` (most typical first) as dictionary examples: fewest flaws first,
    then most typical, one per distinct sentence."""
    ranked = sorted(
        enumerate(ids), key=lambda pair: (example_flaws(sentences.get(pair[1], "")), pair[0])
    )
    chosen, seen = [], set()
    for _rank, occ_id in ranked:
        sentence = " ".join(sentences.get(occ_id, "").split()).lower()
        if sentence in seen:
            continue
        seen.add(sentence)
        chosen.append(int(occ_id))
        if len(chosen) == n:
            break
    return chosen


def _unit_in_place(x: np.ndarray) -> np.ndarray:
    x /= np.maximum(np.sqrt(np.einsum("ij,ij->i", x, x)), 1e-12)[:, None]
    return x


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(norms, 1e-12)
