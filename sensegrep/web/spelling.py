"""The web app's errors in the words of the request that caused them.

The library leaves its errors' flags as written inside the web app (it answers every
request inside ``spoken_by("web")``, app.py); the app's one error handler respells each
message here, by the route that was called (sensegrep/api/spelling.py: ``respell``),
and the endpoints an answer's notes (:func:`notes_for`):
query parameters as ``form=true``, ``pos=XYZ``, ``count``; a JSON body's keys as
``"label": null``, ``"word"``. The answer's ``error`` is that text; ``error_parts`` is
the same message in pieces, each parameter an object (``name``, ``value``, ``text``),
from which a page names its own controls instead (static/common.js ``errorText``; a
page drawn on the server: :func:`as_labelled`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from sensegrep import request
from sensegrep.api.spelling import (
    Named,
    Parts,
    Spelling,
    Style,
    respell,
    respelt_notes,
    search_spellings,
)

SENSES = {
    "--n": Spelling("n"),
    "--senses": Spelling("senses"),
    "--by": Spelling("by"),
    "--bin-width": Spelling("bin_width"),
    "--new": Spelling("new", text="POST /api/senses/WORD"),  # a GET stores no run
    # What needs vectors names search's sense and count=sense (the senses page said
    # "--sense, --count sense" to a reader who cannot type them: pass 38k).
    "--sense": Spelling("sense"),
    "--count": Spelling("count"),
}
# change's --induce is not over HTTP (a GET stores no run): its notes name the POST that
# stores one (they said "--induce makes one", an option no route takes; issue 23).
STORE_RUN = {"--induce": Spelling("induce", text="POST /api/senses/WORD")}
# The routes whose parameters a message may name, by (method, path as declared): their
# flags' spellings and whether the route takes a query string or a JSON body.
ROUTES: dict[tuple[str, str], tuple[Mapping[str, Spelling], Style]] = {
    ("GET", "/api/search"): (search_spellings("http"), "query"),
    ("GET", "/"): (search_spellings("http"), "query"),
    ("POST", "/api/label"): (
        {"--remove": Spelling("label", value=None), "--as": Spelling("label")},
        "json",
    ),
    ("POST", "/api/compare"): ({"--word": Spelling("word")}, "json"),
    ("POST", "/api/vectors"): ({"--model": Spelling("model")}, "json"),
    ("GET", "/api/senses/{word}"): (SENSES | {"--examples": Spelling("examples")}, "query"),
    ("GET", "/api/senses/{word}/map"): (SENSES, "query"),
    ("POST", "/api/senses/{word}"): ({"--n": Spelling("n")}, "json"),
    ("POST", "/api/senses/{word}/use"): ({"--use": Spelling("run")}, "json"),
    ("GET", "/api/annotate/{word}"): ({"--senses": Spelling("senses")}, "query"),
    ("GET", "/api/classify/{word}"): ({"--review": Spelling("review", text="review=N")}, "query"),
    # (the POST stores them all: its notes name the GET's parameter as the GET takes it)
    ("POST", "/api/classify/{word}"): (
        {"--review": Spelling("review", text="GET /api/classify/WORD?review=N")},
        "json",
    ),
    # One page for every statistic: the flags of them all (a flag means one parameter).
    ("GET", "/stats/{name}"): (
        {
            flag: spelling
            for name in request.STATISTICS
            for flag, spelling in search_spellings("http", name).items()
        }
        | STORE_RUN,
        "query",
    ),
    ("GET", "/senses"): (SENSES, "query"),
    ("GET", "/senses/{word}"): (SENSES, "query"),
    **{
        ("GET", f"/api/stats/{name}"): (search_spellings("http", name) | STORE_RUN, "query")
        for name in request.STATISTICS
    },
}


def _vectors_post(found: re.Match[str]) -> str:
    """The POST that adds the vectors of the words `sensegrep vectors add` names."""
    body = json.dumps({"words": _words(found.group(1))}, ensure_ascii=False)
    return f"`POST /api/vectors {body}`"


def _words(text: str) -> list[str]:
    """The words of a command line (as shlex quoted them), or as written when it cannot."""
    import shlex

    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


# The commands a message advises, as the requests that do the same over HTTP (a reader of
# the web app may have no shell on the server). Commands with no route (index, tune,
# check…) stay as written: they are advice for whoever runs the server.
_WORD = r"([^`\s]+)"
COMMANDS: list[tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]] = [
    (re.compile(rf"`sensegrep senses {_WORD} --runs`"), r"`GET /api/senses/\1/runs`"),
    (re.compile(rf"`sensegrep senses {_WORD} --use {_WORD}`"), r"`POST /api/senses/\1/use`"),
    # "see `sensegrep senses bank`" shows the current run; otherwise it makes one.
    (re.compile(rf"(?<=see )`sensegrep senses {_WORD}`"), r"`GET /api/senses/\1`"),
    (re.compile(rf"`sensegrep senses {_WORD}`(?= shows)"), r"`GET /api/senses/\1`"),
    # (not where a read-only server advises the command line, which alone may store one)
    (re.compile(rf"`sensegrep senses {_WORD}`(?! on the command line)"), r"`POST /api/senses/\1`"),
    (re.compile(rf"`sensegrep (collocates|sketch) {_WORD}`"), r"`GET /api/stats/\1?word=\2`"),
    # (not on a read-only server, which refuses these POSTs: there they stay the command
    # line's, said as such: _READ_ONLY)
    # one word or several (a ranking's note names the words it left out: `vectors add
    # ball wheel` stayed the command line's on the web, pass 39g); not an option's
    (
        re.compile(
            r"`sensegrep vectors add ([^`\s-][^`\s]*(?: [^`\s-][^`\s]*)*)`(?! on the command line)"
        ),
        _vectors_post,
    ),
    # any word's (an any-word search's note: "`sensegrep vectors add` adds more")
    (re.compile(r"`sensegrep vectors add`(?! on the command line)"), "`POST /api/vectors`"),
    (
        re.compile(r"`sensegrep label ID… --as LABEL`(?! on the command line)"),
        '`POST /api/label {"ids": [ID…], "label": LABEL}`',
    ),
    (re.compile(r"`sensegrep label`(?! on the command line)"), "`POST /api/label`"),
    # a plain concordance of a word: its address (a word the shell needs quoted, unquoted)
    (
        re.compile(r'`sensegrep search --form (?:"([^`"]+)"|([\w\'-]+))`'),
        r"`GET /api/search?word=\1\2&form=true`",
    ),
    (re.compile(r'`sensegrep search (?:"([^`"]+)"|([\w\'-]+))`'), r"`GET /api/search?word=\1\2`"),
    # count=pos's hint: the statistic's request (it said `sensegrep freq --by pos …`).
    (
        re.compile(r"""`sensegrep freq --by (pos|lemma_pos) --cql '([^'`]+)'`"""),
        r"`GET /api/stats/freq?by=\1&cql=\2`",
    ),
    # What that request is without, in its own words: a route other than /api/search (the
    # senses page, /api/senses/the) has no spelling of its own for them, and said
    # "`GET /api/search?word=the`, without --example, --like … or --sense" (pass 25y).
    (
        re.compile(
            r"(`GET /api/search\?[^`]*`), without --example, --like, --label, --gloss or --sense"
        ),
        r"\1, without example, like, label, gloss or sense",
    ),
]


