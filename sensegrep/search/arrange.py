"""Sorting and counting a concordance, as CQP users do: ``search --sort right1`` orders
the lines by the first word after the node, ``--count right1`` tabulates those words
instead of printing lines. Both work on any search (a word, a pattern, ranked or not).

Positions (search/positions.py): ``node`` is the word (or a pattern's whole match),
``left1`` / ``left2`` the first and second token before it in its sentence, ``right1`` /
``right2`` after it, read from the token store's columns; with ``ignore_punct`` a token
without a letter or digit is stepped over (CQPweb's "ignore punctuation"). A position
past the sentence's edge is the empty string (sorted first) or ``(none)`` (counted).

Words (``form``, ``node``, ``lemma``, the positions) are sorted and counted case-folded,
both alike, unless ``match_case``: a count then names each folded word by its commonest
spelling. Names (``doc``, ``label``, metadata values) are taken as written. A ``sense``
is counted as a :class:`SenseValue`: the number, its word and the sense run it is of.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from sensegrep.arrays import distinct as distinct_ids
from sensegrep.choices import COUNT_KEYS
from sensegrep.document import list_items
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
from sensegrep.storage.fields import case_hint, field_name, plain_value, value_key, value_text
from sensegrep.text import composed, fold_case

if TYPE_CHECKING:
    from sensegrep.senses.runs import SenseRun

NONE = "(none)"
UNLABELLED = "(unlabelled)"


def none_written_note(field: str) -> str:
    """What a count, frequency list or timeline by ``field`` says when some of its
    documents have the value written "(none)": its (none) row holds them with the
    documents without the field, which ``--where FIELD=(none)`` does not take."""
    return (
        f"the (none) row counts the documents whose {field} is written {NONE!r} with those "
        f"without {field}: --where '{field}={NONE}' takes only the former"
    )


def case_variants_note(field: str, values: Iterable[object]) -> list[str]:
    """What a count, frequency list or timeline by a metadata ``field`` says when some of
    its rows' values differ only in case (law, Law, LAW): they are counted apart, as
    written, which three rows of one genre did unsaid while `--where genre=law` says
    the documents it leaves out in another case (pass 39a)."""
    groups: dict[str, list[str]] = {}
    for value in values:
        if isinstance(value, str) and value != NONE:
            groups.setdefault(value.casefold(), []).append(value)
    apart = [sorted(set(group)) for group in groups.values() if len(set(group)) > 1]
    if not apart:
        return []
    shown = "; ".join(", ".join(map(repr, group)) for group in apart[:3])
    more = " …" if len(apart) > 3 else ""
    first = ",".join(map(plain_value, apart[0]))
    return [
        f"rows of {field} whose values differ only in case are counted apart: {shown}{more} "
        f"(values are taken as written; --where {field}={first} takes them together)"
    ]


# The keys whose values are words, compared case-folded unless match_case.
WORD_KEYS = frozenset({"form", "node", "lemma", *POSITIONS})


class SenseValue(NamedTuple):
    """A line's induced sense: its number in sense run ``run`` of ``lemma`` (both None
    when the line has none: its word has no stored vector)."""

    lemma: str
    sense: int | None
    run: int | None


@dataclass(frozen=True)
class CountRow:
    value: str | SenseValue
    count: int
    share: float  # of the lines counted


# -- sorting hits read already ----------------------------------------------------


def sort_hits(
    index: Index,
    hits: Sequence[RankedOccurrence],
    key: str,
    ignore_punct: bool = False,
    match_case: bool = False,
) -> list[RankedOccurrence]:
    """The hits in ``key`` order (several keys joined by commas; ties keep their order),
    ranks renumbered."""
    order = sort_order(index, key.split(","), nodes_of(hits), ignore_punct, match_case=match_case)
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
    sense_runs: Sequence[SenseRun] = (),
) -> Sequence[str | SenseValue]:
    """The value of ``key`` for each line, as written (by ``label``, one value per label
    of the line, as ``labels WORD`` counts them): ``form`` or ``node`` (the matched word, or a
    pattern's whole match), ``lemma``, a position (``left1`` … ``right2``), ``doc``,
    ``sense`` (in ``sense_runs`` for their words, else each word's current run),
    ``label``, or else a document metadata field (``meta:FIELD`` names a
    field called like one of those keys). ``read()`` gives the lines
    with their contexts, for the keys that need them (label, metadata)."""
    if key in POSITIONS:
        words = position_texts(index, nodes, POSITIONS[key], ignore_punct)
        return [w or NONE for w in words]
    if key in ("form", "node"):
        return node_texts(index, nodes)
    if key == "doc":
        return document_names(index, nodes)
    if key == "lemma":
        return [h.occurrence.lemma for h in read()]
    if key == "label":  # one value per label: "river side" counts under each
        return [part for parts in line_labels(read()) for part in parts]
    if key == "sense":
        return _senses(index, read(), lang, sense_runs)
    field = field_name(key)  # meta:FIELD, for a field named like a key above
    known = index.field_names()
    if field not in known:  # a typo would otherwise count every hit as (none)
        raise QueryError(
            f"--count takes {', '.join(COUNT_KEYS)} or a document metadata field "
            f"(meta:FIELD for one named like those); no document has a field {field!r} "
            f"(fields: {', '.join(known) or 'none'}){case_hint(field, known)}"
            f"{_tag_count_hint(field)}"
        )
    return _field_values(index, nodes, field)


def _field_values(index: Index, nodes: Nodes, field: str) -> list[str]:
    """Each line's values of a metadata field, read once a document: reading every
    line's context for it took 24 s for the 359,861 lines of "the" by genre (issue 23's
    3M-token corpus), where its documents are 2,246. A field of several values (a JSON
    list) counts under each, as --where takes each and a line with two labels counts
    under both."""
    rows = index.document_rows(nodes.firsts)
    wanted = [int(r) for r in distinct_ids(rows[rows >= 0])]
    found = index.document_metadata(wanted) if wanted else {}
    values = {row: _values(_as_dict(meta), field) for row, meta in found.items()}
    return [value for row in rows.tolist() for value in values.get(row, (NONE,))]


def _values(metadata: dict[str, Any], name: str) -> tuple[str, ...]:
    value = _field(metadata, name)
    # an item twice in one list ([farm, farm], "Genève" composed and not) is one value
    # of the document: its lines count once under it, as --where lists them once
    return tuple(dict.fromkeys(map(value_key, list_items(value)))) or (value,)


def _as_dict(meta: Any) -> dict[str, Any]:
    """A document's metadata as stored: a dict, JSON text on some backends, or None."""
    if isinstance(meta, dict):
        return meta
    return json.loads(meta) if meta else {}


def _tag_count_hint(field: str) -> str:
    """Where a count by a token attribute --count has no key for is: freq's --by over a
    pattern's matches (``--count pos`` would otherwise be told only about fields)."""
    if field not in ("pos", "lemma_pos"):
        return ""
    return (
        f"; to count the matches by part of speech: `sensegrep freq --by {field} --cql "
        """'[lemma="WORD"]'`"""
    )


def line_labels(hits: Sequence[RankedOccurrence]) -> list[tuple[str, ...]]:
    """Each line's labels (a predicted one marked), ``(unlabelled)`` for a line without."""
    from sensegrep.labels.labelling import grouped_labels_of

    return [
        grouped_labels_of(h.occurrence.label, h.occurrence.label_predicted) or (UNLABELLED,)
        for h in hits
    ]


def tally(
    index: Index,
    nodes: Nodes,
    key: str,
    read: Callable[[], Sequence[RankedOccurrence]],
    lang: str = "en",
    ignore_punct: bool = False,
    sense_runs: Sequence[SenseRun] = (),
    match_case: bool = False,
) -> Counter[Any]:
    """How many lines have each value of ``key`` (see :func:`count_values`), words
    case-folded unless ``match_case``. A position or a one-token node is counted by its
    word id in the token store, then each distinct word is read once: counting a
    million lines builds no million strings."""
    return _merged(_tally(index, nodes, key, read, lang, ignore_punct, sense_runs), key, match_case)


def _merged(counts: Counter[Any], key: str, match_case: bool) -> Counter[Any]:
    """The counts of values that are one to a reader added up: a metadata field's as
    --where takes them (by_value_key), else texts written composed or not, and words in
    any case unless ``match_case``."""
    if is_metadata_key(key):
        return by_value_key(counts)
    counts = by_composition(counts)
    return counts if match_case or key not in WORD_KEYS else folded(counts)


def _tally(
    index: Index,
    nodes: Nodes,
    key: str,
    read: Callable[[], Sequence[RankedOccurrence]],
    lang: str,
    ignore_punct: bool,
    sense_runs: Sequence[SenseRun],
) -> Counter[Any]:
    one_token = nodes.words is None and np.array_equal(nodes.firsts, nodes.lasts)
    if key in POSITIONS or (key in ("form", "node") and one_token):
        offset = POSITIONS.get(key, 0)
        ids = position_ids(index, nodes, offset, ignore_punct)
        if ids is not None:
            return _tally_ids(index, ids)
    return Counter(count_values(index, nodes, key, read, lang, ignore_punct, sense_runs))


def by_composition(counts: Counter[Any]) -> Counter[Any]:
    """The counts of texts that differ only in Unicode composition added up, under the
    composed (NFC) text: "Zürich" written with one "ü" or with u and a combining mark
    is one word, one city (search and --where take both)."""
    if all(not isinstance(value, str) or value.isascii() for value in counts):
        return counts
    merged: Counter[Any] = Counter()
    for value, n in counts.items():
        merged[composed(value) if isinstance(value, str) else value] += n
    return merged


def is_metadata_key(key: str) -> bool:
    """Whether a count is by a document metadata field (``genre``, ``meta:form``)."""
    return key.startswith("meta:") or key not in COUNT_KEYS


def by_value_key(counts: Counter[Any]) -> Counter[Any]:
    """A metadata field's counts added up by the value --where takes (fields.value_key):
    ٢٠٠٢ and 2002 are one row, 2002, as year=2002 takes both (they were two rows, each
    row's where taking the other's lines too)."""
    if all(not isinstance(value, str) or value.isascii() for value in counts):
        return counts  # (composed and in digits 0-9 already)
    merged: Counter[Any] = Counter()
    for value, n in counts.items():
        merged[value_key(value) if isinstance(value, str) else value] += n
    return merged


def folded(counts: Counter[str]) -> Counter[str]:
    """The counts of words that differ only in case added up (as ``--sort`` compares
    them), each under its commonest spelling (ties: fewer capitals, then code point
    order: "the" for 8 "the" and 1 "The")."""
    spellings: dict[str, list[tuple[int, str]]] = {}
    for text, n in counts.items():
        spellings.setdefault(fold_case(text), []).append((n, text))
    merged: Counter[str] = Counter()
    for group in spellings.values():
        shown = min(group, key=lambda item: (-item[0], _capitals(item[1]), item[1]))[1]
        merged[shown] = sum(n for n, _ in group)
    return merged


def _capitals(text: str) -> int:
    return sum(ch.isupper() for ch in text)


def _tally_ids(index: Index, ids: np.ndarray) -> Counter[str]:
    counts = np.bincount(ids) if len(ids) else np.zeros(0, dtype=np.int64)
    distinct = np.flatnonzero(counts)
    found: Counter[str] = Counter()
    for text, n in zip(word_texts(index, distinct), counts[distinct].tolist(), strict=True):
        found[text or NONE] += n
    return found


def count_rows(
    values: Sequence[str | SenseValue] | Counter[Any], lines: int | None = None
) -> list[CountRow]:
    """How many lines have each value (values, or their tally), most frequent first
    (then by value: a sense by word, number, run), with their share of the ``lines``
    counted (by default one per value; fewer when a line has several labels, whose
    shares then add up to more than 1)."""
    counts = values if isinstance(values, Counter) else Counter(values)
    total = (lines if lines is not None else sum(counts.values())) or 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], _in_order(item[0])))
    return [CountRow(value, n, round(n / total, 4)) for value, n in ranked]


