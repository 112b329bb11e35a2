"""Matching a parsed pattern against tokens held as columns (the token store): every
candidate start of a segment at once, with numpy, instead of sentence by sentence.

The semantics are matcher.py's, to the token: at each start the shortest match, starts
scanned left to right, no overlap, matches inside one sentence. The NFA is the same
(states are an element and its repetitions so far, with the same closure and pruning),
run in lock step for all starts: state → boolean array over the starts still running.
Step k tests the token at start + k for each live state, so the work is the number of
(start, step) pairs still alive, not sentences × tokens; an element's test is asked
only for the positions it is needed at (``test(element, positions)``), which lets the
caller gather attribute ids there instead of computing masks over the whole corpus.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from sensegrep.arrays import distinct
from sensegrep.search.cql.tree import Element, Pattern

# test(element index, positions) -> whether the element's condition holds at each.
ElementTest = Callable[[int, np.ndarray], np.ndarray]
_State = tuple[int, int]


@dataclass(frozen=True)
class Spans:
    """Matches as positions: ``starts`` ascending, ``ends`` exclusive, and ``targets``
    (-1 where the target's place varies with the path: see ``target_offsets``)."""

    starts: np.ndarray
    ends: np.ndarray
    targets: np.ndarray

    def __len__(self) -> int:
        return len(self.starts)

    @classmethod
    def empty(cls) -> Spans:
        none = np.zeros(0, dtype=np.int64)
        return cls(none, none, none)


def find_spans(
    pattern: Pattern, test: ElementTest, sentence_start: np.ndarray, candidates: np.ndarray
) -> Spans:
    """The matches that start at one of ``candidates`` (ascending positions; every
    position that may start a match must be among them, and all of a sentence's).
    ``sentence_start`` holds each sentence's first position, ascending, then the end."""
    candidates = np.asarray(candidates, dtype=np.int64)
    # Only a position where a first element holds can start a match: one lookup per
    # candidate, before any per-candidate binary search among the sentences (every
    # token is a candidate of a pattern without a literal; few start a match).
    candidates = candidates[_can_open(pattern, test, candidates)]
    if not len(candidates):
        return Spans.empty()
    sentence = np.searchsorted(sentence_start, candidates, side="right") - 1
    limit = sentence_start[sentence + 1]  # where each start's sentence ends
    fits = candidates + pattern.min_length <= limit
    starts, limit = candidates[fits], limit[fits]
    ends = _shortest_ends(pattern, test, starts, limit)
    matched = ends >= 0
    starts, ends = _not_overlapping(starts[matched], ends[matched])
    return Spans(starts, ends, _targets(pattern, starts, ends))


def openers(pattern: Pattern) -> list[int]:
    """The elements a match may begin with (the first, and those after optional ones)."""
    initial = _closure(pattern.elements, 0, 0)
    return sorted({i for i, _ in initial if i < len(pattern.elements)})


def _can_open(pattern: Pattern, test: ElementTest, starts: np.ndarray) -> np.ndarray:
    """Whether an element a match may begin with holds at each of ``starts``."""
    can_open = np.zeros(len(starts), dtype=bool)
    for index in openers(pattern):
        can_open |= test(index, starts)
    return can_open


def _shortest_ends(
    pattern: Pattern, test: ElementTest, starts: np.ndarray, limit: np.ndarray
) -> np.ndarray:
    """For each start (each one where a first element holds: ``_can_open``), the end of
    its shortest match, or -1."""
    elements, accept = pattern.elements, (len(pattern.elements), 0)
    ends = np.full(len(starts), -1, dtype=np.int64)
    initial = _closure(elements, 0, 0)
    active = np.arange(len(starts))  # which starts still run
    states = {state: np.ones(len(active), dtype=bool) for state in initial}
    step = 0
    while len(active) and states:
        position = starts[active] + step
        inside = position < limit[active]
        states = _step(elements, test, states, np.where(inside, position, 0), inside)
        step += 1
        done = states.pop(accept, None)
        if done is not None and done.any():
            ends[active[done]] = starts[active[done]] + step
            states = {s: alive & ~done for s, alive in states.items()}
        running = np.zeros(len(active), dtype=bool)
        for alive in states.values():
            running |= alive
        keep = np.flatnonzero(running)
        active = active[keep]
        states = {s: alive[keep] for s, alive in states.items() if alive[keep].any()}
    return ends


def _step(
    elements: tuple[Element, ...],
    test: ElementTest,
    states: dict[_State, np.ndarray],
    position: np.ndarray,
    inside: np.ndarray,
) -> dict[_State, np.ndarray]:
    """The states after the token at ``position`` (matcher.py's step, for all starts)."""
    out: dict[_State, np.ndarray] = {}
    tested: dict[int, np.ndarray] = {}
    for (index, count), alive in states.items():
        if index == len(elements):
            continue
        element = elements[index]
        high = element.max_repeat
        if high is not None and count >= high:
            continue
        if index not in tested:
            tested[index] = inside & test(index, position)
        took = alive & tested[index]
        if not took.any():
            continue
        if high is None:  # unbounded: counts past the minimum behave alike, cap them
            count = min(count, element.min_repeat - 1)
        for state in _closure(elements, index, count + 1):
            out[state] = out[state] | took if state in out else took
    return _pruned(elements, out)


def _closure(elements: tuple[Element, ...], index: int, count: int) -> list[_State]:
    """A state and those reachable from it without a token (matcher.py's ``enter``)."""
    found = [(index, count)]
    while index < len(elements) and count >= elements[index].min_repeat:
        index, count = index + 1, 0
        found.append((index, count))
    return found


def _pruned(
    elements: tuple[Element, ...], states: dict[_State, np.ndarray]
) -> dict[_State, np.ndarray]:
    """Per element and start, only the fewest repetitions past its minimum (they can do
    whatever more can): matcher.py's ``prune``."""
    taken: dict[int, np.ndarray] = {}
    out: dict[_State, np.ndarray] = {}
    for index, count in sorted(states):
        alive = states[(index, count)]
        if index < len(elements) and count >= elements[index].min_repeat:
            before = taken.get(index)
            if before is not None:
                alive = alive & ~before
                taken[index] = before | alive
            else:
                taken[index] = alive
        out[(index, count)] = alive
    return out


def _not_overlapping(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Left to right, a match whose start lies inside the previous kept match is dropped
    (the scan resumes at a match's end)."""
    if len(starts) < 2 or bool(np.all(starts[1:] >= ends[:-1])):
        return starts, ends  # the common case: no two overlap
    # A match that starts at or after the end of every earlier one is kept, whatever
    # the scan dropped before it; only the others are decided one by one, each against
    # the last match kept (matches kept do not overlap, so theirs is the furthest end).
    reach = np.maximum.accumulate(ends)
    keep = np.ones(len(starts), dtype=bool)
    keep[1:] = starts[1:] >= reach[:-1]
    free = np.flatnonzero(keep)
    doubtful = np.flatnonzero(~keep)
    before = free[np.searchsorted(free, doubtful, side="right") - 1]
    last_at, last_end = -1, 0
    for at, start, end, free_before, free_end in zip(
        doubtful.tolist(),
        starts[doubtful].tolist(),
        ends[doubtful].tolist(),
        before.tolist(),
        ends[before].tolist(),
        strict=True,
    ):
        if start >= (free_end if free_before > last_at else last_end):
            keep[at] = True
            last_at, last_end = at, end
    return starts[keep], ends[keep]


def target_offsets(pattern: Pattern) -> tuple[int | None, int | None]:
    """How far the target lies from a match's start, and from its end, when the
    elements before (after) it always take the same number of tokens."""
    before = _fixed_length(pattern.elements[: pattern.target])
    after = _fixed_length(pattern.elements[pattern.target + 1 :])
    return before, after


def _targets(pattern: Pattern, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    from_start, from_end = target_offsets(pattern)
    if from_start is not None:
        return starts + from_start
    if from_end is not None:
        return ends - 1 - from_end
    return np.full(len(starts), -1, dtype=np.int64)


def _fixed_length(elements: tuple[Element, ...]) -> int | None:
    if any(e.min_repeat != e.max_repeat for e in elements):
        return None
    return sum(e.min_repeat for e in elements)


def start_candidates(
    pattern: Pattern, anchor_element: int, anchor_positions: np.ndarray, sentence_start: np.ndarray
) -> np.ndarray:
    """The positions a match may start at, given that its element ``anchor_element``
    takes one of ``anchor_positions`` (ascending): from as many tokens before each as
    the elements before it may take, within its sentence; ascending, distinct."""
    before = pattern.elements[:anchor_element]
    fewest = sum(e.min_repeat for e in before)
    most = None if any(e.max_repeat is None for e in before) else sum(e.max_repeat for e in before)  # type: ignore[misc]
    positions = np.asarray(anchor_positions, dtype=np.int64)
    sentence = np.searchsorted(sentence_start, positions, side="right") - 1
    first = sentence_start[sentence]
    low = first if most is None else np.maximum(first, positions - most)
    high = positions - fewest  # inclusive
    sizes = np.maximum(high - low + 1, 0)
    if not sizes.sum():
        return np.zeros(0, dtype=np.int64)
    starts = np.repeat(low, sizes) + _ramp(sizes)
    return distinct(starts)


def _ramp(sizes: np.ndarray) -> np.ndarray:
    """0, 1, …, size-1 for each size, concatenated."""
    total = int(sizes.sum())
    offsets = np.repeat(np.cumsum(sizes) - sizes, sizes)
    return np.arange(total, dtype=np.int64) - offsets
