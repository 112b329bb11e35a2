"""The arguments of the library's functions and methods checked at its edge: each
public one says what it takes, and a value of another type or out of range is a
:class:`~sensegrep.errors.QueryError` naming the argument, never a mis-read (a string
taken as a sequence of ids: ``label("96")`` labelled 9 and 6) or a raw ``TypeError``,
``AttributeError`` or ``OverflowError`` from deep inside (issue 26).

The search request's own parameters are checked by sensegrep/request.py's ``parse``;
these are the other arguments (a word, a sense count, a path…), checked the same way and
with the same messages (``n must be a whole number >= 1, got '3'``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from sensegrep.errors import QueryError
from sensegrep.request import MAX_ID, Param, parse_value


def text(name: str, value: Any, *, optional: bool = False) -> str | None:
    """A text (None allowed when ``optional``)."""
    if value is None and optional:
        return None
    return parse_value(Param(name, "text", ""), value, "api")


def word(name: str, value: Any) -> str:
    """A word to look up: text with a letter or digit in it, not just spaces."""
    checked = text(name, value)
    assert checked is not None
    if not checked.strip():
        raise QueryError(f"{name} is empty: give a word")
    return checked


def whole(
    name: str,
    value: Any,
    *,
    least: int | None = None,
    most: int | None = MAX_ID,
    optional: bool = False,
) -> int | None:
    """A whole number from ``least`` to ``most`` (None allowed when ``optional``); the
    default ceiling is the database's integers, past which a number names nothing."""
    if value is None and optional:
        return None
    number = parse_value(Param(name, "int", "", least=least), value, "api")
    if most is not None and number > most:
        raise QueryError(f"{name} must be a whole number <= {most}, got {value!r:.60}")
    return number


def run_id(name: str, value: Any) -> int | None:
    """A sense run's id, or None."""
    return whole(name, value, least=1, optional=True)


def number(name: str, value: Any, *, least: float | None = None) -> float:
    """A finite number."""
    checked = parse_value(Param(name, "float", ""), value, "api")
    if not math.isfinite(checked) or (least is not None and checked < least):
        floor = "" if least is None else f" >= {least}"
        raise QueryError(f"{name} must be a finite number{floor}, got {value!r:.60}")
    return checked


def flag(name: str, value: Any) -> bool:
    """True or False (1 and 0 too)."""
    return parse_value(Param(name, "bool", ""), value, "api")


def texts(name: str, value: Any) -> list[str]:
    """One text or an iterable of texts (a string is one text, never its letters)."""
    if isinstance(value, str):
        return [text(name, value) or ""]
    if isinstance(value, bytes) or not isinstance(value, Iterable):
        raise QueryError(
            f"{name} must be a text or a list of texts, got {type(value).__name__} {value!r:.60}"
        )
    return [text(name, one) or "" for one in value]


def path(name: str, value: Any) -> Path:
    """A file or folder path: text or a ``pathlib.Path``."""
    if isinstance(value, Path):
        checked = str(value)
    else:
        checked = text(name, value) or ""
        if not checked.strip():
            raise QueryError(f"{name} is empty: give a path")
    if "\0" in checked:  # no file name holds one: the OS's ValueError named no argument
        raise QueryError(f"{name} holds a NUL character (\\x00), which no path can: give a path")
    return value if isinstance(value, Path) else Path(checked)


def paths(name: str, value: Any) -> list[Path]:
    """One path or an iterable of paths."""
    if isinstance(value, str | Path):
        return [path(name, value)]
    if isinstance(value, bytes) or not isinstance(value, Iterable):
        raise QueryError(
            f"{name} must be a path or a list of paths, got {type(value).__name__} {value!r:.60}"
        )
    return [path(name, one) for one in value]


def choice(name: str, value: Any, choices: Iterable[str], *, optional: bool = False) -> str | None:
    """One of ``choices``."""
    if value is None and optional:
        return None
    return parse_value(Param(name, "text", "", choices=tuple(choices)), value, "api")


# The keywords whose empty value the engine reads as "not given": an empty ``doc`` list
# would search every document, an empty ``like`` give the plain concordance, silently.
CHOOSING = frozenset(
    {
        "doc",
        "docs",
        "pos",
        "where",
        "like",
        "unlike",
        "example",
        "unlike_example",
        "unlike_examples",
        "reference_where",
        "collocate_pos",
        # a statistic's lists: measure=[] was read as logdice, words=[] as every word,
        # key_senses=[] and relations=[] as none named (issue 23, a pass over the HTTP API)
        "measure",
        "words",
        "key_senses",
        "relations",
    }
)


def not_emptied(given: dict[str, Any]) -> None:
    """Refuse a choosing keyword given as an empty collection (issue 23: ``doc=[d for d
    in ids if …]`` that came out empty searched the whole index, its totals too)."""
    for name, value in given.items():
        collection = isinstance(value, list | tuple | set | frozenset | dict)
        if name in CHOOSING and collection and not value:
            raise QueryError(
                f"{name}={value!r} is empty, which would be read as no {name} at all: "
                f"give at least one, or leave out {name}"
            )
