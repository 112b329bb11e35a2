"""Errors in the words of the front end that called.

The layers below write a user's mistake once, naming its parameters as the command line
spells them ("try --form to search the word form", "--pos XYZ: …", "use --remove"). The
other front ends received those parameters otherwise: the library as keywords
(``form=True``), the web app as query parameters (``form=true``) or JSON keys
(``"label": null``), a web page from its controls. :func:`respell` turns a message into
pieces, each flag of a parameter the caller takes a :class:`Named`, in the caller's
style; flags of nothing the caller takes (``--tagger spacy`` in advice to index again)
and anything quoted (a command in backticks, a user's text in quotes) stay as written.

Each front end respells at its own edge, once: the library's functions and
:class:`~sensegrep.api.SenseIndex`'s methods with :func:`in_keywords` (unless the
caller said it speaks otherwise, :func:`spoken_by`: the command line and the web app
do around their calls), the web app in its error handler (web/spelling.py).

A result's ``notes`` (``Hits.notes``, ``Table.notes``: "all 7 fall below --min-freq 4")
are said the same way, by :func:`respelt_notes`: the library's methods with
:func:`in_keywords`, the web app by route
(web/endpoints.py), the command line as written.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, replace
from typing import Any, Literal, ParamSpec, TypeVar

from sensegrep import request
from sensegrep.api.arguments import not_emptied
from sensegrep.errors import InputError, QueryError, SensegrepError

Style = Literal["query", "json", "python"]
P = ParamSpec("P")
R = TypeVar("R")

# Who is calling the library: "api" (a program, by keyword), or a front end that says
# its parameters its own way and respells at its own edge ("cli", "web").
_CALLER: ContextVar[str] = ContextVar("sensegrep_caller", default="api")
# Inside a library function already: its calls of others pass its own values, not a user's.
_INSIDE: ContextVar[bool] = ContextVar("sensegrep_inside", default=False)
_UNSET = object()


@contextmanager
def spoken_by(front: str) -> Iterator[None]:
    """Inside: the library leaves its errors' flags as written, for ``front`` to say."""
    token = _CALLER.set(front)
    try:
        yield
    finally:
        _CALLER.reset(token)


def caller() -> str:
    """Who is calling the library: "api", "cli" or "web" (see :func:`spoken_by`)."""
    return _CALLER.get()


@dataclass(frozen=True)
class Spelling:
    """How a caller spells the parameter a command-line flag sets."""

    name: str
    value: Any = _UNSET  # what the flag alone stands for: a switch's True, --remove's None
    text: str | None = None  # how to say it where no parameter does (a GET cannot make a run)


@dataclass(frozen=True)
class Named:
    """A parameter named in a message: ``text`` as the caller writes it; ``value`` the
    value named with it, as text (None: none)."""

    name: str
    value: str | None
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "value": self.value, "text": self.text}


Parts = list[str | Named]


def search_spellings(front: request.Front, command: str = "search") -> dict[str, Spelling]:
    """Every flag of the parameters of ``command`` (search, or a statistic) that
    ``front`` offers (sensegrep/request.py): a switch (``--form``) stands for the
    parameter set to true."""
    spellings = {}
    for param in request.params_for(front, command):
        value = True if param.kind == "bool" else _UNSET
        for flag in param.cli_flags:
            spellings[flag] = Spelling(param.name, value=value)
    return spellings


# A flag outside quotes: backticks hold a command, quotes a user's text or pattern.
_QUOTED = r"`[^`]*`|(?<!\w)'(?:[^'\\]|\\.)*'(?!\w)|(?<!\w)\"(?:[^\"\\]|\\.)*\"(?!\w)"
_FLAG = r"(?<![\w-])--?[a-z][a-z0-9-]*(?![\w-])"
_TOKENS = re.compile(f"(?P<quoted>{_QUOTED})|(?P<flag>{_FLAG})")
_PLACEHOLDER = re.compile(r" ([A-Z][A-Z_]*)(?![\w-])")  # --n N, --senses RUN


