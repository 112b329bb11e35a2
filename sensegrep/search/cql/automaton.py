"""The NFA that both matchers run (matcher.py on one sentence, columns.py on every
candidate start at once), made once per pattern and filled in as its states are met.

A state says where a match stands between two tokens: at the top level, the element or
group it is at and how many times it has taken it (for a group: its repetitions
done); inside each group entered, the branch taken (``|``), the place in that branch
and the count there. So a state is (index, count) at the top level, then (branch,
index, count) for each group it is inside. A state rests at a token element that may
take one more token, or accepts: (len(elements), 0). A move takes one token: that
element's count goes up, then ``closure`` adds every state reachable without a token:
leaving an element or a group once it has its minimum, entering each branch of a group
that may repeat once more, and ending a repetition when a branch is done.

Two things keep the states few, whatever the repetitions:

- an unbounded element or group counts up to its minimum only: past it, every count
  behaves alike;
- ``prune``: of two states that differ only in counts past their place's minimum, the
  one with at most as many repetitions at each such place can do whatever the other
  can (it has as many repetitions left or more, and may leave as well), so the other is
  dropped. A wide gap such as ``[]{0,50}`` costs one state per token, not fifty.

Closures, moves and prune keys are computed once per state and kept: a pattern meets
few states, and each step is then a few dictionary lookups per state.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from sensegrep.deadline import check
from sensegrep.search.cql.tree import Element, Group, Node

if TYPE_CHECKING:
    from sensegrep.search.cql.tree import Pattern

State = tuple[int, ...]
# A bound on the states a pattern may have; past it a pattern is refused (parser.py):
# nested bounded repetitions multiply (([]{0,100}){0,100} has 10,201).
MAX_STATES = 100_000


def automaton_of(pattern: Pattern) -> Automaton:
    """The pattern's automaton, made once per pattern and kept on it (as a cached
    property would be: a pattern is immutable, and its automaton only fills in)."""
    found = pattern.__dict__.get("_automaton")
    if found is None:
        found = pattern.__dict__["_automaton"] = Automaton(pattern)
    return found


class Automaton:
    def __init__(self, pattern: Pattern) -> None:
        self.elements = pattern.elements
        self._element_index = {id(e): i for i, e in enumerate(pattern.token_elements)}
        self.accept: State = (len(self.elements), 0)
        self._closures: dict[State, tuple[State, ...]] = {}
        self._moves: dict[State, tuple[int, tuple[State, ...]]] = {}
        self._keys: dict[State, tuple[State, tuple[int, ...]]] = {}
        self.initial = self.closure((0, 0))
        # The token elements that can take a match's first token.
        self.openers = sorted({self.move(s)[0] for s in self.initial if s != self.accept})
        # The state just before the target element (a top-level token element).
        self.before_target: State = (pattern.target, 0)
        # Pruning only pays where something has many optional repetitions.
        self.prunes = any(_wide(node) for node in _nodes(self.elements))

    def closure(self, start: State) -> tuple[State, ...]:
        """The resting states reachable from ``start`` without taking a token."""
        found = self._closures.get(start)
        if found is None:
            check()  # a pattern's states can be many: a time limit stops making them
            found = self._closures[start] = self._close(start)
        return found

    def move(self, state: State) -> tuple[int, tuple[State, ...]]:
        """The token element ``state`` rests at (its index in ``token_elements``) and
        the states once it has taken a token."""
        found = self._moves.get(state)
        if found is None:
            sequence = self._innermost(state)[0]
            element = sequence[state[-2]]
            taken = (*state[:-1], _next_count(element, state[-1]))
            found = self._moves[state] = (self._element_index[id(element)], self.closure(taken))
        return found

    def prune(self, states: Iterable[State]) -> set[State]:
        """``states`` without those another of them can stand for (see the docstring)."""
        kept: set[State] = set()
        for members in self.alike(states).values():
            if len(members) > 1:
                members.sort()
                members = _undominated(members)
            kept.update(state for _counts, state in members)
        return kept

    def alike(self, states: Iterable[State]) -> dict[State, list[tuple[tuple[int, ...], State]]]:
        """``states`` by their prune key, each with its counts past their minimum."""
        groups: dict[State, list[tuple[tuple[int, ...], State]]] = {}
        for state in states:
            key, counts = self.prune_key(state)
            groups.setdefault(key, []).append((counts, state))
        return groups

    def prune_key(self, state: State) -> tuple[State, tuple[int, ...]]:
        """(``state`` with each count past its place's minimum masked as -1, those
        counts in order): two states with one key differ only in those counts."""
        found = self._keys.get(state)
        if found is None:
            key, counts = list(state), []
            for node, at in self._places(state):
                if state[at] >= node.min_repeat:
                    key[at] = -1
                    counts.append(state[at])
            found = self._keys[state] = (tuple(key), tuple(counts))
        return found

    # -- navigating a state
    def _innermost(self, position: State) -> tuple[tuple[Node, ...], Group | None]:
        """The sequence the last level of ``position`` is in, and the group whose branch
        it is (None at the top level)."""
        sequence: tuple[Node, ...] = self.elements
        group = None
        for level in range(1, (len(position) + 1) // 3):
            node = sequence[position[3 * level - 3]]
            assert isinstance(node, Group)
            group, sequence = node, node.branches[position[3 * level - 1]]
        return sequence, group

    def _places(self, state: State) -> list[tuple[Node, int]]:
        """Each level's node and where its count is in ``state``."""
        sequence: tuple[Node, ...] = self.elements
        places: list[tuple[Node, int]] = []
        for level in range((len(state) + 1) // 3):
            index = state[3 * level]
            if index == len(sequence):
                break  # the accepting state
            node = sequence[index]
            places.append((node, 3 * level + 1))
            if isinstance(node, Group) and 3 * level + 2 < len(state):
                sequence = node.branches[state[3 * level + 2]]
        return places

    def _close(self, start: State) -> tuple[State, ...]:
        resting: dict[State, None] = {}  # in the order found: a set, deterministic
        seen: set[State] = set()
        todo = [start]
        while todo:
            position = todo.pop()
            if position in seen:
                continue
            seen.add(position)
            if len(seen) % 4096 == 0:
                check()
            sequence, group = self._innermost(position)
            index, count = position[-2], position[-1]
            if index == len(sequence):
                if group is None:
                    resting[position] = None  # accepts
                else:  # a repetition of the group is done: count it at the level above
                    above = position[:-3]
                    todo.append((*above[:-1], _next_count(group, above[-1])))
                continue
            node = sequence[index]
            if count >= node.min_repeat:
                todo.append((*position[:-2], index + 1, 0))
            if node.max_repeat is None or count < node.max_repeat:
                if isinstance(node, Element):
                    resting[position] = None
                else:
                    todo.extend((*position, b, 0, 0) for b in range(len(node.branches)))
        return tuple(resting)


def _next_count(node: Node, count: int) -> int:
    if node.max_repeat is None:  # unbounded: counts past the minimum behave alike, cap them
        return min(count, node.min_repeat - 1) + 1
    return count + 1


def dominates(fewer: tuple[int, ...], more: tuple[int, ...]) -> bool:
    """Whether a state with the counts ``fewer`` can stand for one with ``more`` (same
    prune key): at most as many repetitions everywhere."""
    return all(a <= b for a, b in zip(fewer, more, strict=True))


def _undominated(
    members: list[tuple[tuple[int, ...], State]],
) -> list[tuple[tuple[int, ...], State]]:
    """Sorted members without those a kept one dominates (a dominator sorts first)."""
    kept: list[tuple[tuple[int, ...], State]] = []
    for counts, state in members:
        check()  # quadratic in the states alike: many for nested repetitions
        if not any(dominates(fewer, counts) for fewer, _state in kept):
            kept.append((counts, state))
    return kept


def _nodes(sequence: Sequence[Node]) -> Iterable[Node]:
    for node in sequence:
        yield node
        if isinstance(node, Group):
            for branch in node.branches:
                yield from _nodes(branch)


def _wide(node: Node) -> bool:
    return node.max_repeat is not None and node.max_repeat - node.min_repeat > 2


def state_bound(sequence: Sequence[Node], around: int = 1) -> int:
    """An upper bound on the states of a pattern: for each token element, the counts
    it and each group around it can have, multiplied (``around``: those of the groups
    around ``sequence``)."""
    total = 0
    for node in sequence:
        most = node.max_repeat if node.max_repeat is not None else node.min_repeat
        counts = around * (most + 1)
        if isinstance(node, Element):
            total += counts
        else:
            total += sum(state_bound(branch, counts) for branch in node.branches)
    return total
