"""The HTML pages: rendered on the server from the same functions as the JSON API; the
search, annotate and compare pages then call the API from their scripts."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException

from sensegrep import request as request_definition
from sensegrep.api import SenseIndex, label_counts
from sensegrep.choices import COUNT_KEYS, SENSE_PALETTE, sense_colour
from sensegrep.errors import QueryError
from sensegrep.output import value_shown
from sensegrep.web.endpoints import (
    COLUMNS,
    DEFAULT_QUEUE,
    MAX_K,
    OPTIONAL_FIELDS,
    RunId,
    faiss_one_thread,
    field_names,
    meta_columns,
    metadata,
    only_declared_parameters,
    reads_own_parameters,
    shown_run,
)

router = APIRouter(include_in_schema=False, dependencies=[Depends(only_declared_parameters)])

# Each sense's N best dictionary examples by example quality instead of its typical
# ones (GET /api/senses/WORD?good_examples=N; stats/examples.py).
GoodExamples = Annotated[int | None, Query(ge=1, le=50)]

UPOS = ("NOUN", "PROPN", "VERB", "ADJ", "ADV", "NUM", "PRON", "DET", "ADP", "AUX", "X")
# The senses' colours, as `plot` draws them (sensegrep/choices.py).
PALETTE = SENSE_PALETTE


MAP_POINTS = 1000  # drawn on the senses page (the API gives up to 5000)
MAP_W, MAP_H, MAP_PAD = 640, 420, 14
BAR_W = 240
PAGE_K = 50  # the search page's lines per page until the user asks for another number
# The senses page's form: its controls' labels, which its error pages name parameters by.
SENSES_LABELS = {"word": "Word", "n": "Senses", "by": "By", "good_examples": "Good examples"}
# The senses page's "best dictionary examples" link: how many a sense it asks for.
GOOD_EXAMPLES = 5
# The timeline page's controls: its address's errors (unknown names, a bad value) name them.
TIMELINE_LABELS = {
    "by": "By",
    "bin_width": "Bin width",
    "senses": "Sense run",
    "n": "Senses",
    "measure": "Bars show",
}
# The search page's controls (templates/search.html): its address's errors name them.
SEARCH_LABELS = {
    "word": "Word",
    "cql": "or pattern (CQL)",
    "k": "Lines per page",
    "example": "Example",
    "like": "Like ids",
    "unlike": "Unlike ids",
    "unlike_example": "Unlike example",
    "label": "Label",
    "gloss": "Gloss",
    "sense": "Sense",
    "expand": "Expand",
    "scoring": "Scoring",
    "near": "Near (lemma)",
    "window": "Window",
    "pos": "POS",
    "form": "Word form",
    "any_word": "Any word",
    "doc": "Document",
    "max_per_doc": "Lines per document",
    "match_case": "Case",
    "sample": "Sample",
    "seed": "Seed",
}
# The server-drawn pages whose errors name the page's controls (web/spelling.py); the
# pages drawn by a script name them in the browser (static/common.js errorText).
PAGE_LABELS = {
    "/": SEARCH_LABELS,
    "/senses": SENSES_LABELS,
    "/senses/{word}": SENSES_LABELS,
    "/senses/{word}/timeline": TIMELINE_LABELS,
}


def _render(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
    state = request.app.state.web
    base = {"read_only": state.read_only, "index_name": state.index.path.name, "page": name}
    return state.templates.TemplateResponse(request, name, base | context, status_code=status)


@router.get("/")
@reads_own_parameters
def search_page(request: Request) -> Response:
    state = request.app.state.web
    pairs = request.query_params.multi_items()
    canonical = [(request_definition.canonical_name(key), value) for key, value in pairs]
    if canonical != pairs:
        # ?docs=… or ?unlike_examples=…: the form shows the canonical fields only, so a
        # filter under another spelling would be applied but not shown, then dropped.
        return RedirectResponse(f"/?{urlencode(canonical)}", status_code=307)
    check_address(pairs)
    # A column no document has was drawn empty (as if no line had that field) and its
    # CSV download failed unsaid: refused as the download refuses it.
    columns = [(key, value) for key, value in pairs if key == COLUMNS]
    if columns:
        meta_columns([*columns, ("format", "csv")], lambda: field_names(state))
    fields = metadata(state)
    context = {"fields": fields, "upos": UPOS, "max_k": MAX_K, "page_k": PAGE_K}
    return _render(request, "search.html", context | {"chart_keys": chart_keys(fields)})


def chart_keys(fields: dict[str, list[str]]) -> dict[str, str]:
    """The count key of the chart by each metadata field: ``meta:form`` for a field named
    like a built-in key, whose own name counts by that key (the chart's choice *form* under
    *the lines* drew the word forms, pass 38b)."""
    return {field: f"meta:{field}" if field in COUNT_KEYS else field for field in fields}


# The search page's own parameters: how it shows the answer (static/search.js VIEW_ONLY).
VIEW_KEYS = ("columns", "chart")


def check_address(pairs: list[tuple[str, str]]) -> None:
    """The search page's address holds search parameters (sensegrep/request.py's, as
    /api/search takes them, every one of which the page carries) and its own view
    keys: any other name (``max-per-doc``, ``format``) or a value the API would refuse
    is a QueryError here, shown as the page's error, never dropped without a word."""
    known = {*request_definition.spellings_for("http"), *VIEW_KEYS, "token"}
    for key, _value in pairs:
        if key not in known:
            expected = sorted({*request_definition.spellings_for("http"), *VIEW_KEYS})
            raise QueryError(
                f"unknown parameter {key!r} in the address; the search page takes "
                f"{', '.join(expected)}"
            )
    search = [(k, v) for k, v in pairs if k not in VIEW_KEYS and k != "token"]
    given = [(key, value) for key, value in search if value or key not in OPTIONAL_FIELDS]
    request_definition.parse(given, "http", "http", limited=True)


