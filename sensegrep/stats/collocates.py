"""Collocations (``sensegrep collocates``): what occurs near a node, and how strongly.

**Windows.** A node is a token of the word (or a pattern's match, first to last token).
Its window is the ``left`` token positions before its first token and the ``right``
after its last one, inside its sentence: a sentence's edge cuts it. Every token takes a
position; punctuation (a form or lemma without a letter or digit) is never a
collocate, and with ``collocate_pos`` only tokens of those tags are. A token inside the
windows of two nodes counts once for each (surface co-occurrence counted per node); the
node's own tokens are not in its window, but another node's token may be (a word can be
its own collocate).

**The contingency table** (Evert 2008, "Corpora and Collocations", §5 on surface
co-occurrence; collocations.de): ``O`` = the collocate's tokens in the windows (the
row's ``freq``), ``R1`` = the window positions of all the nodes, counted exactly (a
window cut by its sentence's edge counts only the positions inside it, so R1 is at most
``f1 · (left + right)``), ``C1`` = ``f2``, the collocate's frequency in the (sub)corpus,
``N`` = the (sub)corpus's size in tokens, punctuation included (as CWB counts).
``E = R1 · C1 / N``. The four cells are ``O``, ``R1 − O``, ``C1 − O`` and
``N − R1 − C1 + O``; a cell that overlapping windows drive below 0 (a collocate token
counted for two nodes: ``O > f2``) is taken as 0.

**Measures**: ``mi`` = log2(O/E); ``mi3`` = log2(O³/E); ``t`` = (O − E)/√O; ``z`` =
(O − E)/√E; ``ll`` = 2 Σ O_ij ln(O_ij/E_ij) over the four cells (0 · ln 0 = 0);
``dice`` = 2O/(f1 + f2) and ``logdice`` = 14 + log2(dice) (Rychlý 2008: f1 the node's
frequency, f2 the collocate's, as Sketch Engine takes them); ``logratio`` = log2 of
O/R1 over (f2 − O)/(N − R1), the collocate's rate inside the windows over its rate
outside them (Hardie 2014), where a frequency of 0 outside is taken as 0.5; ``freq`` =
O. All are rounded to 4 decimals.

**Senses.** :func:`sense_diff` compares one sense's windows with the other senses':
the signed log-likelihood G² of the 2×2 table [O_s, R1_s − O_s; O_rest, R1_rest −
O_rest] (positive when the collocate takes a larger share of this sense's window
positions), and a collocate is *distinctive* of the sense when it is over 3.84 (p <
0.05, one degree of freedom).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from sensegrep.arrays import distinct as distinct_ids
from sensegrep.deadline import check
from sensegrep.stats.corpus import (
    CorpusTokens,
    form_keys,
    item_codes,
    lemma_keys,
    punctuation_of,
)

DISTINCTIVE_G2 = 3.84  # χ²(1) at p = 0.05
ZERO_OUTSIDE = 0.5  # Log Ratio's frequency outside the windows when it is 0 (Hardie 2014)
DIGITS = 4


@dataclass(frozen=True)
class Window:
    left: int
    right: int

    @property
    def symmetric(self) -> bool:
        return self.left == self.right


@dataclass(frozen=True)
class Cooccurrences:
    """What the windows of some nodes hold, per collocate code: ``freq`` (O, each token
    once per window it is in) and ``lines`` (the nodes whose window holds it); and the
    window positions of all the nodes (``slots``, R1) and their number (``nodes``, f1)."""

    freq: np.ndarray
    lines: np.ndarray
    slots: int
    nodes: int


def window_positions(
    tokens: CorpusTokens, firsts: np.ndarray, lasts: np.ndarray, window: Window
) -> tuple[np.ndarray, np.ndarray]:
    """(each window position's node, the position) for nodes from ``firsts`` to
    ``lasts`` (positions of the (sub)corpus): one array shift per offset."""
    firsts, lasts = np.asarray(firsts, np.int64), np.asarray(lasts, np.int64)
    # A binary search per node: no sentence index over the whole corpus is built.
    sentence = np.searchsorted(tokens.sentence_starts, firsts, side="right") - 1
    low, high = tokens.sentence_starts[sentence], tokens.sentence_starts[sentence + 1]
    nodes, places = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for offset in range(1, window.left + 1):
        check()
        inside = np.flatnonzero(firsts - offset >= low)
        nodes.append(inside)
        places.append(firsts[inside] - offset)
    for offset in range(1, window.right + 1):
        check()
        inside = np.flatnonzero(lasts + offset < high)
        nodes.append(inside)
        places.append(lasts[inside] + offset)
    return np.concatenate(nodes), np.concatenate(places)


@dataclass(frozen=True)
class CollocateItems:
    """What a collocate is (``by``): each position's item code is
    ``table[values[position]]`` (``table`` None: ``values[position]``), read at the
    window positions only. For lemmas and forms ``values`` is the token store's column
    itself and ``table`` each vocab id's item, so that no item code is made for every
    token of a 10M-token corpus; ``names[code]`` is an item's name."""

    by: str
    values: np.ndarray
    table: np.ndarray | None
    names: list[str]

    def at(self, positions: np.ndarray) -> np.ndarray:
        found = self.values[positions]
        return found.astype(np.int64) if self.table is None else self.table[found]

    def frequencies(self, tagged: np.ndarray | None) -> np.ndarray:
        """f2: each item's tokens in the (sub)corpus (of the asked tags, when some are)."""
        values = self.values if tagged is None else self.values[tagged]
        if self.table is None:
            return np.bincount(values, minlength=len(self.names))
        per_value = np.bincount(values, minlength=len(self.table))
        per_item = np.bincount(self.table, weights=per_value, minlength=len(self.names))
        return np.rint(per_item).astype(np.int64)

    def punctuation(self, codes: np.ndarray) -> np.ndarray:
        """Whether each of ``codes`` is a punctuation item (no letter or digit in its
        form or lemma), decided once per distinct item."""
        distinct, inverse = np.unique(codes, return_inverse=True)
        names = [self.names[c] for c in distinct.tolist()]
        if self.by == "lemma_pos":
            names = [name.rpartition("/")[0] for name in names]
        return punctuation_of(names)[inverse.reshape(-1)]


def collocate_items(tokens: CorpusTokens, by: str) -> CollocateItems:
    """The items of ``by`` (lemma, case-folded; form; lemma_pos) over ``tokens``."""
    if by == "lemma":
        table, names = lemma_keys(tokens.index)
        return CollocateItems(by, tokens.column("lemma"), table, names)
    if by == "form":
        table, names = form_keys(tokens.index)
        return CollocateItems(by, tokens.column("form"), table, names)
    items = item_codes(tokens, by)
    return CollocateItems(by, items.codes, None, items.names)


def cooccurrences(
    items: CollocateItems,
    tagged: np.ndarray | None,
    node_of: np.ndarray,
    places: np.ndarray,
    nodes: int,
) -> Cooccurrences:
    """Counts over window positions (``node_of``, ``places``: from
    :func:`window_positions`) of the tokens that may be collocates: not punctuation,
    and ``tagged[position]`` (of an asked tag) when given."""
    size = len(items.names)
    codes = items.at(places)
    keep = ~items.punctuation(codes)
    if tagged is not None:
        keep &= tagged[places]
    codes = codes[keep]
    freq = np.bincount(codes, minlength=size)
    # By a sort (arrays.distinct): numpy's hashed unique took 5.3 s of the 7.6 s of
    # `collocates the` on 3M tokens (3M window positions), past any web time limit.
    pairs = distinct_ids(node_of[keep].astype(np.int64) * size + codes)
    lines = np.bincount(pairs % size, minlength=size) if size else freq
    return Cooccurrences(freq, lines, len(places), nodes)


def tagged_positions(tokens: CorpusTokens, collocate_tags: np.ndarray | None) -> np.ndarray | None:
    """Whether each position's token has one of ``collocate_tags`` (POS ids); None when
    no tag is asked for (every tag may be a collocate's)."""
    if collocate_tags is None:
        return None
    return np.isin(tokens.column("pos"), collocate_tags)


# -- measures -------------------------------------------------------------------------


def association(
    measure: str, o: np.ndarray, f1: int, f2: np.ndarray, r1: int, n: int
) -> np.ndarray:
    """One measure (see the module docstring) for co-occurrence counts ``o`` of
    collocates of corpus frequencies ``f2``, a node of frequency ``f1`` whose windows
    hold ``r1`` positions, in ``n`` tokens. NaN where it is undefined."""
    o, f2 = np.asarray(o, np.float64), np.asarray(f2, np.float64)
    e = r1 * f2 / n if n else np.full(len(o), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "freq":
            return o
        if measure == "mi":
            return np.log2(o / e)
        if measure == "mi3":
            return np.log2(o**3 / e)
        if measure == "t":
            return (o - e) / np.sqrt(o)
        if measure == "z":
            return (o - e) / np.sqrt(e)
        if measure == "dice":
            return 2 * o / (f1 + f2)
        if measure == "logdice":
            return 14 + np.log2(2 * o / (f1 + f2))
        if measure == "ll":
            return log_likelihood(o, f2, r1, n)
        if measure == "logratio":
            outside = np.maximum(f2 - o, 0)
            outside = np.where(outside == 0, ZERO_OUTSIDE, outside)
            rest = n - r1
            return np.log2((o / r1) / (outside / rest)) if rest > 0 else np.full(len(o), np.nan)
    raise ValueError(f"unknown measure {measure!r}")


def log_likelihood(o: np.ndarray, c1: np.ndarray, r1: int, n: int) -> np.ndarray:
    """G² = 2 Σ O_ij ln(O_ij / E_ij) over the 2×2 table of each collocate (cells below 0
    taken as 0; 0 · ln 0 = 0)."""
    r2, c2 = n - r1, n - c1
    observed = (o, r1 - o, c1 - o, n - r1 - c1 + o)
    expected = (r1 * c1 / n, r1 * c2 / n, r2 * c1 / n, r2 * c2 / n)
    total = np.zeros(len(o))
    for cell, e in zip(observed, expected, strict=True):
        cell = np.maximum(cell, 0.0)
        with np.errstate(divide="ignore", invalid="ignore"):
            term = cell * np.log(cell / e)
        total += np.where((cell > 0) & (e > 0), term, 0.0)
    return 2 * total


def sense_diff(o: np.ndarray, slots: int, o_rest: np.ndarray, slots_rest: int) -> np.ndarray:
    """Signed G² of each collocate between one sense's windows (``o`` of ``slots``
    positions) and the other senses' (``o_rest`` of ``slots_rest``): positive when it
    takes a larger share of this sense's positions."""
    from sensegrep.senses.collocates import g2

    if slots <= 0 or slots_rest <= 0:
        return np.full(len(o), np.nan)
    scores = g2(o, float(slots), o_rest, float(slots_rest))
    over = np.asarray(o, np.float64) / slots >= np.asarray(o_rest, np.float64) / slots_rest
    return np.where(over, scores, -scores)


# -- rows -----------------------------------------------------------------------------


def collocate_rows(
    counts: Cooccurrences,
    names: Sequence[str],
    f2: np.ndarray,
    size: int,
    measures: Sequence[str],
    min_freq: int,
) -> list[dict]:
    """One row per collocate seen at least ``min_freq`` times: ``collocate``, ``freq``
    (O), ``collocate_freq`` (f2), ``node_freq`` (f1), one field per measure, ``lines``
    (the nodes with it near); best first by the first measure, then by freq, then by
    name."""
    codes = np.flatnonzero(counts.freq >= max(min_freq, 1))
    o = counts.freq[codes]
    scores = {m: association(m, o, counts.nodes, f2[codes], counts.slots, size) for m in measures}
    first = scores[measures[0]]
    order = sorted(
        range(len(codes)),
        key=lambda i: (-_sortable(first[i]), -int(o[i]), names[codes[i]]),
    )
    rows = []
    for i in order:
        code = int(codes[i])
        row: dict = {
            "collocate": names[code],
            "freq": int(o[i]),
            "collocate_freq": int(f2[code]),
            "node_freq": counts.nodes,
        }
        row.update({m: rounded(scores[m][i]) for m in measures if m != "freq"})
        row["lines"] = int(counts.lines[code])
        rows.append(row)
    return rows


def _sortable(value: float) -> float:
    return -np.inf if np.isnan(value) else float(value)


def rounded(value: float) -> float | None:
    """A measure as a row shows it: 4 decimals, None where undefined."""
    value = float(value)
    return None if not np.isfinite(value) else round(value, DIGITS)
