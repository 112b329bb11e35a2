"""The query tree of a CQL pattern: attribute tests combined by and, or and not; token
elements and groups of them with their repetitions; the anchors storage looks
candidates up by. Built by parser.py, run by automaton.py (for matcher.py and
columns.py)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, Protocol

from sensegrep.document import list_items, metadata_text
from sensegrep.errors import QueryError
from sensegrep.search.cql.regex import case_matched, letters_written_out
from sensegrep.text import composed, without_diacritics

MAX_QUERY_LENGTH = 2000
MAX_REPEAT = 100
MAX_NESTING = 50
# Attributes read from the token; every other attribute name is a metadata field.
TOKEN_ATTRIBUTES = frozenset({"word", "lemma", "pos", "tag", "deprel"})
# A metadata field named like a token attribute: [meta:pos="x"] tests the field "pos".
META_PREFIX = "meta:"
# Attributes a token may lack (untagged, unparsed): tested as "".
_OPTIONAL_ATTRIBUTES = ("pos", "tag", "deprel")
_TOKEN_ATTRIBUTES = ("word", "lemma", *_OPTIONAL_ATTRIBUTES)
_REGEX_META = set(".^$*+?{}[]()|\\")


class CQLError(QueryError):
    """A query that does not parse; ``column`` is 1-based."""

    def __init__(self, message: str, column: int, query: str) -> None:
        message = " ".join(message.splitlines())  # one line, whatever a regex error says
        self.message = message
        self.column = column
        self.query = query
        super().__init__(message, column, query)  # these args: it pickles and unpickles

    def __str__(self) -> str:
        return f"{self.message} at column {self.column}"


class Token(Protocol):
    """What ``find`` reads from a token (``sensegrep.document.Token`` fits)."""

    @property
    def form(self) -> str: ...

    @property
    def lemma(self) -> str | None: ...

    @property
    def pos(self) -> str | None: ...


# ---------------------------------------------------------------------------- pattern


@dataclass(frozen=True)
class AttributeTest:
    """``attribute="value"`` (or ``!=`` when ``negated``); ``value`` is the regex as written."""

    attribute: str
    value: str
    negated: bool = False
    ignore_case: bool = False
    ignore_diacritics: bool = False
    column: int = 0
    # Compiled by RE2 (regex.py): linear time whatever the pattern.
    regex: Any = field(default=None, compare=False, repr=False)
    # The plain string when the value has no regex metacharacters (None otherwise).
    literal: str | None = field(default=None, compare=False, repr=False)

    @property
    def source(self) -> str:
        """The regex the values are matched with: ``value`` with its letters written by
        their codes written out, composed; for ``%d`` without diacritics (of a letter
        written by its code too: caf\\u00e9 is cafe)."""
        return regex_source(self.value, self.ignore_diacritics)

    def matches(self, token: Token, metadata: Mapping[str, Any] | None) -> bool:
        value = _attribute_value(self.attribute, token, metadata)
        if value is None:  # a missing metadata field
            return self.negated
        taken = self.accepts(value)
        if not taken and self.attribute not in _TOKEN_ATTRIBUTES:
            # A field of several values (a JSON list) has each of them, as --where reads it.
            taken = any(map(self.accepts, list_items(value)))
        return taken != self.negated

    def accepts(self, value: str) -> bool:
        """Whether the value matches, negation aside (composed, as the test's own value
        is: text keeps the file's composition)."""
        value = composed(value)
        if self.ignore_diacritics:
            value = strip_diacritics(value)
        elif self.literal is not None and not self.ignore_case:
            return value == self.literal  # the common case, without the regex engine
        if self.ignore_case:
            value = case_matched(value)
        return self.regex.fullmatch(value) is not None


@dataclass(frozen=True)
class Not:
    operand: Condition

    def matches(self, token: Token, metadata: Mapping[str, Any] | None) -> bool:
        return not self.operand.matches(token, metadata)


@dataclass(frozen=True)
class And:
    operands: tuple[Condition, ...]

    def matches(self, token: Token, metadata: Mapping[str, Any] | None) -> bool:
        return all(op.matches(token, metadata) for op in self.operands)


@dataclass(frozen=True)
class Or:
    operands: tuple[Condition, ...]

    def matches(self, token: Token, metadata: Mapping[str, Any] | None) -> bool:
        return any(op.matches(token, metadata) for op in self.operands)


Condition = AttributeTest | Not | And | Or


@dataclass(frozen=True)
class Element:
    """One token position of a pattern, repeated ``min_repeat``..``max_repeat`` times
    (``max_repeat`` None: unbounded). ``condition`` None is ``[]``, any token."""

    condition: Condition | None
    min_repeat: int = 1
    max_repeat: int | None = 1
    column: int = 0

    def matches(self, token: Token, metadata: Mapping[str, Any] | None) -> bool:
        return self.condition is None or self.condition.matches(token, metadata)


@dataclass(frozen=True)
class Group:
    """``( ... )``: a sequence of elements and groups, or several separated by ``|``
    (``branches``; each repetition takes one of them), repeated ``min_repeat`` ..
    ``max_repeat`` times (``max_repeat`` None: unbounded)."""

    branches: tuple[tuple[Node, ...], ...]
    min_repeat: int = 1
    max_repeat: int | None = 1
    column: int = 0


Node = Element | Group


@dataclass(frozen=True)
class Anchor:
    """A literal lookup that every match must contain; ``element`` indexes
    ``Pattern.token_elements``."""

    element: int
    attribute: str  # "word" or "lemma"
    value: str
    ignore_case: bool


@dataclass(frozen=True)
class Pattern:
    """``elements``: the top-level sequence (``target`` indexes it: always an
    ``Element`` taking exactly one token); ``where``: the ``within FIELD="VALUE"``
    conditions, as ``--where`` pairs."""

    elements: tuple[Node, ...]
    target: int
    text: str
    where: tuple[tuple[str, str], ...] = ()
    marked: bool = False  # the target was marked with @ (else the first single token)
    within_text: bool = False  # `within text` was written (a match stays in a sentence)

    @cached_property
    def token_elements(self) -> tuple[Element, ...]:
        """Every token element, groups opened, in the order written: the elements a
        matcher tests (an ``Anchor.element`` or a matcher's element index is a place in
        this tuple; for a pattern without groups it is ``elements``)."""
        return tuple(element for element, _path in _walk(self.elements, ()))

    def attributes(self) -> set[str]:
        """Every attribute name the pattern tests (TOKEN_ATTRIBUTES, metadata fields)."""
        return {
            test.attribute
            for element in self.token_elements
            if element.condition is not None
            for test in _tests(element.condition)
        }

    def required_tests(self, attribute: str) -> list[AttributeTest]:
        """The tests of ``attribute`` that every match must pass (reached through "and"
        only, in an element that must occur)."""
        return [
            test
            for element in self.required_elements()
            if element.condition is not None
            for test in _needed(element.condition)
            if test.attribute == attribute
        ]

    def required_elements(self) -> list[Element]:
        """The token elements every match takes at least once: those repeated at least
        once, outside any group that may be skipped or has alternatives."""
        return [e for e, path in _walk(self.elements, ()) if _always(e, path)]

    def metadata_tests(self) -> list[tuple[AttributeTest, bool]]:
        """Every test of a document metadata field, and whether every match must pass
        it (it is reached through "and" only, in an element that must occur)."""
        found = []
        required = set(map(id, self.required_elements()))
        for element in self.token_elements:
            if element.condition is None:
                continue
            needed = set(map(id, _needed(element.condition))) if id(element) in required else set()
            found += [
                (test, id(test) in needed)
                for test in _tests(element.condition)
                if test.attribute not in TOKEN_ATTRIBUTES
            ]
        return found

    def asserted_literals(self, attribute: str) -> list[AttributeTest]:
        """The ``attribute="value"`` tests of a plain string (no regex), outside any "!"
        and not ``!=``: those whose value some match may be (a note counts what holds
        that value elsewhere, as a CoNLL-U multiword token)."""
        return [test for test in self.asserted_tests(attribute) if test.literal is not None]

    def asserted_tests(self, attribute: str) -> list[AttributeTest]:
        """The ``attribute="value"`` tests, a regex's too, outside any "!" and not
        ``!=``: those whose value some match may be."""
        return [
            test
            for element in self.token_elements
            if element.condition is not None
            for test in _asserted(element.condition)
            if test.attribute == attribute and not test.negated
        ]

    def anchors(self) -> list[Anchor]:
        """One literal word or lemma per token element that every match must contain."""
        found = []
        for index, (element, path) in enumerate(_walk(self.elements, ())):
            anchor = _anchor(index, element) if _always(element, path) else None
            if anchor is not None:
                found.append(anchor)
        return found

    def tokens_before(self, element: int) -> tuple[int, int | None]:
        """The fewest and most tokens a match takes before the first token of the token
        element ``element`` (one every match takes: see ``required_elements``): those
        of everything before it at each level, in a group's first repetition."""
        for index, (_element, path) in enumerate(_walk(self.elements, ())):
            if index == element:
                before = [node for sequence, at in path for node in sequence[:at]]
                return min_length(before), max_length(before)
        raise IndexError(element)

    @property
    def min_length(self) -> int:
        return min_length(self.elements)

    @property
    def max_length(self) -> int | None:
        return max_length(self.elements)


# Where a token element sits: per level from the top, the sequence holding it (or the
# group it is in) and its place there.
_Path = tuple[tuple[tuple[Node, ...], int], ...]


def _walk(sequence: tuple[Node, ...], path: _Path) -> Iterator[tuple[Element, _Path]]:
    """Every token element inside ``sequence`` (groups opened), with its path."""
    for at, node in enumerate(sequence):
        here = (*path, (sequence, at))
        if isinstance(node, Element):
            yield node, here
        else:
            for branch in node.branches:
                yield from _walk(branch, here)


def _always(element: Element, path: _Path) -> bool:
    """Whether every match takes ``element``: it and each group around it are repeated
    at least once, and no group around it has alternatives."""
    groups = [sequence[at] for sequence, at in path[:-1]]
    return element.min_repeat >= 1 and all(
        isinstance(g, Group) and g.min_repeat >= 1 and len(g.branches) == 1 for g in groups
    )


def min_length(nodes: Sequence[Node]) -> int:
    """The fewest tokens ``nodes`` in sequence take."""
    return sum(node.min_repeat * _min_once(node) for node in nodes)


def _min_once(node: Node) -> int:
    if isinstance(node, Element):
        return 1
    return min(min_length(branch) for branch in node.branches)


def max_length(nodes: Sequence[Node]) -> int | None:
    """The most tokens ``nodes`` in sequence take (None: no limit)."""
    total = 0
    for node in nodes:
        once = 1 if isinstance(node, Element) else _max_branch(node)
        if once == 0:
            continue  # a group that never takes a token, however often repeated
        if once is None or node.max_repeat is None:
            return None
        total += node.max_repeat * once
    return total


def _max_branch(group: Group) -> int | None:
    lengths = [max_length(branch) for branch in group.branches]
    return None if None in lengths else max(lengths)  # type: ignore[type-var]


def fixed_length(nodes: Sequence[Node]) -> int | None:
    """The number of tokens ``nodes`` always take, or None if it varies."""
    shortest = min_length(nodes)
    return shortest if max_length(nodes) == shortest else None


def _tests(condition: Condition) -> Iterator[AttributeTest]:
    if isinstance(condition, AttributeTest):
        yield condition
    elif isinstance(condition, Not):
        yield from _tests(condition.operand)
    else:
        for operand in condition.operands:
            yield from _tests(operand)


def _asserted(condition: Condition) -> Iterator[AttributeTest]:
    """The tests under ``condition`` that a token may pass to match, none under "!"."""
    if isinstance(condition, AttributeTest):
        yield condition
    elif isinstance(condition, (And, Or)):
        for operand in condition.operands:
            yield from _asserted(operand)


def _needed(condition: Condition) -> Iterator[AttributeTest]:
    """The tests a token must pass for ``condition`` to hold: those reached through
    "and" only, never under "or" or "not"."""
    if isinstance(condition, AttributeTest):
        yield condition
    elif isinstance(condition, And):
        for operand in condition.operands:
            yield from _needed(operand)


def _anchor(index: int, element: Element) -> Anchor | None:
    # An element that may match zero tokens guarantees nothing about a match.
    if element.min_repeat < 1 or element.condition is None:
        return None
    condition = element.condition
    conjuncts = condition.operands if isinstance(condition, And) else (condition,)
    candidates = [
        c
        for c in conjuncts
        if isinstance(c, AttributeTest)
        and c.attribute in ("word", "lemma")
        and not c.negated
        and not c.ignore_diacritics  # an index of exact forms cannot answer %d
        and c.literal
    ]
    if not candidates:
        return None
    best = min(candidates, key=lambda t: t.attribute != "lemma")  # lemma first, stable
    assert best.literal is not None
    return Anchor(index, best.attribute, best.literal, best.ignore_case)


def _attribute_value(
    attribute: str, token: Token, metadata: Mapping[str, Any] | None
) -> str | None:
    if attribute == "word":
        return token.form
    if attribute == "lemma":
        return token.lemma or token.form
    if attribute in _OPTIONAL_ATTRIBUTES:
        return getattr(token, attribute, None) or ""
    # The value's text as --where, within and a count by the field read it (true, not
    # True; compact JSON for a list); a missing field and JSON null are no value.
    return None if metadata is None else metadata_text(metadata.get(metadata_field(attribute)))


def metadata_field(attribute: str) -> str:
    """The metadata field an attribute that is not a token's names (``meta:`` removed)."""
    return attribute[len(META_PREFIX) :] if attribute.startswith(META_PREFIX) else attribute


def regex_source(value: str, ignore_diacritics: bool) -> str:
    """The regex a value (composed) is matched with: each letter written by its code
    written out and composed as the values are (``cafe\\u0301`` is café, ``\\u037e``,
    the Greek question mark, is ";": a value so written matched nothing, its text being
    composed); for ``%d`` without diacritics (``\\u00e9`` loses them as é)."""
    written = composed(letters_written_out(value)) if "\\" in value else value
    return strip_diacritics(written) if ignore_diacritics else written


# Arabic tatweel (kashida): a stroke that stretches a word for justification or emphasis.
TATWEEL = "\u0640"


@lru_cache(maxsize=8192)
def strip_diacritics(text: str) -> str:
    """``text`` without combining marks ("café" -> "cafe"), for ``%d``, nor the Arabic
    tatweel that stretches a word (المدرســة: المدرسة), no letter either; a Latin letter
    with a stroke or bar, which Unicode does not decompose, as its bare letter (Polish
    ł, Danish ø, Croatian đ: "Łódź" -> "Lodz")."""
    return without_diacritics(text.replace(TATWEEL, ""))


def literal_of(value: str) -> str | None:
    """The plain string a regex value stands for, or None if it uses regex syntax.

    ``\\.`` and the like are escaped punctuation, hence literal; ``\\d``, ``\\w``, ``\\1``
    (a backslash before a letter or digit) are classes or references, hence not.
    """
    out: list[str] = []
    chars = iter(value)
    for ch in chars:
        if ch == "\\":
            escaped = next(chars, None)
            if escaped is None or escaped.isalnum():
                return None
            out.append(escaped)
        elif ch in _REGEX_META:
            return None
        else:
            out.append(ch)
    return "".join(out)


def cql_literal(text: str) -> str:
    """``text`` as a value that matches it literally (what ``literal_of`` reads back):
    regex syntax and the double quote escaped."""
    return "".join(f"\\{ch}" if ch in _REGEX_META or ch == '"' else ch for ch in text)
