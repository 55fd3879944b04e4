"""Streamlit's /_stcore/metrics (session counts, cache sizes, memory of every session) is for the
machine's own monitoring, not the public: answered only to a request that is plainly from this
machine and through no proxy.  That is: the connection comes from 127.0.0.1 or ::1 exactly (not
another address in 127.0.0.0/8, which a tunnel or a proxy may use), it names this machine as its
Host (a proxy passes on the public name: `curl http://127.0.0.1:8501/_stcore/metrics` passes), and
it carries no header a proxy adds (X-Forwarded-For, Forwarded, X-Real-IP, Via, ...; nginx adds
X-Forwarded-For to everything it passes on).  Everyone else gets the 404 any unknown address gets,
whatever spelling of the path they use: uvicorn decodes %2F and the like before the path is compared.
A proxy that adds none of those headers and passes a Host of localhost on unchanged would still
get through: every common one adds X-Forwarded-For (HAProxy with `option forwardfor`)."""
from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

PRIVATE = ("/_stcore/metrics",)
NOT_FOUND = "There is nothing at this address."
_HERE = {"127.0.0.1", "::1"}
_HOSTS_HERE = {"localhost", "127.0.0.1", "[::1]"}
_PROXY_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip", "x-forwarded-host", "x-forwarded-proto", "via",
                  "x-client-ip", "true-client-ip", "cf-connecting-ip")


def on_this_machine(scope: Scope) -> bool:
    client = scope.get("client")
    headers = Headers(scope=scope)
    return (client is not None and client[0] in _HERE and _host_name(headers.get("host", "")) in _HOSTS_HERE
            and not any(name in headers for name in _PROXY_HEADERS))


def _host_name(host: str) -> str:
    """A Host header without its port: "localhost:8501" -> "localhost", "[::1]:8501" -> "[::1]"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[:host.find("]") + 1]
    return host.split(":", 1)[0]


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
