"""Per-word centring of sense-search scores (issue 25 §1, BENCHMARKS.md "Sense quality
III: ranking").

The vectors of one word's occurrences share a large common component (the word itself,
and the encoder's anisotropy), so raw cosines between them are all high and that
component, not the sense, decides much of a ranking. A search therefore scores each
occurrence by its cosine to the positives *after* subtracting the mean μ of the unit
vectors of all the word's occurrences from both sides:

    score(v) = mean_p cos(v̂ − μ, p̂ − μ) − UNLIKE_WEIGHT · mean_n cos(v̂ − μ, n̂ − μ)

On CoarseWSD-20 (dev, words cross-validated) this lifted P@10 from 83.5 to 85.5 and
1-NN from 89.3 to 91.5, and several examples gain more than one does; an --unlike usage
counting half (λ = 0.5) beat counting fully. Only the ranking changes: the stored vectors
(and so classify, WSD and compare) are untouched.

As one dot product per candidate: with ``d`` the direction (the centred positives' mean
minus λ times the centred negatives'), ``cos(v̂ − μ, d) ∝ (v̂·d − μ·d) / |v̂ − μ|``, where
``|v̂ − μ| = sqrt(1 − 2 v̂·μ + |μ|²)`` does not depend on the query: it is computed once
per word and index state, with μ, and kept (``WordCentre``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from sensegrep.choices import SEARCH_SCORINGS
from sensegrep.embedder.base import unit_rows

# How the two scorings are named (the ``scoring`` search parameter).
CENTRED, COSINE = SEARCH_SCORINGS
# A word with fewer occurrences is scored by plain cosine: with one occurrence the
# centred vector is zero, with two centring ranks them as the plain cosine does.
CENTRE_MIN = 3
# The weight of the negatives' centroid against the positives' (``--unlike``,
# ``--unlike-example``), chosen on CoarseWSD-20 dev by 2-fold cross-validation over
# words: λ = 0.5 on both folds (P@10 87.1, against 85.6 at the former λ = 1).
UNLIKE_WEIGHT = 0.5
# A centred vector this short is the mean itself: it scores 0 rather than dividing by 0.
SHORTEST = 1e-6


@dataclass(frozen=True)
class WordCentre:
    """The mean μ of the unit vectors of a word's occurrences ``ids`` (ascending) and
    each occurrence's centred length |v̂ − μ|."""

    ids: np.ndarray
    mean: np.ndarray
    lengths: np.ndarray

    def lengths_of(self, ids: np.ndarray) -> np.ndarray | None:
        """The centred lengths of ``ids`` (ascending), or None when one is not among
        this word's occurrences."""
        if not len(self.ids):
            return None
        if np.array_equal(ids, self.ids):  # every occurrence: no search (100x faster)
            return self.lengths
        at = np.minimum(np.searchsorted(self.ids, ids), len(self.ids) - 1)
        return self.lengths[at] if bool((self.ids[at] == ids).all()) else None

    def of(self, ids: np.ndarray) -> Centre | None:
        """This centre for the candidates ``ids`` (ascending), or None when one is not
        among this word's occurrences."""
        lengths = self.lengths_of(ids)
        return None if lengths is None else Centre(self.mean, _inverse(lengths))


@dataclass(frozen=True)
class Centre:
    """A word's mean, and 1 / |v̂ − μ| of each candidate being ranked (0 for one at the
    mean, which then scores 0 rather than dividing by 0)."""

    mean: np.ndarray
    inverse_lengths: np.ndarray


def _inverse(lengths: np.ndarray) -> np.ndarray:
    inverse = np.zeros(len(lengths), dtype=np.float32)
    np.divide(1.0, lengths, out=inverse, where=lengths >= SHORTEST)
    return inverse


def word_centre(ids: np.ndarray, vectors: np.ndarray | list[np.ndarray]) -> WordCentre:
    """The centre of occurrences ``ids`` (ascending) whose vectors are ``vectors`` (one
    array, or pieces of it in order)."""
    pieces = [vectors] if isinstance(vectors, np.ndarray) else vectors
    pieces = [np.asarray(p, dtype=np.float32) for p in pieces]
    # The unit rows are never formed: Σ v̂ = (1/|v|)ᵀ V and v̂·μ = (V μ) / |v|, two
    # matrix-vector products over the decoded rows (at 100,000 occurrences of 768
    # dimensions, forming them wrote 300 MB and took two thirds of the word's first query).
    inverse = [_inverse_norms(p) for p in pieces]
    total = np.zeros(pieces[0].shape[1], dtype=np.float64)
    for piece, inv in zip(pieces, inverse, strict=True):
        total += (inv @ piece).astype(np.float64)
    mean = (total / max(len(ids), 1)).astype(np.float32)
    lengths = [
        _lengths((p @ mean) * inv, mean, (inv > 0).astype(np.float32))
        for p, inv in zip(pieces, inverse, strict=True)
    ]
    return WordCentre(np.asarray(ids, dtype=np.int64), mean, np.concatenate(lengths))


def _inverse_norms(vectors: np.ndarray) -> np.ndarray:
    """1 / |v| of each row; 0 for a zero row, whose unit row stays zero."""
    norms = np.sqrt(np.einsum("ij,ij->i", vectors, vectors))
    inverse = np.zeros(len(norms), dtype=np.float32)
    np.divide(1.0, norms, out=inverse, where=norms >= 1e-12)
    return inverse


def centred_lengths(units: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """|v̂ − μ| of unit rows: sqrt(1 − 2 v̂·μ + |μ|²), without forming v̂ − μ."""
    return _lengths(units @ mean, mean)


def _lengths(dots: np.ndarray, mean: np.ndarray, unit_squares: Any = 1.0) -> np.ndarray:
    """|v̂ − μ| from v̂·μ: sqrt(|v̂|² − 2 v̂·μ + |μ|²), |v̂|² being 1 (0 for a zero row)."""
    squares = unit_squares - 2.0 * dots + float(mean @ mean)
    return np.sqrt(np.maximum(squares, 0.0)).astype(np.float32)


def centred_rows(vectors: np.ndarray, mean: np.ndarray) -> np.ndarray:
    """Each row's unit vector less the mean, scaled to length 1 (a query's positives and
    negatives, or feedback hits, before they are averaged)."""
    return unit_rows(unit_rows(vectors) - mean[None, :])


@dataclass(frozen=True)
class Scoring:
    """How a candidate's cosine to the direction becomes its score: as is (plain
    cosine), or centred: (cosine − μ·d) / |v̂ − μ|."""

    offset: float = 0.0
    inverse_lengths: np.ndarray | None = None  # per candidate, in the candidates' order

    @property
    def centred(self) -> bool:
        return self.inverse_lengths is not None

    def __call__(self, cosines: np.ndarray, positions: np.ndarray | None = None) -> np.ndarray:
        """The scores of candidates (``positions`` among them; all when None) whose
        cosines to the direction are ``cosines``."""
        if self.inverse_lengths is None:
            return cosines
        inverse = self.inverse_lengths if positions is None else self.inverse_lengths[positions]
        return ((cosines - np.float32(self.offset)) * inverse).astype(np.float32, copy=False)


PLAIN = Scoring()


def scoring_for(centre: Centre | None, direction: np.ndarray) -> Scoring:
    """The scoring of the candidates against ``direction``: centred on ``centre`` when
    there is one, else plain cosine."""
    if centre is None:
        return PLAIN
    return Scoring(float(centre.mean @ direction), centre.inverse_lengths)
