"""Matching a parsed pattern against one sentence (see the package docstring for the
strategy: shortest match, no overlap, an NFA without backtracking)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sensegrep.search.cql.tree import Element, Pattern, Token

# ---------------------------------------------------------------------------- matcher


@dataclass(frozen=True)
class Match:
    start: int  # index of the first matched token in the sentence
    end: int  # exclusive
    target: int  # index of the target token in the sentence


# An NFA state: (element index, repetitions of that element so far); (len(elements), 0)
# accepts. Targets are not tracked here: a match's target is located afterwards.
_State = tuple[int, int]


def find(
    pattern: Pattern, tokens: Sequence[Token], metadata: Mapping[str, Any] | None = None
) -> list[Match]:
    """All non-overlapping matches in one sentence, left to right, shortest at each start."""
    if len(tokens) < pattern.min_length:
        return []
    matcher = _Matcher(pattern, tokens, metadata)
    if _is_wide(pattern) and not matcher.target_occurs():
        return []  # spares a long simulation from every start of a hopeless sentence
    return matcher.run()


def _is_wide(pattern: Pattern) -> bool:
    longest = pattern.max_length
    return longest is None or longest > 4


def _fixed_length(elements: Sequence[Element]) -> int | None:
    """The number of tokens these elements always take, or None if it varies."""
    if any(e.min_repeat != e.max_repeat for e in elements):
        return None
    return sum(e.min_repeat for e in elements)


class _Matcher:
    def __init__(
        self, pattern: Pattern, tokens: Sequence[Token], metadata: Mapping[str, Any] | None
    ) -> None:
        self.elements = pattern.elements
        self.target = pattern.target
        self.tokens = tokens
        self.metadata = metadata
        self.min_length = pattern.min_length
        self.accept = (len(self.elements), 0)
        # Each (element, token) test is run at most once although several starts reach it.
        self.cache: list[list[bool | None]] = [[None] * len(tokens) for _ in self.elements]
        self.initial: set[_State] = set()
        self.enter(self.initial, 0, 0)
        # The elements that can take a match's first token: a cheap test rules most starts out.
        self.openers = sorted({index for index, _ in self.initial if index < len(self.elements)})
        # Where the target sits when the elements before (or after) it have fixed lengths.
        self.offset_from_start = _fixed_length(self.elements[: self.target])
        self.offset_from_end = _fixed_length(self.elements[self.target + 1 :])
        # Pruning only pays where an element has many optional repetitions.
        self.wide_elements = any(
            e.max_repeat is not None and e.max_repeat - e.min_repeat > 2 for e in self.elements
        )

    def run(self) -> list[Match]:
        matches: list[Match] = []
        start, last_start = 0, len(self.tokens) - self.min_length
        while start <= last_start:
            match = self.shortest_from(start) if self.can_open(start) else None
            if match is None:
                start += 1
            else:
                matches.append(match)
                start = match.end  # never empty: the target is one token
        return matches

    def can_open(self, start: int) -> bool:
        return any(self.test(index, start) for index in self.openers)

    def target_occurs(self) -> bool:
        return any(self.test(self.target, p) for p in range(len(self.tokens)))

    def test(self, element: int, position: int) -> bool:
        known = self.cache[element][position]
        if known is None:
            condition = self.elements[element].condition
            known = condition is None or condition.matches(self.tokens[position], self.metadata)
            self.cache[element][position] = known
        return known

    def shortest_from(self, start: int) -> Match | None:
        history = [self.initial]  # history[k]: the states before the token at start + k
        states, position = self.initial, start
        while states and position < len(self.tokens):
            states = self.step(states, position)
            position += 1
            history.append(states)
            if self.accept in states:
                return Match(start, position, self.locate_target(start, position, history))
        return None

    def locate_target(self, start: int, end: int, history: list[set[_State]]) -> int:
        """The leftmost token that the target element takes on some path from start to end."""
        if self.offset_from_start is not None:
            return start + self.offset_from_start
        if self.offset_from_end is not None:
            return end - 1 - self.offset_from_end
        before = (self.target, 0)
        for position in range(start, end):
            if (
                before in history[position - start]
                and self.test(self.target, position)
                and self.completes(position + 1, end)
            ):
                return position
        raise AssertionError("an accepted path always passes the target")  # pragma: no cover

    def completes(self, position: int, end: int) -> bool:
        """Whether the elements after the target can take exactly the tokens position..end."""
        states: set[_State] = set()
        self.enter(states, self.target, 1)
        while states and position < end:
            states = self.step(states, position)
            position += 1
        return self.accept in states

    def step(self, states: set[_State], position: int) -> set[_State]:
        """The states after the token at ``position``, from every state that can take it."""
        out: set[_State] = set()
        for index, count in states:
            if index == len(self.elements):
                continue
            element = self.elements[index]
            high = element.max_repeat
            if (high is not None and count >= high) or not self.test(index, position):
                continue
            if high is None:  # unbounded: counts past the minimum behave alike, cap them
                count = min(count, element.min_repeat - 1)
            self.enter(out, index, count + 1)
        return self.prune(out) if self.wide_elements and len(out) > 1 else out

    def enter(self, states: set[_State], index: int, count: int) -> None:
        """Add a state and those reachable from it without a token (leaving an element once
        it has its minimum)."""
        while True:
            states.add((index, count))
            if index == len(self.elements) or count < self.elements[index].min_repeat:
                return
            index, count = index + 1, 0

    def prune(self, states: set[_State]) -> set[_State]:
        """Keep, per element, only the fewest repetitions past its minimum: (element, c) can
        do whatever (element, c2 > c) can, having as many repetitions left or more. So a
        wide gap like ``[]{0,50}`` costs one state per token instead of fifty."""
        kept: set[_State] = set()
        past_minimum: set[int] = set()
        for index, count in sorted(states):
            if index < len(self.elements) and count >= self.elements[index].min_repeat:
                if index in past_minimum:
                    continue
                past_minimum.add(index)
            kept.add((index, count))
        return kept