def _in_order(value: str | SenseValue) -> Any:
    """A value's place among its table's values (all texts, or all senses): a line
    without a sense after its word's senses."""
    if isinstance(value, SenseValue):
        return (value.lemma, value.sense is None, value.sense or 0, value.run or 0)
    return value


def count_hits(
    index: Index,
    hits: Sequence[RankedOccurrence],
    key: str,
    lang: str = "en",
    ignore_punct: bool = False,
    sense_runs: Sequence[SenseRun] = (),
    match_case: bool = False,
) -> list[CountRow]:
    """How many of these hits (read already) have each value of ``key`` (see
    :func:`count_values`; words case-folded unless ``match_case``), most frequent
    first, then by value."""
    values = count_values(index, nodes_of(hits), key, lambda: hits, lang, ignore_punct, sense_runs)
    return count_rows(_merged(Counter(values), key, match_case), len(hits))


def _field(metadata: dict[str, Any], name: str) -> str:
    """A metadata value as --where takes it and info shows it: objects and lists as
    compact JSON, booleans as true/false (as the fields table stores them), not Python's
    repr."""
    value = value_text(metadata.get(name))
    return NONE if value is None else value


def _senses(
    index: Index, hits: Sequence[RankedOccurrence], lang: str, sense_runs: Sequence[SenseRun]
) -> list[SenseValue]:
    """Each hit's induced sense: in the run given for its lemma, else in the lemma's
    current run (induced when it has none, as ``sensegrep senses`` does). A token
    without a sense vector (a plain concordance's "have" as an auxiliary) has none, and
    a lemma none of whose lines has one is not induced."""
    from sensegrep.senses import hit_senses, word_senses

    given = {run.lemma.lower(): run for run in sense_runs}
    for lemma in sorted({h.occurrence.lemma for h in hits}):
        # Refused on a text-only index, and for a word without vectors yet on an index
        # of chosen words (those say what adds them); a full index's function word has
        # no sense and is counted as none.
        index.require_vectors("inducing senses (senses, --sense, --count=sense, plot)",
                              lemma, lang)  # fmt: skip
    ids = np.asarray([h.occurrence.id for h in hits], dtype=np.int64)
    with_vectors = set(index.existing(ids).ids.tolist()) if len(ids) else set()
    lemmas = sorted({h.occurrence.lemma for h in hits if h.occurrence.id in with_vectors})
    runs = [given.get(lemma.lower()) or word_senses(index, lemma, lang=lang) for lemma in lemmas]
    found = hit_senses(index, [(h.occurrence.id, h.occurrence.lemma) for h in hits], runs)
    # A run is of a case-folded lemma ("Court", a CoNLL-U PROPN's, is in court's run): one
    # spelling a run, or its sense 1 would be two rows, "court 1" and "Court 1".
    spelt = {run.lemma.lower(): run.lemma for run in runs}
    return [
        _sense_value(spelt.get(h.occurrence.lemma.lower(), h.occurrence.lemma),
                     found.get(h.occurrence.id))
        for h in hits
    ]  # fmt: skip


def _sense_value(lemma: str, found: tuple[int, int | None] | None) -> SenseValue:
    if found is None:
        return SenseValue(lemma, None, None)
    sense, run = found
    return SenseValue(lemma, int(sense), None if run is None else int(run))


def _span(hit: RankedOccurrence) -> tuple[int, int]:
    """The first and last token ids of the node."""
    if hit.match is not None:
        return hit.match.first_token, hit.match.last_token
    return hit.occurrence.id, hit.occurrence.id
