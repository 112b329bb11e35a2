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
from sensegrep.deadline import check
from sensegrep.search.cql.automaton import Automaton, State, automaton_of, dominates
from sensegrep.search.cql.tree import Pattern, fixed_length

# test(element index, positions) -> whether the element's condition holds at each.
ElementTest = Callable[[int, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Spans:
    """Matches as positions: ``starts`` ascending, ``ends`` exclusive, and ``targets``
    (-1 where the target's place varies with the path: see ``target_offsets``)."""

    starts: np.ndarray
    ends: np.ndarray
    targets: np.ndarray
    # Matches at starts inside an earlier match, which the scan drops (no overlap).
    overlapped: int = 0
    # Those of them that end where no earlier match does: CQP's default strategy
    # (standard) lists them too, as it drops only a later start's match of the same end.
    ending_elsewhere: int = 0
    # The starts CQP's default strategy lists (the leftmost of each end), ascending:
    # what a subcorpus's ``ending_elsewhere`` is counted from, document by document.
    cqp_starts: np.ndarray | None = None
    # The starts of the ``overlapped`` matches, ascending (counted by document alike).
    overlapped_starts: np.ndarray | None = None

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
    found = int(matched.sum())
    # CQP keeps the leftmost match of each end (starts ascending: the first one found).
    _ends, leftmost = np.unique(ends[matched], return_index=True)
    cqp_starts = np.sort(starts[matched][leftmost])
    every = starts[matched]
    starts, ends = _not_overlapping(every, ends[matched])
    return Spans(
        starts,
        ends,
        _targets(pattern, starts, ends),
        found - len(starts),
        len(cqp_starts) - len(starts),
        cqp_starts,
        np.setdiff1d(every, starts, assume_unique=True),
    )


def openers(pattern: Pattern) -> list[int]:
    """The token elements (indexes in ``pattern.token_elements``) a match may begin
    with: the first, those after optional ones, each branch's first in a group."""
    return automaton_of(pattern).openers


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
    automaton: Automaton = automaton_of(pattern)
    accept = automaton.accept
    ends = np.full(len(starts), -1, dtype=np.int64)
    active = np.arange(len(starts))  # which starts still run
    states = {state: np.ones(len(active), dtype=bool) for state in automaton.initial}
    step = 0
    while len(active) and states:
        check()
        position = starts[active] + step
        inside = position < limit[active]
        states = _step(automaton, test, states, np.where(inside, position, 0), inside)
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
    automaton: Automaton,
    test: ElementTest,
    states: dict[State, np.ndarray],
    position: np.ndarray,
    inside: np.ndarray,
) -> dict[State, np.ndarray]:
    """The states after the token at ``position`` (matcher.py's step, for all starts)."""
    out: dict[State, np.ndarray] = {}
    tested: dict[int, np.ndarray] = {}
    for state, alive in states.items():
        if state == automaton.accept:
            continue
        check()  # a step costs the live states: many for nested repetitions
        element, after = automaton.move(state)
        if element not in tested:
            tested[element] = inside & test(element, position)
        took = alive & tested[element]
        if not took.any():
            continue
        for following in after:
            out[following] = out[following] | took if following in out else took
    return _pruned(automaton, out) if automaton.prunes and len(out) > 1 else out


def _pruned(automaton: Automaton, states: dict[State, np.ndarray]) -> dict[State, np.ndarray]:
    """Per start, the states no other state of the same start stands for
    (automaton.py's ``prune``, for all starts at once)."""
    out: dict[State, np.ndarray] = {}
    for members in automaton.alike(states).values():
        if len(members) == 1:
            state = members[0][1]
            out[state] = states[state]
            continue
        members.sort()
        kept: list[tuple[tuple[int, ...], np.ndarray]] = []
        for counts, state in members:
            check()  # quadratic in the states alike
            alive = states[state]
            for fewer, earlier in kept:  # a dominator sorts first
                if dominates(fewer, counts):
                    alive = alive & ~earlier
            kept.append((counts, alive))
            out[state] = alive
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
    """How far the target lies from a match's start, and from its end, when what comes
    before (after) it always takes the same number of tokens."""
    before = fixed_length(pattern.elements[: pattern.target])
    after = fixed_length(pattern.elements[pattern.target + 1 :])
    return before, after


def _targets(pattern: Pattern, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    from_start, from_end = target_offsets(pattern)
    if from_start is not None:
        return starts + from_start
    if from_end is not None:
        return ends - 1 - from_end
    return np.full(len(starts), -1, dtype=np.int64)


def start_candidates(
    pattern: Pattern, anchor_element: int, anchor_positions: np.ndarray, sentence_start: np.ndarray
) -> np.ndarray:
    """The positions a match may start at, given that its element ``anchor_element``
    takes one of ``anchor_positions`` (ascending): from as many tokens before each as
    the elements before it may take, within its sentence; ascending, distinct."""
    fewest, most = pattern.tokens_before(anchor_element)
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
