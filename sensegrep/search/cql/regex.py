"""The regular expressions of CQL values, in a linear-time engine (RE2).

Python's ``re`` backtracks: ``[word="(a|a)*b"]`` against one long token runs for
minutes and, in the web app, holds the server with it. RE2 (``google-re2``) matches in
time linear in the text whatever the pattern, and refuses what it cannot do so
(lookarounds, backreferences): a one-line error says so.

Two differences from ``re`` are bridged here: RE2's ``\\w``, ``\\d`` and ``\\s`` are ASCII
only, so they are rewritten as the Unicode classes Python means (outside a bracketed
class, their negations too); and a value is matched against a whole vocabulary at once
(``matching``), as CWB does, in one pass over the joined texts instead of a call per
word (each call into RE2 costs about 2 µs from Python).
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from sensegrep.arrays import distinct

# Python's meanings of the shorthand classes, as RE2 Unicode classes: inside a bracketed
# class (no brackets of their own) and outside one.
_INSIDE = {"w": r"\p{L}\p{N}_", "d": r"\p{Nd}", "s": r"\t\n\v\f\r \p{Z}"}
_OUTSIDE = {
    **{key: f"[{value}]" for key, value in _INSIDE.items()},
    "W": r"[^\p{L}\p{N}_]",
    "D": r"\P{Nd}",
    "S": r"[^\t\n\v\f\r \p{Z}]",
}
# POSIX classes inside brackets as CQP (PCRE with Unicode properties) reads them in
# UTF-8 text; RE2's are ASCII, so [[:upper:]] missed Łódź and Żółw, unsaid.
_POSIX = {
    "alpha": r"\p{L}",
    "alnum": r"\p{L}\p{N}",
    "upper": r"\p{Lu}",
    "lower": r"\p{Ll}",
    "digit": r"\p{Nd}",
    "space": r"\t\n\v\f\r \p{Z}",
    "word": r"\p{L}\p{N}_",
    # every punctuation mark, and the symbols below 256 (ASCII's $+<=>^`|~), as PCRE has
    "punct": r"\p{P}"
    + "".join(
        ("\\" + ch) if ch.isascii() else ch
        for ch in map(chr, range(256))
        if unicodedata.category(ch)[0] == "S"
    ),
}
# What RE2's own messages mean to someone who wrote a Python or PCRE regex.
_UNSUPPORTED = {
    "invalid perl operator: (?=": "lookahead (?=…) is not supported",
    "invalid perl operator: (?!": "lookahead (?!…) is not supported",
    "invalid perl operator: (?<": "lookbehind (?<…) is not supported",
}
_BAD_ESCAPE = "invalid escape sequence: "
# Python's code point escapes, which RE2 spells \x{…}: \uXXXX and \UXXXXXXXX.
_CODE_POINT = {"u": 4, "U": 8}
_HEX = frozenset("0123456789abcdefABCDEF")


class RegexError(ValueError):
    """A value RE2 cannot compile; ``str()`` is one line."""


def compile_value(source: str, ignore_case: bool = False) -> Any:
    """``source`` compiled by RE2 with Python's Unicode classes (``%c``: ignoring case,
    where İ is I: a text it tests is given through ``case_matched``)."""
    source = case_matched(source) if ignore_case else source
    return _compile(unicode_classes(source), ignore_case)


def case_matched(text: str) -> str:
    """``text`` as a case-insensitive test reads it: RE2 folds I with i but not İ
    (Turkish capital i), which %c pairs with them as a lookup does
    (text.dotted_i_spellings), İstanbul with istanbul."""
    return text.replace(_DOTTED_CAPITAL, "I") if _DOTTED_CAPITAL in text else text


def _compile(source: str, ignore_case: bool, never_newline: bool = False) -> Any:
    import re2

    options = re2.Options()
    options.log_errors = False  # RE2 would print each error to stderr as well
    options.case_sensitive = not ignore_case
    options.never_nl = never_newline
    try:
        return re2.compile(source, options)
    except re2.error as exc:
        raise RegexError(_reason(exc)) from None


def _reason(exc: Exception) -> str:
    raw = exc.args[0] if exc.args else str(exc)
    message = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    for start, meaning in _UNSUPPORTED.items():
        if message.startswith(start):
            return f"{meaning} (CQL values are matched in linear time by RE2)"
    if message.startswith(_BAD_ESCAPE):
        return _escape_reason(message[len(_BAD_ESCAPE) :])
    return message


def _escape_reason(escape: str) -> str:
    """What an escape RE2 refuses means (it said "backreferences" of every one: \\e,
    \\<, a \\u without its four digits)."""
    if escape[1:2].isdigit():
        return (
            f"backreferences ({escape}) are not supported (CQL values are matched in linear "
            "time by RE2)"
        )
    return (
        f"the escape {escape} is not supported (write \\x{{E9}} or \\u00e9 for a character "
        "by its code, \\ before a punctuation mark to take it literally)"
    )


def unicode_classes(source: str) -> str:
    """``\\w``, ``\\d``, ``\\s`` (and outside brackets ``\\W``, ``\\D``, ``\\S``) as the
    Unicode classes they are in Python, ``[:upper:]`` and the other POSIX classes of
    letters, digits and spaces inside brackets as CQP reads them in UTF-8, ``\\uXXXX``
    and ``\\UXXXXXXXX`` as the code points they are in Python; every other character
    as written."""
    out: list[str] = []
    in_class, at = False, 0
    while at < len(source):
        ch = source[at]
        if ch == "\\" and at + 1 < len(source):
            escaped = source[at + 1]
            digits = source[at + 2 : at + 2 + _CODE_POINT.get(escaped, 0)]
            if digits and len(digits) == _CODE_POINT[escaped] and set(digits) <= _HEX:
                out.append(f"\\x{{{digits}}}")  # \u00e9 as Python reads it
                at += 2 + len(digits)
                continue
            table = _INSIDE if in_class else _OUTSIDE
            out.append(table.get(escaped, ch + escaped))
            at += 2
            continue
        if ch == "[" and in_class and source.startswith("[:", at):
            end = source.find(":]", at + 2)
            unicode = _POSIX.get(source[at + 2 : end]) if end > 0 else None
            if unicode is not None:
                out.append(unicode)
                at = end + 2
                continue
        if ch == "[" and not in_class:
            in_class = True
            out.append(ch)
            at += 1
            # A ] first in a class (after an optional ^) is a literal ].
            if source[at : at + 1] == "^":
                out.append("^")
                at += 1
            if source[at : at + 1] == "]":
                out.append("]")
                at += 1
            continue
        if ch == "]" and in_class:
            in_class = False
        out.append(ch)
        at += 1
    return "".join(out)


def letters_written_out(source: str) -> str:
    """``source`` with each letter or digit written by its code (``\\u00e9``,
    ``\\U000000e9``, ``\\x{e9}``, ``\\xe9``) written out, and a combining mark so
    written after a letter outside brackets (``e\\u0301``), as ``%d`` needs to take
    their diacritics away; a code of any other character (``\\x{2e}``, a literal full
    stop; a mark in a class ``[\\u0300-\\u036f]``) stays an escape, and so does every
    other escape (``\\\\u00e9``: a backslash, then u00e9)."""
    out: list[str] = []
    at, in_class = 0, False
    while at < len(source):
        ch = source[at]
        if ch != "\\" or at + 1 >= len(source):
            if ch == "[" and not in_class:
                in_class = True
                # A ] first in a class (after an optional ^) is a literal ].
                opening = 2 if source[at + 1 : at + 2] == "^" else 1
                if source[at + opening : at + opening + 1] == "]":
                    opening += 1
                out.append(source[at : at + opening])
                at += opening
                continue
            in_class = in_class and ch != "]"
            out.append(ch)
            at += 1
            continue
        char, end = _code_point(source, at)
        kind = unicodedata.category(char)[0] if char else ""
        after_letter = bool(out) and unicodedata.category(out[-1][-1])[0] == "L"
        if kind in ("L", "N") or (kind == "M" and after_letter and not in_class):
            out.append(char)
            at = end
        elif char and unicodedata.normalize("NFC", char) != char:
            # A mark Unicode takes as another (the Greek question mark: ";"), which the
            # composed values have: written as that one, a literal.
            out.append(re.escape(unicodedata.normalize("NFC", char)))
            at = end
        else:
            out.append(source[at : at + 2])
            at += 2
    return "".join(out)


def _code_point(source: str, at: int) -> tuple[str, int]:
    """(the character the escape at ``at`` writes by its code, where it ends), or ("",
    at) for any other escape."""
    escaped, digits, end = source[at + 1], "", at + 2
    if escaped in _CODE_POINT:
        digits = source[end : end + _CODE_POINT[escaped]]
        digits = digits if len(digits) == _CODE_POINT[escaped] else ""
        end += len(digits)
    elif escaped == "x" and source[end : end + 1] == "{":
        close = source.find("}", end)
        digits, end = (source[end + 1 : close], close + 1) if close > 0 else ("", end)
    elif escaped == "x":
        digits, end = source[end : end + 2], end + 2
    if not digits or not set(digits) <= _HEX or len(digits) > 8 or int(digits, 16) > sys.maxunicode:
        return "", at
    return chr(int(digits, 16)), end


def matching(source: str, ignore_case: bool, texts: Sequence[str]) -> np.ndarray:
    """The indexes (ascending) of the ``texts`` that ``source`` matches whole.

    One RE2 scan over the texts joined by newlines (UTF-8), with ``^…$`` per line and
    RE2's ``never_nl`` (no match may cross a newline), so each match is one whole text;
    the scan calls RE2's matcher directly, since the wrapper's match objects cost more
    than the matching. A text that holds a newline itself is tested on its own."""
    if not texts:
        return np.zeros(0, dtype=np.int64)
    joined, starts, odd = _joined(texts)
    undot: Callable[[str], str] = str
    if ignore_case and _DOTTED_CAPITAL.encode() in joined:  # (see case_matched)
        joined, starts, odd = _joined(texts, undotted=True)
        source, undot = case_matched(source), case_matched
    regex = _compile(f"(?m)^(?:{unicode_classes(source)})$", ignore_case, never_newline=True)
    found = _match_starts(regex, joined)
    lines = np.searchsorted(starts, np.asarray(found, dtype=np.int64), side="right") - 1
    if odd:
        whole = compile_value(source, ignore_case)
        lines = lines[~np.isin(lines, odd)]
        extra = [i for i in odd if whole.fullmatch(undot(texts[i])) is not None]
        lines = np.union1d(lines, np.asarray(extra, dtype=np.int64))
    return distinct(np.asarray(lines, dtype=np.int64))


def _match_starts(regex: Any, joined: bytes) -> list[int]:
    import re2

    matcher, unanchored = regex._regexp, re2._Anchor.UNANCHORED
    found, at, end = [], 0, len(joined)
    while at <= end:
        start, stop = matcher.Match(unanchored, joined, at, end)[0]
        if start < 0:
            break
        found.append(start)
        at = stop + 1  # past the newline that ends the line
    return found


# The joined form of the last few vocabularies, with the indexes of their texts that
# hold a newline. A vocabulary only grows (the same list, appended to between reads), so
# a cached form of fewer texts is stale.
_JOINED: dict[tuple[int, bool], tuple[Sequence[str], int, bytes, np.ndarray, list[int]]] = {}
_DOTTED_CAPITAL = "\u0130"  # İ


def _joined(texts: Sequence[str], undotted: bool = False) -> tuple[bytes, np.ndarray, list[int]]:
    """The texts joined by newlines, UTF-8, with each one's start and those holding a
    newline; ``undotted``: each İ written I (for %c)."""
    cached = _JOINED.get((id(texts), undotted))
    if cached is not None and cached[0] is texts and cached[1] == len(texts):
        return cached[2], cached[3], cached[4]
    encoded = [(case_matched(t) if undotted else t).encode("utf-8") for t in texts]
    lengths = np.fromiter((len(t) + 1 for t in encoded), dtype=np.int64, count=len(encoded))
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    joined = b"\n".join(encoded)
    odd = [i for i, text in enumerate(texts) if "\n" in text]
    if len(_JOINED) > 4:
        _JOINED.clear()
    _JOINED[(id(texts), undotted)] = (texts, len(texts), joined, starts, odd)
    return joined, starts, odd
