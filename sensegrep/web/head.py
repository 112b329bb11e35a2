"""HEAD answered as the GET of the same address, without its body (RFC 9110 §9.3.2):
FastAPI's routes take GET only, so ``curl -I`` and link checkers were answered 405."""

from __future__ import annotations

from typing import Any

Message = dict[str, Any]


class AnswersHead:
    """Plain ASGI middleware: a HEAD request runs as a GET; its answer's status and
    headers (Content-Length included) are sent, its body is not."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def headers_only(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return  # the rest of a body nobody reads
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app(dict(scope, method="GET"), receive, headers_only)
