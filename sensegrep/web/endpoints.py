"""The JSON API: every page of the web app is drawn from these endpoints, and scripts
can call them too. Field names are those of the library API and of the CLI's JSONL
(:class:`sensegrep.api.Hit`); errors are ``{"error": "one line"}`` with a 4xx status."""

from __future__ import annotations

import contextvars
import functools
import json
import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import asdict
from typing import Annotated, Any, ParamSpec, TypeVar, get_args, get_origin
from urllib.parse import quote

from fastapi import APIRouter, Body, Depends, Path, Query, Request
from fastapi.responses import Response
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError
from starlette.exceptions import HTTPException

from sensegrep import request
from sensegrep.api import SenseIndex
from sensegrep.api.remote import answer as answer_remote_call
from sensegrep.api.senses import no_sense_writes, read_only_server
from sensegrep.choices import DEFAULT_ANY_WORD_K, WEB_FORMATS
from sensegrep.errors import QueryError, SensegrepError
from sensegrep.output import count_table, csv_text, table_text
from sensegrep.web.spelling import notes_for, route_of

MAX_K = request.WEB_K  # hits per query, and occurrences per random sample
MAX_TEXT = request.WEB_TEXT  # characters of one usage
MAX_LABEL_IDS = 10_000
DEFAULT_QUEUE = 200

log = logging.getLogger("sensegrep.web")
P = ParamSpec("P")
R = TypeVar("R")
OWN_PARAMETERS = "_reads_own_parameters"  # see reads_own_parameters


def reads_own_parameters(endpoint: Callable[P, R]) -> Callable[P, R]:
    """Marks an endpoint that reads the query string itself and refuses what it does not
    take (search, the statistics and their pages, by sensegrep/request.py)."""
    setattr(endpoint, OWN_PARAMETERS, True)
    return endpoint


def only_declared_parameters(request: Request) -> None:
    """A query parameter the route does not take is refused in one line, never ignored:
    ``/api/senses/bank/map?senses_run=1`` answered the current run, as if asked, and a
    misspelt ``review`` gave every proposal. Every route of the API and the pages gets
    this check; those marked by reads_own_parameters make their own."""
    route = request.scope.get("route")
    endpoint = getattr(route, "endpoint", None)
    dependant = getattr(route, "dependant", None)
    if dependant is None or getattr(endpoint, OWN_PARAMETERS, False):
        return
    taken = sorted(_query_names(dependant))
    unknown = [key for key in request.query_params if key not in {*taken, "token"}]
    if unknown:
        expected = f"expected one of {', '.join(taken)}" if taken else "it takes none"
        raise QueryError(f"unknown parameter {unknown[0]!r}; {expected}")
    # One value given twice as two (n=3&n=4): these routes read the last one, and their
    # answers have no notes to say so (/api/search's do: request.given_twice).
    several = _list_names(dependant)
    for key in dict.fromkeys(request.query_params):
        values = request.query_params.getlist(key)
        if key not in several and len(set(values)) > 1:
            shown = ", ".join(f"{key}={value}" for value in values)
            raise QueryError(f"{key} given {len(values)} times ({shown}): it takes one value")


def _list_names(dependant: Any) -> set[str]:
    """The query parameters of a route that take several values (``between``)."""
    names = {param.alias for param in dependant.query_params if _several(param)}
    for sub in dependant.dependencies:
        names |= _list_names(sub)
    return names


def _several(param: Any) -> bool:
    annotation = param.field_info.annotation
    kinds = (list, tuple, set)
    return any(get_origin(one) in kinds for one in (annotation, *get_args(annotation)))


def _query_names(dependant: Any) -> set[str]:
    names = {param.alias for param in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


router = APIRouter(prefix="/api", tags=["api"], dependencies=[Depends(only_declared_parameters)])


class StrictBody(BaseModel):
    """A JSON body: a key the route does not take is refused, never ignored (a misspelt
    ``"lable"`` beside ``ids`` cleared the labels)."""

    model_config = ConfigDict(extra="forbid")


def _no_bool(value: Any) -> Any:
    """JSON's true and false are no numbers: read as 1 and 0, ``{"ids": [true]}``
    labelled occurrence 1 and answered 200 (issue 23, pass 31k)."""
    if isinstance(value, bool):
        raise PydanticCustomError("int_type", "Input should be a valid integer, not a boolean")
    return value


Int = Annotated[int, BeforeValidator(_no_bool)]  # a body's integer (ids, n, run)


Word = Annotated[str, Path(min_length=1, max_length=200, description="A word (its lemma).")]
Usage = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


def one_thread(endpoint: Callable[P, R]) -> Callable[P, R]:
    """FastAPI answers sync endpoints in worker threads. FAISS's OpenMP is set to one
    thread (sensegrep.storage.vectors) only in the thread that imported it; a worker
    thread starts with one per core, and on 2 cores that doubled the time of a query
    (53 ms instead of 25 at 10,000 occurrences). The setting is per thread: set it here."""

    @functools.wraps(endpoint)
    def in_one_thread(*args: P.args, **kwargs: P.kwargs) -> R:
        faiss_one_thread()
        return endpoint(*args, **kwargs)

    return in_one_thread


def faiss_one_thread() -> None:
    import faiss

    faiss.omp_set_num_threads(1)


def index_of(request: Request) -> SenseIndex:
    return request.app.state.web.index


def writable(request: Request) -> None:
    """Refuses a write when the server runs with --read-only."""
    if request.app.state.web.read_only:
        raise HTTPException(403, "this server runs with --read-only: nothing can be changed")


IndexDep = Annotated[SenseIndex, Depends(index_of)]


# -- search ------------------------------------------------------------------------------


# Web-form fields that may come empty (an unfilled input): left out, not refused.
OPTIONAL_FIELDS = {"pos", "where", "doc", "docs", "count"}


RAW_CSV = "raw_csv"  # a csv download's text cells as they are (output.py, sensegrep/cells.py)
RAW_CSV_PARAMETER = {
    "name": RAW_CSV,
    "in": "query",
    "description": "format=csv: text cells as they are; by default a cell beginning with "
    "= + - @ gets a leading ' so that a spreadsheet shows it as text, never runs it",
    "schema": {"type": "boolean", "default": False},
}


def raw_csv(pairs: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], bool]:
    """The query string without ``raw_csv``, and its value (true, 1, yes… as the
    request's booleans are read)."""
    given = [value for key, value in pairs if key == RAW_CSV]
    rest = [(key, value) for key, value in pairs if key != RAW_CSV]
    if not given:
        return rest, False
    flag = request.Param(RAW_CSV, "bool", "")
    return rest, request.parse_value(flag, given[-1], "http")


