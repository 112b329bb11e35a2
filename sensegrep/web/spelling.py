"""Error messages in the words of the request that caused them.

The layers below write a user's mistake once, naming parameters as the command line
spells them ("try --form for an exact word form", "--pos XYZ: no token …"). The web
app received those parameters otherwise: as query parameters (``form=true``,
``pos=XYZ``), as keys of a JSON body (``"label": null``), or from a page's controls
(the "Word form" checkbox). So every SensegrepError a request causes passes through
:func:`respell` at the app's one error edge (app.py): each flag of a parameter that the
route takes becomes that parameter as the route spells it; flags of nothing the route
takes (``--tagger spacy`` in advice to index again) and anything quoted (a command in
backticks, a user's text in quotes) stay as written.

The answer's ``error`` is that text; ``error_parts`` is the same message as pieces, each
parameter an object (``name``, ``value``, ``text``), from which a page names its own
controls instead (static/common.js ``errorText``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sensegrep import request


@dataclass(frozen=True)
class Spelling:
    """How a route spells the parameter a command-line flag sets."""

    name: str
    json: bool = False  # a key of the JSON body, not a query parameter
    value: str | None = None  # what the flag alone stands for: a switch's "true", --remove's "null"
    text: str | None = None  # how to say it where no parameter does (a GET cannot make a run)


@dataclass(frozen=True)
class Named:
    """A parameter named in a message: ``text`` as an HTTP client writes it."""

    name: str
    value: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "text": self.text}


Parts = list[str | Named]


def _search_spellings() -> dict[str, Spelling]:
    """Every flag of the search request's HTTP parameters (sensegrep/request.py): a
    switch (``--form``) stands for ``form=true``."""
    spellings = {}
    for param in request.params_for("http"):
        value = "true" if param.kind == "bool" else None
        for flag in param.cli_flags:
            spellings[flag] = Spelling(param.name, value=value)
    return spellings


SEARCH = _search_spellings()
SENSES = {
    "--n": Spelling("n"),
    "--senses": Spelling("senses"),
    "--by": Spelling("by"),
    "--new": Spelling("new", text="POST /api/senses/WORD"),  # a GET stores no run
}
# The routes whose parameters a message may name, by (method, path as declared).
ROUTES: dict[tuple[str, str], Mapping[str, Spelling]] = {
    ("GET", "/api/search"): SEARCH,
    ("POST", "/api/label"): {
        "--remove": Spelling("label", json=True, value="null"),
        "--as": Spelling("label", json=True),
    },
    ("POST", "/api/compare"): {"--word": Spelling("word", json=True)},
    ("GET", "/api/senses/{word}"): SENSES | {"--examples": Spelling("examples")},
    ("GET", "/api/senses/{word}/map"): SENSES,
    ("POST", "/api/senses/{word}"): {"--n": Spelling("n", json=True)},
    ("POST", "/api/senses/{word}/use"): {"--use": Spelling("run", json=True)},
    ("GET", "/api/annotate/{word}"): {"--senses": Spelling("senses")},
    ("GET", "/senses"): SENSES,
    ("GET", "/senses/{word}"): SENSES,
}

# A flag outside quotes: backticks hold a command, quotes a user's text or pattern.
_QUOTED = r"`[^`]*`|(?<!\w)'(?:[^'\\]|\\.)*'(?!\w)|(?<!\w)\"(?:[^\"\\]|\\.)*\"(?!\w)"
_FLAG = r"(?<![\w-])--?[a-z][a-z0-9-]*(?![\w-])"
_TOKENS = re.compile(f"(?P<quoted>{_QUOTED})|(?P<flag>{_FLAG})")
_PLACEHOLDER = re.compile(r" ([A-Z][A-Z_]*)(?![\w-])")  # --n N, --senses RUN


def respell(
    message: str,
    spellings: Mapping[str, Spelling],
    given: Mapping[str, Iterable[str]] | None = None,
) -> Parts:
    """``message`` as pieces, each flag of ``spellings`` (outside quotes) a
    :class:`Named`; with the value after it when that is a placeholder (``--n N``) or
    a value the request gave (``given``: query parameters by name), as ``pos=XYZ``."""
    parts: Parts = []
    at = 0
    for found in _TOKENS.finditer(message):
        if found.start() < at or found.group("flag") is None:
            continue
        spelling = spellings.get(found.group("flag"))
        if spelling is None:
            continue
        value, end = _value_after(message, found.end(), spelling, given or {})
        parts += [message[at : found.start()], _named(spelling, value)]
        at = end
    parts.append(message[at:])
    return [part for part in parts if part != ""]


def _value_after(
    message: str, at: int, spelling: Spelling, given: Mapping[str, Iterable[str]]
) -> tuple[str | None, int]:
    """The value written after a flag ending at ``at`` and where it ends; else the
    flag's own value (a switch's) and ``at``."""
    if spelling.value is not None or spelling.json or spelling.text is not None:
        return spelling.value, at
    rest = message[at:]
    for value in sorted(given.get(spelling.name, ()), key=len, reverse=True):
        if value and rest.startswith(" " + value) and not _continues(rest, len(value) + 1):
            return value, at + 1 + len(value)
    placeholder = _PLACEHOLDER.match(rest)
    if placeholder:
        return placeholder.group(1), at + placeholder.end()
    return None, at


def _continues(text: str, at: int) -> bool:
    """Whether a word goes on at ``at`` (a value followed by more letters is not it)."""
    return at < len(text) and (text[at].isalnum() or text[at] in "_-")


def _named(spelling: Spelling, value: str | None) -> Named:
    if spelling.text is not None:
        return Named(spelling.name, value, spelling.text)
    if spelling.json:
        key = f'"{spelling.name}"'
        return Named(spelling.name, value, key if value is None else f"{key}: {value}")
    return Named(
        spelling.name, value, spelling.name if value is None else f"{spelling.name}={value}"
    )


def as_text(parts: Parts) -> str:
    return "".join(part if isinstance(part, str) else part.text for part in parts)


def as_labelled(parts: Parts, labels: Mapping[str, str]) -> str:
    """The message as a page shows it: each parameter as the label of the control that
    sets it there (“Senses”, with the value after it when one was named), else as the
    address spells it. static/common.js ``errorText`` does the same in the browser."""
    pieces = []
    for part in parts:
        label = None if isinstance(part, str) else labels.get(part.name)
        if isinstance(part, str) or label is None:
            pieces.append(part if isinstance(part, str) else part.text)
        elif part.value in (None, "true"):
            pieces.append(f"“{label}”")
        else:
            pieces.append(f"“{label}” {part.value}")
    return "".join(pieces)


def as_json(parts: Parts) -> list[str | dict[str, Any]]:
    return [part if isinstance(part, str) else part.to_dict() for part in parts]


def for_route(method: str, path: str | None) -> Mapping[str, Spelling]:
    """The spellings of the route declared as ``path`` (none for another route)."""
    return ROUTES.get((method, path or ""), {})


def route_of(scope: Mapping[str, Any]) -> str | None:
    """The path a request's route was declared with (``/api/senses/{word}``)."""
    route = scope.get("route")
    return getattr(route, "path", None)


def given_values(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """A query string's values by name, and by the search parameter's canonical name
    too (``docs`` as ``doc``)."""
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        for name in dict.fromkeys((key, request.canonical_name(key))):
            values.setdefault(name, []).append(value)
    return values
