"""Files served compressed (brotli, else gzip), compressed once: Streamlit's frontend (its page and its
script bundles under /static/) and our /app/static/ files: a fixed set of files on disk, known at start.

Streamlit serves its own bundles uncompressed on purpose: Starlette's gzip
middleware would compress them again on every request, and Streamlit expects
a reverse proxy in front (deploy/nginx.conf does it there).  Without a proxy,
`make run` alone, a phone on a slow link would wait for about 3 MB of
JavaScript, so this middleware compresses each file once and keeps the result
in memory, keyed by its path and its validator (ETag, else Last-Modified and
length): a file that changes has a new validator and is compressed afresh.

Only those files are touched, by the exact paths they are served at (200, with
a validator, no Content-Encoding yet, a text type, at least MINIMUM_SIZE
bytes).  Everything else passes through untouched, to Streamlit's gzip
middleware, which compresses each answer on its own at gzip's level and keeps
nothing: the open-data routes (whose answers vary with the query string and the
data), the pages at other paths, and whatever a visitor makes up.  Were those
kept here, a crowd of distinct query strings or paths would push the bundles
out, and compressing the bundles again costs seconds of CPU behind one lock.
A Range request passes through untouched."""
from __future__ import annotations

import gzip
import threading
from collections import OrderedDict
from collections.abc import Mapping
from pathlib import Path

import anyio
from anyio import to_thread

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ROOT = Path(__file__).resolve().parent.parent
MINIMUM_SIZE = 1024
CACHE_BYTES = 32 * 1024 * 1024  # compressed bytes kept; Streamlit's whole frontend is under 4 MB gzipped
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "image/svg+xml",
                "application/manifest+json", "font/ttf", "application/x-font-ttf")


class CompressedCache:
    """Compressed bodies by (path, validator), least recently used out first."""

    def __init__(self, limit: int = CACHE_BYTES):
        self._limit = limit
        self._entries: OrderedDict[tuple[str, str], bytes] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()

    def keys(self) -> list[tuple]:
        with self._lock:
            return list(self._entries)

    def get(self, key) -> bytes | None:
        with self._lock:
            body = self._entries.get(key)
            if body is not None:
                self._entries.move_to_end(key)
            return body

    def put(self, key, body: bytes) -> None:
        with self._lock:
            if key in self._entries or len(body) > self._limit:
                return
            self._entries[key] = body
            self._size += len(body)
            while self._size > self._limit:
                _key, old = self._entries.popitem(last=False)
                self._size -= len(old)


def _brotli(raw: bytes) -> bytes:
    import brotli

    # Quality 9, not 11: 11 is 8% smaller but took 26 s of CPU for Streamlit's bundles against 2.4 s,
    # and the first visitors after each start would wait behind it.
    return brotli.compress(raw, quality=9)


ENCODERS = {  # preferred first: brotli is a tenth to a fifth smaller than gzip on Streamlit's bundles
    "br": _brotli,
    "gzip": lambda raw: gzip.compress(raw, compresslevel=9, mtime=0),
}


def served_folders() -> dict[str, Path]:
    """URL prefix -> folder, for the files kept compressed: Streamlit's frontend and our static/."""
    import streamlit

    return {"/": Path(streamlit.__file__).parent / "static", "/app/static/": ROOT / "static"}


def file_paths(folders: Mapping[str, Path]) -> frozenset[str]:
    """Every path a file in `folders` is served at (and "/" for a folder's index.html)."""
    paths = set()
    for prefix, folder in folders.items():
        for file in (folder.rglob("*") if folder.is_dir() else ()):
            if file.is_file():
                paths.add(prefix + file.relative_to(folder).as_posix())
        if (folder / "index.html").is_file():
            paths.add(prefix)
    return frozenset(paths)


class CompressedFiles:
    """Pure ASGI middleware: compress the files of `folders` once (brotli or gzip), serve the kept copy after."""

    def __init__(self, app: ASGIApp, cache: CompressedCache | None = None,
                 folders: Mapping[str, Path] | None = None) -> None:
        self.app = app
        self.cache = cache or CompressedCache()
        self.paths = file_paths(served_folders() if folders is None else folders)
        self._compressing = anyio.Lock()  # a crowd asking for a new file compresses it once

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        kept = scope["type"] == "http" and scope["method"] == "GET" and scope["path"] in self.paths
        encoding = _encoding(scope) if kept else None
        if encoding is None:
            await self.app(scope, receive, send)
            return
        # Without pathsend the file's bytes come as body messages, which this needs to see.
        extensions = {k: v for k, v in scope.get("extensions", {}).items() if k != "http.response.pathsend"}
        inner = {**scope, "extensions": extensions}
        state: dict = {"mode": None, "chunks": []}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                key = _file_key(scope, message)
                if key is None:
                    state["mode"] = "pass"
                    await send(message)
                else:
                    state.update(mode="compress", start=message, key=(*key, encoding))
                return
            if state["mode"] != "compress" or message["type"] != "http.response.body":
                await send(message)
                return
            state["chunks"].append(message.get("body", b""))
            if not message.get("more_body", False):
                await self._send_compressed(state, send)

        await self.app(inner, receive, capture)

    async def _send_compressed(self, state: dict, send: Send) -> None:
        key = state["key"]
        body = self.cache.get(key)
        if body is None:
            async with self._compressing:
                body = self.cache.get(key)
                if body is None:
                    raw = b"".join(state["chunks"])
                    body = await to_thread.run_sync(ENCODERS[key[-1]], raw)
                    self.cache.put(key, body)
        start = state["start"]
        headers = MutableHeaders(scope=start)
        headers["Content-Encoding"] = key[-1]
        headers["Content-Length"] = str(len(body))
        headers.add_vary_header("Accept-Encoding")
        if "etag" in headers and not headers["etag"].startswith("W/"):
            headers["ETag"] = "W/" + headers["etag"]  # the same file, another encoding
        await send(start)
        await send({"type": "http.response.body", "body": body, "more_body": False})


def _encoding(scope: Scope) -> str | None:
    """The best encoding the browser accepts, or None (nothing accepted, or a Range request)."""
    headers = Headers(scope=scope)
    if "range" in headers:
        return None
    accepted = {part.split(";")[0].strip() for part in headers.get("accept-encoding", "").split(",")}
    return next((name for name in ENCODERS if name in accepted), None)


def _file_key(scope: Scope, start: Message) -> tuple[str, str] | None:
    """The cache key for a response worth compressing here, or None to pass it through."""
    if start["status"] != 200:
        return None
    headers = Headers(raw=start["headers"])
    if "content-encoding" in headers:
        return None
    if not headers.get("content-type", "").startswith(COMPRESSIBLE):
        return None
    if int(headers.get("content-length") or 0) < MINIMUM_SIZE:
        return None
    validator = headers.get("etag") or (
        f'{headers.get("last-modified")}/{headers.get("content-length")}' if "last-modified" in headers else None)
    if validator is None:
        return None  # not a file: Streamlit's gzip middleware decides
    return scope["path"], validator