COLUMNS = "columns"  # a csv download's metadata columns: the search page's "Show as columns"
COLUMNS_PARAMETER = {
    "name": COLUMNS,
    "in": "query",
    "description": "format=csv: document metadata fields added as columns after the "
    "CLI's (repeatable, or separated by ','), as the search page shows them",
    "schema": {"type": "array", "items": {"type": "string"}},
}


def meta_columns(
    pairs: list[tuple[str, str]], fields: Callable[[], list[str]]
) -> tuple[list[tuple[str, str]], list[str]]:
    """The query string without ``columns``, and the metadata fields it names (each
    one the index's ``fields``): a csv download has the columns the search page shows
    (its CSV had none of them while its JSONL had every field; issue 23, pass 23g)."""
    named = [  # meta:FIELD as where names one called like a column: FIELD
        f.strip().removeprefix("meta:")
        for key, value in pairs
        if key == COLUMNS
        for f in value.split(",")
    ]
    rest = [(key, value) for key, value in pairs if key != COLUMNS]
    named = list(dict.fromkeys(f for f in named if f))
    if not named:
        return rest, []
    formats = [value for key, value in rest if key == "format"]
    if any(key == "count" and value for key, value in rest):
        raise QueryError("columns are a csv download's of lines, not of a count: leave one out")
    if (formats[-1] if formats else "json") != "csv":
        raise QueryError(
            "columns names the metadata columns of a csv download of lines: give "
            "format=csv (json and jsonl have every field in each hit's meta)"
        )
    known = fields()  # read only when asked: info() is not free on a large index
    for field in named:
        if field not in known:
            raise QueryError(
                f"columns={field}: no document has a metadata field {field!r} (its "
                f"fields: {', '.join(known) or 'none'})"
            )
    return rest, named


def field_names(state: Any) -> list[str]:
    """Every metadata field of the index (not only the first ones the pages suggest)."""
    return kept(state, "field_names", lambda: list(state.index.info().get("metadata") or {}))


def kept(state: Any, name: str, read: Callable[[], Any]) -> Any:
    """What ``read`` gives, kept while the index holds the same documents: read once
    for the server's life, a field added by an `index` run beside it was refused
    (columns=FIELD: "no document has a metadata field") and missing from every page."""
    now = state.index.state()
    found = state.cache.get(name)
    if found is None or found[0] != now:
        found = state.cache[name] = (now, read())
    return found[1]