def respell(
    message: str,
    spellings: Mapping[str, Spelling],
    style: Style,
    given: Mapping[str, Iterable[Any]] | None = None,
    typed: Mapping[str, str] | None = None,
) -> Parts:
    """``message`` as pieces, each flag of ``spellings`` (outside quotes) a
    :class:`Named` in ``style``; with the value written after it when that is a
    placeholder (``--n N``) or a value the caller gave (``given``: texts and numbers
    by parameter name): ``pos=XYZ``. ``typed``: the other spelling the caller used
    for a parameter (``senses`` for ``senses_run``), which its text then uses."""
    parts: Parts = []
    at = 0
    for found in _TOKENS.finditer(message):
        if found.start() < at or found.group("flag") is None:
            continue
        spelling = spellings.get(found.group("flag"))
        if spelling is None:
            continue
        named, end = _named(message, found.end(), spelling, style, given or {})
        if typed and named.name in typed and named.text.startswith(named.name):
            named = replace(named, text=typed[named.name] + named.text[len(named.name) :])
        parts += [message[at : found.start()], named]
        at = end
    parts.append(message[at:])
    return [part for part in parts if part != ""]


def _named(
    message: str,
    at: int,
    spelling: Spelling,
    style: Style,
    given: Mapping[str, Iterable[Any]],
) -> tuple[Named, int]:
    """The parameter a flag ending at ``at`` names, and where its mention ends (after
    the value written with it, if any)."""
    name = spelling.name
    if spelling.text is not None:
        return Named(name, None, spelling.text), at
    if spelling.value is not _UNSET:
        return Named(name, _as_json(spelling.value), _assigned(name, spelling.value, style)), at
    if style == "json":
        return Named(name, None, f'"{name}"'), at
    rest = message[at:]
    for value in sorted(given.get(name, ()), key=lambda v: len(str(v)), reverse=True):
        text = str(value)
        if text and rest.startswith(" " + text) and not _continues(rest, len(text) + 1):
            shown = repr(value) if style == "python" else text
            return Named(name, text, f"{name}={shown}"), at + 1 + len(text)
    placeholder = _PLACEHOLDER.match(rest)
    if placeholder:
        value = placeholder.group(1)
        return Named(name, value, f"{name}={value}"), at + placeholder.end()
    return Named(name, None, name), at


def _assigned(name: str, value: Any, style: Style) -> str:
    if style == "python":
        return f"{name}={value!r}"
    if style == "json":
        return f'"{name}": {_as_json(value)}'
    return f"{name}={_as_json(value)}"


def _as_json(value: Any) -> str:
    return {True: "true", False: "false", None: "null"}.get(value, str(value))


def _continues(text: str, at: int) -> bool:
    """Whether a word goes on at ``at`` (a value followed by more letters is not it)."""
    return at < len(text) and (text[at].isalnum() or text[at] in "_-")


def as_text(parts: Parts) -> str:
    return "".join(part if isinstance(part, str) else part.text for part in parts)


# -- the library's edge --------------------------------------------------------------------

