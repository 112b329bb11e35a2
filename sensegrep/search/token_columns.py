"""CQL patterns over the token store (storage/token_store.py), as CWB evaluates them.

Each attribute test is decided once per distinct value, not per token: a regex against
the whole vocabulary in one RE2 scan (cql/regex.py), a literal through the vocabulary's
key index, a POS test against the few tags, a metadata test once per document. That
gives a truth table per test; a token's test is then one lookup of its id. Candidate
starts come from the inverted list of the pattern's rarest literal (its anchor), or are
every position; the column matcher (cql/columns.py) finds the matches of a chunk of
them at once. Segments are read in corpus order and chunks grow, so the first page of a
concordance reads little.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from sensegrep.arrays import distinct
from sensegrep.search import cql
from sensegrep.search.cql import regex as cql_regex
from sensegrep.search.cql.columns import Spans, find_spans, openers, start_candidates
from sensegrep.search.cql.tree import And, AttributeTest, Condition, Not, Or, strip_diacritics
from sensegrep.storage import Index
from sensegrep.storage.runs import lemma_key
from sensegrep.storage.token_store import Segment, Snapshot, distinct_count
from sensegrep.text import composed

FIRST_CHUNK, LAST_CHUNK = 4_096, 1 << 20  # candidate starts matched at a time
Positions = np.ndarray | slice  # a segment's positions, or a range of them
# A test passed by this many ids at most compares the column with each (a byte
# compared is cheaper than a table looked up by an index made of it).
FEW_VALUES = 4
_COLUMN = {"word": "form", "lemma": "lemma", "pos": "pos", "tag": "tag", "deprel": "deprel"}
_TAGS = ("pos", "tag", "deprel")  # ids in pos_tags, the table of short strings


@dataclass(frozen=True)
class SegmentSpans:
    """Matches found in one segment (positions in it)."""

    segment: Segment
    spans: Spans


def spans_in_order(
    index: Index, pattern: cql.Pattern, snapshot: Snapshot | None = None
) -> Iterator[SegmentSpans]:
    """The pattern's matches, a chunk at a time, in corpus order (in ``snapshot``, else
    in the index's current one)."""
    snapshot = snapshot or index.token_snapshot()
    tests = TruthTables(index, pattern)
    anchor = _rarest_anchor(index, pattern, snapshot)
    if anchor is not None and not len(anchor[2]):
        return  # the anchor's word is not in the index: nothing can match
    for segment in snapshot.segments:
        dead = snapshot.dead_sentences(segment)

        def test(element: int, positions: np.ndarray, segment: Segment = segment) -> np.ndarray:
            return tests.holds(pattern.token_elements[element].condition, segment, positions)

        def opening(at: slice, segment: Segment = segment) -> np.ndarray:
            return _opening(pattern, tests, segment, at)

        for chunk in _candidate_chunks(pattern, segment, anchor, opening):
            if dead is not None:
                chunk = chunk[~dead[segment.sentence_of(chunk)]]
            found = find_spans(pattern, test, segment.sentence_start, chunk)
            if len(found):
                yield SegmentSpans(segment, found)


def count_matches(index: Index, pattern: cql.Pattern) -> int:
    """How many matches the pattern has (what listing them all would give)."""
    return sum(len(part.spans) for part in spans_in_order(index, pattern))


def count_overlapped(index: Index, pattern: cql.Pattern) -> int:
    """How many matches the pattern has at starts inside an earlier match, which the
    scan drops (matches do not overlap: [] [] over "a b c" is "a b", never "b c")."""
    return sum(part.spans.overlapped for part in spans_in_order(index, pattern))


def count_ending_elsewhere(index: Index, pattern: cql.Pattern) -> int:
    """How many of those dropped matches end where no earlier match ends: the matches
    CQP's default strategy lists beside these ([pos="NOUN"] [pos="NOUN"] over "bank
    loan rate": "loan rate"; never "red dog" inside "big red dog", the same end)."""
    return sum(part.spans.ending_elsewhere for part in spans_in_order(index, pattern))