@router.get("/compare")
def compare_page(
    request: Request,
    a: Annotated[str | None, Query(max_length=5000)] = None,
    b: Annotated[str | None, Query(max_length=5000)] = None,
    word: Annotated[str | None, Query(max_length=200)] = None,
) -> Response:
    """The compare page; ``a``, ``b`` and ``word`` in the address (a comparison's own,
    so that it can be bookmarked, sent or gone back to) are compared when it opens."""
    return _render(request, "compare.html", {})


@router.get("/annotate")
def annotate_form(request: Request, word: Annotated[str | None, Query()] = None) -> Response:
    if word and word.strip():
        return RedirectResponse(f"/annotate/{quote(word.strip(), safe='')}", status_code=303)
    return _render(request, "annotate.html", {"word": None})


@router.get("/annotate/{word}")
def annotate_page(request: Request, word: str, senses: RunId = None) -> Response:
    """The annotate page; ``senses``: the sense run whose senses the queue takes in turn
    (the senses page's link names the run it showed), else the word's current one; a
    run of another word, or none, is said by the queue's answer (GET /api/annotate)."""
    index: SenseIndex = request.app.state.web.index
    found = label_counts(index, word)  # an unknown word is reported here, before any script
    if found.word != word:
        # /annotate/banks labelled bank's occurrences under "Annotate banks" (pass 38b):
        # the page of the lemma counted, as the senses page shows the lemma's senses.
        query = f"?{request.url.query}" if request.url.query else ""
        return RedirectResponse(f"/annotate/{quote(found.word, safe='')}{query}", status_code=303)
    labels = {c.label: c.count for c in found.labels}
    context = {"word": word, "labels": sorted(labels, key=lambda k: (-labels[k], k))}
    return _render(request, "annotate.html", context | {"queue_size": DEFAULT_QUEUE, "run": senses})


@router.get("/senses")
@reads_own_parameters
def senses_form(request: Request, word: str | None = None) -> Response:
    """The senses form's answer: the word's page, at /senses/WORD with the form's other
    values. A browser sends the boxes left empty too (``n=&good_examples=``), which
    mean "not given": dropped here, since a number parameter refuses an empty value. The
    sense run the page showed (``senses``, beside ``senses_word``: the form's hidden
    pair) is kept for the same word only: a run is of one word; and not beside a number
    of senses typed in the form, which asks for another run (the run kept made "Senses
    3" on run 1's page the error "give n=N … or senses=1, not both"; issue 23)."""
    if word and word.strip():
        pairs = request.query_params.multi_items()
        same_word = dict(pairs).get("senses_word", word.strip()) == word.strip()
        n_typed = any(key == "n" and value.strip() for key, value in pairs)
        given = [
            (key, value)
            for key, value in pairs
            if key not in ("word", "senses_word") and value.strip()
            if key != "senses" or (same_word and not n_typed)
        ]
        path = f"/senses/{quote(word.strip(), safe='')}"
        return RedirectResponse(f"{path}?{urlencode(given)}" if given else path, status_code=303)
    return _render(request, "senses.html", {"word": None, "labels": SENSES_LABELS})


