"""Call an ASGI application in-process, with no server and no extra package:
one HTTP request (GET, or POST with a body), the whole answer back."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]  # lower-case names; a repeated header keeps its last value
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def get(app, url: str, headers: dict[str, str] | None = None, client: str = "127.0.0.1") -> Reply:
    """GET `url` ("/path?query") from `app` as http://testserver, from the address `client`."""
    return request(app, "GET", url, headers, b"", client)


def post(app, url: str, body: bytes, headers: dict[str, str] | None = None, client: str = "127.0.0.1") -> Reply:
    """POST `body` to `url`, with a Content-Length."""
    return request(app, "POST", url, {"content-length": str(len(body)), **(headers or {})}, body, client)


def request(app, method: str, url: str, headers: dict[str, str] | None, body: bytes, client: str) -> Reply:
    parts = urlsplit(url)
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method,
        "scheme": "http", "server": ("testserver", 80), "client": (client, 50000), "root_path": "",
        "path": parts.path, "raw_path": parts.path.encode(), "query_string": parts.query.encode(),
        "headers": [(k.lower().encode(), v.encode()) for k, v in {"host": "testserver", **(headers or {})}.items()],
    }
    sent: list[dict] = []
    received = []

    async def receive():
        if received:  # the client stays connected until the answer is complete
            await asyncio.Event().wait()
        received.append(True)
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message):
        sent.append(message)

    # On a thread of its own: the browser tests' Playwright keeps an event loop running on this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, app(scope, receive, send)).result()
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return Reply(start["status"], {k.decode().lower(): v.decode() for k, v in start["headers"]}, body)