def count_ending_elsewhere_in(index: Index, pattern: cql.Pattern, documents: np.ndarray) -> int:
    """``count_ending_elsewhere`` in the subcorpus of ``documents`` (row ids): how many
    more matches CQP's default strategy lists in those documents than the scan keeps
    there (a match lies in one sentence, so in one document)."""
    return _more_in(index, pattern, documents, lambda spans: spans.cqp_starts, True)


def count_overlapped_in(index: Index, pattern: cql.Pattern, documents: np.ndarray) -> int:
    """``count_overlapped`` in the subcorpus of ``documents`` (row ids)."""
    return _more_in(index, pattern, documents, lambda spans: spans.overlapped_starts, False)


def _more_in(
    index: Index,
    pattern: cql.Pattern,
    documents: np.ndarray,
    starts_of: Callable[[Spans], np.ndarray | None],
    less_kept: bool,
) -> int:
    """How many of the positions ``starts_of`` each chunk's spans (less its kept
    matches' starts when ``less_kept``) lie in ``documents``."""
    snapshot = index.token_snapshot()
    more = 0
    for part in spans_in_order(index, pattern, snapshot):
        starts = starts_of(part.spans)
        if starts is None:
            continue
        held, listed = snapshot.counts_by_document(part.segment, starts)
        if less_kept:
            listed = listed - snapshot.counts_by_document(part.segment, part.spans.starts)[1]
        more += int(listed[np.isin(held, documents)].sum())
    return more


def count_totals(index: Index, pattern: cql.Pattern) -> tuple[int, int, int]:
    """(how many matches, in how many documents their first tokens lie, how many more
    CQP's default strategy lists: ``Spans.ending_elsewhere``): the totals of listing
    them all, counted on positions, with no token id made."""
    snapshot = index.token_snapshot()
    matches, ending_elsewhere, holding = 0, 0, [np.zeros(0, dtype=np.int64)]
    starts: dict[Segment, list[np.ndarray]] = {}
    for part in spans_in_order(index, pattern, snapshot):
        starts.setdefault(part.segment, []).append(part.spans.starts)
        matches += len(part.spans)
        ending_elsewhere += part.spans.ending_elsewhere
    for segment, found in starts.items():
        documents, counts = snapshot.counts_by_document(segment, np.concatenate(found))
        holding.append(documents[counts > 0])
    return matches, distinct_count(np.concatenate(holding)), ending_elsewhere


def _rarest_anchor(
    index: Index, pattern: cql.Pattern, snapshot: Snapshot
) -> tuple[int, str, np.ndarray] | None:
    """(element, column, vocab ids) of the anchor with the fewest tokens, or None."""
    best, fewest = None, None
    for anchor in pattern.anchors():
        ids = np.asarray(
            [i for i, _ in index.words_with_key(lemma_key(anchor.value))], dtype=np.int64
        )
        column = _COLUMN[anchor.attribute]
        frequency = sum(s.frequency(column, ids) for s in snapshot.segments) if len(ids) else 0
        if fewest is None or frequency < fewest:
            best, fewest = (anchor.element, column, ids), frequency
    return best


def _opening(pattern: cql.Pattern, tests: TruthTables, segment: Segment, at: slice) -> np.ndarray:
    """The positions of the range ``at`` where an element a match may begin with holds
    (tested on a slice of each column: no position array is made for the others)."""
    holds = np.zeros(at.stop - at.start, dtype=bool)
    for element in openers(pattern):
        holds |= tests.holds(pattern.token_elements[element].condition, segment, at)
    return at.start + np.flatnonzero(holds)


def _candidate_chunks(
    pattern: cql.Pattern,
    segment: Segment,
    anchor: tuple[int, str, np.ndarray] | None,
    opening: Callable[[slice], np.ndarray],
) -> Iterator[np.ndarray]:
    """The positions a match may start at, in growing chunks that never split a
    sentence: near the anchor's positions (its inverted list), or every position where
    ``opening`` (a range) says a first element holds. Each chunk is made when asked
    for, so a first page computes little."""
    starts = segment.sentence_start
    if anchor is None:
        for first, last in _sentence_runs(segment, np.arange(len(starts) - 1)):
            yield opening(slice(int(starts[first]), int(starts[last])))
        return
    element, column, ids = anchor
    at = segment.positions(column, ids)
    begin, size = 0, FIRST_CHUNK
    while begin < len(at):
        # The next ``size`` anchor positions, and the rest of the last one's sentence.
        last = at[min(begin + size, len(at)) - 1]
        sentence_end = starts[segment.sentence_of(np.asarray([last]))[0] + 1]
        end = int(np.searchsorted(at, sentence_end, side="left"))
        yield start_candidates(pattern, element, at[begin:end], starts)
        begin, size = end, min(size * 4, LAST_CHUNK)


