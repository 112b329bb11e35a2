"""The column matcher (cql/columns.py) finds exactly what the sentence matcher finds."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from sensegrep.search.cql import find, parse
from sensegrep.search.cql.columns import _not_overlapping, find_spans, start_candidates
from tests.search.test_cql import Tok, metadata_strategy, patterns, token_strategy


def _columns(sentences: list[list[Tok]]) -> tuple[list[Tok], np.ndarray]:
    tokens = [t for s in sentences for t in s]
    bounds = np.cumsum([0] + [len(s) for s in sentences]).astype(np.int64)
    return tokens, bounds


def _expected(pattern, sentences, metadata) -> list[tuple[int, int, int]]:
    found, offset = [], 0
    for sentence in sentences:
        for m in find(pattern, sentence, metadata):
            found.append((offset + m.start, offset + m.end, offset + m.target))
        offset += len(sentence)
    return found


def _tester(pattern, tokens, metadata):
    def test(element: int, positions: np.ndarray) -> np.ndarray:
        e = pattern.token_elements[element]
        return np.fromiter(
            (e.matches(tokens[p], metadata) for p in positions.tolist()),
            dtype=bool,
            count=len(positions),
        )

    return test


sentences_strategy = st.lists(st.lists(token_strategy, max_size=6), max_size=4)


@settings(max_examples=300, deadline=None)
@given(patterns(), sentences_strategy, metadata_strategy)
def test_every_start_agrees_with_the_sentence_matcher(query, sentences, metadata) -> None:
    pattern = parse(query)
    tokens, bounds = _columns(sentences)
    spans = find_spans(pattern, _tester(pattern, tokens, metadata), bounds, np.arange(len(tokens)))
    expected = _expected(pattern, sentences, metadata)
    assert list(zip(spans.starts.tolist(), spans.ends.tolist(), strict=True)) == [
        (s, e) for s, e, _ in expected
    ]
    for got, (_, _, target) in zip(spans.targets.tolist(), expected, strict=True):
        assert got in (-1, target)  # -1: the caller locates a variable target


@settings(max_examples=300, deadline=None)
@given(patterns(), sentences_strategy, metadata_strategy)
def test_anchor_candidates_lose_no_match(query, sentences, metadata) -> None:
    pattern = parse(query)
    tokens, bounds = _columns(sentences)
    test = _tester(pattern, tokens, metadata)
    every = find_spans(pattern, test, bounds, np.arange(len(tokens)))
    for anchor in pattern.anchors():
        at = np.flatnonzero(test(anchor.element, np.arange(len(tokens))))
        starts = start_candidates(pattern, anchor.element, at, bounds)
        anchored = find_spans(pattern, test, bounds, starts)
        assert anchored.starts.tolist() == every.starts.tolist()
        assert anchored.ends.tolist() == every.ends.tolist()


def test_wide_gaps_and_long_sentences() -> None:
    words = ["x"] * 300 + ["take"] + ["x"] * 40 + ["off"] + ["x"] * 5
    tokens = [Tok(w) for w in words]
    pattern = parse('"take" []{0,50} "off"')
    bounds = np.asarray([0, len(tokens)], dtype=np.int64)
    spans = find_spans(pattern, _tester(pattern, tokens, None), bounds, np.arange(len(tokens)))
    assert spans.starts.tolist() == [300] and spans.ends.tolist() == [342]
    assert spans.targets.tolist() == [300]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 60), st.integers(1, 6)), max_size=40))
def test_overlapping_matches_are_dropped_as_a_left_to_right_scan_drops_them(pairs) -> None:
    starts = np.asarray(sorted({start for start, _ in pairs}), dtype=np.int64)
    lengths = dict(pairs)
    ends = starts + np.asarray([lengths[int(s)] for s in starts], dtype=np.int64)
    kept, last_end = [], -1
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        if start >= last_end:
            kept.append((start, end))
            last_end = end
    got_starts, got_ends = _not_overlapping(starts, ends)
    assert list(zip(got_starts.tolist(), got_ends.tolist(), strict=True)) == kept
