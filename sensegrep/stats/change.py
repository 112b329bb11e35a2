"""Semantic change of words between two groups of documents (``sensegrep change``).

The two measures of SemEval-2020 Task 1, subtask 2 (graded change; Schlechtweg et al.
2020, "SemEval-2020 Task 1: Unsupervised Lexical Semantic Change Detection"):

- **APD**, average pairwise distance (Giulianelli et al. 2020; Kutuzov & Giulianelli
  2020): the mean cosine distance ``1 − cos(x, y)`` over every pair of an occurrence
  vector ``x`` of group A and ``y`` of group B, in [0, 2]. The mean of the cosines of
  all pairs is the dot product of the two groups' mean unit vectors, so every pair is
  counted in O((n + m)·d), not O(n·m·d). A word with more than ``sample`` occurrences
  in a group has a seeded sample of ``sample`` of them read (default 1000 a group,
  1000 × 1000 pairs; seed 0, one generator per word, so a word's figure does not depend
  on the other words listed).
- **JSD**, the Jensen–Shannon divergence (base 2, in [0, 1]) of the word's sense
  distributions in the two groups: the share of its occurrences in each sense of its
  current sense run (``senses WORD``), in A and in B. 0: the same mix of senses; 1: no
  sense in common.

An occurrence belongs to a group when its document does (``--where`` conditions on the
field ``--by``; both groups may further be restricted by the same ``--where``/``--doc``):
when it is in one of the sentences of the group's subcorpus (stats/corpus.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from sensegrep.cells import per_million

if TYPE_CHECKING:
    from sensegrep.senses.runs import SenseRun
    from sensegrep.stats.corpus import CorpusTokens
    from sensegrep.storage import Candidates, Index

APD_SAMPLE = 1000  # occurrences of a group read for APD, at most


def unit_mean(vectors: np.ndarray) -> np.ndarray:
    """The mean of the vectors scaled to length 1 (a zero vector stays zero)."""
    x = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return (x / np.where(norms > 0, norms, 1.0)).mean(axis=0)


def apd(a: np.ndarray, b: np.ndarray) -> float:
    """Average pairwise cosine distance between the rows of ``a`` and those of ``b``:
    ``mean over (i, j) of 1 − cos(a_i, b_j)`` = ``1 − mean unit(a) · mean unit(b)``."""
    # never below 0: identical usages give 1 − 1.0000000000000002 (-0.0 once rounded)
    return max(0.0, float(1.0 - unit_mean(a) @ unit_mean(b)))


def jsd(p: np.ndarray, q: np.ndarray) -> float:
    """Jensen–Shannon divergence, base 2, of two distributions given as counts (or
    weights) over the same senses: ``½ KL(p‖m) + ½ KL(q‖m)`` with ``m = (p + q) / 2``."""
    p = np.asarray(p, dtype=np.float64)
    q = np.asarray(q, dtype=np.float64)
    p, q = p / p.sum(), q / q.sum()
    m = (p + q) / 2
    return float(min(max(_kl(p, m) / 2 + _kl(q, m) / 2, 0.0), 1.0))


def _kl(p: np.ndarray, m: np.ndarray) -> float:
    inside = p > 0  # 0 · log 0 = 0; m > 0 wherever p > 0
    return float(np.sum(p[inside] * np.log2(p[inside] / m[inside])))


@dataclass(frozen=True)
class Groups:
    """The two groups: each one's tokens (the subcorpus its conditions keep), and the
    ``--where`` conditions that select it (to list its lines)."""

    tokens: tuple[CorpusTokens, CorpusTokens]
    where: tuple[list[str], list[str]]

    def inside(self, token_ids: np.ndarray) -> list[np.ndarray]:
        """For each group, which of ``token_ids`` are in it: in one of its sentences (a
        binary search among their first token ids; no lookup in the database)."""
        return [_in_sentences(group, token_ids) for group in self.tokens]


def _in_sentences(tokens: CorpusTokens, token_ids: np.ndarray) -> np.ndarray:
    ids = np.asarray(token_ids, dtype=np.int64)
    firsts = tokens.sentence_tokens
    if not len(firsts):
        return np.zeros(len(ids), dtype=bool)
    sentence = np.searchsorted(firsts, ids, side="right") - 1
    sizes = np.diff(tokens.sentence_starts)
    at = np.maximum(sentence, 0)
    return (sentence >= 0) & (ids < firsts[at] + sizes[at])


@dataclass(frozen=True)
class ChangeRow:
    word: str
    freq_a: int  # occurrences with a sense vector: what apd and jsd compare
    freq_b: int
    # Every token of the word in each group, vector or not: the lines `search WORD
    # --where where_a` lists, and what per_million_a/_b are of (the word's frequency).
    matches_a: int
    matches_b: int
    per_million_a: float | None
    per_million_b: float | None
    apd: float | None
    jsd: float | None
    senses: int | None  # the run's number of senses
    sense_run: int | None
    where_a: list[str]
    where_b: list[str]


def frequent_lemmas(tokens_a: CorpusTokens, tokens_b: CorpusTokens, min_freq: int) -> list[str]:
    """The lemmas (keys) seen at least ``min_freq`` times in each group, punctuation
    left out: the words a default ``change`` looks at (those with vectors among them)."""
    from sensegrep.stats.corpus import lemma_keys, punctuation_of

    codes, names = lemma_keys(tokens_a.index)
    counts = [
        np.bincount(codes[t.column("lemma")], minlength=len(names)) for t in (tokens_a, tokens_b)
    ]
    frequent = (counts[0] >= min_freq) & (counts[1] >= min_freq)
    frequent &= ~punctuation_of(names)
    return [names[c] for c in np.flatnonzero(frequent).tolist() if names[c]]


def word_change(
    index: Index,
    lemma: str,
    found: Candidates,
    groups: Groups,
    run: SenseRun | None,
    *,
    matches: tuple[int, int] | None = None,
    sample: int = APD_SAMPLE,
    seed: int = 0,
) -> ChangeRow:
    """One word's row: its occurrences (``found``, with vectors) in each group, APD
    between them and JSD of their senses in ``run`` (None: no run, no jsd); ``matches``:
    every token of the word in each group, vector or not (None: the occurrences)."""
    inside = groups.inside(found.ids)
    freq = [int(mask.sum()) for mask in inside]
    distance = None
    if all(freq):
        rng = np.random.default_rng(seed)
        a, b = (_sampled(np.flatnonzero(mask), sample, rng) for mask in inside)
        distance = round(apd(index.vectors_of(found.take(a)), index.vectors_of(found.take(b))), 4)
    divergence = None
    if run is not None and all(freq):
        p, q = (_sense_counts(run, found.ids[mask]) for mask in inside)
        divergence = round(jsd(p, q), 4) if p.sum() and q.sum() else None
    every = matches or (freq[0], freq[1])
    return ChangeRow(
        word=lemma,
        freq_a=freq[0],
        freq_b=freq[1],
        matches_a=every[0],
        matches_b=every[1],
        per_million_a=_per_million(every[0], groups.tokens[0].size),
        per_million_b=_per_million(every[1], groups.tokens[1].size),
        apd=distance,
        jsd=divergence,
        senses=None if run is None else run.k,
        sense_run=None if run is None else run.id,
        where_a=groups.where[0],
        where_b=groups.where[1],
    )


def _sampled(positions: np.ndarray, most: int, rng: np.random.Generator) -> np.ndarray:
    if len(positions) <= most:
        return positions
    return np.sort(rng.choice(positions, size=most, replace=False))


def _sense_counts(run: SenseRun, ids: np.ndarray) -> np.ndarray:
    """How many of ``ids`` are in each sense of ``run`` (those it has: all of a word's
    occurrences with a vector, once completed)."""
    at = np.minimum(np.searchsorted(run.ids, ids), max(len(run.ids) - 1, 0))
    known = run.ids[at] == ids if len(run.ids) else np.zeros(len(ids), dtype=bool)
    return np.bincount(run.senses[at[known]] - 1, minlength=run.k)


def _per_million(count: int, tokens: int) -> float | None:
    return per_million(count, tokens) if tokens else None


def ranked(rows: list[ChangeRow], by: str) -> list[ChangeRow]:
    """Highest ``by`` (apd or jsd) first, words without it last; ties by word."""

    def key(row: ChangeRow) -> tuple[bool, float, str]:
        value: Any = getattr(row, by)
        return (value is None, -(value or 0.0), row.word)

    return sorted(rows, key=key)