# SenseIndex.count(word, by, …) takes --count BY as its argument ``by``.
SEARCH = search_spellings("api") | {"--count": Spelling("by")}
LABEL = {"--remove": Spelling("label", value=None), "--as": Spelling("label")}
COMPARE = {"--word": Spelling("word"), "--model": Spelling("model")}
# SenseIndex.classify: classify WORD -k N --weighting W --apply.
CLASSIFY = {
    "-k": Spelling("k"),
    "--weighting": Spelling("weighting"),
    "--apply": Spelling("apply", value=True),
}
# sensegrep.add / build: the indexing flags its messages name.
INDEX = {"--model": Spelling("model"), "--vectors-for": Spelling("vectors_for")}
# SenseIndex.add_vectors: vectors add WORD… --all --pos P --min-count N.
VECTORS = INDEX | {
    "--all": Spelling("every", value=True),
    "--pos": Spelling("pos"),
    "--min-count": Spelling("min_count"),
    "--all-tokens": Spelling("all_tokens", value=True),
}
SENSES = {
    "--n": Spelling("n"),
    "--senses": Spelling("run"),
    "--new": Spelling("new", value=True),
    "--examples": Spelling("examples"),
}
QUEUE = {"--senses": Spelling("senses_run")}  # SenseIndex.annotation_queue
# SenseIndex.annotation_items and .export: sensegrep export's options.
EXPORT = {
    "--to": Spelling("to"),
    "--balanced": Spelling("balanced"),
    "--by": Spelling("by"),
    "--senses": Spelling("senses_run"),
    "--sample": Spelling("sample"),
    "--seed": Spelling("seed"),
    "--good-examples": Spelling("good_examples", value=True),
    "--options": Spelling("options"),
    "--form": Spelling("form", value=True),
    "--pos": Spelling("pos"),
    "--where": Spelling("where"),
    # the search a note of the tokens left out names (search's cql: pass 40a)
    "--cql": Spelling("cql"),
}
# SenseIndex.senses_by(word, field_name, …): senses WORD --by FIELD --bin-width N.
SENSES_BY = SENSES | {"--by": Spelling("field_name"), "--bin-width": Spelling("bin_width")}
# Each statistic's (SenseIndex.freq, .keywords …), for its errors and its table's notes.
STATISTICS = {name: search_spellings("api", name) for name in request.STATISTICS}


def in_keywords(spellings: Mapping[str, Spelling]) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """A library function whose errors, and its result's notes, name its parameters as
    its keywords (``form=True``, ``pos='XYZ'``), unless a front end that says them
    otherwise called it (:func:`spoken_by`). Each error is respelt once, by the
    outermost such function."""

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        known = _keywords(function)

        @functools.wraps(function)
        def call(*args: P.args, **kwargs: P.kwargs) -> R:
            unknown = [name for name in kwargs if known is not None and name not in known]
            if unknown:  # as search's own keywords are refused, not Python's TypeError
                raise QueryError(
                    f"unknown parameter {unknown[0]!r}; expected one of {', '.join(sorted(known))}"
                )
            outermost = not _INSIDE.get()
            entered = _INSIDE.set(True)
            try:
                if outermost and _CALLER.get() == "api":  # a program's own arguments
                    not_emptied({**_arguments(function, args, {}), **kwargs})
                result = function(*args, **kwargs)
            except SensegrepError as exc:
                _respell_error(exc, spellings, _arguments(function, args, kwargs))
                raise
            finally:
                _INSIDE.reset(entered)
            _respell_result_notes(result, spellings, _arguments(function, args, kwargs))
            return result

        return call

    return decorate


def _keywords(function: Callable[..., Any]) -> set[str] | None:
    """The keywords ``function`` takes (None: any, it has ``**options``)."""
    parameters = inspect.signature(function).parameters.values()
    if any(p.kind is p.VAR_KEYWORD for p in parameters):
        return None
    kinds = (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)
    return {p.name for p in parameters if p.kind in kinds and p.name != "self"}


def _arguments(function: Callable[..., Any], args: tuple, kwargs: Mapping[str, Any]) -> dict:
    """The call's arguments by name, those given by position too (``export("bank",
    "xml")`` said "to xml:", not knowing "xml" was ``to``'s value: ``to='xml':``)."""
    if not args:
        return dict(kwargs)
    signature = inspect.signature(function)
    try:
        bound = signature.bind_partial(*args, **kwargs).arguments
    except TypeError:  # the call itself was wrong: its own error says so
        return dict(kwargs)
    named: dict[str, Any] = {}
    for name, value in bound.items():
        kind = signature.parameters[name].kind
        if kind is inspect.Parameter.VAR_KEYWORD:
            named.update(value)
        elif kind is not inspect.Parameter.VAR_POSITIONAL and name != "self":
            named[name] = value
    return named