def _sentence_runs(segment: Segment, sentences: np.ndarray) -> Iterator[tuple[int, int]]:
    """(first, last) sentence ranges, ``last`` excluded, each holding about FIRST_CHUNK,
    then 4× as many, up to LAST_CHUNK, of ``sentences`` (ascending sentence indexes, with
    repeats: every sentence, or that of each anchor position)."""
    at, size = 0, FIRST_CHUNK
    while at < len(sentences):
        end = min(at + size, len(sentences))
        first, last = int(sentences[at]), int(sentences[end - 1]) + 1
        yield first, last
        at = int(np.searchsorted(sentences, last, side="left"))
        size = min(size * 4, LAST_CHUNK)


class TruthTables:
    """Each attribute test of a pattern decided once per value: per vocab id (word,
    lemma), per tag id (pos) or per document (metadata fields)."""

    def __init__(self, index: Index, pattern: cql.Pattern) -> None:
        self.index = index
        self.pattern = pattern
        self._tables: dict[int, np.ndarray] = {}
        self._positive: dict[int, np.ndarray] = {}
        self._documents: dict[int, dict[int, bool]] = {}

    def holds(self, condition: Condition | None, segment: Segment, at: Positions) -> np.ndarray:
        """Whether ``condition`` holds at each of the segment's positions ``at`` (an
        array, or a range of them)."""
        if condition is None:
            return np.ones(_size(at), dtype=bool)
        if isinstance(condition, Not):
            return ~self.holds(condition.operand, segment, at)
        if isinstance(condition, And | Or):
            parts = (self.holds(c, segment, at) for c in condition.operands)
            combine = np.logical_and if isinstance(condition, And) else np.logical_or
            result = next(parts)
            for part in parts:
                result = combine(result, part)
            return result
        return self._test(condition, segment, at)

    def _test(self, test: AttributeTest, segment: Segment, at: Positions) -> np.ndarray:
        column = _COLUMN.get(test.attribute)
        if column is None:
            if isinstance(at, slice):
                at = np.arange(at.start, at.stop, dtype=np.int64)
            return self._metadata(test, segment.documents(at))
        values = np.asarray(segment.column(column))
        accepted = self._accepted(test)
        if len(accepted) <= FEW_VALUES:  # a comparison per id, in the column's own type
            found = np.zeros(_size(at), dtype=bool)
            for value in accepted.tolist():
                found |= values[at] == value
            return ~found if test.negated else found
        # A lookup in the table (a position array the size of ``at`` is made for it).
        return self._covering(test, _largest(segment, column, values) + 1)[values[at]]

    def _covering(self, test: AttributeTest, size: int) -> np.ndarray:
        """The test's table, long enough to look up any id below ``size`` with no bounds
        check (an id past the vocabulary it was made from: a word added since, which
        fails the test, or passes a negated one)."""
        table = self._table(test)
        if len(table) < size:
            table = np.concatenate([table, np.full(size - len(table), test.negated)])
            self._tables[id(test)] = table
        return table

    def _accepted(self, test: AttributeTest) -> np.ndarray:
        """The ids whose value passes the test (negation aside), found once."""
        positive = self._positive.get(id(test))
        if positive is None:
            positive = self._tag_ids(test) if test.attribute in _TAGS else self._word_ids(test)
            self._positive[id(test)] = positive
        return positive

    def _table(self, test: AttributeTest) -> np.ndarray:
        table = self._tables.get(id(test))
        if table is None:
            positive = self._accepted(test)
            size = int(positive.max()) + 1 if len(positive) else 1
            table = np.zeros(size, dtype=bool)
            table[positive] = True
            if test.negated:
                table = ~table
            self._tables[id(test)] = table
        return table

    def _word_ids(self, test: AttributeTest) -> np.ndarray:
        return word_ids(self.index, test)

    def _tag_ids(self, test: AttributeTest) -> np.ndarray:
        tags = self.index.tag_texts()
        return np.asarray([i for i, tag in enumerate(tags) if test.accepts(tag)], dtype=np.int64)

    def _metadata(self, test: AttributeTest, documents: np.ndarray) -> np.ndarray:
        known = self._documents.setdefault(id(test), {})
        missing = [int(d) for d in distinct(documents) if int(d) not in known]
        if missing:
            metadata = self.index.document_metadata(missing)
            for doc in missing:
                known[doc] = test.matches(None, metadata.get(doc, {}))  # type: ignore[arg-type]
        return np.fromiter((known[int(d)] for d in documents), dtype=bool, count=len(documents))


