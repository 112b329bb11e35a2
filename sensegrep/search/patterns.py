"""CQL patterns over the stored tokens: the matches of ``search --cql``, each with its
target token (``@``, else the first), which can be ranked by sense like a word.

A pattern with an anchor (a literal lemma or word that every match contains) reads only
the sentences of its rarest anchor, found through indexes (storage/patterns.py); one
without (``[pos="ADJ"] [pos="NOUN"]``) reads every sentence, a chunk at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from sensegrep.search import cql
from sensegrep.storage import Index
from sensegrep.storage.patterns import StoredSentence

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
    found = [a for a in pattern.anchors() if a.element == pattern.target]
    return found[0].value if found else ""


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
    if not pattern.attributes() - {"word", "lemma", "pos"}:
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
