"""Sorting and counting a concordance, as CQP users do: ``search --sort right1`` orders
the lines by the first word after the node, ``--count right1`` tabulates those words
instead of printing lines. Both work on any search (a word, a pattern, ranked or not).

Positions: ``node`` is the word (or a pattern's whole match), ``left1`` / ``left2`` the
first and second token before it in its sentence, ``right1`` / ``right2`` after it.
Words are compared case-folded; a position past the sentence's edge is the empty string
(sorted first) or ``(none)`` (counted).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sensegrep.choices import COUNT_KEYS, SORT_KEYS
from sensegrep.errors import QueryError
from sensegrep.search.engine import RankedOccurrence
from sensegrep.storage import Index
from sensegrep.storage.fields import field_name

if TYPE_CHECKING:
    from sensegrep.senses.runs import SenseRun

POSITIONS = {"left1": -1, "left2": -2, "right1": 1, "right2": 2}
NONE = "(none)"


@dataclass(frozen=True)
class CountRow:
    value: str
    count: int
    share: float


def sort_hits(index: Index, hits: Sequence[RankedOccurrence], key: str) -> list[RankedOccurrence]:
    """The hits in ``key`` order (ties keep their order), ranks renumbered."""
    if key not in SORT_KEYS:
        raise QueryError(f"--sort takes one of {', '.join(SORT_KEYS)}, not {key!r}")
    if key == "score":
        ordered = list(hits)
    elif key == "doc":
        ordered = sorted(hits, key=lambda h: (h.occurrence.doc, _span(h)[0]))
    else:
        words = _position_words(index, hits, key)
        ordered = [h for _, h in sorted(zip(words, hits, strict=True), key=lambda p: p[0])]
    return [
        RankedOccurrence(rank, h.score, h.occurrence, h.match) for rank, h in enumerate(ordered, 1)
    ]


def count_hits(
    index: Index,
    hits: Sequence[RankedOccurrence],
    key: str,
    lang: str = "en",
    sense_runs: Sequence[SenseRun] = (),
) -> list[CountRow]:
    """How many hits have each value of ``key`` (most frequent first, then by value):
    ``form``, ``lemma``, a position (``left1`` … ``right2``), ``doc``, ``sense`` (in
    ``sense_runs`` for their words, else each word's current run), ``label``, or else a
    document metadata field (``meta:FIELD`` names a field called like one of those
    keys)."""
    values = _values(index, hits, key, lang, sense_runs)
    counts = Counter(values)
    total = len(values) or 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [CountRow(value, n, round(n / total, 4)) for value, n in ranked]


def _values(
    index: Index,
    hits: Sequence[RankedOccurrence],
    key: str,
    lang: str,
    sense_runs: Sequence[SenseRun] = (),
) -> list[str]:
    if key in POSITIONS:
        return [w or NONE for w in _position_words(index, hits, key, fold=False)]
    if key == "form":
        return [" ".join(h.match.words) if h.match else h.occurrence.form for h in hits]
    if key == "lemma":
        return [h.occurrence.lemma for h in hits]
    if key == "doc":
        return [h.occurrence.doc for h in hits]
    if key == "label":
        return [h.occurrence.label or "(unlabelled)" for h in hits]
    if key == "sense":
        return _senses(index, hits, lang, sense_runs)
    field = field_name(key)  # meta:FIELD, for a field named like a key above
    known = index.field_names()
    if field not in known:  # a typo would otherwise count every hit as (none)
        raise QueryError(
            f"--count takes {', '.join(COUNT_KEYS)} or a document metadata field "
            f"(meta:FIELD for one named like those); no document has a field {field!r} "
            f"(fields: {', '.join(known) or 'none'})"
        )
    return [_field(h.occurrence.metadata, field) for h in hits]


def _field(metadata: dict[str, Any], name: str) -> str:
    value = metadata.get(name)
    return NONE if value is None else str(value)


def _senses(
    index: Index, hits: Sequence[RankedOccurrence], lang: str, sense_runs: Sequence[SenseRun]
) -> list[str]:
    """Each hit's induced sense (``bank 2``): in the run given for its lemma, else in the
    lemma's current run (induced when it has none, as ``sensegrep senses`` does)."""
    from sensegrep.senses import hit_senses, word_senses

    given = {run.lemma.lower(): run for run in sense_runs}
    lemmas = sorted({h.occurrence.lemma for h in hits})
    runs = [given.get(lemma.lower()) or word_senses(index, lemma, lang=lang) for lemma in lemmas]
    found = hit_senses(index, [(h.occurrence.id, h.occurrence.lemma) for h in hits], runs)
    return [
        f"{h.occurrence.lemma} {found[h.occurrence.id][0]}" if h.occurrence.id in found else NONE
        for h in hits
    ]


def _span(hit: RankedOccurrence) -> tuple[int, int]:
    """The first and last token ids of the node."""
    if hit.match is not None:
        return hit.match.first_token, hit.match.last_token
    return hit.occurrence.id, hit.occurrence.id


def _position_words(
    index: Index, hits: Sequence[RankedOccurrence], key: str, fold: bool = True
) -> list[str]:
    """The word at ``key``'s position of each hit ("" past the sentence's edge)."""
    if key == "node":
        nodes = [" ".join(h.match.words) if h.match else h.occurrence.form for h in hits]
        return [n.casefold() for n in nodes]
    offset = POSITIONS[key]
    sentences = index.sentence_tokens([h.occurrence.id for h in hits])
    words = []
    for hit in hits:
        tokens = sentences.get(hit.occurrence.id, [])
        ids = [t.id for t in tokens]
        first, last = _span(hit)
        edge = first if offset < 0 else last
        at = ids.index(edge) + offset if edge in ids else -1  # gone: removed meanwhile
        word = tokens[at].form if 0 <= at < len(tokens) else ""
        words.append(word.casefold() if fold else word)
    return words