def respelt_notes(
    notes: Iterable[str],
    spellings: Mapping[str, Spelling],
    style: Style,
    given: Mapping[str, Iterable[Any]] | None = None,
    typed: Mapping[str, str] | None = None,
) -> list[str]:
    """A result's notes, each flag of ``spellings`` in ``style`` (:func:`respell`): how
    each front end reads its notes in its own words, the library's in its keywords. A
    note names the values a request used, given (``given``) or declared defaults
    (``--min-freq 3`` unasked: ``min_freq=3``)."""
    known = {name: list(values) for name, values in (given or {}).items()}
    for name, default in _declared_defaults().items():
        known.setdefault(name, []).extend(default)
    return [as_text(respell(note, spellings, style, known, typed)) for note in notes]


@functools.cache
def _declared_defaults() -> dict[str, list[Any]]:
    """Each parameter's declared default values and choices that a note may write after
    its flag (texts and numbers), over search and the statistics."""
    defaults: dict[str, list[Any]] = {}
    for params in (request.PARAMS, *request.STATISTICS.values()):
        for param in params:
            value = param.default
            if isinstance(value, str | int) and not isinstance(value, bool) and value != "":
                defaults.setdefault(param.name, []).append(value)
            defaults.setdefault(param.name, []).extend(param.choices)
    return defaults


def _settable(result: Any, name: str) -> bool:
    """Whether ``result.name`` can be set: notes a read-only property works out from
    the result's own figures (SenseTimeline's) name no option to respell."""
    declared = getattr(type(result), name, None)
    return not isinstance(declared, property) or declared.fset is not None


def _respell_result_notes(
    result: Any, spellings: Mapping[str, Spelling], kwargs: Mapping[str, Any]
) -> None:
    """The notes a result carries (``notes``; ``why_empty`` and ``past_the_end``, each
    one of them; a keywords table's ``reference_corpus``) in keywords, in place, when a
    program called."""
    if _CALLER.get() != "api":
        return
    notes: Sequence[str] = getattr(result, "notes", None) or ()
    if notes and not isinstance(notes, str) and _settable(result, "notes"):
        result.notes = respelt_notes(notes, spellings, "python", _given(kwargs))
    # keywords' reference_corpus names the reference by its parameter too (the CLI's
    # "--reference-where genre=news"), and a notebook shows it in the table's repr
    for name in ("why_empty", "past_the_end", "reference_corpus"):
        said = getattr(result, name, None)
        if isinstance(said, str):
            setattr(result, name, respelt_notes([said], spellings, "python", _given(kwargs))[0])


def _respell_error(
    exc: SensegrepError, spellings: Mapping[str, Spelling], kwargs: Mapping[str, Any]
) -> None:
    """``exc``'s message in keywords, in place (its kind and traceback kept)."""
    if _CALLER.get() != "api" or isinstance(exc, InputError) or len(exc.args) != 1:
        return
    if getattr(exc, "respelt", False) or not isinstance(exc.args[0], str):
        return
    exc.args = (as_text(respell(exc.args[0], spellings, "python", _given(kwargs))),)
    exc.respelt = True  # type: ignore[attr-defined]


def _given(kwargs: Mapping[str, Any]) -> dict[str, list[Any]]:
    """The texts and numbers a call's keywords gave, by name and by canonical name; a
    metadata condition (``where={"genre": "news"}``, a pair) as the ``key=value`` text a
    message writes it."""
    given: dict[str, list[Any]] = {}
    for key, value in kwargs.items():
        values = _conditions(value) or (value if isinstance(value, list | tuple) else [value])
        for name in dict.fromkeys((key, request.canonical_name(key))):
            given.setdefault(name, []).extend(
                v for v in values if isinstance(v, str | int | float) and not isinstance(v, bool)
            )
    return given


def _conditions(value: Any) -> list[str]:
    """``key=value`` texts of a mapping or of (key, value) pairs; [] for anything else."""
    if isinstance(value, Mapping):
        return [
            f"{key}={','.join(map(str, one)) if isinstance(one, list | tuple) else one}"
            for key, one in value.items()
        ]
    if isinstance(value, list | tuple) and value and all(_is_pair(one) for one in value):
        return [f"{key}={one}" for key, one in value]
    return []


def _is_pair(value: Any) -> bool:
    return isinstance(value, tuple | list) and len(value) == 2 and isinstance(value[0], str)
