"""Frequency lists with dispersion (``sensegrep freq``).

Each item's frequency, its frequency per million tokens of the (sub)corpus, the number
of documents it occurs in, and two measures of how evenly it spreads:

- **DP** (Gries 2008, "Dispersions and adjusted frequencies in corpora"): the corpus's
  documents are its parts, each expected to hold the item in proportion to its size
  ``s_i``; with ``v_i`` the item's frequency in part ``i`` and ``f`` its total,
  ``DP = ½ Σ |v_i / f − s_i|``: 0 when the item is spread exactly as the tokens are, near
  1 when it is all in one small part.
- **Juilland's D** over ``n`` equal parts of the corpus (consecutive positions):
  ``D = 1 − (σ / μ) / √(n − 1)`` with ``μ`` and ``σ`` the mean and (population) standard
  deviation of the item's relative frequency in each part: 1 when even, 0 when all in one
  part.

What is counted is a *unit*: a token (a frequency list) or a pattern's match (CQPweb's
frequency breakdown), each with its item, its document and its place in the corpus.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from sensegrep.cells import per_million
from sensegrep.document import list_items
from sensegrep.stats.corpus import CorpusTokens, Items, Shape

DEFAULT_PARTS = 10


@dataclass(frozen=True)
class Units:
    """What is counted: each unit's item code, document (row id) and position."""

    codes: np.ndarray
    documents: np.ndarray
    places: np.ndarray


@dataclass(frozen=True)
class FrequencyRow:
    item: str
    freq: int
    per_million: float
    docs: int
    dp: float | None
    juilland_d: float | None


def token_units(tokens: CorpusTokens, items: Items) -> Units:
    """Every token of the (sub)corpus, as a unit."""
    return Units(items.codes, tokens.documents, np.arange(tokens.size, dtype=np.int64))


def match_units(
    tokens: CorpusTokens, items: Items, firsts: np.ndarray, lasts: np.ndarray
) -> tuple[Units, list[str]]:
    """Each match (its first and last token ids) as a unit whose item is its tokens'
    items joined by spaces ("the river bank"), or a metadata value once (every token of
    a match lies in one document: "news", never "news news"), and the names of those
    items."""
    starts = tokens.positions_of(firsts)
    if items.of_documents:
        lengths = np.ones(len(starts), dtype=np.int64)
    else:
        lengths = tokens.positions_of(lasts) - starts + 1
    codes = np.zeros(len(starts), dtype=np.int64)
    names: dict[str, int] = {}
    for length in np.unique(lengths).tolist():
        which = np.flatnonzero(lengths == length)
        grid = items.codes[starts[which, None] + np.arange(length)]
        distinct, inverse = np.unique(grid, axis=0, return_inverse=True)
        joined = [" ".join(items.names[c] for c in row) for row in distinct.tolist()]
        local = np.fromiter((names.setdefault(j, len(names)) for j in joined), np.int64)
        codes[which] = local[inverse.reshape(-1)]
    units = Units(codes, tokens.documents[starts], starts)
    return units, list(names)


def each_list_item(units: Units, names: list[str]) -> tuple[Units, list[str], bool]:
    """A metadata value that is a JSON list (``["news","sport"]``) as each of its items:
    its units counted once under each (news, sport), as ``--where genre=news`` and
    ``search --count genre`` take such a document, so that a row's count is the lines
    of its concordance link. Whether a unit is now counted under several items."""
    # An item twice in one list (a list of [news, news]) is one value of the document.
    items = [tuple(dict.fromkeys(list_items(name))) or (name,) for name in names]
    if all(len(one) == 1 and one[0] == name for one, name in zip(items, names, strict=True)):
        return units, names, False
    shown: dict[str, int] = {}
    new_codes = [[shown.setdefault(item, len(shown)) for item in one] for one in items]
    lengths = np.fromiter(map(len, new_codes), np.int64, len(new_codes))
    flat = np.fromiter((c for one in new_codes for c in one), np.int64, int(lengths.sum()))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    per_unit = lengths[units.codes]
    unit = np.repeat(np.arange(len(units.codes)), per_unit)
    within = np.arange(len(unit)) - np.repeat(np.cumsum(per_unit) - per_unit, per_unit)
    codes = flat[starts[units.codes[unit]] + within]
    expanded = Units(codes, units.documents[unit], units.places[unit])
    return expanded, list(shown), len(codes) > len(units.codes)


