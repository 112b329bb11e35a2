"""CQL patterns over the stored tokens: the matches of ``search --cql``, each with its
target token (``@``, else the first), which can be ranked by sense like a word.

Matches come from the token store's columns (token_columns.py), for every index opened
for writing since the store exists. An older index opened read-only has no store yet:
its sentences are read from the tables and matched one by one (cql/matcher.py): a
pattern with an anchor (a literal lemma or word that every match contains) reads only
the sentences of its rarest anchor, found through indexes (storage/patterns.py); one
without (``[pos="ADJ"] [pos="NOUN"]``) reads every sentence, a chunk at a time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np

from sensegrep.search import cql, token_columns
from sensegrep.storage import Index
from sensegrep.storage.patterns import StoredSentence
from sensegrep.storage.token_store import Segment

# Sentences read at a time: few at first, so that the first page of a concordance
# (``-k 20``) reads little, then more, so that reading every match costs few queries.
FIRST_CHUNK, LAST_CHUNK = 32, 4_096


@dataclass(frozen=True)
class PatternMatch:
    """One match: its target token, the token ids it spans and their character offsets
    in the document, and the matched words."""

    target: int
    target_is_occurrence: bool
    first_token: int
    last_token: int
    start: int
    end: int
    words: tuple[str, ...]


def find_matches(
    index: Index, pattern: cql.Pattern, limit: int | None = None
) -> list[PatternMatch]:
    """Every match of ``pattern`` in corpus order (the first ``limit`` when given)."""
    if index.token_store_complete():
        return _from_token_store(index, pattern, limit)
    return _sentence_by_sentence(index, pattern, limit)


def count_matches(index: Index, pattern: cql.Pattern) -> int:
    """How many matches ``pattern`` has."""
    if index.token_store_complete():
        return token_columns.count_matches(index, pattern)
    return len(_sentence_by_sentence(index, pattern, None))


@dataclass(frozen=True)
class MatchSpans:
    """Matches of a pattern before their details (forms, offsets) are read: each one's
    first and last token ids and its target's, in corpus order. Ranking, filters,
    sorting and totals need only these; the details are read for the lines shown."""

    firsts: np.ndarray
    lasts: np.ndarray
    targets: np.ndarray
    # Of a scan of the whole index (None when a limit cut it): the matches dropped as
    # starting inside an earlier one that end where none does (CQP's default lists them).
    ending_elsewhere: int | None = None

    def __len__(self) -> int:
        return len(self.firsts)

    def take(self, positions: np.ndarray) -> MatchSpans:
        return MatchSpans(self.firsts[positions], self.lasts[positions], self.targets[positions])


def match_spans(index: Index, pattern: cql.Pattern, limit: int | None = None) -> MatchSpans | None:
    """The first ``limit`` matches of ``pattern`` (None: all), details unread; None on an
    index without a complete token store (``find_matches`` reads sentence by sentence)."""
    if not index.token_store_complete():
        return None
    empty = np.zeros(0, dtype=np.int64)
    firsts, lasts, targets = [empty], [empty], [empty]
    parts, ending_elsewhere = _spans(index, pattern, limit)
    for segment, starts, ends, at in parts:
        firsts.append(segment.token_ids(starts))
        lasts.append(segment.token_ids(ends - 1))
        targets.append(np.where(at >= 0, segment.token_ids(np.maximum(at, 0)), -1))
    spans = MatchSpans(
        np.concatenate(firsts), np.concatenate(lasts), np.concatenate(targets), ending_elsewhere
    )
    missing = np.flatnonzero(spans.targets < 0)
    if len(missing):  # where the elements around the target vary in length
        rows = [(int(spans.firsts[at]), int(spans.lasts[at]), -1, None) for at in missing]
        _locate_variable_targets(index, pattern, rows)
        spans.targets[missing] = [row[2] for row in rows]
    return spans


def match_details(index: Index, spans: MatchSpans) -> list[PatternMatch | None]:
    """The details of each match (None for one a concurrent removal took away)."""
    forms = span_forms(index, spans.firsts, spans.lasts)
    rows = list(
        zip(spans.firsts.tolist(), spans.lasts.tolist(), spans.targets.tolist(), forms, strict=True)
    )
    return _pattern_matches(index, rows)


def span_forms(index: Index, firsts: np.ndarray, lasts: np.ndarray) -> list[np.ndarray | None]:
    """The form ids of the tokens from each first to last token id (one sentence), from
    the token store; None where they are gone (a removed document)."""
    out: list[np.ndarray | None] = [None] * len(firsts)
    order = np.argsort(firsts, kind="stable")
    for segment, which, positions, _sentences in index.token_snapshot().locate(firsts[order]):
        forms = np.asarray(segment.column("form"))
        at = order[which]
        lengths = lasts[at] - firsts[at] + 1
        for line, start, length in zip(
            at.tolist(), positions.tolist(), lengths.tolist(), strict=True
        ):
            out[line] = forms[start : start + length]
    return out


def _from_token_store(index: Index, pattern: cql.Pattern, limit: int | None) -> list[PatternMatch]:
    """The matches through the token store's columns (token_columns.py)."""
    rows = _match_rows(index, pattern, _spans(index, pattern, limit)[0])
    return [m for m in _pattern_matches(index, rows) if m is not None]