# The commands that write whose requests a --read-only server refuses (403): there the
# advice is the command line's, said as such ("add them with `POST /api/vectors …`"
# advised a POST that server refuses; issue 23). Sense runs say so where they are made
# (sensegrep/senses: where_storable).
_READ_ONLY = re.compile(
    r"`sensegrep (?:vectors add(?: [^`]*)?|label(?: ID… --as LABEL)?)`(?! on the command line)"
)


def commands_respelt(text: str) -> str:
    """``text`` with each command it advises as the HTTP request that does the same (on
    a read-only server, a command that writes as the command line's)."""
    from sensegrep.api.senses import answering_read_only

    if answering_read_only():
        text = _READ_ONLY.sub(lambda found: f"{found.group(0)} on the command line", text)
    for pattern, request_text in COMMANDS:
        text = pattern.sub(request_text, text)
    return text


def in_the_index(message: str, folder: Path) -> str:
    """``message`` naming the index as its page does (its folder's name, the header's),
    never by the server's path: "no occurrences of 'zzz' in /srv/corpora/idx" named, to
    anyone a token lets in, a folder of the server the page's reader never typed (issue
    23, pass 23g)."""
    # Only as a whole path: an index given as `--index en` turned "unknown parameter
    # 'reference'" into "'referthe index ence'" and "sense" into "sthe index ense".
    named = f"the index {folder.name}"
    path = re.escape(str(folder))
    return re.sub(rf"(?<![\w/.-]){path}(?![\w/-])", lambda _found: named, message)


