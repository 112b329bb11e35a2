"""CQL (Corpus Query Language) patterns: parse a query, match it against a sentence.

Pure Python, no I/O. ``parse`` turns a query into a ``Pattern`` (every regex compiled
once); ``find`` lists a pattern's matches in one sentence; ``Pattern.anchors`` says which
literal words or lemmas every match must contain, so that storage can look candidate
sentences up through its indexes instead of scanning the corpus.

Supported subset (what CQPweb, BlackLab and Sketch Engine users type daily):

- ``[word="bank"]``      a token whose attribute matches; attributes are ``word`` (the
                         form), ``lemma`` (the form when the lemma is empty), ``pos``
                         (``""`` when untagged) and any other name is a document
                         metadata field (``[genre="news"]``)
- ``"bank"``             shorthand for ``[word="bank"]`` (CQP's default attribute)
- ``[]``                 any token
- ``attr!="v"``          the attribute does not match (a missing metadata field: ``=``
                         fails, ``!=`` succeeds)
- ``& | ! ( )``          inside brackets: and, or, not, grouping; ``&`` binds tighter
                         than ``|``
- ``"v"`` values         regular expressions (Python ``re``) matching the WHOLE value:
                         ``"bank.*"`` matches banks, ``"bank"`` does not; quoted with
                         ``"`` or ``'``, ``\\"`` escapes the quote; case-sensitive
- ``%c`` ``%d`` ``%cd``  after a value: ignore case; ignore diacritics (combining marks
                         stripped from both sides); both
- ``? * + {n} {m,n} {m,} {,n}``  repetitions of the element before; bounds <= 100
- ``@``                  before an element: the target token, ranked by sense later;
                         it must be exactly one token; default: the first element that
                         is exactly one token
- ``within s``           optional; sentences are the only structure (and the default)
- not supported          groups of elements ``( ... )+``, other structures, ``%l``,
                         labels, global constraints; queries longer than 2000 characters

Matching strategy (``find``):

- scope                  one sentence: matches never cross a sentence boundary
- start positions        scanned left to right
- at each start          the SHORTEST match (CQP's "shortest" strategy); among paths of
                         that length, the leftmost target token
- after a match          scanning resumes at its end: matches do not overlap
- no match at a start    scanning advances by one token
- algorithm              a small NFA over (element, repetition count) states, run token
                         by token from each start with no backtracking; per element only
                         the fewest repetitions past its minimum are kept (they can do
                         whatever more can), so a step costs at most about elements +
                         minimum repetitions; each (element, token) test runs once per
                         sentence; the target token is located once a match is found
- cost                   at most starts x match length x states per step; a sentence
                         without the target token is rejected before any of that when
                         the pattern spans more than 4 tokens

Every problem with a query is a ``CQLError`` whose ``str()`` is one line ending with the
1-based column, e.g. ``expected ] at column 14``.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Protocol

from sensegrep.errors import QueryError

__all__ = [
    "TOKEN_ATTRIBUTES",
    "Anchor",
    "And",
    "AttributeTest",
    "CQLError",
    "Condition",
    "Element",
    "Match",
    "Not",
    "Or",
    "Pattern",
    "Token",
    "find",
    "parse",
]

MAX_QUERY_LENGTH = 2000
MAX_REPEAT = 100
MAX_NESTING = 50
# Attributes read from the token; every other attribute name is a metadata field.
TOKEN_ATTRIBUTES = frozenset({"word", "lemma", "pos"})
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
    regex: re.Pattern[str] = field(default=re.compile(""), compare=False, repr=False)
    # The plain string when the value has no regex metacharacters (None otherwise).
    literal: str | None = field(default=None, compare=False, repr=False)

    def matches(self, token: Token, metadata: Mapping[str, Any] | None) -> bool:
        value = _attribute_value(self.attribute, token, metadata)
        if value is None:  # a missing metadata field
            return self.negated
        return self._positive(value) != self.negated

    def _positive(self, value: str) -> bool:
        if self.ignore_diacritics:
            value = strip_diacritics(value)
        elif self.literal is not None and not self.ignore_case:
            return value == self.literal  # the common case, without the regex engine
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
class Anchor:
    """A literal lookup that every match must contain."""

    element: int
    attribute: str  # "word" or "lemma"
    value: str
    ignore_case: bool


@dataclass(frozen=True)
class Pattern:
    elements: tuple[Element, ...]
    target: int
    text: str

    def attributes(self) -> set[str]:
        """Every attribute name the pattern tests (word, lemma, pos, metadata fields)."""
        return {
            test.attribute
            for element in self.elements
            if element.condition is not None
            for test in _tests(element.condition)
        }

    def anchors(self) -> list[Anchor]:
        """One literal word or lemma per element that every match must contain."""
        found = []
        for index, element in enumerate(self.elements):
            anchor = _anchor(index, element)
            if anchor is not None:
                found.append(anchor)
        return found

    @property
    def min_length(self) -> int:
        return sum(e.min_repeat for e in self.elements)

    @property
    def max_length(self) -> int | None:
        total = 0
        for element in self.elements:
            if element.max_repeat is None:
                return None
            total += element.max_repeat
        return total


def _tests(condition: Condition) -> Iterator[AttributeTest]:
    if isinstance(condition, AttributeTest):
        yield condition
    elif isinstance(condition, Not):
        yield from _tests(condition.operand)
    else:
        for operand in condition.operands:
            yield from _tests(operand)


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
    if attribute == "pos":
        return token.pos or ""
    if metadata is None or attribute not in metadata:
        return None
    return str(metadata[attribute])


@lru_cache(maxsize=8192)
def strip_diacritics(text: str) -> str:
    """``text`` without combining marks ("café" -> "cafe"), for ``%d``."""
    decomposed = unicodedata.normalize("NFD", text)
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", kept)


def _literal(value: str) -> str | None:
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


# ------------------------------------------------------------------------------ lexer


@dataclass(frozen=True)
class _Lexeme:
    kind: str  # "[", "]", ..., "=", "!=", "!", "ident", "number", "string", "other", "end"
    text: str  # the source text (a string's content for "string")
    column: int  # 1-based
    flags: str = ""  # a string's %flags

    def describe(self) -> str:
        if self.kind == "string":
            return f'the string "{_shorten(self.text)}"'
        return f'"{_shorten(self.text)}"'


_SINGLE = set("[](){},&|?*+@=")


def _shorten(text: str, limit: int = 20) -> str:
    """User text fit for a one-line message: control characters escaped, long text cut."""
    text = "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _lex(query: str) -> list[_Lexeme]:
    out: list[_Lexeme] = []
    i, n = 0, len(query)
    while i < n:
        ch = query[i]
        if ch.isspace():
            i += 1
        elif ch == "!":
            text = "!=" if query.startswith("!=", i) else "!"
            out.append(_Lexeme(text, text, i + 1))
            i += len(text)
        elif ch in _SINGLE:
            out.append(_Lexeme(ch, ch, i + 1))
            i += 1
        elif ch in "\"'":
            lexeme, i = _lex_string(query, i)
            out.append(lexeme)
        elif ch in "0123456789":  # not str.isdigit: "²" is a digit int() refuses
            j = i
            while j < n and query[j] in "0123456789":
                j += 1
            out.append(_Lexeme("number", query[i:j], i + 1))
            i = j
        elif ch.isalpha() or ch == "_":
            j = i + 1
            while j < n and (query[j].isalnum() or query[j] == "_"):
                j += 1
            out.append(_Lexeme("ident", query[i:j], i + 1))
            i = j
        else:
            out.append(_Lexeme("other", ch, i + 1))
            i += 1
    out.append(_Lexeme("end", "", n + 1))
    return out


def _lex_string(query: str, start: int) -> tuple[_Lexeme, int]:
    """A quoted value and its %flags; backslash escapes are kept for the regex."""
    quote, i, n = query[start], start + 1, len(query)
    while i < n and query[i] != quote:
        i += 2 if query[i] == "\\" else 1
    if i >= n:
        raise CQLError(f"unterminated string: no closing {quote}", start + 1, query)
    content, i = query[start + 1 : i], i + 1
    flags = ""
    if i < n and query[i] == "%":
        flags, i = _lex_flags(query, i)
    return _Lexeme("string", content, start + 1, flags), i


def _lex_flags(query: str, percent: int) -> tuple[str, int]:
    j = percent + 1
    while j < len(query) and (query[j].isalnum() or query[j] == "_"):
        j += 1
    flags = query[percent + 1 : j]
    if not flags:
        raise CQLError("expected a flag (c or d) after %", percent + 2, query)
    for offset, flag in enumerate(flags):
        if flag not in "cd":
            raise CQLError(
                f"unknown flag %{flag}: only %c (ignore case) and %d (ignore diacritics) "
                "are supported",
                percent + 2 + offset,
                query,
            )
    return flags, j


# ----------------------------------------------------------------------------- parser


def parse(query: str) -> Pattern:
    """The pattern a CQL query stands for; a CQLError says what is wrong and where."""
    if len(query) > MAX_QUERY_LENGTH:
        raise CQLError(
            f"the query is longer than {MAX_QUERY_LENGTH} characters", MAX_QUERY_LENGTH + 1, query
        )
    if not query.strip():
        raise CQLError('the query is empty (write e.g. "bank" or [lemma="bank"])', 1, query)
    return _Parser(query).pattern()


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.lexemes = _lex(query)
        self.pos = 0
        self.depth = 0

    # -- helpers
    @property
    def peek(self) -> _Lexeme:
        return self.lexemes[self.pos]

    def advance(self) -> _Lexeme:
        lexeme = self.lexemes[self.pos]
        if lexeme.kind != "end":
            self.pos += 1
        return lexeme

    def error(self, message: str, lexeme: _Lexeme | None = None) -> CQLError:
        return CQLError(message, (lexeme or self.peek).column, self.query)

    def expected(self, what: str, hint: str = "") -> CQLError:
        found = self.peek
        if found.kind == "end":
            return self.error(f"expected {what}{hint}")
        return self.error(f"expected {what} but found {found.describe()}{hint}")

    def expect(self, kind: str, what: str | None = None) -> _Lexeme:
        if self.peek.kind != kind:
            raise self.expected(what or kind)
        return self.advance()

    # -- query := element+ ("within" "s")? end
    def pattern(self) -> Pattern:
        elements: list[Element] = []
        target: int | None = None
        while not self._at_query_end():
            at = self.peek if self.peek.kind == "@" else None
            if at is not None:
                self.advance()
                if target is not None:
                    raise self.error("only one token can be the target @", at)
            element = self.element(after_at=at is not None)
            if at is not None:
                if (element.min_repeat, element.max_repeat) != (1, 1):
                    raise self.error("the target @ must be exactly one token", at)
                target = len(elements)
            elements.append(element)
        if not elements:
            raise self.error("expected a token [ ... ] or a quoted word before within")
        self.within()
        if target is None:
            target = self._default_target(elements)
        return Pattern(tuple(elements), target, self.query)

    def _at_query_end(self) -> bool:
        lexeme = self.peek
        return lexeme.kind == "end" or (lexeme.kind == "ident" and lexeme.text == "within")

    def within(self) -> None:
        if self.peek.kind == "end":
            return
        self.advance()  # "within"
        structure = self.peek
        if structure.kind == "end":
            raise self.expected("s (sentence) after within")
        if not (structure.kind == "ident" and structure.text == "s"):
            raise self.error(
                f"only within s (sentence) is supported but found {structure.describe()}"
            )
        self.advance()
        if self.peek.kind != "end":
            raise self.expected("the end of the query after within s")

    def _default_target(self, elements: list[Element]) -> int:
        for index, element in enumerate(elements):
            if (element.min_repeat, element.max_repeat) == (1, 1):
                return index
        raise CQLError(
            "mark the target token with @ (no element is exactly one token)", 1, self.query
        )

    # -- element := ("[" condition? "]" | string) quantifier?
    def element(self, after_at: bool) -> Element:
        start = self.peek
        if start.kind == "[":
            self.advance()
            condition = None if self.peek.kind == "]" else self.condition(closing="]")
            self.expect("]")
        elif start.kind == "string":
            self.advance()
            condition = self.test_value("word", negated=False, value=start)
        else:
            raise self.expected(
                "a token [ ... ] or a quoted word" + (" after @" if after_at else ""),
                self._element_hint(start),
            )
        low, high = self.quantifier()
        return Element(condition, low, high, start.column)

    @staticmethod
    def _element_hint(found: _Lexeme) -> str:
        if found.kind == "ident":
            return f' (quote words: "{_shorten(found.text)}")'
        if found.kind == "(":
            return " (groups of tokens are not supported)"
        return ""

    # -- quantifier := "?" | "*" | "+" | "{" number? ("," number?)? "}"
    def quantifier(self) -> tuple[int, int | None]:
        kind = self.peek.kind
        simple = {"?": (0, 1), "*": (0, None), "+": (1, None)}
        if kind in simple:
            self.advance()
            return simple[kind]
        if kind != "{":
            return 1, 1
        brace = self.advance()
        low = self.bound()
        high: int | None = low
        if self.peek.kind == ",":
            self.advance()
            high = self.bound()
        if self.peek.kind != "}":
            raise self.expected("a number, a comma or } in the repetition")
        self.advance()
        return self._check_repeat(low, high, brace)

    def bound(self) -> int | None:
        if self.peek.kind != "number":
            return None
        return int(self.advance().text)

    def _check_repeat(
        self, low: int | None, high: int | None, brace: _Lexeme
    ) -> tuple[int, int | None]:
        if low is None and high is None:
            raise self.error("a repetition {...} needs at least one number", brace)
        low = low or 0
        if max(low, high or 0) > MAX_REPEAT:
            raise self.error(f"a repetition bound cannot exceed {MAX_REPEAT}", brace)
        if high is not None and low > high:
            raise self.error(
                f"the repetition {{{low},{high}}} has its minimum above its maximum", brace
            )
        return low, high

    # -- condition := and ("|" and)*;  and := unary ("&" unary)*
    def condition(self, closing: str) -> Condition:
        operands = [self.conjunction(closing)]
        while self.peek.kind == "|":
            self.advance()
            operands.append(self.conjunction(closing))
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def conjunction(self, closing: str) -> Condition:
        operands = [self.unary()]
        while self.peek.kind == "&":
            self.advance()
            operands.append(self.unary())
        if self.peek.kind not in ("|", "&", closing):
            raise self.expected(closing)
        flat: list[Condition] = []
        for op in operands:  # (a & b) & c is a & b & c: one conjunction for anchors
            flat.extend(op.operands if isinstance(op, And) else (op,))
        return flat[0] if len(flat) == 1 else And(tuple(flat))

    # -- unary := "!" unary | "(" condition ")" | attribute ("=" | "!=") string
    def unary(self) -> Condition:
        self.depth += 1
        if self.depth > MAX_NESTING:
            raise self.error(f"the condition is nested more than {MAX_NESTING} levels deep")
        try:
            return self._unary()
        finally:
            self.depth -= 1

    def _unary(self) -> Condition:
        lexeme = self.peek
        if lexeme.kind == "!":
            self.advance()
            return Not(self.unary())
        if lexeme.kind == "(":
            self.advance()
            inner = self.condition(closing=")")
            self.expect(")")
            return inner
        if lexeme.kind != "ident":
            raise self.expected("an attribute name (word, lemma, pos or a metadata field)")
        self.advance()
        if self.peek.kind not in ("=", "!="):
            raise self.expected(f"= or != after {_shorten(lexeme.text)}")
        negated = self.advance().kind == "!="
        if self.peek.kind != "string":
            raise self.expected(f"a quoted value after {'!=' if negated else '='}")
        return self.test_value(lexeme.text, negated, self.advance())

    def test_value(self, attribute: str, negated: bool, value: _Lexeme) -> AttributeTest:
        ignore_case, ignore_diacritics = "c" in value.flags, "d" in value.flags
        source = strip_diacritics(value.text) if ignore_diacritics else value.text
        regex = _compile(source, ignore_case, value, self.query)
        return AttributeTest(
            attribute,
            value.text,
            negated,
            ignore_case,
            ignore_diacritics,
            value.column,
            regex,
            _literal(value.text),
        )


def _compile(source: str, ignore_case: bool, value: _Lexeme, query: str) -> re.Pattern[str]:
    try:
        with warnings.catch_warnings():  # "possible nested set" and the like: not ours
            warnings.simplefilter("ignore")
            return re.compile(source, re.IGNORECASE if ignore_case else 0)
    except (re.error, OverflowError, RecursionError, ValueError) as exc:
        reason = getattr(exc, "msg", None) or str(exc) or type(exc).__name__
        raise CQLError(
            f'invalid regular expression "{_shorten(value.text)}": {reason}', value.column, query
        ) from None


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