def given_pairs(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """A query string's pairs without the empty fields a web form leaves out."""
    return [(key, value) for key, value in pairs if value or key not in OPTIONAL_FIELDS]


def said_of_request(pairs: Iterable[tuple[str, str]], command: str = "search") -> list[str]:
    """The notes a query string itself calls for: an empty field left out (``doc=``
    searched every document and ``label=`` ranked nothing, unsaid, where the library
    refuses an empty choice) and a single-valued parameter given twice as two values
    (request.given_twice)."""
    pairs = list(pairs)
    empty = dict.fromkeys(key for key, value in pairs if not value and key in OPTIONAL_FIELDS)
    blank = [key for key in empty if not any(value for other, value in pairs if other == key)]
    blank += [key for key in request.blank_left_out(pairs, command) if key not in blank]
    notes = [f"{key}= is empty, so it was left out, as a form's unfilled field is" for key in blank]
    return [*notes, *request.given_twice(given_pairs(pairs), command, also=("format",))]


# What the routes read themselves before request.parse: an unknown parameter's message
# names them among those expected (format was missing from it, as if not taken).
STATISTIC_OWN = ("format", RAW_CSV)
SEARCH_OWN = (*STATISTIC_OWN, COLUMNS)


def search_values(pairs: Iterable[tuple[str, str]]) -> tuple[dict[str, Any], str]:
    """A query string's search parameters checked against the request definition with
    the web app's limits (sensegrep/request.py), and the answer's format."""
    given = given_pairs(pairs)
    formats = [value for key, value in given if key == "format"]
    fmt = formats[-1] if formats else "json"
    if fmt not in WEB_FORMATS:
        raise QueryError(f"format: {fmt!r} is not one of {', '.join(WEB_FORMATS)}")
    # A page of lines (json) holds at most MAX_K of them; a download (jsonl, csv) and a
    # count table take every match unless k says otherwise: exports have no cap.
    whole = fmt != "json" or any(key == "count" and value for key, value in given)
    capped = [p for p in given if p[0] != "format" and not (whole and p[0] == "k")]
    values = request.parse(capped, "http", "http", limited=True, also=SEARCH_OWN)
    if whole:
        values.update(request.parse([p for p in given if p[0] == "k"], "http", "http"))
    # any_word needs no word: the library says what it needs (an example or like).
    searches_words = values.get("any_word") or values.get("cql") is not None
    if not (values.get("word") or "").strip() and not searches_words:
        raise QueryError("give a word to search for, or a cql pattern")
    # any_word's nearest have no total to page a default page of 1,000 out of: k not
    # given, the library's 20 nearest, said as a note (_default_page_note).
    if not whole and not values.get("any_word"):
        values.setdefault("k", MAX_K)
    return values, fmt


def _search_parameters() -> list[dict[str, Any]]:
    """/api/search's query parameters for the OpenAPI description (and /docs), with the
    web app's limits."""
    described = [_described(param) for param in request.params_for("http")]
    formats = {"type": "string", "enum": list(WEB_FORMATS), "default": "json"}
    formats_parameter = {"name": "format", "in": "query", "schema": formats}
    return [*described, formats_parameter, RAW_CSV_PARAMETER, COLUMNS_PARAMETER]


def _described(param: request.Param, command: str = "search") -> dict[str, Any]:
    kinds = {"text": "string", "int": "integer", "float": "number", "id": "integer",
             "bool": "boolean"}  # fmt: skip
    one: dict[str, Any] = {"type": kinds.get(param.kind, "string")}
    if param.choices and param.separator:  # several choices joined: a pattern, not an enum
        choice = "|".join(param.choices)
        one["pattern"] = f"^({choice})(\\{param.separator}({choice}))*$"
    elif param.choices:
        one["enum"] = list(param.choices)
    least = 0 if param.kind == "id" else param.least
    if least is not None:
        one["minimum"] = least
    if param.web.most is not None:
        one["maximum"] = param.web.most
    if param.web.length is not None:
        one["maxLength"] = param.web.length
    if param.web.nonempty:
        one["minLength"] = 1
    schema = {"type": "array", "items": one} if param.repeat else one
    if param.web.items is not None:
        schema["maxItems"] = param.web.items
    web_k = MAX_K if command == "search" else request.STAT_ROWS
    default = web_k if param.name == "k" else param.default
    if default not in (None, False):
        schema["default"] = default
    aliases = f" (also spelt {', '.join(param.aliases)})" if param.aliases else ""
    help_text = param.help + aliases
    return {"name": param.name, "in": "query", "schema": schema, "description": help_text}


@router.get(
    "/search",
    summary="Search the occurrences of a word (sensegrep search)",
    openapi_extra={"parameters": _search_parameters()},
)
@one_thread
@reads_own_parameters
def search(http: Request, index: IndexDep) -> Any:
    """Ranked by sense when given usages (example, like, label, gloss), else the plain
    concordance in corpus order. ``format``: ``json`` (an object with ``hits``), ``jsonl``
    (one hit per line, the CLI's fields) or ``csv`` (the CLI's columns). The parameters
    are those of ``sensegrep search`` (sensegrep/request.py). A json answer is one page:
    ``k`` lines (at most 1000) from ``offset``, with ``count`` (the lines returned) and
    the totals of all the matches: ``total``, ``documents``, ``per_million`` (tokens of
    the index), ``per_million_subcorpus`` (of the documents a where/doc filter keeps;
    null without one), ``tokens``, ``subcorpus_tokens`` and ``offset``; a plain
    concordance's total is every token of the word, a ranked search's (and a
    ``sense``'s) every occurrence with a sense vector that passes the filters, and
    ``matches_without_vectors`` the matches it left out for lack of one (0: none);
    ``lines_available``: the lines to page through (fewer than ``total`` with
    ``max_per_doc`` or ``sample``, which choose lines, not matches). ``searched``: what was
    searched when it is not the word as typed (``lemma "bank"`` for banks, the token
    sequence of mole's), else null. ``sense`` and ``sense_run``: the sense a ``sense``
    search kept and the stored run that number is of (null: none, or senses induced for
    this request only). ``index_state``: a key of the index's state the page was read
    in (two pages of one search at two keys: the index changed between them, and the
    offsets may skip or repeat lines). A download (jsonl, csv)
    has every match unless ``k`` is given. With ``count=BY``, the frequency table of
    the matches instead (``rows`` of value, count, share, per_million…; by sense, the
    sense number as ``value`` with ``lemma`` and ``sense_run``; by a metadata field,
    ``per_million_value`` per million tokens of the documents with that value and their
    number, ``value_tokens``): of the lines ``k`` and
    ``offset`` select, all of them without (``counted`` lines from ``offset``;
    ``complete``: all the matches, and only then are the rows' per_million given).
    ``match_case``: words in ``sort`` and ``count`` tell upper from lower case.
    ``any_word``: the usages of any word nearest the example (``word`` optional), with
    no totals (null); without ``k`` a page, a download and a count are of the 20
    nearest, and a note says so (a download's in X-Sensegrep-Notes)."""
    pairs, raw = raw_csv(http.query_params.multi_items())
    pairs, meta = meta_columns(pairs, lambda: field_names(http.app.state.web))
    values, fmt = search_values(pairs)
    twice = said_of_request(pairs)
    word = values.pop("word", None) or ""
    by = values.pop("count", None)
    # A download's file: the word's, a pattern's, or any word's (not "pattern"); any
    # word's with the usage's word given too (its lines of any word were named "spring").
    if values.get("any_word"):
        name = "sensegrep-any-word" + (f"-{word}" if word.strip() else "")
    else:
        name = f"sensegrep-{word or 'pattern'}"
    k_given = any(key == "k" for key, _ in pairs)
    if by:
        counts = index.count(word, by, **values)
        said = _said(counts, http, "/api/search", twice)
        # any_word without k counts its 20 nearest, not every match: said, as a page says it
        said = _with_note(said, _default_page_note(counts, values, k_given, any_word_only=True))
        return _count_answer(counts, word, by, fmt, name, said, raw)
    hits = index.search(word, **values)
    state = hits.index_state  # read before the search: a write during it changes it
    said = _said(hits, http, "/api/search", twice)
    if fmt != "json":  # a download is every match unless k is given: any_word's, its 20
        said = _with_note(said, _default_page_note(hits, values, k_given, any_word_only=True))
    if fmt == "jsonl":
        body = "".join(json.dumps(h.to_dict(), ensure_ascii=False) + "\n" for h in hits)
        return _download(body, "application/x-ndjson", f"{name}.jsonl", hits.total, said)
    if fmt == "csv":
        body = csv_text(hits, raw, meta)
        return _download(body, "text/csv", f"{name}.csv", hits.total, said)
    answer = {"word": word, "count": len(hits), **hits.totals(), "hits": hits.to_dicts()}
    said = _with_note(said, _default_page_note(hits, values, k_given))
    return {**answer, "index_state": state, **said}


def _with_note(said: dict[str, Any], note: str | None) -> dict[str, Any]:
    """``said`` with ``note`` added to its notes (none: as it was)."""
    return {**said, "notes": [*said.get("notes", []), note]} if note else said


def _default_page_note(
    hits: Any, values: dict[str, Any], k_given: bool, any_word_only: bool = False
) -> str | None:
    """A json page cut at the most a page holds, ``k`` not given: a script that read
    ``hits`` alone took 1,000 of 1,179 lines for all of them (``total`` was the only
    sign); said as a note, with the offset of the next page. An any_word search's is
    said of a download and a count too (``any_word_only``), which are otherwise of every
    match: without k they are of its 20 nearest (a CSV of 20 lines said nothing)."""
    if k_given:
        return None
    offset = values.get("offset") or 0
    if values.get("any_word"):
        shown = getattr(hits, "counted", None)
        shown = len(hits) if shown is None else shown
        return (
            f"k not given: the {DEFAULT_ANY_WORD_K} nearest usages of any word from line "
            f"{offset + 1:,} (any_word has no total to page through: k=N gives more, and "
            f"offset={offset + shown} the next)"
        )
    if any_word_only:
        return None
    available = hits.total if hits.lines_available is None else hits.lines_available
    if offset + len(hits) >= available:
        return None
    return (
        f"k not given: this page holds lines {offset + 1:,}-{offset + len(hits):,} of "
        f"{available:,} (a json page holds at most {MAX_K:,}); offset={offset + len(hits)} "
        "gives the next, or format=jsonl or csv every line"
    )


def state_key(index: Any, values: dict[str, Any] | None = None) -> str:
    """The index's state as a short key (``index_state``): the pages of one search read
    at two keys are of two states of the index (another process added or removed
    documents in between), so that lines may have moved from one page to the next,
    which the search page says. A count of a label's occurrences (``values``' label and
    word) reads the word's labels too: labels set since change the key."""
    given = values or {}
    labels_of = given.get("word") if given.get("label") else None
    return str(index.state_key(labels_of=labels_of) if labels_of else index.state_key())


def _said(result: Any, http: Request, route: str, twice: list[str] | None = None) -> dict[str, Any]:
    """What a result says once, in this route's words (``where=genre=news``, not
    ``--where genre=news``): ``notes``, and ``why_empty`` (also a note) for a result
    with no match at all; nothing when it says nothing. ``twice``: the notes of
    parameters the request gave more than once (request.given_twice)."""
    pairs = http.query_params.multi_items()
    said: dict[str, Any] = {}
    if result.notes or twice:
        said["notes"] = [*(twice or []), *notes_for(result.notes, "GET", route, pairs)]
    if result.why_empty:
        said["why_empty"] = notes_for([result.why_empty], "GET", route, pairs)[0]
    return said


def _count_answer(
    counts: Any, word: str, by: str, fmt: str, name: str, said: dict[str, Any], raw: bool
) -> Any:
    """A frequency table (``search --count``) as json, jsonl rows or csv, with what it
    says once (``said``)."""
    # The lines counted beside all the matches: a count of k lines from offset (or of a
    # sample's) has rows that add up to fewer than X-Sensegrep-Total, said as the JSON's
    # "counted" says it (the file alone read as a count of every match).
    counted = {"X-Sensegrep-Counted": str(counts.counted)}
    if fmt == "jsonl":
        body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in counts)
        filename = f"{name}-{by}.jsonl"
        return _download(body, "application/x-ndjson", filename, counts.total, said, counted)
    if fmt == "csv":
        table = count_table(counts, by, raw=raw)
        return _download(table, "text/csv", f"{name}-{by}.csv", counts.total, said, counted)
    answer = {"word": word, "by": by, "count": len(counts), **counts.totals(), "rows": list(counts)}
    # as a page of lines carries it (it was left out: two pages of a count read at two
    # states of the index could not be told apart over HTTP, as they are from Python)
    return {**answer, "index_state": counts.index_state, **said}


