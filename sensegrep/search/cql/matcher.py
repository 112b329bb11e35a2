"""Matching a parsed pattern against one sentence (see the package docstring for the
strategy: shortest match, no overlap, an NFA without backtracking)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sensegrep.deadline import check
from sensegrep.search.cql.automaton import Automaton, State, automaton_of
from sensegrep.search.cql.tree import Pattern, Token, fixed_length

# ---------------------------------------------------------------------------- matcher


@dataclass(frozen=True)
class Match:
    start: int  # index of the first matched token in the sentence
    end: int  # exclusive
    target: int  # index of the target token in the sentence


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


class _Matcher:
    def __init__(
        self, pattern: Pattern, tokens: Sequence[Token], metadata: Mapping[str, Any] | None
    ) -> None:
        self.automaton: Automaton = automaton_of(pattern)
        self.elements = pattern.token_elements
        self.target_element = self.automaton.move(self.automaton.before_target)[0]
        self.tokens = tokens
        self.metadata = metadata
        self.min_length = pattern.min_length
        # Each (element, token) test is run at most once although several starts reach it.
        self.cache: list[list[bool | None]] = [[None] * len(tokens) for _ in self.elements]
        # Where the target sits when what comes before (or after) it has a fixed length.
        self.offset_from_start = fixed_length(pattern.elements[: pattern.target])
        self.offset_from_end = fixed_length(pattern.elements[pattern.target + 1 :])

    def run(self) -> list[Match]:
        matches: list[Match] = []
        start, last_start = 0, len(self.tokens) - self.min_length
        while start <= last_start:
            check()
            match = self.shortest_from(start) if self.can_open(start) else None
            if match is None:
                start += 1
            else:
                matches.append(match)
                start = match.end  # never empty: the target is one token
        return matches

    def can_open(self, start: int) -> bool:
        return any(self.test(element, start) for element in self.automaton.openers)

    def target_occurs(self) -> bool:
        return any(self.test(self.target_element, p) for p in range(len(self.tokens)))

    def test(self, element: int, position: int) -> bool:
        known = self.cache[element][position]
        if known is None:
            condition = self.elements[element].condition
            known = condition is None or condition.matches(self.tokens[position], self.metadata)
            self.cache[element][position] = known
        return known

    def shortest_from(self, start: int) -> Match | None:
        accept = self.automaton.accept
        history = [set(self.automaton.initial)]  # history[k]: the states before start + k
        states, position = history[0], start
        while states and position < len(self.tokens):
            check()
            states = self.step(states, position)
            position += 1
            history.append(states)
            if accept in states:
                return Match(start, position, self.locate_target(start, position, history))
        return None

    def locate_target(self, start: int, end: int, history: list[set[State]]) -> int:
        """The leftmost token that the target element takes on some path from start to end."""
        if self.offset_from_start is not None:
            return start + self.offset_from_start
        if self.offset_from_end is not None:
            return end - 1 - self.offset_from_end
        before = self.automaton.before_target
        for position in range(start, end):
            if (
                before in history[position - start]
                and self.test(self.target_element, position)
                and self.completes(position + 1, end)
            ):
                return position
        raise AssertionError("an accepted path always passes the target")  # pragma: no cover

    def completes(self, position: int, end: int) -> bool:
        """Whether what follows the target can take exactly the tokens position..end."""
        states = set(self.automaton.move(self.automaton.before_target)[1])
        while states and position < end:
            states = self.step(states, position)
            position += 1
        return self.automaton.accept in states

    def step(self, states: set[State], position: int) -> set[State]:
        """The states after the token at ``position``, from every state that can take it."""
        automaton = self.automaton
        out: set[State] = set()
        for state in states:
            if state == automaton.accept:
                continue
            element, after = automaton.move(state)
            if self.test(element, position):
                out.update(after)
        return automaton.prune(out) if automaton.prunes and len(out) > 1 else out
