"""Oversized requests get a 4xx and a sentence, not a reset connection.

    URL (path and query) over URL_LIMIT bytes       414 URI Too Long
    headers (names and values) over HEADERS_LIMIT   431 Request Header Fields Too Large

The limits are the app's own (this middleware), so they hold whatever server
runs it.  One thing is the server's: uvicorn's HTTP parser (h11) buffers at
most 16 kB of a request's head by default, and past that answers 400 and
closes the connection while the client is still sending, which the client
sees as a reset; the app never hears of it.  So the app is started with a
larger buffer (UVICORN_FLAGS, 1 MiB) everywhere it runs: `make run`,
scripts/cluster.py, deploy/ward-map@.service and the browser tests.  Anything
between our limits and that buffer gets the sentence; only a head over 1 MiB
still gets uvicorn's 400.  The limits match nginx's defaults
(large_client_header_buffers 4 8k), so behind the proxy nothing new is refused.

A websocket handshake over the limits is refused too (closed before it is
accepted: uvicorn answers 403)."""
from __future__ import annotations

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

URL_LIMIT = 8 * 1024
HEADERS_LIMIT = 32 * 1024
H11_BUFFER = 1024 * 1024  # uvicorn's --h11-max-incomplete-event-size: above both limits, so they apply
UVICORN_FLAGS = ("--h11-max-incomplete-event-size", str(H11_BUFFER))

TOO_LONG = (f"This address is too long for the ward safety map (more than {URL_LIMIT // 1024} kB). "
            "Check the link you followed, or start again from the map's home page.")
TOO_LARGE = (f"This request's headers are too large for the ward safety map (more than {HEADERS_LIMIT // 1024} kB). "
             "Clearing this site's cookies in your browser may help.")


def url_size(scope: Scope) -> int:
    path = scope.get("raw_path") or scope["path"].encode("utf-8")
    query = scope.get("query_string", b"")
    return len(path) + (1 + len(query) if query else 0)


def headers_size(scope: Scope) -> int:
    return sum(len(name) + len(value) + 4 for name, value in scope.get("headers", ()))  # ": " and CRLF


class RequestLimits:
    """Pure ASGI middleware: refuse a request whose URL or headers are over the limits, before
    anything else reads them."""

    def __init__(self, app: ASGIApp, url_limit: int = URL_LIMIT, headers_limit: int = HEADERS_LIMIT) -> None:
        self.app = app
        self.url_limit = url_limit
        self.headers_limit = headers_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if url_size(scope) > self.url_limit:
            status, sentence = 414, TOO_LONG
        elif headers_size(scope) > self.headers_limit:
            status, sentence = 431, TOO_LARGE
        else:
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": ""})
            return
        response = PlainTextResponse(sentence, status_code=status,
                                     headers={"Cache-Control": "no-store", "Connection": "close"})
        await response(scope, receive, send)