@router.get("/senses/{word}")
def senses_page(
    request: Request,
    word: str,
    n: Annotated[int | None, Query(ge=1, le=50)] = None,
    by: str | None = None,
    senses: RunId = None,
    good_examples: GoodExamples = None,
) -> Response:
    faiss_one_thread()  # see endpoints.one_thread
    state = request.app.state.web
    index: SenseIndex = state.index
    fields = list(metadata(state))
    by = by or (fields[0] if fields else None)

    def read() -> tuple[Any, dict[str, Any], dict[str, Any]]:  # of one state of the index
        found = index.senses(word, n, run=senses, good_examples=good_examples)
        shown = shown_run(found, n, senses)
        return found, _map_view(index, word, *shown), _by_table(index, word, by, *shown, request)

    found, map_view, table = index.of_one_state(read)
    context = {
        "word": word,
        "n": n,
        "found": found,
        # The search page's links name the run shown, so that its sense numbers mean
        # these senses even after another run becomes the word's current one.
        "run": found.info.id,
        "colours": [
            sense_colour(i) for i in range(max([len(PALETTE)] + [s.sense for s in found.senses]))
        ],
        "bar_w": BAR_W,
        "examples": _examples(index, found),
        "map": map_view,
        "fields": fields,
        "by": by,
        "table": table,
        "labels": SENSES_LABELS,
        "good_examples": good_examples,
        # Senses of n asked for, of no stored run: the word may have runs of another n
        # (it said "court has no stored sense run" beside runs 1 and 2; issue 23).
        "stored_runs": [] if found.info.stored else index.sense_runs(found.word),
        # A stored run's page says whether it is the current one and links the others:
        # `senses bank --n 3` on the command line made run 3, and the page went on
        # showing pinned run 1 with nothing to say there were others.
        "other_runs": _other_runs(index, found),
        "views": _example_views(request, word, GOOD_EXAMPLES, found.info),
    }
    # The run the page saw pinned, which its pin button expects: a stale "Unpin sense
    # run 4" removed the pin of run 1 another tab made since, unseen.
    pinned = [r.id for r in context["other_runs"] if r.current and r.pinned]
    context["pinned_seen"] = found.info.id if found.info.pinned else next(iter(pinned), None)
    return _render(request, "senses.html", context)


def _other_runs(index: SenseIndex, found: Any) -> list[Any]:
    if not found.info.stored:
        return []
    return [r for r in index.sense_runs(found.word) if r.id != found.info.id]


def _example_views(request: Request, word: str, good: int, info: Any) -> dict[str, str]:
    """The addresses of this page with each sense's typical examples and with its
    ``good`` best dictionary examples: every other parameter of the address kept, and
    the stored run shown named. An address without one meant the word's current run, and
    "best dictionary examples" showed the senses of a run made since (pass 25y)."""
    asked = request.query_params
    kept = [(k, v) for k, v in asked.multi_items() if k != "good_examples"]
    if info.stored and "senses" not in asked and "n" not in asked:
        kept.append(("senses", str(info.id)))
    path = f"/senses/{quote(word, safe='')}"
    typical = f"{path}?{urlencode(kept)}" if kept else path
    return {"typical": typical, "good": f"{path}?{urlencode([*kept, ('good_examples', good)])}"}


def _examples(index: SenseIndex, found: Any) -> dict[int, list[dict[str, Any]]]:
    """Each sense's examples as lines (``hit``), with their example quality and its
    parts as a tooltip (``quality``, ``parts``) when they are good examples."""
    ids = [e["id"] for s in found.senses for e in s.examples]
    hits = {h.id: h for h in index.contexts(ids)} if ids else {}
    return {
        s.sense: [
            {
                "hit": hits[e["id"]],
                "quality": e.get("quality"),
                "parts": _parts_text(e.get("quality_parts")),
            }
            for e in s.examples
        ]
        for s in found.senses
    }


def _parts_text(parts: dict[str, float] | None) -> str:
    """The parts of an example's quality as its tooltip says them: "length 0.38, …"."""
    return ", ".join(f"{name} {value:.2f}" for name, value in (parts or {}).items())


def _map_view(index: SenseIndex, word: str, n: int | None, run: int | None) -> dict[str, Any]:
    """Points in SVG coordinates with a tooltip each (the word in a few words of context)."""
    found = index.sense_map(word, n, MAP_POINTS, run=run)
    contexts = {hit.id: hit for hit in index.contexts(found.ids, skip_missing=True)}
    points = []
    for occ, (x, y), sense in zip(found.ids, found.xy, found.senses, strict=True):
        c = contexts.get(occ)
        # Its sense in words too (the colour alone said it, to those who tell colours apart).
        where = f"{occ}, sense {sense}"
        tip = f"{where}: …{c.left[-40:]}[{c.form}]{c.right[:40]}…" if c else where
        points.append(
            {
                "id": occ,
                "x": round(MAP_PAD + x * (MAP_W - 2 * MAP_PAD), 1),
                "y": round(MAP_PAD + (1 - y) * (MAP_H - 2 * MAP_PAD), 1),
                "colour": sense_colour(sense - 1),
                "tip": tip,
            }
        )
    # A word of more than MAP_POINTS occurrences is drawn from a seeded sample: the page
    # says so (it did not: 1,000 points of 1,317 read as all of them).
    return {
        "points": points,
        "w": MAP_W,
        "h": MAP_H,
        "explained": found.explained,
        "occurrences": found.occurrences,
    }


