"""Keywords (``sensegrep keywords``): items over- or under-represented in a focus corpus
against a reference corpus, and key senses.

Each item has its frequency ``a`` in the focus (``n1`` tokens) and ``b`` in the reference
(``n2`` tokens). Its 2×2 table is the item against every other token, in the focus and
in the reference::

                 focus      reference
    item         a          b
    other        n1 − a     n2 − b

and every row gets three measures:

- **ll**, the log-likelihood ratio G² (Dunning 1993; Rayson & Garside 2000), over the
  four cells: ``G² = 2 Σ O ln(O / E)`` with ``E`` each cell's expected frequency from its
  row and column totals (``E = row total × column total / (n1 + n2)``), and
  ``0 · ln 0 = 0``. (Rayson's online calculator and CQPweb sum the item's two cells only;
  the other two add little when the item is rare, and make G² the statistic whose
  chi-square distribution ``--max-p`` reads.)
- **logratio**, Log Ratio (Hardie 2014): ``log2((a / n1) / (b / n2))``, the binary log of
  the ratio of the relative frequencies: +1 is twice as frequent in the focus. A zero
  frequency is taken as 0.5 (Hardie's correction, as CQPweb's), so that an item absent
  from one side gets a finite value.
- **simple_maths** (Kilgarriff 2009, as Sketch Engine): ``(fpm1 + N) / (fpm2 + N)``, with
  ``fpm`` the frequencies per million tokens and ``N`` the smoothing (``--smoothing``,
  default 1): a small N favours rare items, a large one common items.

``direction`` says on which side the item is relatively more frequent: ``over`` (the
focus's keyword), ``under`` (the reference's) or ``equal``. The corpora's sizes count
every token, punctuation included, as frequency lists do.

A **key sense** is one sense of a word (its current sense run) taken as the item: its
occurrences in the focus and in the reference against the corpora's sizes, with the
same measures; each row also says the sense's share of the word's occurrences on each
side.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

import numpy as np

from sensegrep.cells import per_million
from sensegrep.errors import QueryError
from sensegrep.stats.corpus import CorpusTokens, Items

LOG_RATIO_ZERO = 0.5  # Hardie's stand-in for a zero frequency in Log Ratio
MEASURE_FIELDS = {"ll": "ll", "logratio": "logratio", "simplemaths": "simple_maths"}
CQL_ATTRIBUTE = {"lemma": "lemma", "form": "word", "pos": "pos"}


@dataclass(frozen=True)
class Comparison:
    """Each item's frequency in the focus and in the reference (``names[code]``), and
    the two corpora's sizes in tokens."""

    names: list[str]
    focus: np.ndarray
    reference: np.ndarray
    focus_size: int
    reference_size: int


@dataclass(frozen=True)
class Scores:
    """The measures of every item (arrays beside the counts, rounded as rows show them:
    G² and Log Ratio to 4 decimals, simple maths to 6 significant digits and at
    least 4 decimals) and their
    directions (+1 over-represented in the focus, −1 under-represented, 0 equal)."""

    ll: np.ndarray
    logratio: np.ndarray
    simple_maths: np.ndarray
    sign: np.ndarray

    def of(self, measure: str) -> np.ndarray:
        return getattr(self, MEASURE_FIELDS[measure])


@dataclass(frozen=True)
class Selection:
    """Which items a keyword list shows, and how."""

    measure: str = "ll"
    direction: str = "over"
    min_freq: int = 1
    smoothing: float = 1.0
    max_p: float | None = None


# -- counting ------------------------------------------------------------------------------


def sentences_in(tokens: CorpusTokens, documents: np.ndarray | None) -> np.ndarray:
    """Which of ``tokens``' sentences belong to ``documents`` (None: all of them)."""
    if documents is None:
        return np.ones(len(tokens.sentence_documents), dtype=bool)
    return np.isin(tokens.sentence_documents, documents)


