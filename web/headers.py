"""Security headers on every HTTP response the app sends: Streamlit's pages and
assets, the map's component frame, the vendored files and our own routes.

The Content-Security-Policy is the smallest set the app was seen to need in
headless Chromium, public and staff pages alike (tests/e2e/test_headers.py
fails on any resource the policy refuses):

* everything from the app's own origin ('self'), nothing from elsewhere,
  except map tiles, as images, from the one host MAP_TILES names;
* script-src 'unsafe-inline': streamlit-folium runs each map by putting
  folium's generated code (different for every map) into a new <script>
  element, and Streamlit's index.html starts with a one-line inline script.
  No 'unsafe-eval': nothing the app uses needs it;
* style-src 'unsafe-inline': Streamlit styles itself with emotion (<style>
  elements made at run time); folium writes style attributes and blocks;
* img-src data: (Leaflet's and Streamlit's small images, the page icon) and
  font-src data: (a font Streamlit's stylesheet embeds); no blob:;
* connect-src 'self' also covers the websocket to the same host (CSP 3);
* frame-src 'self' and frame-ancestors 'self': the map is a frame from our
  own origin, and nobody else may frame the app (X-Frame-Options says the
  same to older browsers).

The Permissions-Policy names the one powerful feature the app uses:
geolocation, for "Use my location" on the phone (a component frame served by
the app, ui/components/phone_position/), for our own origin only.
"""
from __future__ import annotations

from urllib.parse import urlsplit

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send


def content_security_policy(map_tiles: str) -> str:
    tiles = tile_source(map_tiles)
    directives = {
        "default-src": "'self'",
        "script-src": "'self' 'unsafe-inline'",
        "style-src": "'self' 'unsafe-inline'",
        "img-src": " ".join(filter(None, ["'self'", "data:", tiles])),
        "font-src": "'self' data:",
        "connect-src": "'self'",
        "frame-src": "'self'",
        "frame-ancestors": "'self'",
        "object-src": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def tile_source(map_tiles: str) -> str | None:
    """The CSP source for the tile host MAP_TILES names (as folium resolves the name), or None
    without tiles.  A {s} subdomain becomes a wildcard: https://*.tile.example.org."""
    if not map_tiles or map_tiles.lower() == "none":
        return None
    import folium

    template = folium.TileLayer(map_tiles, attr=" ").tiles
    parts = urlsplit(template.replace("{s}", "subdomain"))
    host = (parts.hostname or "").replace("subdomain", "*")
    return f"{parts.scheme}://{host}" if parts.scheme in ("http", "https") and host else None


def security_headers(map_tiles: str) -> dict[str, str]:
    return {
        "Content-Security-Policy": content_security_policy(map_tiles),
        "X-Content-Type-Options": "nosniff",
        "X-Frame-Options": "SAMEORIGIN",
        "Referrer-Policy": "strict-origin-when-cross-origin",
        # Geolocation for our own origin (the page and its same-origin component frames, which
        # Streamlit lets ask for it), never for a frame from elsewhere.  Left unset, a cross-origin
        # frame could be allowed it too; set to (), "Use my location" could not work.
        "Permissions-Policy": "geolocation=(self)",
    }


class SecurityHeaders:
    """Pure ASGI middleware (no buffering, websockets untouched): sets `headers` on every
    HTTP response, replacing any of the same name."""

    def __init__(self, app: ASGIApp, headers: dict[str, str]) -> None:
        self.app = app
        self.headers = headers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in self.headers.items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)