def _attachment(filename: str) -> str:
    """A Content-Disposition naming ``filename`` in any script: HTTP headers are
    Latin-1, so the name goes as ASCII, and as UTF-8 in ``filename*`` (RFC 6266), which
    browsers prefer (``łódź``'s download was a 500, ``café``'s a byte Chromium refused)."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in filename)
    ascii_name = "".join(c if c.isascii() else "_" for c in safe)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe, safe='')}"


def _download(
    body: str,
    media_type: str,
    filename: str,
    total: int | None = None,
    said: dict[str, Any] | None = None,
    more: dict[str, str] | None = None,
) -> Response:
    headers = {"Content-Disposition": _attachment(filename), **(more or {})}
    if total is not None:
        headers["X-Sensegrep-Total"] = str(total)  # every match, beside the lines sent
    if said and said.get("notes"):
        # What the JSON answer's notes say (why a file has no line), where the command
        # line writes them on stderr: a JSON list, ASCII-escaped to be a header value.
        headers["X-Sensegrep-Notes"] = json.dumps(said["notes"])
    return Response(body, media_type=f"{media_type}; charset=utf-8", headers=headers)


# -- statistics (issue 24) -------------------------------------------------------------


def statistic_values(command: str, pairs: Iterable[tuple[str, str]]) -> tuple[dict[str, Any], str]:
    """A statistic's query-string parameters checked against its declaration
    (request.STATISTICS) with the web app's limits, and the answer's format."""
    given = given_pairs(pairs)
    formats = [value for key, value in given if key == "format"]
    fmt = formats[-1] if formats else "json"
    if fmt not in WEB_FORMATS:
        raise QueryError(f"format: {fmt!r} is not one of {', '.join(WEB_FORMATS)}")
    # A json page holds at most STAT_ROWS rows; a download has them all unless k is given.
    limited = [p for p in given if p[0] != "format" and not (fmt != "json" and p[0] == "k")]
    values = request.parse(
        limited, "http", "http", limited=True, command=command, also=STATISTIC_OWN
    )
    if fmt != "json":
        ks = [p for p in given if p[0] == "k"]
        values.update(request.parse(ks, "http", "http", command=command))
    elif "k" in {p.name for p in request.STATISTICS[command]}:
        values.setdefault("k", request.STAT_ROWS)
    return values, fmt


def _statistic_endpoint(command: str) -> Callable[..., Any]:
    def answer(http: Request, index: IndexDep) -> Any:
        pairs, raw = raw_csv(http.query_params.multi_items())
        values, fmt = statistic_values(command, pairs)
        twice = said_of_request(pairs, command)
        state = state_key(index, values)  # before the count: a write during it changes it
        table = getattr(index, command)(**values)
        name = f"sensegrep-{command}"
        about = table.about()
        if "notes" in about:  # in this route's words: min_freq=3, not --min-freq 3
            pairs = http.query_params.multi_items()
            about["notes"] = notes_for(about["notes"], "GET", f"/api/stats/{command}", pairs)
        if twice:
            about["notes"] = [*twice, *about.get("notes", [])]
        # X-Sensegrep-Total: every row, beside the k sent; a sketch's rows count only
        # the best k of each relation, its rows_in_all every row.
        in_all = getattr(table, "rows_in_all", None)
        total = table.rows if in_all is None else in_all
        if fmt == "jsonl":
            body = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in table)
            return _download(body, "application/x-ndjson", f"{name}.jsonl", total, about)
        if fmt == "csv":
            text = table_text(table, raw=raw)
            return _download(text, "text/csv", f"{name}.csv", total, about)
        return {**about, "count": len(table), "table": list(table), "index_state": state}

    answer.__doc__ = (
        f"``sensegrep {command}``: its parameters (sensegrep/request.py's STATISTICS), "
        "``format`` json (``table``: the rows, with ``rows`` before paging, ``tokens`` "
        "counted in, ``corpus_tokens`` of the index, ``index_state``: a key of the "
        "index's state the page was read at, as /api/search's), jsonl or csv (every row "
        "unless ``k`` is given)."
    )
    return answer


for _command in request.STATISTICS:
    router.add_api_route(
        f"/stats/{_command}",
        one_thread(reads_own_parameters(_statistic_endpoint(_command))),
        methods=["GET"],
        summary=f"sensegrep {_command}",
        openapi_extra={
            "parameters": [
                *(_described(p, _command) for p in request.params_for("http", _command)),
                {"name": "format", "in": "query", "schema": {"type": "string",
                 "enum": list(WEB_FORMATS), "default": "json"}},
                RAW_CSV_PARAMETER,
            ]
        },
    )  # fmt: skip


@router.get("/stats", summary="The statistics and their parameters")
def statistics() -> dict[str, Any]:
    """Each statistic of ``GET /api/stats/NAME`` with its parameters as the request
    definition declares them (sensegrep/request.py's STATISTICS) and the web app's
    limits: the statistics page draws its forms from this, so a statistic declared
    there appears on it with no page code."""
    return {"statistics": [_statistic(name) for name in request.STATISTICS]}


def _statistic(name: str) -> dict[str, Any]:
    method = getattr(SenseIndex, name, None)
    summary = _first_sentence(method.__doc__ or "") if method else ""
    params = [_declared(p) for p in request.params_for("http", name)]
    return {"name": name, "summary": summary, "params": params}


def _declared(param: request.Param) -> dict[str, Any]:
    return {
        "name": param.name,
        "kind": param.kind,
        "help": param.help,
        "repeat": param.repeat,
        "default": param.default,
        "least": param.least,
        "most": param.web.most,
        "length": param.web.length,
        "items": param.web.items,
        "choices": list(param.choices),
        "separator": param.separator,
        "metavar": param.metavar,
        "aliases": list(param.aliases),
    }


def _first_sentence(doc: str) -> str:
    """A docstring's first sentence as plain text (``word`` marks dropped)."""
    text = " ".join(doc.split()).replace("``", "")
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]