def within(tokens: CorpusTokens, items: Items, sentences: np.ndarray) -> tuple[np.ndarray, int]:
    """Each item's frequency in the chosen sentences, and their size in tokens."""
    sizes = np.diff(tokens.sentence_starts)
    positions = np.repeat(sentences, sizes)
    counts = np.bincount(items.codes[positions], minlength=len(items.names)).astype(np.int64)
    return counts, int(sizes[sentences].sum())


def one_index(
    tokens: CorpusTokens, items: Items, focus: np.ndarray, reference: np.ndarray
) -> Comparison:
    """Focus and reference as two sets of sentences (booleans) of the same tokens, their
    items coded alike."""
    focus_counts, focus_size = within(tokens, items, focus)
    reference_counts, reference_size = within(tokens, items, reference)
    return Comparison(items.names, focus_counts, reference_counts, focus_size, reference_size)


Counted = tuple[np.ndarray, int, list[str]]  # each item's frequency, the size, the names


def all_counts(tokens: CorpusTokens, items: Items) -> Counted:
    """Every item's frequency in ``tokens``, their size and the items' names."""
    counts = np.bincount(items.codes, minlength=len(items.names)).astype(np.int64)
    return counts, tokens.size, items.names


def two_indexes(focus: Counted, reference: Counted) -> Comparison:
    """The counts of two indexes side by side, their items matched by name (a lemma of
    one is the same case-folded text in the other)."""
    focus_counts, focus_size, names = focus
    reference_counts, reference_size, reference_names = reference
    code_of = {name: code for code, name in enumerate(names)}
    merged = list(names)
    present = np.flatnonzero(reference_counts)
    codes = np.empty(len(present), dtype=np.int64)
    for at, code in enumerate(present.tolist()):  # each distinct item once, never per token
        name = reference_names[code]
        if name not in code_of:
            code_of[name] = len(merged)
            merged.append(name)
        codes[at] = code_of[name]
    mapped = np.zeros(len(merged), dtype=np.int64)
    np.add.at(mapped, codes, reference_counts[present])
    widened = np.zeros(len(merged), dtype=np.int64)
    widened[: len(focus_counts)] = focus_counts
    return Comparison(merged, widened, mapped, focus_size, reference_size)


# -- the measures ----------------------------------------------------------------------------


def scores(a: np.ndarray, b: np.ndarray, n1: int, n2: int, smoothing: float = 1.0) -> Scores:
    """G², Log Ratio, simple maths and the direction of items seen ``a`` times in the
    focus (``n1`` tokens) and ``b`` times in the reference (``n2`` tokens)."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    n = float(n1 + n2)
    both = a + b
    observed = (a, b, n1 - a, n2 - b)
    expected = (n1 * both / n, n2 * both / n, n1 * (n - both) / n, n2 * (n - both) / n)
    ll = 2 * sum(_o_ln_o_over_e(o, e) for o, e in zip(observed, expected, strict=True))
    ratio = (np.where(a > 0, a, LOG_RATIO_ZERO) / n1) / (np.where(b > 0, b, LOG_RATIO_ZERO) / n2)
    simple = (a * 1e6 / n1 + smoothing) / (b * 1e6 / n2 + smoothing)
    # a/n1 against b/n2 compared as whole numbers, exactly.
    sign = np.sign(
        np.asarray(a, dtype=np.int64) * int(n2) - np.asarray(b, dtype=np.int64) * int(n1)
    )
    return Scores(_decimals(np.maximum(ll, 0.0)), _decimals(np.log2(ratio)), _significant(simple),
                  sign)  # fmt: skip


def _decimals(values: np.ndarray, places: int = 4) -> np.ndarray:
    """Values as rows show them (and as they are sorted: items a row shows as equal
    are ordered by name, not by the last bits of two sums)."""
    return np.round(values, places) + 0.0  # + 0.0: no -0.0


def _significant(values: np.ndarray, digits: int = 6, places: int = 4) -> np.ndarray:
    """Values to ``digits`` significant digits, and never fewer than ``places`` decimals
    (simple maths: an under-represented item's score is far below 1, an
    over-represented one's can be 10⁵; a text table lines its column up to 4 decimals,
    so 5,041.3226 must not be cut to 5,041.32 and shown as 5,041.3200)."""
    with np.errstate(divide="ignore"):
        exponent = np.floor(np.log10(np.abs(values)))
    shown = digits - 1 - np.where(np.isfinite(exponent), exponent, 0)
    scale = 10.0 ** np.maximum(shown, places)
    return np.round(values * scale) / scale


def _o_ln_o_over_e(observed: np.ndarray, expected: np.ndarray) -> np.ndarray:
    """O ln(O / E), 0 where O is 0; as O · log1p((O − E) / E), which keeps its digits
    when O and E are large and close (the cells of the other tokens)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        term = observed * np.log1p((observed - expected) / expected)
    return np.where(observed > 0, term, 0.0)