def _size(at: Positions) -> int:
    return at.stop - at.start if isinstance(at, slice) else len(at)


def _largest(segment: Segment, column: str, values: np.ndarray) -> int:
    """A bound on the ids of a column of the segment: the largest of its inverted list
    (form, lemma), else the largest its type holds (tags: a byte)."""
    listed = segment.arrays.get(f"{column}.values")
    if listed is not None:
        return int(listed[-1]) if len(listed) else 0
    return int(np.iinfo(values.dtype).max)


def word_ids(index: Index, test: AttributeTest) -> np.ndarray:
    """The vocab ids (ascending) whose text a word or lemma test's value matches
    (negation aside): a literal through the vocabulary's key index, a regex in one RE2
    scan of the whole vocabulary."""
    if test.literal is not None and not test.ignore_diacritics:
        found = index.words_with_key(lemma_key(test.literal))
        return np.asarray(sorted(i for i, text in found if test.accepts(text)), dtype=np.int64)
    texts = index.vocabulary()
    # The test's value is composed (NFC), so are they; without diacritics for %d.
    texts = _stripped(texts) if test.ignore_diacritics else _composed(texts)
    return _scanned(test.source, test.ignore_case, texts)


# The last few regex scans of a vocabulary, with the texts scanned (a vocabulary grows
# in place: its length tells a scan of fewer texts): a pattern's check
# (search/subcorpus.py) and its matching each need the same scan.
_SCANS: dict[tuple[int, int, str, bool], tuple[list[str], np.ndarray]] = {}


def _scanned(source: str, ignore_case: bool, texts: list[str]) -> np.ndarray:
    key = (id(texts), len(texts), source, ignore_case)
    cached = _SCANS.get(key)
    if cached is not None and cached[0] is texts:
        return cached[1]
    found = cql_regex.matching(source, ignore_case, texts)
    if len(_SCANS) >= 16:
        _SCANS.clear()
    _SCANS[key] = (texts, found)
    return found


_STRIPPED: dict[int, tuple[list[str], list[str]]] = {}
_COMPOSED: dict[int, tuple[list[str], int, list[str]]] = {}


def _composed(texts: list[str]) -> list[str]:
    """The texts composed (NFC), kept while the vocabulary is the same (it grows in
    place: its length tells); the vocabulary itself when every text already is (the
    list the regex scans are cached by)."""
    cached = _COMPOSED.get(id(texts))
    if cached is None or cached[0] is not texts or cached[1] != len(texts):
        # One check of them all joined (C speed): most vocabularies are composed.
        if unicodedata.is_normalized("NFC", "\n".join(texts)):
            normal = texts
        else:
            normal = [composed(t) for t in texts]
        cached = _COMPOSED[id(texts)] = (texts, len(texts), normal)
    return cached[2]


def stripped_ready(texts: list[str], most: int) -> bool:
    """Whether a ``%d`` scan of ``texts`` costs little: their stripped texts are kept
    already, or there are at most ``most`` of them (stripping takes some 5 µs a text)."""
    cached = _STRIPPED.get(id(texts))
    ready = cached is not None and cached[0] is texts and len(cached[1]) == len(texts)
    return ready or len(texts) <= most


def _stripped(texts: list[str]) -> list[str]:
    """The texts without diacritics (``%d``), kept while the vocabulary is the same."""
    cached = _STRIPPED.get(id(texts))
    if cached is None or cached[0] is not texts or len(cached[1]) != len(texts):
        cached = _STRIPPED[id(texts)] = (texts, [strip_diacritics(t) for t in texts])
    return cached[1]