@router.get("/context/{occurrence}", summary="The paragraph around an occurrence")
def context(
    index: IndexDep, occurrence: int, sentences: Annotated[int, Query(ge=0, le=10)] = 2
) -> dict[str, Any]:
    """Up to ``sentences`` sentences either side of the occurrence's, within its
    paragraph: ``before``, ``left``, ``form``, ``right``, ``after``; and the ``label`` the
    occurrence holds now (``label_predicted``: set by classify --apply)."""
    return index.paragraph(occurrence, sentences)


# -- senses ------------------------------------------------------------------------------


# A GET never stores a sense run (app.py answers every GET inside no_sense_writes): a word
# without one has its senses induced for that request only, and the answer says
# "stored": false (and "run": null); POST /api/senses/{word} makes and stores a run.
RunId = Annotated[
    int | None,
    Query(
        ge=1,
        le=request.MAX_ID,
        description="a stored sense run of the word (default: its current run)",
    ),
]


@router.get("/senses/{word}", summary="Induced senses of a word (sensegrep senses)")
@one_thread
def senses(
    index: IndexDep,
    word: Word,
    n: Annotated[
        int | None,
        Query(ge=1, le=50, description="N senses: the newest stored run made with --n N"),
    ] = None,
    by: Annotated[str | None, Query(max_length=200, description="a metadata field")] = None,
    examples: Annotated[int, Query(ge=1, le=10)] = 3,
    senses: RunId = None,
    bin_width: Annotated[
        int | None,
        Query(ge=1, le=request.MAX_ID, description="with by: bins of N values of a numeric field"),
    ] = None,
    good_examples: Annotated[
        int | None,
        Query(
            ge=1,
            le=50,
            description="each sense's N best dictionary examples by example quality "
            "(sensegrep senses --good-examples N), instead of its typical ones",
        ),
    ] = None,
) -> dict[str, Any]:
    """Each sense's size, share, typical examples and collocates, of the word's current
    sense run (``run``: its id and parameters; ``stored``: false when the word has no
    stored run and these were induced for this request only; ``notes``: why it has fewer
    senses than ``n`` asked, when it has); with ``by``, the
    occurrences of each sense per value of that document metadata field (``values``,
    ``counts``) and the figures of a sense timeline: per value its ``tokens``, per
    value and sense its ``share``, ``per_million`` and ``dp``, the ``where`` that
    selects the value's documents, ``bins`` (``bin_width``), per sense over the index
    (``senses``), and ``rows``: one record per (value, sense) with the ``search`` that
    lists its lines (sensegrep/stats/timeline.py). With ``good_examples``, each example
    carries its ``quality`` and ``quality_parts``."""
    if bin_width is not None and not by:
        raise QueryError("bin_width goes with by=FIELD")

    def read() -> dict[str, Any]:  # the senses and their table of one state of the index
        found = index.senses(word, n, examples, run=senses, good_examples=good_examples)
        out = _senses_record(found)
        if by:
            shown_n, run = shown_run(found, n, senses)
            table = index.senses_by(word, by, shown_n, run=run, bin_width=bin_width)
            out["by"] = table.to_dict()
            # Its notes name search's where (`genre=(none)`), in a request's words, as the
            # search chart and a frequency list by the field say them: not --where.
            by_notes = out["by"].get("notes") or []
            out["by"]["notes"] = notes_for(by_notes, "GET", "/api/search", [])
        return out

    return index.of_one_state(read)


def shown_run(found: Any, n: int | None, run: int | None) -> tuple[int | None, int | None]:
    """The ``n`` and ``run`` that read again the sense run ``found`` is of: its id when
    stored. Asked again as first asked, a word's current run could be one another
    process made or pinned meanwhile, and a table or map of its senses was shown under
    the sizes and id of the one read first (pass 29a)."""
    return (None, found.info.id) if found.info.stored else (n, run)


def _senses_record(found: Any) -> dict[str, Any]:
    return {
        "word": found.word,
        "k": found.k,
        "occurrences": found.occurrences,
        "senses": found.to_dicts(),
        "run": found.info.to_dict(),
        "stored": found.info.stored,
        "notes": list(found.notes),  # why fewer senses than n formed (pass 40d)
    }


