"""JSON Lines: one document per line, ``{"id": …, "text": …, other keys…}``.

- ``text`` (a string) is required and analysed like a plain-text file.
- ``id`` is optional: a string or a number (stored as its string); when missing or
  null the id is ``NAME:LINE``. Any other type, or an empty string, is an error.
- ``labels`` is reserved for sense annotations and dropped for now.
- every other key becomes document metadata, values as parsed.

Blank lines are ignored. A bad record (not JSON, not an object, bad ``text``/``id``,
over-long line) is a non-fatal error: that line is skipped, the rest is read. Encoding
problems are fatal and found by a first pass, before any document is yielded.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sensegrep.document import Document
from sensegrep.errors import InputError
from sensegrep.indexer.readers import _common
from sensegrep.indexer.readers.text import analyse, check_language

_RESERVED = frozenset({"id", "text", "labels"})


def read(path: Path, name: str, lang: str) -> Iterator[Document | InputError]:
    check_language(lang)
    _common.scan(path, name, long_lines_fatal=False)
    for number, line in _common.iter_lines(path, name):
        if line is None:
            yield _common.long_line_error(name, number, fatal=False)
        elif line.strip():
            yield _record(line, number, name, lang)


def _record(line: str, number: int, name: str, lang: str) -> Document | InputError:
    def bad(message: str) -> InputError:
        return InputError(name, message, line=number, fatal=False)

    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        return bad(f"not valid JSON ({exc.msg} at column {exc.colno}); expected one object")
    if not isinstance(record, dict):
        return bad(f"expected a JSON object, got {_json_type(record)}")
    text = record.get("text")
    if not isinstance(text, str):
        got = "nothing" if "text" not in record else _json_type(text)
        return bad(f'expected "text" to be a string, got {got}')
    doc_id = _doc_id(record.get("id"), f"{name}:{number}")
    if doc_id is None:
        return bad(f'expected "id" to be a non-empty string or a number, got {record["id"]!r}')
    metadata = {key: value for key, value in record.items() if key not in _RESERVED}
    return Document(
        id=doc_id, text=text, sentences=analyse(text, lang), metadata=metadata, line=number
    )


def _doc_id(value: Any, default: str) -> str | None:
    """The record's id as a string, ``default`` when absent, None when unusable."""
    if value is None:
        return default
    if isinstance(value, bool):  # bool is an int subclass, but true is no id
        return None
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str) and value.strip():
        return value
    return None


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean"}
    if value is None:
        return "null"
    if type(value) in names:
        return names[type(value)]
    return "a number"
