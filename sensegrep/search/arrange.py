"""Sorting and counting a concordance, as CQP users do: ``search --sort right1`` orders
the lines by the first word after the node, ``--count right1`` tabulates those words
instead of printing lines. Both work on any search (a word, a pattern, ranked or not).

Positions (search/positions.py): ``node`` is the word (or a pattern's whole match),
``left1`` / ``left2`` the first and second token before it in its sentence, ``right1`` /
``right2`` after it, read from the token store's columns; with ``ignore_punct`` a token
without a letter or digit is stepped over (CQPweb's "ignore punctuation"). A position
past the sentence's edge is the empty string (sorted first) or ``(none)`` (counted).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from sensegrep.choices import COUNT_KEYS
from sensegrep.errors import QueryError
from sensegrep.search.engine import RankedOccurrence
from sensegrep.search.positions import (
    POSITIONS,
    Nodes,
    document_names,
    node_texts,
    position_ids,
    position_texts,
    sort_order,
    word_texts,
)
from sensegrep.storage import Index

NONE = "(none)"


@dataclass(frozen=True)
class CountRow:
    value: str
    count: int
    share: float  # of the lines counted


# -- sorting hits read already ----------------------------------------------------


def sort_hits(
    index: Index, hits: Sequence[RankedOccurrence], key: str, ignore_punct: bool = False
) -> list[RankedOccurrence]:
    """The hits in ``key`` order (several keys joined by commas; ties keep their order),
    ranks renumbered."""
    order = sort_order(index, key.split(","), nodes_of(hits), ignore_punct)
    return [
        RankedOccurrence(rank, hits[at].score, hits[at].occurrence, hits[at].match)
        for rank, at in enumerate(order.tolist(), start=1)
    ]


def nodes_of(hits: Sequence[RankedOccurrence]) -> Nodes:
    """The nodes of hits already read (their matches' spans and words)."""
    spans = [_span(h) for h in hits]
    firsts = np.asarray([s[0] for s in spans], dtype=np.int64)
    lasts = np.asarray([s[1] for s in spans], dtype=np.int64)
    words = [" ".join(h.match.words) if h.match else h.occurrence.form for h in hits]
    return Nodes(firsts, lasts, words)


# -- counting -------------------------------------------------------------------------------


def count_values(
    index: Index,
    nodes: Nodes,
    key: str,
    read: Callable[[], Sequence[RankedOccurrence]],
    lang: str = "en",
    ignore_punct: bool = False,
) -> list[str]:
    """The value of ``key`` for each line: ``form`` or ``node`` (the matched word, or a
    pattern's whole match), ``lemma``, a position (``left1`` … ``right2``), ``doc``,
    ``sense``, ``label``, or else a document metadata field. ``read()`` gives the lines
    with their contexts, for the keys that need them (label, metadata)."""
    if key in POSITIONS:
        words = position_texts(index, nodes, POSITIONS[key], ignore_punct)
        return [w or NONE for w in words]
    if key in ("form", "node"):
        return node_texts(index, nodes)
    if key == "doc":
        return document_names(index, nodes)
    hits = read()
    if key == "lemma":
        return [h.occurrence.lemma for h in hits]
    if key == "label":
        return [h.occurrence.label or "(unlabelled)" for h in hits]
    if key == "sense":
        return _senses(index, hits, lang)
    fields = {name for h in hits for name in h.occurrence.metadata}
    if hits and key not in fields:  # a typo would otherwise count every hit as (none)
        raise QueryError(
            f"--count takes {', '.join(COUNT_KEYS)} or "
            f"a document metadata field; no hit has a field {key!r} "
            f"(fields: {', '.join(sorted(fields)) or 'none'})"
        )
    return [_field(h.occurrence.metadata, key) for h in hits]


def tally(
    index: Index,
    nodes: Nodes,
    key: str,
    read: Callable[[], Sequence[RankedOccurrence]],
    lang: str = "en",
    ignore_punct: bool = False,
) -> Counter[str]:
    """How many lines have each value of ``key`` (see :func:`count_values`). A position
    or a one-token node is counted by its word id in the token store, then each
    distinct word is read once: counting a million lines builds no million strings."""
    one_token = nodes.words is None and np.array_equal(nodes.firsts, nodes.lasts)
    if key in POSITIONS or (key in ("form", "node") and one_token):
        offset = POSITIONS.get(key, 0)
        ids = position_ids(index, nodes, offset, ignore_punct)
        if ids is not None:
            return _tally_ids(index, ids)
    return Counter(count_values(index, nodes, key, read, lang, ignore_punct))


def _tally_ids(index: Index, ids: np.ndarray) -> Counter[str]:
    counts = np.bincount(ids) if len(ids) else np.zeros(0, dtype=np.int64)
    distinct = np.flatnonzero(counts)
    found: Counter[str] = Counter()
    for text, n in zip(word_texts(index, distinct), counts[distinct].tolist(), strict=True):
        found[text or NONE] += n
    return found


def count_rows(values: Sequence[str] | Counter[str]) -> list[CountRow]:
    """How many lines have each value (values, or their tally), most frequent first
    (then by value), with their share of the lines."""
    counts = values if isinstance(values, Counter) else Counter(values)
    total = sum(counts.values()) or 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [CountRow(value, n, round(n / total, 4)) for value, n in ranked]


def count_hits(
    index: Index,
    hits: Sequence[RankedOccurrence],
    key: str,
    lang: str = "en",
    ignore_punct: bool = False,
) -> list[CountRow]:
    """How many of these hits (read already) have each value of ``key`` (see
    :func:`count_values`), most frequent first, then by value."""
    return count_rows(count_values(index, nodes_of(hits), key, lambda: hits, lang, ignore_punct))


def _field(metadata: dict[str, Any], name: str) -> str:
    value = metadata.get(name)
    return NONE if value is None else str(value)


def _senses(index: Index, hits: Sequence[RankedOccurrence], lang: str) -> list[str]:
    """Each hit's induced sense (``bank 2``): the senses of its lemma, induced (and
    stored) as ``sensegrep senses`` does."""
    from sensegrep.senses import word_senses

    sense_of: dict[int, str] = {}
    for lemma in sorted({h.occurrence.lemma for h in hits}):
        senses = word_senses(index, lemma, lang=lang)
        for occurrence, number in zip(senses.ids, senses.senses, strict=True):
            sense_of[int(occurrence)] = f"{lemma} {int(number)}"
    return [sense_of.get(h.occurrence.id, NONE) for h in hits]


def _span(hit: RankedOccurrence) -> tuple[int, int]:
    """The first and last token ids of the node."""
    if hit.match is not None:
        return hit.match.first_token, hit.match.last_token
    return hit.occurrence.id, hit.occurrence.id