class SensesBody(StrictBody):
    n: Int | None = Field(None, ge=1, le=50, description="N senses (null: chosen, 1 to 8)")


@router.post(
    "/senses/{word}",
    summary="Make and store a sense run (sensegrep senses --n N)",
    dependencies=[Depends(writable)],
)
@one_thread
def make_senses(index: IndexDep, word: Word, body: SensesBody) -> dict[str, Any]:
    """A new sense run of the word, of ``n`` senses or k chosen (the newest, so current
    unless another is pinned; not made again when the newest run has these parameters
    and occurrences)."""
    return _senses_record(index.senses(word, body.n, new=True))


@router.get("/senses/{word}/runs", summary="The stored sense runs of a word")
def sense_runs(index: IndexDep, word: Word) -> dict[str, Any]:
    """Oldest first; ``current`` marks the run the word's sense numbers mean."""
    return {"word": word, "runs": [run.to_dict() for run in index.sense_runs(word)]}


class UseBody(StrictBody):
    run: Int | None = Field(..., ge=1, description="a stored run of the word; null: the newest")
    expect: Int | None = Field(
        None,
        ge=1,
        description="optional: the run the caller saw pinned (null: none); when another is "
        "pinned now (another user or tab changed it since), nothing is changed and the "
        "answer is 409 with the run pinned now as `current`",
    )


@router.post(
    "/senses/{word}/use",
    summary="Pin the current sense run of a word (sensegrep senses --use RUN)",
    dependencies=[Depends(writable)],
)
def use_senses(index: IndexDep, word: Word, body: UseBody) -> Any:
    from fastapi.responses import JSONResponse

    from sensegrep.errors import PinChangedError

    expect = body.expect if "expect" in body.model_fields_set else ...
    try:
        run = index.use_senses(word, body.run, expect=expect)
    except PinChangedError as moved:
        return JSONResponse({"error": str(moved), "current": moved.current}, status_code=409)
    return {"word": word, "run": run.to_dict()}


@router.get("/senses/{word}/map", summary="2-D map of a word's occurrences by sense")
@one_thread
def sense_map(
    http: Request,
    index: IndexDep,
    word: Word,
    n: Annotated[int | None, Query(ge=1, le=50)] = None,
    points: Annotated[int, Query(ge=10, le=5000)] = 2000,
    senses: RunId = None,
) -> dict[str, Any]:
    """The first two principal components of the occurrences' stored vectors (scaled to
    0…1) and each occurrence's induced sense in the run of ``/api/senses/{word}`` for
    the same parameters; a seeded sample of at most ``points``."""
    found = index.sense_map(word, n, points, run=senses).to_dict()
    if found.get("notes"):  # the request that stores a run, as every GET advises it
        pairs = http.query_params.multi_items()
        found["notes"] = notes_for(found["notes"], "GET", route_of(http.scope), pairs)
    return found


# -- labels ------------------------------------------------------------------------------


class LabelBody(StrictBody):
    ids: list[Int] = Field(min_length=1, max_length=MAX_LABEL_IDS)
    label: str | None = Field(
        ...,
        max_length=200,
        description="required; null removes the labels; a space separates several labels "
        '("river side" sets river and side; river_side is one)',
    )
    predicted: bool = Field(
        False,
        description="store the label as classify --apply's prediction, not a hand label "
        "(what the annotate page's undo puts back)",
    )
    expect: str | dict[str, str | None] | None = Field(
        None,
        description="optional: the label text the caller saw on each occurrence (null: "
        'none), or an object of each id\'s (`{"4129": "river", "1254": null}`; an '
        "id left out: none; one not among `ids` is refused); when one holds another now "
        "(another annotator or tab labelled it since), nothing is changed and the answer "
        "is 409 with each one's label as `current`",
    )
    expect_set_at: str | None = Field(
        None,
        max_length=40,
        description="optional, with expect: when that label was set (the `set_at` a "
        "label's answer gave); the same text set again since (another annotator "
        "confirming it) is then a label set since too: 409, nothing changed (what the "
        "annotate page's undo sends, so that it removes its own label only)",
    )
    expect_predicted: bool | dict[str, bool] | None = Field(
        None,
        description="optional, with expect: whether the label seen was classify --apply's "
        "prediction; the same text given by hand since (another annotator reviewing the "
        "prediction), or predicted since, is then a label set since too: 409, nothing "
        "changed (what the annotate page sends with each label); with expect an object, "
        "one flag for all or an object of each id's (an id left out: a hand label)",
    )


@router.post(
    "/label", summary="Set or clear a label (sensegrep label)", dependencies=[Depends(writable)]
)
def label(index: IndexDep, body: LabelBody) -> Any:
    """Each call is one transaction: two annotators labelling at once lose nothing.
    ``label`` is the label text stored, ``labels`` the labels it holds (a space
    separates several; none when removed), ``notes`` what `sensegrep label` notes on a
    label given by hand (one spelt nearly as a label the word has; the words labelled or
    cleared, when the ids are of several). With ``expect``, a label set since the caller
    looked is never replaced unseen (two annotators given the same queue each wrote over
    the other's labels, and an undo removed the other's; issue 23, pass 24h)."""
    from sensegrep.api import clean_label
    from sensegrep.api.labelling import label_notes, relabel_notes, several_words_note, unchanged
    from sensegrep.errors import LabelChangedError

    # Checked and written in one transaction: checked before it, two annotators who saw
    # an occurrence unlabelled were both answered 200, the later label over the earlier.
    expect: Any = body.expect if "expect" in body.model_fields_set else ...
    if isinstance(expect, dict):
        expect = _each_id(expect, "expect")
    # What they held, for the notes on a label given by hand (Money beside money)
    typed = body.label is not None and not body.predicted
    # and the words labelled or cleared, named when they are several (a mistyped id), as
    # `sensegrep label` and idx.label say them: the answer named none (pass 39l); and
    # which held it already, for "changed" (it counted the ids written, pass 40d)
    before = index.contexts(body.ids, skip_missing=True)
    try:
        changed = index.label(
            body.ids,
            body.label,
            predicted=body.predicted,
            expect=expect,
            expect_set_at=body.expect_set_at,
            expect_predicted=(
                _each_id(body.expect_predicted, "expect_predicted")
                if isinstance(body.expect_predicted, dict)
                else body.expect_predicted
            ),
            notes=False,  # the answer's labels say what a space did
        )
    except LabelChangedError as moved:
        seen = expect.get(min(moved.current)) if isinstance(expect, dict) else expect
        seen = None if seen is ... or seen is None else clean_label(seen)
        return _labelled_since(index, moved.current, seen)
    stored = None if body.label is None else clean_label(body.label)
    labels = stored.split() if stored else []  # as SenseIndex.label stored them
    # When each label was set: an undo sends it back (expect_set_at), so that a label
    # another annotator set again since is not removed with it.
    set_at = {str(i): at for i, at in index.label_times(body.ids).items()} if stored else {}
    kept = [line for line in {line.id: line for line in before}.values()
            if unchanged(line, stored, body.predicted)]  # fmt: skip
    answer = {
        "changed": changed - len(kept),
        "written": changed,
        "ids": body.ids,
        "label": stored,
        "labels": labels,
    }
    notes = label_notes(index, before, body.label) if typed and body.label else []
    notes = [*(relabel_notes(before, body.label) if typed else []), *notes]
    if stored is None:  # those that held a label, as idx.label(ids, None) names them
        held = [line for line in before if line.label]
        words = several_words_note(held, len(held), "cleared the labels of")
    else:
        words = several_words_note(before, changed)
    notes = [*([words] if words else []), *notes]
    return {**answer, "set_at": set_at, "notes": notes}