def _by_table(
    index: SenseIndex, word: str, by: str | None, n: int | None, run: int | None, request: Request
) -> dict[str, Any]:
    if not by:
        return {"rows": [], "error": None, "notes": []}
    try:
        table = index.senses_by(word, by, n, run=run)
    except QueryError as exc:  # said under the page's form, as its controls name things
        return {"rows": [], "error": _as_labelled(request, exc, SENSES_LABELS), "notes": []}
    rows = []
    for value, counts in zip(table.values, table.counts, strict=True):
        total = sum(counts) or 1
        x, segments = 0.0, []
        for s, count in enumerate(counts):
            width = BAR_W * count / total
            segments.append({"x": round(x, 2), "w": round(width, 2), "colour": sense_colour(s)})
            x += width
        shown = value_shown(value) if isinstance(value, str) else value  # '' and ' news'
        rows.append({"value": shown, "counts": counts, "total": sum(counts), "bars": segments})
    # A document whose value is a list is in the row of each item: the note says the rows
    # then add up to more than the word's occurrences (and what the counts leave out).
    from sensegrep.web import spelling

    # Its notes name search's where (`genre=(none)`) as a request does, not as --where.
    # The page says itself that a word without a stored run has its senses induced for
    # the view only: the table's note saying it again is left out.
    said = [n for n in getattr(table, "notes", []) if n not in getattr(table, "run_notes", [])]
    notes = spelling.notes_for(said, "GET", "/api/search", [])
    return {"rows": rows, "error": None, "notes": notes}


def _as_labelled(request: Request, exc: QueryError, labels: dict[str, str]) -> str:
    """An error drawn inside a page, as the app's error edge says one (web/app.py): the
    parameters it names as the page's controls ("“By” nosuch", not "--by nosuch"), the
    index by its name, never by the server's path."""
    from sensegrep.web import spelling

    said = spelling.in_the_index(str(exc), request.app.state.web.index.path)
    pairs = request.query_params.multi_items()
    parts = spelling.respell_for(said, request.method, spelling.route_of(request.scope), pairs)
    return spelling.as_labelled(parts, labels)


# -- the sense timeline: a word's senses over the values of a metadata field ------------

# Its address: the figures' (GET /api/senses/WORD?by=…), what the bars show, and the two
# groups a `change` row compares (between, with that row's where and doc), marked on it.
TIMELINE_KEYS = (*TIMELINE_LABELS, "between", "where", "doc", "token")
MEASURES = ("share", "per_million", "count")