_Part = tuple[Segment, np.ndarray, np.ndarray, np.ndarray]


def _spans(index: Index, pattern: cql.Pattern, limit: int | None) -> tuple[list[_Part], int | None]:
    """(segment, starts, ends, targets) of the first ``limit`` matches (None: all), and
    when the scan went through the whole index, the matches it dropped that CQP's
    default strategy lists (``Spans.ending_elsewhere``; None when the limit cut it)."""
    parts: list[_Part] = []
    wanted, ending_elsewhere = limit, 0
    for part in token_columns.spans_in_order(index, pattern):
        spans = part.spans
        take = len(spans) if wanted is None else min(wanted, len(spans))
        parts.append((part.segment, spans.starts[:take], spans.ends[:take], spans.targets[:take]))
        ending_elsewhere += spans.ending_elsewhere
        if wanted is not None:
            wanted -= take
            if wanted <= 0:
                return parts, None
    return parts, ending_elsewhere


def _match_rows(index: Index, pattern: cql.Pattern, parts: list[_Part]) -> list[tuple]:
    """Matches as (first token id, last token id, target token id, form ids)."""
    rows = []
    for segment, starts, ends, targets in parts:
        firsts, lasts = segment.token_ids(starts), segment.token_ids(ends - 1)
        target_ids = np.where(targets >= 0, segment.token_ids(np.maximum(targets, 0)), -1)
        forms = np.asarray(segment.column("form"))
        for first, last, target, start, end in zip(
            firsts.tolist(),
            lasts.tolist(),
            target_ids.tolist(),
            starts.tolist(),
            ends.tolist(),
            strict=True,
        ):
            rows.append((first, last, target, forms[start:end]))
    _locate_variable_targets(index, pattern, rows)
    return rows


def _pattern_matches(index: Index, rows: list[tuple]) -> list[PatternMatch | None]:
    """Match rows made into PatternMatch records: the matched forms, and the character
    offsets (read for the first, last and target tokens only); None for a match a
    concurrent write removed since the snapshot was read."""
    if not rows:
        return []
    present = [r[3] for r in rows if r[3] is not None]
    texts = index.word_texts(np.concatenate(present)) if present else {}
    details = index.token_details(
        [i for first, last, target, _ in rows for i in (first, last, target)]
    )
    found: list[PatternMatch | None] = []
    for first, last, target, form_ids in rows:
        if form_ids is None or not {first, last, target} <= details.keys():
            found.append(None)
            continue
        found.append(
            PatternMatch(
                target=target,
                target_is_occurrence=details[target].occurrence,
                first_token=first,
                last_token=last,
                start=details[first].start,
                end=details[last].end,
                words=tuple(texts[int(f)] for f in form_ids),
            )
        )
    return found


def _locate_variable_targets(index: Index, pattern: cql.Pattern, rows: list) -> None:
    """Fill in the targets the column matcher leaves at -1 (where the elements on both
    sides of the target vary in length), with the sentence matcher on those sentences."""
    missing = [at for at, row in enumerate(rows) if row[2] < 0]
    if not missing:
        return
    sentence_ids = index.sentences_of(np.asarray([rows[at][0] for at in missing], dtype=np.int64))
    target_of: dict[int, int] = {}
    for sentence in index.stored_sentences(sentence_ids):
        metadata = index.document_metadata([sentence.doc_id]).get(sentence.doc_id)
        for match in cql.find(pattern, sentence.tokens, metadata):
            target_of[sentence.tokens[match.start].id] = sentence.tokens[match.target].id
    for at in missing:
        first, last, _target, forms = rows[at]
        rows[at] = (first, last, target_of.get(first, first), forms)


def _sentence_by_sentence(
    index: Index, pattern: cql.Pattern, limit: int | None = None
) -> list[PatternMatch]:
    """The matches read sentence by sentence from the tables (an index whose token store
    is not built yet: one opened read-only since it was made by an older version)."""
    found: list[PatternMatch] = []
    for chunk in _candidate_chunks(index, pattern):
        sentences = index.stored_sentences(chunk)
        metadata = _metadata(index, pattern, sentences)
        for sentence in sentences:
            for match in cql.find(pattern, sentence.tokens, metadata.get(sentence.doc_id)):
                found.append(_pattern_match(sentence, match))
                if limit is not None and len(found) >= limit:
                    return found
    return found