def _each_id(given: dict[str, Any], name: str) -> dict[int, Any]:
    """``given`` (a JSON object of each occurrence id's value) keyed by the ids as
    numbers, as idx.label takes them; a key that is no id is refused."""
    from sensegrep.errors import QueryError

    each = {}
    for key, value in given.items():
        try:
            each[int(key)] = value
        except ValueError:
            raise QueryError(
                f"{name}: {key!r} is no occurrence id (the id column of search)"
            ) from None
    return each


def _labelled_since(
    index: SenseIndex, current: dict[int, str | None], seen: str | None = None
) -> Response:
    """409 naming the occurrences whose label was not the one expected, with each one's
    ``current`` label and whether it is predicted. ``seen``: the label the caller saw;
    one that holds it still was set again since (``expect_set_at``), which is said so."""
    from fastapi.responses import JSONResponse

    lines = index.contexts(sorted(current))
    first = lines[0]
    now = f"“{first.label}”" if first.label else "no label"
    more = f" (and {len(lines) - 1} more)" if len(lines) > 1 else ""
    who = (
        "classify --apply predicted it since"
        if first.label_predicted
        else "another annotator, tab or the command line labelled it since"
    )
    message = (
        f"occurrence {first.id} holds {now} now{more}, not what was shown ({who}): "
        "nothing was changed"
    )
    if first.label and first.label == seen:  # the same text, set again since it was shown
        message = (
            f"occurrence {first.id} holds {now}{more} set again since it was shown (another "
            "annotator or tab gave it too): nothing was changed"
        )
    held = {str(line.id): {"label": line.label, "predicted": line.label_predicted}
            for line in lines}  # fmt: skip
    return JSONResponse({"error": message, "current": held}, status_code=409)


@router.get("/labels", summary="Every label of the index with its count")
def all_labels(index: IndexDep) -> dict[str, Any]:
    """The labels an annotator may reuse: ``labels`` of ``{"label", "count",
    "words"}`` (the lemmas labelled with it, most first), most frequent first."""
    from sensegrep.api import index_labels

    return {"labels": [asdict(found) for found in index_labels(index)]}


@router.get("/labels/{word}", summary="Label counts of a word (sensegrep labels)")
def labels(
    index: IndexDep,
    word: Word,
    hand: Annotated[
        bool, Query(description="also hand_labels: each hand-labelled occurrence's label, by id")
    ] = False,
) -> dict[str, Any]:
    """``labels``: each label with how many occurrences of the word carry it;
    ``predicted``: how many of those ``classify --apply`` predicted (labels with none
    left out), so that a count is never read as all hand labels (issue 23);
    ``labelled``: the occurrences with a label given at indexing or by hand;
    ``occurrences``: the word's occurrences (that may take a label) now; ``notes``:
    that an occurrence with several labels counts under each (the counts then add up to
    more than those labelled); with ``hand=true``, ``hand_labels``: the label of each
    occurrence labelled by hand, by id (the annotate page's list, read again: it kept
    another annotator's changes out)."""
    from sensegrep.api import hand_labels, label_counts

    found = label_counts(index, word)
    predicted = {c.label: c.predicted for c in found.labels if c.predicted}
    # labelled: occurrences with a label given at indexing or by hand, as the annotate
    # queue counts them (its page reads it again after each label: another tab's count),
    # of the occurrences now (documents indexed or removed since the page read its queue).
    answer = {"word": found.word, "labels": {c.label: c.count for c in found.labels},
              "predicted": predicted, "labelled": found.labelled,
              "occurrences": found.occurrences,
              "notes": [note] if (note := found.several_labels_note) else []}  # fmt: skip
    if hand:
        answer["hand_labels"] = {str(i): label for i, label in hand_labels(index, word).items()}
    return answer


@router.get("/annotate/{word}", summary="What to label next (the annotate page's queue)")
@one_thread
def annotate(
    index: IndexDep,
    word: Word,
    limit: Annotated[int, Query(ge=1, le=MAX_K)] = DEFAULT_QUEUE,
    senses: RunId = None,
) -> dict[str, Any]:
    """Unlabelled occurrences, least confident proposal first when the word has labels,
    else in turn from each induced sense (of its current sense run, or run ``senses``);
    with the word's label counts."""
    return index.annotation_queue(word, limit, senses_run=senses)


@router.get("/classify/{word}", summary="Proposed labels (sensegrep classify)")
@one_thread
def classify(
    http: Request,
    index: IndexDep,
    word: Word,
    review: Annotated[int | None, Query(ge=1, le=MAX_K, description="least confident N")] = None,
) -> dict[str, Any]:
    result = index.classify(word)
    proposals = result.proposals
    if review is not None:
        from sensegrep.api import least_confident

        proposals = least_confident(proposals, review)
    return _classification(result, [_proposal(p) for p in proposals], http)


class NoBody(StrictBody):
    """The JSON body of a POST that takes no key (it may be left out, or ``{}``)."""


