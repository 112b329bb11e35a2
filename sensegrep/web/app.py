"""The FastAPI application of ``sensegrep serve``: one opened index, HTML pages rendered
on the server (Jinja2, autoescaped) with a little vanilla JavaScript, and the JSON API
they call. Nothing is loaded from another site: the scripts, the stylesheet and the API
docs page are served by the app itself."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Collection
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, FileSystemLoader
from starlette.exceptions import HTTPException

from sensegrep.api import SenseIndex, arguments, no_sense_writes
from sensegrep.api import open as open_index
from sensegrep.api.senses import read_only_server
from sensegrep.api.spelling import as_text, spoken_by
from sensegrep.errors import (
    RequestCancelled,
    SensegrepError,
    TimeLimitError,
    system_error_message,
)
from sensegrep.version import __version__
from sensegrep.web import spelling
from sensegrep.web.head import AnswersHead
from sensegrep.web.limits import LimitsEachRequest
from sensegrep.web.security import BodyLimit, Guard, error

HERE = Path(__file__).parent
log = logging.getLogger("sensegrep.web")


@dataclass
class WebState:
    """What every request shares: the index (and its encoder, once loaded)."""

    index: SenseIndex
    read_only: bool
    token: str | None
    templates: Jinja2Templates
    cache: dict[str, Any] = field(default_factory=dict)


def create_app(
    index_path: str | Path,
    read_only: bool = False,
    token: str | None = None,
    *,
    hosts: Collection[str] | None = None,
    preload: bool = False,
    db: str | None = None,
    time_limit: float | None = None,
) -> FastAPI:
    """The web app over the index at ``index_path``. ``token``: required by every
    request but static files (header ``X-Sensegrep-Token`` or the cookie that opening
    ``/?token=…`` sets). ``hosts``: the Host names accepted (None: any). ``preload``:
    load the encoder now rather than at the first query that needs it. ``db``: the
    PostgreSQL URL of an index kept on a server (see ``sensegrep.open``).
    ``time_limit``: seconds a request's work may take before it is stopped with a 503
    (None: no limit; web/limits.py); work also stops once its client has gone."""
    # A read-only server writes nothing in the folder, not even a reader's lease.
    # Opened by its whole path, which its messages then name and in_the_index replaces
    # by its name: given as `--index bank`, the bare word was replaced in every message
    # ("nearest: 'the index bank'" for the suggestion 'bank').
    folder = arguments.path("index_path", index_path).resolve()
    index = open_index(folder, db=db, lease=not read_only)
    if preload:  # a text-only index has no encoder: nothing to load
        index.load_encoder()
    state = WebState(index, read_only, token, _templates())

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        index.close()

    app = FastAPI(
        title="sensegrep",
        version=__version__,
        description="Word-sense concordance search over one index.",
        docs_url=None,  # the default docs page loads Swagger UI from a CDN: see /docs
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.web = state
    system_answer = _add_handlers(app, state)
    app.add_middleware(AnswersSystemErrors, answer=system_answer)  # innermost
    app.add_middleware(GetsStoreNoSenses, read_only=read_only)
    app.add_middleware(SaysItsOwnParameters)
    app.add_middleware(Guard, token=token, read_only=read_only, hosts=hosts)
    app.add_middleware(BodyLimit)  # a huge body is refused before anything
    app.add_middleware(AnswersHead)  # as the GET of its address, without the body
    app.add_middleware(LimitsEachRequest, seconds=time_limit)  # outermost: reads receive
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")

    from sensegrep.web import endpoints, pages

    app.include_router(endpoints.router)
    app.include_router(pages.router)
    return app


class AnswersSystemErrors:
    """A busy, full or unreadable index (``system_error_message``) is answered here, a
    503 the user can act on, rather than by the catch-all handler of ``Exception``:
    Starlette re-raises what that handler answered, so the server's log had the whole
    traceback of each busy moment ("Exception in ASGI application"), as if it had
    failed. Anything else goes on to that handler (a 500, logged)."""

    def __init__(self, app: Any, answer: Callable[[Request, Exception], Response | None]) -> None:
        self.app = app
        self.answer = answer

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def sending(message: Any) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, sending)
        except Exception as exc:
            response = None if started else self.answer(Request(scope), exc)
            if response is None:
                raise
            await response(scope, receive, send)


class GetsStoreNoSenses:
    """Every GET and HEAD is answered inside ``no_sense_writes()``: reading a page or
    the JSON API never stores a sense run, an assignment or a pin (runs are made by a
    POST, the CLI or the library). On a ``--read-only`` server every request is: the
    POSTs it answers only read (``/api/cli``'s searches, ``/api/compare``), and a
    ``search --sense 1`` sent to ``/api/cli`` stored a run (issue 26). A plain ASGI
    middleware: the endpoint (in a worker thread, which copies the context) sees the
    setting."""

    def __init__(self, app: Any, read_only: bool = False) -> None:
        self.app = app
        self.read_only = read_only

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        reads = self.read_only or scope.get("method") in ("GET", "HEAD")
        if scope["type"] == "http" and reads:
            # A read-only server's notes say why, and advise no POST it would refuse.
            with no_sense_writes(read_only_server() if self.read_only else None):
                await self.app(scope, receive, send)
            return
        await self.app(scope, receive, send)


class SaysItsOwnParameters:
    """Every request is answered inside ``spoken_by("web")``: the library leaves its
    errors' command-line flags as written, and the error handler says each parameter
    as the route that was called spells it (web/spelling.py)."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        with spoken_by("web"):
            await self.app(scope, receive, send)


def _templates() -> Jinja2Templates:
    # Autoescape on for every template: corpus text is never trusted markup.
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=True)
    return Jinja2Templates(env=env)


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith(("/api/", "/openapi")) and "text/html" in (
        request.headers.get("accept", "")
    )