def critical_ll(max_p: float) -> float:
    """The G² a row needs to be significant at ``max_p`` (chi-square, 1 degree of
    freedom: the square of the normal quantile at p/2). The lower tail, since 1 − p/2
    is 1 in floating point for any p below about 1e-16."""
    if not 0 < max_p <= 1:
        raise QueryError(f"--max-p must be a probability above 0 and at most 1, got {max_p}")
    if max_p < sys.float_info.min:  # a subnormal p has lost its digits
        raise QueryError(
            f"--max-p {max_p} is too small to compute: give a probability of at least "
            f"{sys.float_info.min:.3g} (it keeps G2 >= {critical_ll(sys.float_info.min):.0f})"
        )
    if max_p == 1:
        return 0.0
    return NormalDist().inv_cdf(max_p / 2) ** 2


def check_smoothing(smoothing: float) -> None:
    if not smoothing > 0:
        raise QueryError(
            f"smoothing must be above 0 (simple maths divides by the reference's "
            f"frequency per million plus it), got {smoothing}"
        )


# -- choosing and ordering -------------------------------------------------------------------


def chosen(
    focus: np.ndarray,
    reference: np.ndarray,
    measured: Scores,
    selection: Selection,
    ties: np.ndarray,
    leave_out: np.ndarray | None = None,
) -> np.ndarray:
    """The indexes of the rows to show, in order: in the direction asked, frequent
    enough where they are key, significant enough, best first by the measure (ties in
    ``ties``' order, a rank per row)."""
    sign = measured.sign
    keep = (focus + reference) > 0
    if selection.direction == "over":
        keep &= sign > 0
    elif selection.direction == "under":
        keep &= sign < 0
    frequency = np.where(sign >= 0, focus, reference)  # where the item is key
    keep &= frequency >= selection.min_freq
    if selection.max_p is not None:
        keep &= measured.ll >= critical_ll(selection.max_p) - 1e-12
    if leave_out is not None:
        keep[: len(leave_out)] &= ~leave_out[: len(keep)]
    rows = np.flatnonzero(keep)
    strength = _strength(measured, selection)[rows]
    return rows[np.lexsort((ties[rows], -strength))]


def _strength(measured: Scores, selection: Selection) -> np.ndarray:
    """What the list is sorted by, larger first: G² as it is; Log Ratio and simple
    maths larger first for over-represented items, smaller first for under-represented
    ones, and by their distance from "equal" when both are listed."""
    value = measured.of(selection.measure)
    if selection.measure == "ll":
        return value
    logged = value if selection.measure == "logratio" else np.log(value)
    if selection.direction == "under":
        return -logged
    if selection.direction == "both":
        return np.abs(logged)
    return logged


def name_ranks(names: list[str]) -> np.ndarray:
    """Each name's rank in alphabetical order (the order of ties)."""
    order = np.argsort(np.asarray(names, dtype=object), kind="stable")
    ranks = np.empty(len(names), dtype=np.int64)
    ranks[order] = np.arange(len(names))
    return ranks


def keyword_rows(
    comparison: Comparison,
    selection: Selection,
    by: str,
    leave_out: np.ndarray | None = None,
) -> list[dict[str, Any]]:
    """The keyword list: one row per item shown, best first."""
    a, b = comparison.focus, comparison.reference
    n1, n2 = comparison.focus_size, comparison.reference_size
    measured = scores(a, b, n1, n2, selection.smoothing)
    rows = chosen(a, b, measured, selection, name_ranks(comparison.names), leave_out)
    attribute = CQL_ATTRIBUTE.get(by)
    return [
        {
            "item": comparison.names[i],
            **measure_fields(int(a[i]), int(b[i]), n1, n2, measured, i),
            **({"cql": cql_of(attribute, comparison.names[i])} if attribute else {}),
        }
        for i in rows.tolist()
    ]


