"""JSON Lines input shared by every command that reads one object per line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path

from sensegrep.errors import InputError


def json_objects(
    path: Path | str, lines: Iterable[str], expected: str = "a JSON object"
) -> Iterator[tuple[int, dict] | InputError]:
    """(1-based line number, object) per non-blank line; a non-fatal InputError naming
    the line for text that is not JSON or not an object."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            yield InputError(path, f"not JSON: {exc.msg}", line=number, fatal=False)
            continue
        if not isinstance(record, dict):
            yield InputError(path, f"expected {expected}", line=number, fatal=False)
            continue
        yield number, record
