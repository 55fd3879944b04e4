"""Streamlit's /_stcore/metrics (session counts, cache sizes, memory of every session) is for the
machine's own monitoring, not the public: answered only to a client on loopback that did not come
through a proxy (nginx adds X-Forwarded-For to everything it passes on, so a visitor reaching an
instance through it is refused even though the connection comes from 127.0.0.1).  Everyone else
gets the 404 any unknown address gets."""
from __future__ import annotations

from ipaddress import ip_address

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

PRIVATE = ("/_stcore/metrics",)
NOT_FOUND = "There is nothing at this address."


def on_this_machine(scope: Scope) -> bool:
    client = scope.get("client")
    try:
        local = client is not None and ip_address(client[0]).is_loopback
    except ValueError:  # a unix socket's peer or a name, not an address
        local = False
    headers = Headers(scope=scope)
    return local and "x-forwarded-for" not in headers and "forwarded" not in headers


class PrivatePaths:
    """Pure ASGI middleware: 404 for PRIVATE paths unless the request comes from this machine directly."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].rstrip("/") in PRIVATE and not on_this_machine(scope):
            await PlainTextResponse(NOT_FOUND, status_code=404, headers={"Cache-Control": "no-store"})(
                scope, receive, send)
            return
        await self.app(scope, receive, send)
