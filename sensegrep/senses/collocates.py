"""Distinctive collocates of induced senses, by log-likelihood (G², Dunning 1993).

A context is the set of lemmas of the other content words of an occurrence's sentence
(a lemma counts once per context). For sense s and lemma w the 2×2 table is: contexts
of s with w (a), contexts of s (n1), contexts of the word's other senses with w (b),
and those contexts (n2). G² = 2 Σ O ln(O/E) over its four cells; only lemmas relatively
more frequent in s than in the reference (a/n1 > b/n2) are kept, so a high score means
"over-represented in this sense". For a word with one sense the reference is every
other sentence of the corpus instead.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from sensegrep.document import CONTENT_POS

TOP = 8

# Function words, for corpora without part-of-speech tags (plain text, JSONL): a
# collocate list full of "the" and "of" tells a lexicographer nothing.
_FUNCTION_WORDS = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing done down during
    each either else even ever every few for from further get gets got had has have
    having he her here hers herself him himself his how however i if in into is it its
    itself just least less let like many may me might mine more most much must my myself
    neither no nor not now of off on once one only or other ought our ours ourselves out
    over own per quite rather same shall she should since so some such than that the
    their theirs them themselves then there these they this those though through thus to
    too under until up upon us very via was we were what whatever when where whether
    which while who whom whose why will with within without would yet you your yours
    yourself yourselves 's n't 'm 're 've 'd 'll
"""
STOPWORDS = frozenset(_FUNCTION_WORDS.split())


def is_collocate(lemma: str, pos: str | None, target: str) -> bool:
    """Content words only: by POS when the corpus has it, else alphabetic non-stopwords."""
    key = lemma.lower()
    if key == target or len(key) < 2 or key in STOPWORDS or not any(c.isalpha() for c in key):
        return False
    return pos is None or pos in CONTENT_POS


def contexts(
    sentences: Mapping[int, Sequence[tuple[str, str | None]]], ids: Iterable[int], target: str
) -> list[frozenset[str]]:
    """The context (set of collocate lemmas, lower-cased) of each occurrence in ``ids``."""
    target = target.lower()
    return [
        frozenset(
            lemma.lower()
            for lemma, pos in sentences.get(int(i), ())
            if is_collocate(lemma, pos, target)
        )
        for i in ids
    ]


def g2(a: np.ndarray, n1: float, b: np.ndarray, n2: float) -> np.ndarray:
    """Log-likelihood G² of the 2×2 tables [[a, n1-a], [b, n2-b]], elementwise."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    total = n1 + n2
    present = a + b
    cells = ((a, n1, present), (n1 - a, n1, total - present))
    cells += ((b, n2, present), (n2 - b, n2, total - present))
    out = np.zeros_like(a)
    for observed, row, column in cells:
        expected = row * column / total
        with np.errstate(divide="ignore", invalid="ignore"):
            term = observed * np.log(observed / expected)
        out += np.where(observed > 0, term, 0.0)
    return 2.0 * out


def distinctive(
    inside: Counter[str], n_inside: int, outside: Mapping[str, int], n_outside: int, top: int = TOP
) -> list[tuple[str, float]]:
    """The ``top`` lemmas most over-represented in ``inside`` (counts over n_inside
    contexts) relative to ``outside``, with their G², best first (ties: more frequent,
    then alphabetical, so the order is stable)."""
    if not inside or n_outside <= 0:
        return []
    words = sorted(inside)
    a = np.array([inside[w] for w in words], dtype=np.float64)
    # A reference count can never exceed its total (a lemma twice in one sentence).
    b = np.array([min(outside.get(w, 0), n_outside) for w in words], dtype=np.float64)
    scores = g2(a, n_inside, b, n_outside)
    over = a / n_inside > b / n_outside
    ranked = sorted(
        (i for i in range(len(words)) if over[i]), key=lambda i: (-scores[i], -a[i], words[i])
    )
    return [(words[i], round(float(scores[i]), 3)) for i in ranked[:top]]


def sense_collocates(
    context_sets: Sequence[frozenset[str]],
    labels: np.ndarray,
    top: int = TOP,
    k: int | None = None,
) -> list[list[tuple[str, float]]]:
    """For each sense 0…k-1 (``labels`` per context, k ≥ 2; default: the highest
    label's): its distinctive collocates against the contexts of the other senses (none
    for a sense without a context)."""
    if k is None:
        k = int(labels.max()) + 1 if len(labels) else 0
    per_sense = [Counter[str]() for _ in range(k)]
    for words, label in zip(context_sets, labels, strict=True):
        per_sense[int(label)].update(words)
    sizes = np.bincount(labels, minlength=k)
    everything = sum(per_sense, Counter[str]())
    return [
        distinctive(
            per_sense[s], int(sizes[s]), everything - per_sense[s], int(len(labels) - sizes[s]), top
        )
        for s in range(k)
    ]