def respell_for(
    message: str, method: str, route: str | None, pairs: Iterable[tuple[str, str]]
) -> Parts:
    """``message`` as the route declared as ``route`` spells its parameters (as it is
    for another route), given the request's query string ``pairs``."""
    spellings, style = ROUTES.get((method, route or ""), ({}, "query"))
    pairs = list(pairs)
    typed = typed_names(pairs)
    parts = respell(commands_respelt(message), spellings, style, given_values(pairs), typed)
    return _leading_name(parts, {spelling.name for spelling in spellings.values()}, typed)


# A value's check names its parameter first, as the address spells it (request.py:
# "k: 0 is not in the range x>=1."): a piece a page can name by its own control too.
_LEADING = re.compile(r"([a-z][a-z_]*): ")


def _leading_name(parts: Parts, names: set[str], typed: dict[str, str]) -> Parts:
    """The parameter a message starts with as a piece, named as the request spelt it
    (``senses: 'abc' is not …`` for ``senses=abc``, not ``senses_run: …``)."""
    first = parts[0] if parts else None
    found = _LEADING.match(first) if isinstance(first, str) else None
    if found is None or found.group(1) not in names:
        return parts
    name = found.group(1)
    return [Named(name, None, typed.get(name, name)), first[len(name) :], *parts[1:]]


def notes_for(
    notes: Iterable[str], method: str, route: str | None, pairs: Iterable[tuple[str, str]]
) -> list[str]:
    """An answer's notes as the route declared as ``route`` spells its parameters
    (``min_freq=3``, ``where=genre=news``), given the request's query string ``pairs``."""
    spellings, style = ROUTES.get((method, route or ""), ({}, "query"))
    notes = [commands_respelt(note) for note in notes]
    pairs = list(pairs)
    return respelt_notes(notes, spellings, style, given_values(pairs), typed_names(pairs))


def route_of(scope: Mapping[str, Any]) -> str | None:
    """The path a request's route was declared with (``/api/senses/{word}``)."""
    return getattr(scope.get("route"), "path", None)


def typed_names(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The other spellings a query string used, by canonical name (``senses_run``:
    ``senses``): a message names a parameter as the address did."""
    return {
        request.canonical_name(key): key
        for key, _value in pairs
        if request.canonical_name(key) != key
    }


def given_values(pairs: Iterable[tuple[str, str]]) -> dict[str, list[str]]:
    """A query string's values by name, and by the search parameter's canonical name
    too (``docs`` as ``doc``)."""
    values: dict[str, list[str]] = {}
    for key, value in pairs:
        for name in dict.fromkeys((key, request.canonical_name(key))):
            values.setdefault(name, []).append(value)
    return values


def as_labelled(parts: Parts, labels: Mapping[str, str]) -> str:
    """The message as a page shows it: each parameter as the label of the control that
    sets it there (“Senses”, with the value after it when one was named), else as the
    address spells it. static/common.js ``errorText`` does the same in the browser."""
    pieces = []
    for part in parts:
        label = labels.get(part.name) if isinstance(part, Named) else None
        if not isinstance(part, Named):
            pieces.append(part)
        elif label is None:
            pieces.append(part.text)
        elif part.value in (None, "true"):
            pieces.append(f"“{label}”")
        else:
            pieces.append(f"“{label}” {part.value}")
    return "".join(pieces)


def as_json(parts: Parts) -> list[str | dict[str, Any]] | None:
    """The pieces as ``error_parts``; None when the message names no parameter."""
    if all(isinstance(part, str) for part in parts):
        return None
    return [part.to_dict() if isinstance(part, Named) else part for part in parts]