def frequency_rows(
    units: Units,
    names: list[str],
    shape: Shape,
    *,
    min_freq: int = 1,
    parts: int = DEFAULT_PARTS,
    leave_out: np.ndarray | None = None,
) -> list[FrequencyRow]:
    """The items of ``units`` with at least ``min_freq`` of them, most frequent first
    (ties by name); ``leave_out[code]`` True: not listed (punctuation)."""
    freq = np.bincount(units.codes, minlength=len(names)).astype(np.int64)
    listed = freq >= max(min_freq, 1)
    if leave_out is not None:
        listed[: len(leave_out)] &= ~leave_out[: len(freq)]
    wanted = listed[units.codes]
    kept = Units(units.codes[wanted], units.documents[wanted], units.places[wanted])
    docs, dp = _document_spread(kept, freq, shape)
    juilland = _juilland(kept, freq, shape.size, parts)
    codes = np.flatnonzero(listed)
    # Python numbers from here on: a row is built per item (50k at 10M tokens), and
    # int()/round() of numpy scalars cost several times what they cost on Python's.
    counts, documents = freq.tolist(), docs.tolist()
    dps, juillands = dp.tolist(), juilland.tolist()
    order = sorted(codes.tolist(), key=lambda c: (-counts[c], names[c]))
    return [
        FrequencyRow(
            item=names[c],
            freq=counts[c],
            per_million=per_million(counts[c], shape.size),
            docs=documents[c],
            dp=_rounded(dps[c]),
            juilland_d=_rounded(juillands[c]),
        )
        for c in order
    ]


def _rounded(value: float) -> float | None:
    """``value`` to 4 places; + 0.0 turns a rounded -0.0 (a D of 1 - 1.0000000001)
    into 0.0, which prints as 0, not -0 (issue 23)."""
    return None if math.isnan(value) else round(value, 4) + 0.0


def _document_spread(units: Units, freq: np.ndarray, shape: Shape) -> tuple[np.ndarray, np.ndarray]:
    """Per item: the documents it occurs in, and Gries' DP over the documents.

    A document without the item adds ``s_i`` to the sum, so
    ``DP = ½ (1 + Σ_{documents with it} (|v_i / f − s_i| − s_i))``: only the pairs
    that occur are visited."""
    size = len(freq)
    document = np.searchsorted(shape.documents, units.documents)
    pairs, per_pair = np.unique(units.codes * len(shape.documents) + document, return_counts=True)
    code, doc = np.divmod(pairs, len(shape.documents))
    share = shape.document_sizes[doc] / shape.size if shape.size else np.zeros(len(doc))
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.abs(per_pair / freq[code] - share) - share
    docs = np.bincount(code, minlength=size)
    dp = 0.5 * (1 + np.bincount(code, weights=term, minlength=size))
    dp[docs == 0] = np.nan
    return docs, np.clip(dp, 0.0, 1.0)


def _juilland(units: Units, freq: np.ndarray, size: int, parts: int) -> np.ndarray:
    """Per item: Juilland's D over ``parts`` equal parts of the corpus's positions (as
    many as there are tokens, when fewer): NaN when there are fewer than 2 parts."""
    n = min(parts, size)
    result = np.full(len(freq), np.nan)
    if n < 2:
        return result
    # Part j holds the positions p with p·n // size == j: sizes differ by one at most.
    bounds = (np.arange(n + 1) * size + n - 1) // n
    part_sizes = np.diff(bounds)
    part = units.places.astype(np.int64) * n // size
    pairs, per_pair = np.unique(units.codes * n + part, return_counts=True)
    code, where = np.divmod(pairs, n)
    relative = per_pair / part_sizes[where]
    total = np.bincount(code, weights=relative, minlength=len(freq))
    squares = np.bincount(code, weights=relative**2, minlength=len(freq))
    mean = total / n
    with np.errstate(divide="ignore", invalid="ignore"):
        spread = np.sqrt(np.maximum(squares / n - mean**2, 0.0)) / mean
        d = 1 - spread / np.sqrt(n - 1)
    present = np.bincount(code, minlength=len(freq)) > 0
    result[present] = d[present]
    return result


def dispersion(
    codes: np.ndarray, documents: np.ndarray, size: int, shape: Shape
) -> tuple[np.ndarray, np.ndarray]:
    """For ``size`` items, the documents each occurs in and its Gries' DP over the
    documents of ``shape`` (NaN for an item that does not occur), from each unit's item
    code and document (row id, one of ``shape.documents``): the DP of a frequency list,
    for units that are not tokens (a sense's occurrences, ``senses --by``)."""
    freq = np.bincount(codes, minlength=size).astype(np.int64)
    units = Units(codes, documents, np.zeros(len(codes), dtype=np.int64))
    return _document_spread(units, freq, shape)