@router.get("/senses/{word}/timeline")
@reads_own_parameters
def timeline_page(
    request: Request,
    word: str,
    by: Annotated[str | None, Query(max_length=200)] = None,
    bin_width: Annotated[int | None, Query(ge=1, le=request_definition.MAX_ID)] = None,
    senses: RunId = None,
    n: Annotated[int | None, Query(ge=1, le=50)] = None,
    measure: Annotated[str, Query(max_length=20)] = "share",
    between: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """The interactive sense timeline (static/timeline.js draws it from GET
    /api/senses/WORD?by=FIELD): stacked bars of the senses per value or bin of a numeric
    field, grouped bars per value of a text one; a bar's sense opens its lines."""
    unknown = [key for key in request.query_params if key not in TIMELINE_KEYS]
    if unknown:
        raise QueryError(
            f"unknown parameter {unknown[0]!r} in the address; the timeline page takes "
            f"{', '.join(k for k in TIMELINE_KEYS if k != 'token')}"
        )
    if len(between or []) not in (0, 2):
        raise QueryError(f"between: expected two groups, A and B; got {len(between or [])}")
    if measure not in MEASURES:
        raise QueryError(f"measure: expected one of {', '.join(MEASURES)}, got {measure!r}")
    fields = metadata(request.app.state.web)
    context = {
        "word": word,
        "fields": list(fields),
        "by": by or _timeline_field(fields),
        "labels": TIMELINE_LABELS,
        "measures": {"share": "share", "per_million": "per million", "count": "count"},
    }
    return _render(request, "timeline.html", context)


def _timeline_field(fields: dict[str, list[str]]) -> str | None:
    """The first field whose values are all numbers (a timeline), else the first one."""
    for name, values in fields.items():
        if values and all(_is_number(v) for v in values):
            return name
    return next(iter(fields), None)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@router.get("/stats")
@reads_own_parameters
def stats_home(request: Request) -> Response:
    """The first statistic's form (the address keeps a query: /stats/NAME?…)."""
    first = next(iter(request_definition.STATISTICS))
    query = f"?{request.url.query}" if request.url.query else ""
    return RedirectResponse(f"/stats/{first}{query}", status_code=307)


@router.get("/stats/{name}")
@reads_own_parameters
def stats_page(request: Request, name: str) -> Response:
    """One page for every statistic: a tab each, the form drawn by stats.js from the
    declared parameters (GET /api/stats), the table, chart and links from
    /api/stats/NAME."""
    if name not in request_definition.STATISTICS:
        known = ", ".join(request_definition.STATISTICS)
        raise HTTPException(404, f"no statistic {name!r}: the statistics are {known}")
    check_statistic_address(name, request.query_params.multi_items())
    # The where box's suggestions, each value as where reads it alone (FIELD=VALUE).
    fields = {
        field: [request_definition.where_value(str(v)) for v in values]
        for field, values in metadata(request.app.state.web).items()
    }
    context = {"statistic": name, "statistics": list(request_definition.STATISTICS)}
    return _render(request, "stats.html", context | {"fields": fields})


def labels_of(route: str | None, path_params: dict[str, Any]) -> dict[str, str] | None:
    """The labels of the controls of the page drawn at ``route`` (None: not a page whose
    errors name its controls): a statistic's are those stats.js draws from its declared
    parameters (``label()``: underscores as spaces; a paged one's k "rows per page (k)")."""
    if route != "/stats/{name}":
        return PAGE_LABELS.get(route or "")
    name = path_params.get("name")
    if name not in request_definition.STATISTICS:
        return None
    params = request_definition.params_for("http", name)
    labels = {p.name: p.name.replace("_", " ") for p in params}
    if "offset" in labels:  # paged: offset is the pager's, k its page size
        del labels["offset"]
        labels["k"] = "rows per page (k)"
    return labels


def check_statistic_address(name: str, pairs: list[tuple[str, str]]) -> None:
    """A value the statistic's route would refuse (``k=0``) is refused by its page too,
    as by the search page, never replaced by the page's own size without a word. An
    empty field is the form's "not given"; the parameters a statistic needs are asked
    for by the page, so the address is checked as a part (``whole=False``)."""
    given = [(key, value) for key, value in pairs if value and key != "token"]
    request_definition.parse(given, "http", "http", limited=True, command=name, whole=False)


@router.get("/docs")
def docs_page(request: Request) -> Response:
    """The API's endpoints and parameters, from the OpenAPI schema, without Swagger UI
    (which would be loaded from a CDN)."""
    schema = request.app.openapi()
    endpoints = [
        {
            "method": method.upper(),
            "path": path,
            "summary": op.get("summary", ""),
            "description": op.get("description", "").replace("``", ""),
            "parameters": [_parameter(p) for p in op.get("parameters", [])],
            "body": _body(schema, op),
        }
        for path, methods in schema.get("paths", {}).items()
        for method, op in methods.items()
    ]
    return _render(request, "docs.html", {"endpoints": endpoints})


def _parameter(p: dict[str, Any]) -> dict[str, Any]:
    spec = p.get("schema", {})
    kind = spec.get("type") or " | ".join(
        str(o.get("type", "")) for o in spec.get("anyOf", []) if o.get("type") != "null"
    )
    if kind == "array":
        kind = f"{spec.get('items', {}).get('type', '')} (repeatable)"
    if "enum" in spec:
        kind = " | ".join(map(str, spec["enum"]))
    default = spec.get("default")
    return {
        "name": p.get("name"),
        "where": p.get("in"),
        "required": p.get("required", False),
        "type": kind,
        "default": "" if default in (None, []) else json.dumps(default),
        "description": p.get("description") or spec.get("description", ""),
    }


def _body(schema: dict[str, Any], op: dict[str, Any]) -> list[str]:
    content = op.get("requestBody", {}).get("content", {}).get("application/json", {})
    ref = content.get("schema", {}).get("$ref", "")
    model = schema.get("components", {}).get("schemas", {}).get(ref.rsplit("/", 1)[-1], {})
    return list(model.get("properties", {}))