def measure_fields(a: int, b: int, n1: int, n2: int, measured: Scores, i: int) -> dict[str, Any]:
    """A row's counts, frequencies per million and measures (rounded for showing)."""
    return {
        "focus_freq": a,
        "reference_freq": b,
        "focus_per_million": per_million(a, n1),
        "reference_per_million": per_million(b, n2),
        "ll": float(measured.ll[i]),
        "logratio": float(measured.logratio[i]),
        "simple_maths": float(measured.simple_maths[i]),
        "direction": {1: "over", -1: "under"}.get(int(measured.sign[i]), "equal"),
    }


def cql_of(attribute: str, value: str) -> str:
    """The CQL pattern whose matches are the item's tokens (its concordance lines in the
    focus: that pattern with the focus's --where). Lemmas are counted case-folded, so
    their pattern ignores case (%c): "january" finds the tokens of "January"."""
    literal = re.escape(value).replace('"', '\\"')
    flag = " %c" if attribute == "lemma" else ""
    return f'[{attribute}="{literal}"{flag}]'


# -- key senses ------------------------------------------------------------------------------


@dataclass(frozen=True)
class WordSenses:
    """One word's sense run as a key-senses table needs it: each occurrence's sentence
    among the corpus's (``sentences``) and sense number."""

    word: str
    run: int | None
    k: int
    sentences: np.ndarray
    senses: np.ndarray


def occurrence_sentences(tokens: CorpusTokens, ids: np.ndarray) -> np.ndarray:
    """The sentence (index among ``tokens``' sentences) of each live token id."""
    return np.searchsorted(tokens.sentence_tokens, np.asarray(ids, dtype=np.int64), "right") - 1


def key_sense_rows(
    words: list[WordSenses],
    focus: np.ndarray,
    reference: np.ndarray,
    sizes: tuple[int, int],
    selection: Selection,
) -> list[dict[str, Any]]:
    """One row per sense of each word shown, best first (ties by word, then sense)."""
    n1, n2 = sizes
    pairs, a, b, shares = [], [], [], []
    for word in words:
        in_focus = focus[word.sentences]
        in_reference = reference[word.sentences]
        per_focus = np.bincount(word.senses[in_focus], minlength=word.k + 1)[1:]
        per_reference = np.bincount(word.senses[in_reference], minlength=word.k + 1)[1:]
        for sense in range(word.k):
            pairs.append((word, sense + 1))
            a.append(int(per_focus[sense]))
            b.append(int(per_reference[sense]))
            shares.append((_share(per_focus, sense), _share(per_reference, sense)))
    a_counts, b_counts = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    measured = scores(a_counts, b_counts, n1, n2, selection.smoothing)
    ties = np.arange(len(pairs))  # words in the order asked, senses in number order
    rows = chosen(a_counts, b_counts, measured, selection, ties)
    out = []
    for i in rows.tolist():
        word, sense = pairs[i]
        fields = measure_fields(a[i], b[i], n1, n2, measured, i)
        focus_share, reference_share = shares[i]
        out.append(
            {
                "word": word.word,
                "sense": sense,
                "sense_run": word.run,
                **fields,
                "focus_share": focus_share,
                "reference_share": reference_share,
            }
        )
    return out


def _share(counts: np.ndarray, sense: int) -> float | None:
    """The sense's share of the word's occurrences on one side (None: it has none)."""
    total = int(counts.sum())
    return round(int(counts[sense]) / total, 4) if total else None


__all__ = [
    "Comparison",
    "Scores",
    "Selection",
    "WordSenses",
    "all_counts",
    "critical_ll",
    "key_sense_rows",
    "keyword_rows",
    "one_index",
    "scores",
    "sentences_in",
    "two_indexes",
]
