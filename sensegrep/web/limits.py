"""One slow request never holds another: each request's work runs under a time limit
(``serve --time-limit``) and stops once its client has gone.

Endpoints run in Starlette's worker threads, off the event loop, so the loop keeps
answering other requests while one computes; but a thread cannot be stopped from
outside. The work stops itself instead (sensegrep/deadline.py): the loops that can run
long check the limit this middleware sets around the request, and raise once it has
passed (a 503, one line) or once the client's connection has closed (nobody reads the
answer). A download is made whole before its first byte is sent, so the limit is on
the time to the first byte. ``POST /api/cli`` (``sensegrep search`` answered by the
server) has no time limit, as the command line has none, but stops when its client
goes (Ctrl-C).
"""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from sensegrep.api import time_limit
from sensegrep.api.remote import CALL_PATH

Message = dict[str, Any]
DISCONNECT: Message = {"type": "http.disconnect"}


class LimitsEachRequest:
    """Plain ASGI middleware (the outermost: it alone reads the server's ``receive``).
    A task relays the request's messages to the app and, when the server reports the
    client gone (``http.disconnect``), sets the flag the work checks."""

    def __init__(self, app: Any, seconds: float | None) -> None:
        self.app = app
        self.seconds = seconds

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        gone = threading.Event()
        messages: asyncio.Queue[Message | BaseException] = asyncio.Queue()
        listener = asyncio.create_task(_listen(receive, messages, gone))

        async def relayed() -> Message:
            if gone.is_set() and messages.empty():
                return DISCONNECT
            message = await messages.get()
            if isinstance(message, BaseException):
                raise message
            return message

        seconds = None if scope.get("path") == CALL_PATH else self.seconds
        try:
            with time_limit(seconds, gone):
                await self.app(scope, relayed, send)
        finally:
            listener.cancel()


async def _listen(receive: Any, messages: asyncio.Queue, gone: threading.Event) -> None:
    """Every message of the request to ``messages`` until the client has gone (after
    the body, the server's ``receive`` waits for that or for the response's end)."""
    while True:
        try:
            message = await receive()
        except Exception as exc:  # handed to the app, which reads it where it would have
            await messages.put(exc)
            return
        await messages.put(message)
        if message["type"] == "http.disconnect":
            gone.set()
            return
