"""Lexing and parsing a CQL query into its tree (tree.py), every regex compiled once;
every problem a one-line CQLError with its column."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sensegrep.search.cql.automaton import MAX_STATES, state_bound
from sensegrep.search.cql.regex import RegexError, compile_value
from sensegrep.search.cql.tree import (
    MAX_NESTING,
    MAX_QUERY_LENGTH,
    MAX_REPEAT,
    And,
    AttributeTest,
    Condition,
    CQLError,
    Element,
    Group,
    Node,
    Not,
    Or,
    Pattern,
    literal_of,
    min_length,
    regex_source,
)
from sensegrep.text import composed

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
            j = _name_end(query, i + 1)
            # meta:FIELD, a metadata field named like a token attribute (meta:pos)
            if query[i:j] == "meta" and query[j : j + 1] == ":" and _name_starts(query, j + 1):
                j = _name_end(query, j + 2)
            out.append(_Lexeme("ident", query[i:j], i + 1))
            i = j
        else:
            out.append(_Lexeme("other", ch, i + 1))
            i += 1
    out.append(_Lexeme("end", "", n + 1))
    return out


def _name_starts(query: str, at: int) -> bool:
    return at < len(query) and (query[at].isalpha() or query[at] == "_")


def _name_end(query: str, at: int) -> int:
    """Where the name that goes on at ``at`` ends (letters, digits, underscores)."""
    while at < len(query) and (query[at].isalnum() or query[at] == "_"):
        at += 1
    return at


def _lex_string(query: str, start: int) -> tuple[_Lexeme, int]:
    """A quoted value and its %flags; backslash escapes are kept for the regex. As in
    CQP, the quote doubled inside stands for itself: 'it''s' is it's, "a""b" a"b (one
    value, never two strings in a row)."""
    quote, i, n = query[start], start + 1, len(query)
    parts: list[str] = []
    while i < n and (query[i] != quote or query[i + 1 : i + 2] == quote):
        step = 2 if query[i] == "\\" or query[i] == quote else 1
        parts.append(query[i] if query[i] == quote else query[i : i + step])
        i += step
    if i >= n:
        raise CQLError(f"unterminated string: no closing {quote}", start + 1, query)
    content, i = "".join(parts), i + 1
    flags = ""
    # CQP takes the flags right after the value or after spaces: "bank"%c, [word="bank" %c].
    after = i
    while after < n and query[after].isspace():
        after += 1
    if after < n and query[after] == "%":
        flags, i = _lex_flags(query, after)
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


def within_where(query: str | None) -> tuple[tuple[str, str], ...]:
    """The ``--where`` pairs a query's ``within FIELD="VALUE"`` clauses stand for (none
    without a query): a search adds them to its filters, so that the pattern's
    subcorpus is the one its totals and frequencies per million are of."""
    return () if query is None else parse(query).where


def ignoring_case_at(query: str, column: int) -> str:
    """``query`` with the value at ``column`` (an ``AttributeTest.column``) matched in any
    case: its %flags with c added ("bank" → "bank"%c, "bank" %d → "bank"%cd), the rest
    as written."""
    start = column - 1
    value, end = _lex_string(query, start)
    written = query[start:end]
    closing = written.rindex(query[start]) + 1  # the flags come after the closing quote
    flags = "c" + value.flags.replace("c", "")
    return f"{query[:start]}{written[:closing]}%{flags}{query[end:]}"


def split_within(query: str) -> tuple[str, str]:
    """(the query's token sequence, its ``within`` clauses as written, "" when none):
    what an empty result is explained by, the matches of the sequence alone."""
    pattern = parse(query)  # a query that does not parse is refused as a search is
    if not pattern.where:
        return query, ""
    parser = _Parser(query)
    parser.sequence(group=None)
    cut = parser.peek.column - 1  # the first "within"
    return query[:cut].rstrip(), query[cut:].strip()


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.lexemes = _lex(query)
        self.pos = 0
        self.depth = 0  # conditions inside brackets
        self.groups_open = 0

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

    # -- query := sequence within* end
    def pattern(self) -> Pattern:
        elements, target = self.sequence(group=None)
        if not elements:
            raise self.error("expected a token [ ... ] or a quoted word before within")
        self.within_text = False
        where = self.within()
        marked = target is not None
        if target is None:
            target = self._default_target(elements)
        self._check_size(elements)
        return Pattern(tuple(elements), target, self.query, where, marked, self.within_text)

    # -- sequence := ("@"? node)+, up to the end, a within, or (in a group) | or )
    def sequence(self, group: _Lexeme | None) -> tuple[list[Node], int | None]:
        nodes: list[Node] = []
        target: int | None = None
        while not self._sequence_ends(inside=group is not None):
            at = self.peek if self.peek.kind == "@" else None
            if at is not None:
                self.advance()
                self._check_target(at, group, target)
            node = self.node(after_at=at is not None)
            if at is not None:
                if not isinstance(node, Element) or (node.min_repeat, node.max_repeat) != (1, 1):
                    raise self.error("the target @ must be exactly one token", at)
                target = len(nodes)
            nodes.append(node)
        return nodes, target

    def _sequence_ends(self, inside: bool) -> bool:
        lexeme = self.peek
        if lexeme.kind == "end" or (lexeme.kind == "ident" and lexeme.text == "within"):
            return True
        return inside and lexeme.kind in ("|", ")")

    def _check_target(self, at: _Lexeme, group: _Lexeme | None, target: int | None) -> None:
        if group is not None:
            raise self.error("the target @ must be outside groups ( ... )", at)
        if target is not None:
            raise self.error("only one token can be the target @", at)

    # -- within := "within" ("s" | "text" | FIELD "=" string)
    def within(self) -> tuple[tuple[str, str], ...]:
        """The ``within FIELD="VALUE"`` conditions, as ``--where`` pairs."""
        where: list[tuple[str, str]] = []
        while self.peek.kind != "end":
            self.advance()  # "within": a sequence ends at the end or at a within
            what = self._within_one(where)
            if self.peek.kind != "end" and not (
                self.peek.kind == "ident" and self.peek.text == "within"
            ):
                raise self.expected(f"the end of the query after within {what}")
        return tuple(where)

    def _within_one(self, where: list[tuple[str, str]]) -> str:
        name = self.peek
        if name.kind == "end":
            raise self.expected('s (sentence), text (document) or FIELD="VALUE" (a document '
                                "metadata value) after within")  # fmt: skip
        self.advance()
        if name.kind == "ident" and self.peek.kind in ("=", "!="):
            field, value = name.text, self._within_value(name)
            where.append((field, value))
            return f'{_shorten(field)}="{_shorten(value)}"'
        if name.kind == "ident" and name.text in ("s", "text"):
            # Every match lies inside one sentence, so inside one document: within s
            # and within text hold for every match, and change nothing (of within
            # text, which in CQP lets a match cross sentences, a search says so).
            self.within_text = self.within_text or name.text == "text"
            return name.text
        raise self.error(
            'only within s (sentence), within text (document) and within FIELD="VALUE" (a '
            f"document metadata value) are supported but found {name.describe()}",
            name,
        )

    def _within_value(self, name: _Lexeme) -> str:
        if self.advance().kind == "!=":
            raise self.error(
                f'within {_shorten(name.text)}!="…" is not supported: write '
                f'within {_shorten(name.text)}="VALUE", or [{_shorten(name.text)}!="VALUE"] '
                "on a token",
                name,
            )
        value = self.peek
        if value.kind != "string":
            raise self.expected(f"a quoted value after {_shorten(name.text)}=")
        self.advance()
        if value.flags:
            raise self.error(
                f"%{value.flags} does not apply to within: the value is read as --where "
                "reads it (alternatives a,b; ranges 1990..1999)",
                value,
            )
        quote = self.query[value.column - 1]
        text = value.text.replace("\\" + quote, quote)
        # The spaces at either end of a quoted value are its own (" news" is not news, as
        # [genre=" news"] takes it), where --where leaves unescaped ones out.
        body = text.strip(" ")
        if not body:
            return text
        start = text.index(body)
        return "\\ " * start + body + "\\ " * (len(text) - start - len(body))

    def _default_target(self, elements: list[Node]) -> int:
        """The first element that is exactly one token; else the first repeated token
        element every match has (``[x]{2}``, ``[x]+``), split into its first token and
        the rest (``[x] [x]{1}``: the same matches), that token the target."""
        for index, node in enumerate(elements):
            if isinstance(node, Element) and (node.min_repeat, node.max_repeat) == (1, 1):
                return index
        for index, node in enumerate(elements):
            if isinstance(node, Element) and node.min_repeat >= 1:
                most = None if node.max_repeat is None else node.max_repeat - 1
                rest = replace(node, min_repeat=node.min_repeat - 1, max_repeat=most)
                elements[index : index + 1] = [
                    replace(node, min_repeat=1, max_repeat=1),
                    *([rest] if most != 0 else []),
                ]
                return index
        # (@ marks only such a token, so "mark one with @" was no way out of either)
        if min_length(elements) == 0:
            said = (
                "the pattern may match no token at all (every element of it is optional: "
                "?, *, {0,…}): a match needs a token every match has, to stand for it; make "
                'one required ("the"? [pos="NOUN"])'
            )
        else:
            said = (
                "a pattern needs a token outside groups that every match has, to stand for "
                'the match: put one before or after the group (([pos="ADJ"])+ [pos="NOUN"]), '
                'or write its first repetition out ([pos="ADJ"] ([pos="ADJ"])* for '
                '([pos="ADJ"])+)'
            )
        raise CQLError(said, 1, self.query)

    def _check_size(self, elements: list[Node]) -> None:
        """Refuse nested repetitions whose counts multiply past what a match may track."""
        groups = [node for node in elements if isinstance(node, Group)]
        if groups and state_bound(elements) > MAX_STATES:
            raise self.error(
                "the repetitions of nested groups allow too many combinations (over "
                f"{MAX_STATES:,}): use smaller bounds",
                _Lexeme("(", "(", groups[0].column),
            )

    # -- node := ("[" condition? "]" | string | "(" sequence ("|" sequence)* ")") quantifier?
    def node(self, after_at: bool) -> Node:
        start = self.peek
        if start.kind == "(":
            if after_at:
                raise self.error("the target @ must be exactly one token, not a group", start)
            return self.group()
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
                self._element_hint(start, self.lexemes[min(self.pos + 1, len(self.lexemes) - 1)]),
            )
        low, high = self.quantifier()
        return Element(condition, low, high, start.column)

    def group(self) -> Group:
        opening = self.advance()
        if self.peek.kind == "?":  # CQP's (?longest), (?shortest) …
            raise self.error(
                "matching strategy modifiers like (?longest) are not supported: at each "
                "start the shortest match is taken (README, Matching strategy)",
                opening,
            )
        self.groups_open += 1
        if self.groups_open > MAX_NESTING:
            raise self.error(f"groups are nested more than {MAX_NESTING} levels deep", opening)
        branches = [self.branch(opening, first=True)]
        while self.peek.kind == "|":
            self.advance()
            branches.append(self.branch(opening, first=False))
        if self.peek.kind != ")":
            raise self.expected(f") (the group opened at column {opening.column} is not closed)")
        self.advance()
        self.groups_open -= 1
        low, high = self.quantifier()
        return Group(tuple(branches), low, high, opening.column)

    def branch(self, opening: _Lexeme, first: bool) -> tuple[Node, ...]:
        nodes, _target = self.sequence(group=opening)
        if not nodes:
            if first and self.peek.kind == ")":
                raise self.error(
                    "the group is empty: put a token [ ... ] or a quoted word between ( and )",
                    opening,
                )
            raise self.expected("a token [ ... ] or a quoted word" + ("" if first else " after |"))
        return tuple(nodes)

    @staticmethod
    def _element_hint(found: _Lexeme, after: _Lexeme) -> str:
        """What CQP syntax beyond this subset the user may have meant (CQP's labels,
        global constraints, a flag after the brackets)."""
        if found.kind == "ident" and after.text == ":":
            return " (labels like a:[...] are not supported)"
        if found.kind == "ident" and after.kind == "=":
            return " (named queries NAME = ... are not supported: write the pattern alone)"
        if found.text == ";":
            return " (write the pattern without the ; that ends a CQP command)"
        if found.text == ":" and after.kind == "ident":
            return " (queries of aligned corpora :NAME ... are not supported)"
        if found.text == ":":
            return " (global constraints :: ... are not supported)"
        if found.text == "<":
            return (
                " (structure tags like <s> and </s> are not supported: a match never crosses "
                "a sentence, but cannot be tied to its start or end)"
            )
        if found.text == "%":
            return ' (a flag goes after the value: [word="x"%c] or [word="x" %c])'
        if found.kind == "ident":
            return f' (quote words: "{_shorten(found.text)}")'
        if found.kind == ")":
            return " (no group ( is open)"
        if found.kind == "|":
            return " (alternatives of token sequences go in a group: ( ... | ... ))"
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
            raise self.expected(
                "an attribute name (word, lemma, pos, tag, deprel or a metadata field)"
            )
        self.advance()
        if self.peek.kind not in ("=", "!="):
            raise self.expected(f"= or != after {_shorten(lexeme.text)}")
        negated = self.advance().kind == "!="
        if self.peek.kind != "string":
            raise self.expected(f"a quoted value after {'!=' if negated else '='}")
        return self.test_value(lexeme.text, negated, self.advance())

    def test_value(self, attribute: str, negated: bool, value: _Lexeme) -> AttributeTest:
        ignore_case, ignore_diacritics = "c" in value.flags, "d" in value.flags
        # Composed (NFC), as each value is when tested: an "ü" typed as u and a
        # combining mark is the "ü" of the text, whichever way the file wrote it.
        text = composed(value.text)
        source = regex_source(text, ignore_diacritics)
        regex = _compile(source, ignore_case, value, self.query)
        return AttributeTest(
            attribute,
            text,
            negated,
            ignore_case,
            ignore_diacritics,
            value.column,
            regex,
            literal_of(text),
        )


def _compile(source: str, ignore_case: bool, value: _Lexeme, query: str) -> Any:
    try:
        return compile_value(source, ignore_case)
    except RegexError as exc:
        raise CQLError(
            f'invalid regular expression "{_shorten(value.text)}": {exc}', value.column, query
        ) from None
