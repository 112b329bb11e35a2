"""What a label may hold, checked at every entry: ``label --as``, ``label --from``,
:meth:`SenseIndex.label`, ``POST /api/label`` and ``import`` (issue 26: a NUL in a label
was stored, then written raw into CSV exports and ``labels``' output).

A label is printable text: no control character (whitespace is a label separator and is
folded to one space, as before), no lone surrogate (which no file can hold), and at most
:data:`MAX_LABEL_CHARS` characters for each label of a label text (a space separates
several). A ground module: it imports nothing of sensegrep.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any

MAX_LABEL_CHARS = 200  # of one label: a WordNet sense key is ~20, a Raganato key list holds several
# Whitespace separates labels (folded to one space); every other control is refused.
_SEPARATORS = frozenset("\t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85")


def label_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored as a label text, in one line; None when it can."""
    for at, char in enumerate(text, start=1):
        kind = unicodedata.category(char)
        if (kind == "Cc" and char not in _SEPARATORS) or kind == "Cs":
            return (
                f"a label cannot hold control characters: {char!r} at character {at} "
                f"of {_shown(text)}"
            )
    longest = max(text.split(), key=len, default="")
    if len(longest) > MAX_LABEL_CHARS:
        return (
            f"a label is at most {MAX_LABEL_CHARS} characters, got {len(longest):,} "
            f"({_shown(longest)})"
        )
    return None


def _shown(text: str) -> str:
    """The start of a text, its controls escaped: a message stays one printable line."""
    start = text[:40].encode("unicode_escape", "backslashreplace").decode("ascii")
    return f"'{start}'" + ("…" if len(text) > 40 else "")


def split_escaped(text: str, separator: str) -> list[str]:
    """``text`` cut at each ``separator`` not escaped by a backslash, escapes kept."""
    pieces, current, escaped = [], [], False
    for char in text:
        if escaped:
            current.append(char)
            escaped = False
        elif char == "\\":
            current.append(char)
            escaped = True
        elif char == separator:
            pieces.append("".join(current))
            current = []
        else:
            current.append(char)
    pieces.append("".join(current))
    return pieces


def unescaped(text: str) -> str:
    """``text`` with each backslash escape replaced by the character it escapes."""
    out, i = [], 0
    while i < len(text):
        if text[i] == "\\" and i + 1 < len(text):
            out.append(text[i + 1])
            i += 2
        else:
            out.append(text[i])
            i += 1
    return "".join(out)


def misc_value(misc: Mapping[str, Any], name: str) -> Any:
    """A CoNLL-U MISC field's value by its name in any case (``sense=river`` is
    ``Sense=river``: read as no label, an annotator's lowercase key lost every label
    unsaid); None when the column has none."""
    if name in misc:
        return misc[name]
    wanted = name.casefold()
    return next((v for k, v in misc.items() if str(k).casefold() == wanted), None)


def sense_labels(value: str) -> str:
    """The label text a CoNLL-U ``Sense=`` value holds: its labels (separated by ",",
    as MISC and FEATS separate several values; "\\," is a comma inside a label),
    unescaped, joined by a space. The indexer and ``import`` read it alike: "a,b" was one
    label when indexed and two when imported."""
    return " ".join(unescaped(part) for part in split_escaped(value, ",") if part)


def several_labels_note(several: Sequence[str]) -> str | None:
    """What a space did to these label texts that held several labels (in the order
    met; a space separates labels), in one line without ``note:``; None for none."""
    if not several:
        return None
    parts = several[0].split()
    others = len(several) - 1
    also = f" (and {others:,} other label text(s) with a space)" if others else ""
    listed = [part for part in parts if part[-1] in ",;"]  # "river, money": a list
    kept = (
        f"; {listed[0]!r} keeps its {listed[0][-1]!r} (a label may hold one): for "
        f"{len(parts)} labels write {' '.join(p.rstrip(',;') or p for p in parts)}"
        if listed
        else ""
    )
    return (
        f"a space separates labels: {several[0]!r} set {len(parts)} labels, "
        f"{', '.join(parts)}{also}; for one label write {'_'.join(parts)}{kept}"
    )