def target_word(pattern: cql.Pattern) -> str:
    """The literal lemma (or word) the target token must have; "" when it has none."""
    # An anchor's element is a place among the token elements, groups opened, and the
    # target one among the top-level elements: ("on" "the") @[lemma="bank"] has its
    # target at 1 of the top level, at 2 of the token elements (1 is "the").
    target = pattern.elements[pattern.target]
    at = next(i for i, element in enumerate(pattern.token_elements) if element is target)
    found = [a for a in pattern.anchors() if a.element == at]
    return found[0].value if found else ""


def target_text(pattern: cql.Pattern) -> str:
    """The target token as the pattern writes it (``[lemma="bank"]``)."""
    text, target = pattern.text, pattern.elements[pattern.target]
    following = [e.column for e in pattern.elements if e.column > target.column]
    end = following[0] - 1 if following else len(cql.split_within(text)[0])
    return text[target.column - 1 : end].strip()


def pos_target_note(pattern: cql.Pattern, tags: Sequence[str]) -> str | None:
    """What --pos tests in a pattern: its target token only, which a user filtering
    ``"the" [lemma="bank"]`` by PROPN may take for bank (the pattern's first single
    token unless @ marks another). None when the pattern is one token."""
    if len(pattern.token_elements) < 2:
        return None
    asked = ",".join(tags)
    return (
        f"--pos {asked} tests each match's target token, {target_text(pattern)} (a "
        f"pattern's first single token unless @ marks another); to test another token, "
        f'write pos="…" inside its brackets'
    )


def lemma_target_note(pattern: cql.Pattern) -> str | None:
    """What --count lemma counts of a pattern: its target token's lemma only, where
    --count node and form count the whole match, so that a table of ``[pos="DET"]
    [pos="NOUN"]`` by lemma (the, a, this) is not read as the match's lemmas or the
    noun's. None when the pattern is one token."""
    if len(pattern.token_elements) < 2:
        return None
    return (
        f"--count lemma counts each match's target token, {target_text(pattern)} (a "
        f"pattern's first single token unless @ marks another), where a count by node or "
        f"form takes the whole match"
    )


def unmarked_target_note(pattern: cql.Pattern) -> str | None:
    """Whose sense ranks the matches (or puts them in a sense), when the pattern names no
    word at its target but does elsewhere and no @ chose it: [pos="ADJ"] "bank" is
    ranked by the adjective's sense, its first single token, not bank's, which a user
    marking [[bank]] in the example means. None otherwise."""
    if pattern.marked or target_word(pattern):
        return None
    named = [
        at
        for at, element in enumerate(pattern.elements)
        if isinstance(element, cql.Element)
        and (element.min_repeat, element.max_repeat) == (1, 1)
        and target_word(replace(pattern, target=at))
    ]
    if not named:
        return None
    text = pattern.text
    column = pattern.elements[named[0]].column - 1
    marked = (text[:column] + "@" + text[column:]).strip()
    return (
        f"each match's sense is its target's, {target_text(pattern)} (a "
        "pattern's first single token unless @ marks another), which names no word: mark "
        f"the token whose sense counts with @, as in {marked}"
    )


def _candidate_chunks(index: Index, pattern: cql.Pattern) -> Iterator[np.ndarray]:
    """Sentence ids that may hold a match, ascending, in growing chunks: those of the
    rarest anchor's tokens, or every sentence."""
    anchors = pattern.anchors()
    if not anchors:
        yield from index.sentence_id_chunks(_chunk_sizes())
        return
    rarest = min(anchors, key=lambda a: index.word_frequency(a.attribute, a.value.lower()))
    tokens = index.tokens_with(rarest.attribute, rarest.value.lower())
    done, at = -1, 0  # the last sentence read: the next chunk's tokens may share it
    for size in _chunk_sizes():
        if at >= len(tokens):
            return
        sentences = index.sentences_of(tokens[at : at + size])
        at += size
        fresh = sentences[sentences > done]
        if len(fresh):
            done = int(fresh[-1])
            yield fresh


def _chunk_sizes() -> Iterator[int]:
    size = FIRST_CHUNK
    while True:
        yield size
        size = min(size * 2, LAST_CHUNK)


def _metadata(
    index: Index, pattern: cql.Pattern, sentences: list[StoredSentence]
) -> dict[int, dict]:
    """Document metadata, read only when the pattern tests a metadata field."""
    if not pattern.attributes() - cql.TOKEN_ATTRIBUTES:
        return {}
    return index.document_metadata(sorted({s.doc_id for s in sentences}))


def _pattern_match(sentence: StoredSentence, match: cql.Match) -> PatternMatch:
    tokens = sentence.tokens[match.start : match.end]
    target = sentence.tokens[match.target]
    return PatternMatch(
        target=target.id,
        target_is_occurrence=target.occurrence,
        first_token=tokens[0].id,
        last_token=tokens[-1].id,
        start=tokens[0].start,
        end=tokens[-1].end,
        words=tuple(t.form for t in tokens),
    )