@router.post(
    "/classify/{word}",
    summary="Store the proposed labels (sensegrep classify --apply)",
    dependencies=[Depends(writable)],
)
@one_thread
def propagate(
    http: Request, index: IndexDep, word: Word, body: Annotated[NoBody | None, Body()] = None
) -> dict[str, Any]:
    """Stores every proposal: the route takes no body (none, or ``{}``), and a key in
    one is refused, never ignored (``{"review": 3}`` stored all the proposals)."""
    result = index.classify(word, apply=True)
    # applied: the proposals written; labelled_since: those left alone, labelled by hand
    # (another annotator) between classify's read and its write.
    applied = result.applied if result.applied is not None else len(result.proposals)
    since = len(result.proposals) - applied
    return _classification(result, None, http) | {"applied": applied, "labelled_since": since}


def _classification(
    result: Any, proposals: list[dict[str, Any]] | None, http: Request
) -> dict[str, Any]:
    pairs = http.query_params.multi_items()  # notes in this route's words: review=N
    said = [*result.unanswerable_notes, *result.notes]
    notes = notes_for(said, http.method, route_of(http.scope), pairs)
    out = {
        "word": result.lemma,
        "references": result.references,
        "unanswerable": result.unanswerable,
        "notes": notes,
    }
    return out if proposals is None else out | {"proposals": proposals}


def _proposal(p: Any) -> dict[str, Any]:
    return {
        "id": p.id,
        "pos": p.pos,
        "label": p.label,
        "confidence": round(p.confidence, 4),
        "neighbours": list(p.neighbours),
    }


# -- compare and info --------------------------------------------------------------------


class CompareBody(StrictBody):
    a: Usage
    b: Usage
    word: str | None = Field(None, max_length=200)


@router.post("/compare", summary="How likely two usages share a sense (sensegrep compare)")
@one_thread
def compare(index: IndexDep, body: CompareBody) -> dict[str, Any]:
    """``a`` and ``b`` mark the word ``[[like this]]``, or name it in ``word``. ``score``:
    the cosine; ``probability``: how likely the two share a sense, calibrated for the
    encoder (null where it has no calibration, or for two different words: the
    calibration is for two uses of one word); ``notes``: what to know, as a list (two
    different words)."""
    return index.compare(body.a, body.b, word=body.word or None).to_dict()


# -- vectors for chosen words ----------------------------------------------------------


class VectorsBody(StrictBody):
    words: list[Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        min_length=1, max_length=100
    )
    model: str | None = Field(
        None, max_length=200, description="the encoder of a text-only index's first add"
    )


_JOB_LOCK = threading.Lock()  # one `vectors add` at a time


@router.get("/vectors", summary="Which words have sense vectors (sensegrep vectors status)")
def vectors_status(
    request: Request, index: IndexDep, top: Annotated[int, Query(ge=0, le=MAX_K)] = 20
) -> dict[str, Any]:
    """How much of the index has vectors, the lemmas that have them, and the progress
    of the `vectors add` this server started last (``job``: null when none)."""
    with _JOB_LOCK:
        job = request.app.state.web.cache.get("vectors_job")
        job = None if job is None else dict(job)
    return {"status": index.vector_status(top), "job": job}


@router.post(
    "/vectors",
    summary="Give words sense vectors (sensegrep vectors add), in the background",
    dependencies=[Depends(writable)],
    status_code=202,
)
def add_vectors(request: Request, index: IndexDep, body: VectorsBody) -> dict[str, Any]:
    """Starts `vectors add WORD…` in a thread of the server; GET /api/vectors follows
    its progress (``job``: state running, done or failed, tokens done of total)."""
    cache = request.app.state.web.cache
    with _JOB_LOCK:
        running = cache.get("vectors_job")
        if running is not None and running["state"] == "running":
            raise HTTPException(409, "a `vectors add` is running already: wait for it to finish")
        job = cache["vectors_job"] = {
            "state": "running",
            "words": list(body.words),
            "done": 0,
            "total": None,
            "lemmas": [],
            "unknown": [],
            "error": None,
        }
        started = dict(job)
    # In the request's context (the web's caller): a thread's own context is the
    # library's default, whose errors name the keywords (leave out model), not the body's.
    job_run = contextvars.copy_context().run
    threading.Thread(target=job_run, args=(_vectors_job, index, job, body), daemon=True).start()
    return {"job": started}


def _vectors_job(index: SenseIndex, job: dict[str, Any], body: VectorsBody) -> None:
    def progress(done: int, total: int) -> None:
        with _JOB_LOCK:
            job.update(done=done, total=total)

    try:
        report = index.add_vectors(body.words, model=body.model, on_progress=progress)
    except SensegrepError as exc:  # in the route's words ("model", not --model)
        outcome = {"state": "failed", "error": notes_for([str(exc)], "POST", "/api/vectors", [])[0]}
    except Exception as exc:
        log.exception("vectors add failed")
        outcome = {"state": "failed", "error": f"internal error: {type(exc).__name__}"}
    else:
        outcome = {
            "state": "done",
            "lemmas": report.lemmas,
            "unknown": report.unknown,
            "notes": notes_for(report.notes, "POST", "/api/vectors", []),
        }
    with _JOB_LOCK:
        job.update(outcome)


@router.get("/info", summary="What the index holds (sensegrep info)")
def info(request: Request, index: IndexDep) -> dict[str, Any]:
    """``sensegrep info --json``'s fields, the index named as its page names it (its
    folder's name, never the server's path: the server opens it by its whole path)."""
    state = request.app.state.web
    named = {"index": index.path.name, "read_only": state.read_only}
    return index.info() | named | {"fields": metadata(state)}


def metadata(state: Any) -> dict[str, list[str]]:
    """Metadata fields and values, read again only when documents are added or
    removed (labelling does not change them)."""
    return kept(state, "fields", state.index.metadata_values)


# -- the command line's searches -----------------------------------------------------


@router.post("/cli", include_in_schema=False)
@one_thread
def cli_call(http: Request, index: IndexDep, body: Annotated[Any, Body()]) -> Response:
    """``sensegrep search`` answered here instead of in a new process (``--server``, or
    on its own while this server runs: sensegrep/api/remote.py). Not capped as the
    web's search is: the command line's search has no caps, and must print the same.
    A server run with --read-only stores no sense run for it (a POST, but no change)."""
    if http.app.state.web.read_only:
        with no_sense_writes(read_only_server()):
            status, payload = answer_remote_call(index, body)
    else:
        status, payload = answer_remote_call(index, body)
    # json.dumps, not FastAPI's encoder: a NaN score must travel as it prints locally.
    return Response(json.dumps(payload, ensure_ascii=False), status, media_type="application/json")
