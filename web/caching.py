"""Long-lived browser caching for files whose address changes with their content,
so a second visit fetches almost nothing (issue 19).

IMMUTABLE goes on a 200 answer for:

* Streamlit's bundles, /static/js/<name>.<hash>.js, /static/css/..., /static/media/...
  (Streamlit says the same; set here too, so it holds whatever serves them);
* a component's built files, /component/<name>/static/... (its build hashes their names);
* our vendored files, /app/static/vendor/...: Leaflet's script and stylesheet are
  linked with ?v=<hash of the file> (geo/sites/map_assets.py), its images and the
  icon font by names `make setup` writes from package-lock.json;
* our own files linked with ?v=<hash> (/app/static/js/ward-map.js?v=...).

Pages, the websocket, /_stcore/ and the open-data routes keep their own headers
(no-cache or no-store): they change without changing their address."""
from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

IMMUTABLE = "public, max-age=31536000, immutable"
_HASHED_PREFIXES = ("/static/js/", "/static/css/", "/static/media/", "/app/static/vendor/")


def is_immutable(path: str, query: str) -> bool:
    """Whether the file at `path`?`query` never changes while its address stays the same."""
    if path.endswith((".html", ".json")):
        return False
    if path.startswith(_HASHED_PREFIXES):
        return True
    if path.startswith("/component/") and "/static/" in path:
        return True
    return path.startswith("/app/static/") and any(part.startswith("v=") for part in query.split("&"))


class LongCache:
    """Pure ASGI middleware: Cache-Control IMMUTABLE on 200 answers for `is_immutable` paths."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not is_immutable(scope["path"], scope.get("query_string", b"").decode("latin-1")):
            await self.app(scope, receive, send)
            return

        async def send_cached(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                MutableHeaders(scope=message)["Cache-Control"] = IMMUTABLE
            await send(message)

        await self.app(scope, receive, send_cached)
