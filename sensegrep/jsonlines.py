"""JSON Lines input shared by every command that reads one object per line.

``parse_line`` is the one strict JSON parser of the project: besides invalid JSON it
rejects what Python's json accepts but cannot be stored or compared safely — NaN and
±Infinity (``NaN``, ``1e400``), lone UTF-16 surrogates (``"\ud800"``), NUL characters
inside strings, an object that gives one key twice (Python's json keeps the last value and
drops the other without a word), and nesting deep enough to exhaust the stack — each with
a message that says what was found.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from sensegrep.errors import InputError

MAX_DEPTH = 100  # objects/arrays nested deeper than this are refused


class JsonProblem(ValueError):
    """A line that is not acceptable JSON; the message says why."""


def parse_line(line: str) -> Any:
    """The JSON value of one line, or JsonProblem."""
    # Without its line end, a string left open says so, not "invalid control character";
    # and json's messages that end in "at" ("Unterminated string starting at") get the
    # column once.
    line = line.rstrip("\r\n")
    try:
        value = json.loads(
            line,
            parse_constant=_no_constant,
            parse_float=_finite_float,
            object_pairs_hook=_unique_keys,
        )
    except json.JSONDecodeError as exc:
        said = exc.msg.removesuffix(" at")
        raise JsonProblem(f"not valid JSON ({said} at column {exc.colno})") from None
    except RecursionError:
        raise JsonProblem(f"nested more than {MAX_DEPTH} levels deep") from None
    _check(value, 0)
    return value


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    value: dict[str, Any] = {}
    for key, item in pairs:
        if key in value:
            raise JsonProblem(
                f"the key {json.dumps(key)} is given twice in one object; give it once"
            )
        value[key] = item
    return value


def _no_constant(name: str) -> float:
    raise JsonProblem(f"{name} is not a number JSON allows; write a finite number or null")


def _finite_float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JsonProblem(f"the number {text[:20]} is too large for a 64-bit float")
    return value


def _check(value: Any, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise JsonProblem(f"nested more than {MAX_DEPTH} levels deep")
    if isinstance(value, str):
        _check_text(value)
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(key)
            _check(item, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _check(item, depth + 1)


def _check_text(text: str) -> None:
    if "\x00" in text:
        raise JsonProblem("a string holds a NUL character (\\u0000)")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = text[exc.start]
        raise JsonProblem(
            f"a string holds a lone surrogate \\u{ord(bad):04x}, which is not Unicode text"
        ) from None


def text_lines(text: str) -> list[str]:
    """The lines of a file's text, cut at line feeds only (a carriage return before one
    dropped), as JSON Lines and CSV cut them: str.splitlines() also cuts at U+2028,
    U+2029, form feeds and other separators a JSON string may hold unescaped (sensegrep
    writes JSON with ensure_ascii=False), which split one record in two. A text with
    carriage returns and no line feed is cut at them: Excel for Mac's "CSV (Macintosh)"
    ends its lines so (read as one line, an import ended in a traceback; pass 31f)."""
    if "\n" not in text and "\r" in text.rstrip("\r"):
        text = text.replace("\r", "\n")
    lines = [line.removesuffix("\r") for line in text.split("\n")]
    return lines[:-1] if lines and lines[-1] == "" else lines


def json_objects(
    path: Path | str, lines: Iterable[str | None], expected: str = "a JSON object"
) -> Iterator[tuple[int, dict] | InputError]:
    """(1-based line number, object) per non-blank line; a non-fatal InputError naming
    the line for text that is not JSON or not an object, or for a line too long to read
    (None, as ``indexer.readers._common.iter_lines`` gives it)."""
    for number, line in enumerate(lines, start=1):
        if line is None:
            yield InputError(path, "line too long", line=number, fatal=False)
            continue
        if not line.strip():
            continue
        try:
            record = parse_line(line)
        except JsonProblem as exc:
            yield InputError(path, str(exc), line=number, fatal=False)
            continue
        if not isinstance(record, dict):
            yield InputError(path, f"expected {expected}", line=number, fatal=False)
            continue
        yield number, record