def _add_handlers(app: FastAPI, state: WebState) -> Callable[[Request, Exception], Response | None]:
    """Every error is one line, as JSON for the API and as a page for a browser; nothing
    a user can cause is a 500, and a 500 shows no traceback (it is logged). Returns the
    answer to a busy, full or unreadable index (None for any other error), for
    ``AnswersSystemErrors``."""

    def answer(request: Request, status: int, message: str, parts: Any = None) -> Response:
        if _wants_html(request):
            return state.templates.TemplateResponse(
                request, "error.html", {"status": status, "message": message}, status_code=status
            )
        return error(status, message, parts)

    @app.exception_handler(SensegrepError)
    async def sensegrep_error(request: Request, exc: SensegrepError) -> Response:
        # The message names parameters as the command line does: here, as this
        # request's route spells them (form=true, "label": null; web/spelling.py).
        from sensegrep.web.pages import labels_of

        route = spelling.route_of(request.scope)
        pairs = request.query_params.multi_items()
        said = spelling.in_the_index(str(exc), state.index.path)
        parts = spelling.respell_for(said, request.method, route, pairs)
        labels = labels_of(route, request.path_params)
        if _wants_html(request) and labels is not None:  # a page's form: its labels
            return answer(request, 400, spelling.as_labelled(parts, labels))
        return answer(request, 400, as_text(parts), spelling.as_json(parts))

    @app.exception_handler(TimeLimitError)
    @app.exception_handler(RequestCancelled)
    async def stopped(request: Request, exc: SensegrepError) -> Response:
        # Not the user's mistake as written, but work this server will not finish (or
        # whose client has gone): 503, as for a busy index.
        return answer(request, 503, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "bad request"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page or endpoint: {request.url.path}"
        return answer(request, exc.status_code, message)

    @app.exception_handler(RequestValidationError)
    async def bad_parameter(request: Request, exc: RequestValidationError) -> Response:
        return answer(request, 400, validation_message(exc, _body_keys(request)))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        known = system_error_message(exc, state.index.path)
        if known is not None:  # a busy, full or unreadable index: the user can act on it
            return answer(request, 503, known)
        log.exception("error answering %s %s", request.method, request.url.path)
        return answer(request, 500, "internal error (details in the server's log)")

    def system(request: Request, exc: Exception) -> Response | None:
        known = system_error_message(exc, state.index.path)
        return None if known is None else answer(request, 503, known)

    return system


def _body_keys(request: Request) -> list[str] | None:
    """The keys of the JSON body the matched route takes (None: it takes no model)."""
    dependant = getattr(request.scope.get("route"), "dependant", None)
    for param in getattr(dependant, "body_params", ()):
        annotation = param.field_info.annotation
        for model in (annotation, *getattr(annotation, "__args__", ())):
            fields = getattr(model, "model_fields", None)
            if fields is not None:
                return sorted(fields)  # [] for a body of no key (POST /api/classify)
    return None


def validation_message(exc: RequestValidationError, keys: list[str] | None = None) -> str:
    """FastAPI's list of problems as one line naming the first bad parameter (``keys``:
    those the route's JSON body takes, named for a key it does not)."""
    problems = exc.errors()
    if not problems:
        return "bad request"
    # A misspelt key also leaves its right spelling missing: the misspelling is the news.
    first = next((p for p in problems if p.get("type") == "extra_forbidden"), problems[0])
    if first.get("type") == "json_invalid":  # its loc is a character offset, no name
        return f"the request's body is not JSON: {first.get('ctx', {}).get('error', 'invalid')}"
    where = [str(part) for part in first.get("loc", ()) if part not in ("query", "body", "path")]
    name = ".".join(where) or "request"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    if first.get("type") == "extra_forbidden":  # a misspelt key, said as the GETs say one
        expected = f"; expected one of {', '.join(keys)}" if keys else ""
        if keys == []:
            expected = "; it takes none (send no body, or {})"
        return f"unknown parameter {name!r} in the body{expected}{more}"
    if not where and first.get("type") in ("model_attributes_type", "dict_type"):
        # not "bad parameter request: Input should be a valid dictionary…" (curl -d sends
        # a form's Content-Type, and the body is then no JSON object to this route)
        return (
            "the request's body must be a JSON object, sent with Content-Type: "
            f"application/json{more}"
        )
    if first.get("type") == "missing":
        return f"bad parameter {name}: it is required{more}"
    return f"bad parameter {name}: {first.get('msg', 'invalid')}{more}"
