"""The web app's guards: body size, Host, token and Origin checks, security headers.

The threats, for a server on a laptop: a web page in the user's browser that talks to
``127.0.0.1`` (cross-site requests, DNS rebinding), other machines on the network when
the server is bound beyond loopback, and corpus text that holds markup. Hence:

- a Host header other than a loopback name is refused when serving on loopback without
  a token (DNS rebinding: an attacker's name resolving to 127.0.0.1 carries its own Host);
- with a token, every request but the static files needs it (a header, or the cookie
  that opening ``/?token=…`` sets), so nobody on the network reads the corpus without it;
- every POST is refused when its Origin is not the server itself (a cross-site form or
  fetch), and in read-only mode when it writes;
- a Content-Security-Policy allows no inline script, so markup that slipped into a page
  could still not run (the templates escape all corpus text, the scripts use textContent).
"""

from __future__ import annotations

import ipaddress
import secrets
from collections.abc import Collection
from typing import Any
from urllib.parse import quote, urlencode, urlsplit

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOKEN_COOKIE = "sensegrep_token"
TOKEN_HEADER = "x-sensegrep-token"
MAX_BODY_BYTES = 1_000_000
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
PUBLIC_PREFIXES = ("/static/", "/favicon.ico")

HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    # The token may be in the address of the first page: never send it elsewhere.
    "Referrer-Policy": "no-referrer",
}

# Every answer but the static files: a browser's back and forward buttons read a page and
# its fetches from the cache when it may, and the annotate page came back with its first
# queue, occurrences labelled since offered as unlabelled ("114 in the queue" of 112), and
# the search page with counts of before (pass 25y). Only no-store keeps them out of it.
NOT_STORED = "no-store"


def is_loopback(host: str) -> bool:
    """Whether serving on ``host`` is reachable from this machine only."""
    if host.strip("[]").lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def error(status: int, message: str, parts: list[Any] | None = None) -> JSONResponse:
    """``{"error": message}``; with ``parts``, the message in pieces that name the
    request's parameters (web/spelling.py), as ``error_parts``."""
    body: dict[str, Any] = {"error": message}
    if parts:
        body["error_parts"] = parts
    return JSONResponse(body, status_code=status)


# -- request bodies --------------------------------------------------------------------


class BodyTooLarge(HTTPException):
    """Raised inside a request's body stream. An HTTPException, so that FastAPI's body
    parsing passes it on as it is (a 413) instead of calling it a malformed body."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body too large (at most {limit:,} bytes)")


class BodyLimit:
    """Refuses request bodies over ``limit`` bytes with 413, whether announced by
    Content-Length or streamed without one."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await self._refuse(scope, receive, send)
            return
        received = 0
        started = False

        async def counting() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.limit:
                raise BodyTooLarge(self.limit)
            return message

        async def sending(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting, sending)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        message = f"request body too large (at most {self.limit:,} bytes)"
        await error(413, message)(scope, receive, send)


# -- Host, token, Origin -----------------------------------------------------------------


class Guard:
    """The per-request checks of one app (see the module's docstring), as plain ASGI
    middleware: it reads headers only, never the body, and adds the security headers to
    every response."""

    def __init__(
        self,
        app: ASGIApp,
        token: str | None,
        read_only: bool,
        hosts: Collection[str] | None,
    ) -> None:
        self.app = app
        self.token = token
        self.read_only = read_only
        self.hosts = {h.strip("[]").lower() for h in hosts} if hosts is not None else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        refused = self.refusal(request)
        if (
            refused is None
            and self.token
            and request.method == "GET"
            and "token" in request.query_params
        ):
            refused = self._token_landing(request)
        if refused is not None:
            refused.headers.update(HEADERS)
            await refused(scope, receive, send)
            return

        fresh = not request.url.path.startswith(PUBLIC_PREFIXES)

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in HEADERS.items():
                    headers.setdefault(name, value)
                if fresh:
                    headers.setdefault("Cache-Control", NOT_STORED)
            await send(message)

        await self.app(scope, receive, with_headers)

    def refusal(self, request: Request) -> Response | None:
        if self.hosts is not None and _hostname(request.headers.get("host", "")) not in self.hosts:
            return error(400, "unexpected Host header: open the address sensegrep serve printed")
        if request.url.path.startswith(PUBLIC_PREFIXES):
            return None
        if self.token and not self._has_token(request):
            return _no_token(request, given=self._given_token(request) is not None)
        if request.method not in ("GET", "HEAD", "OPTIONS") and _foreign_origin(request):
            return error(403, "cross-origin request refused (Origin is not this server)")
        return None

    def _given_token(self, request: Request) -> str | None:
        return (
            request.headers.get(TOKEN_HEADER)
            or request.cookies.get(TOKEN_COOKIE)
            or (request.query_params.get("token") if request.method == "GET" else None)
        )

    def _has_token(self, request: Request) -> bool:
        assert self.token is not None
        given = self._given_token(request)
        return given is not None and secrets.compare_digest(given.encode(), self.token.encode())

    def _token_landing(self, request: Request) -> Response:
        """``/page?token=T``: keep the token in a cookie, then show the page at its address
        without the token (out of the history, the address bar and screenshots)."""
        rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
        target = local_path(request.scope["path"]) + (f"?{urlencode(rest)}" if rest else "")
        response = RedirectResponse(target, status_code=303)
        assert self.token is not None
        response.set_cookie(TOKEN_COOKIE, self.token, httponly=True, samesite="strict")
        return response


def local_path(path: str) -> str:
    """``path`` as an address on this server only: a browser reads ``//evil.com/`` (or
    ``/\\evil.com/``) in a Location header as another site, so the leading slashes and
    backslashes become one slash, and the rest is quoted (issue 26: an open redirect)."""
    return "/" + quote(path.lstrip("/\\"), safe="/:@!$&'()*+,;=-._~")


def _hostname(host: str) -> str:
    return (urlsplit(f"//{host}").hostname or "").lower()


def _foreign_origin(request: Request) -> bool:
    """An Origin header naming another site than the Host this request was sent to. No
    Origin (curl, scripts) is not foreign: they are not a victim's browser."""
    origin = request.headers.get("origin")
    if origin is None:
        return False
    parts = urlsplit(origin)
    return not parts.netloc or parts.netloc.lower() != request.headers.get("host", "").lower()


def _no_token(request: Request, given: bool = False) -> Response:
    # A wrong token is said to be wrong, not missing: the client did send one.
    need = (
        "the access token given is not this server's"
        if given
        else "this server needs its access token"
    )
    message = (
        f"{need}: open the address `sensegrep serve` printed "
        "(…/?token=…), or send the X-Sensegrep-Token header"
    )
    if request.url.path.startswith("/api/") or "text/html" not in request.headers.get("accept", ""):
        return error(403, message)
    return Response(_plain_page("Access token needed", message), 403, media_type="text/html")


def _plain_page(title: str, message: str) -> str:
    from html import escape

    return (
        f"<!doctype html><html lang=en><meta charset=utf-8><title>{escape(title)}</title>"
        f"<h1>{escape(title)}</h1><p>{escape(message)}</p></html>"
    )
