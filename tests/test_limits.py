"""web/request_limits.py: an over-long URL gets 414 and an over-large head 431, each with a sentence,
in-process here (tests/e2e/test_limits.py sends the same through uvicorn, as `make run` starts it)."""
from __future__ import annotations

import asyncio
import re
import shlex
import threading
from pathlib import Path

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route, WebSocketRoute

from tests.asgi import get
from web.request_limits import HEADERS_LIMIT, TOO_LARGE, TOO_LONG, URL_LIMIT, UVICORN_FLAGS, RequestLimits

ROOT = Path(__file__).resolve().parent.parent


async def _accept(websocket):
    await websocket.accept()
    await websocket.close()


@pytest.fixture
def app():
    return Starlette(routes=[Route("/healthz", lambda _r: PlainTextResponse("ok")), WebSocketRoute("/ws", _accept)],
                     middleware=[Middleware(RequestLimits)])


def _query(total: int) -> str:
    """/healthz?q=... whose path and query come to `total` bytes."""
    return "/healthz?q=" + "a" * (total - len("/healthz?q="))


def test_a_url_at_the_limit_is_answered_and_one_byte_more_is_414_with_a_sentence(app):
    assert get(app, _query(URL_LIMIT)).text == "ok"
    reply = get(app, _query(URL_LIMIT + 1))
    assert (reply.status, reply.text) == (414, TOO_LONG)
    assert reply.headers["content-type"].startswith("text/plain") and reply.headers["cache-control"] == "no-store"
    assert get(app, _query(168_000)).status == 414


def test_headers_over_the_limit_are_431_with_a_sentence(app):
    assert get(app, "/healthz", {"Cookie": "a=" + "b" * (HEADERS_LIMIT - 200)}).text == "ok"
    reply = get(app, "/healthz", {"Cookie": "a=" + "b" * HEADERS_LIMIT})
    assert (reply.status, reply.text) == (431, TOO_LARGE)


def test_the_sentences_are_short_and_say_what_to_do():
    assert "too long" in TOO_LONG and "8 kB" in TOO_LONG and len(TOO_LONG) < 200
    assert "too large" in TOO_LARGE and "32 kB" in TOO_LARGE and "cookies" in TOO_LARGE


def test_an_oversized_websocket_handshake_is_closed_before_it_is_accepted(app):
    sent = []

    async def receive():
        return {"type": "websocket.connect"}

    async def send(message):
        sent.append(message)

    scope = {"type": "websocket", "path": "/ws", "raw_path": b"/ws", "query_string": b"q=" + b"a" * URL_LIMIT,
             "headers": [(b"host", b"testserver")], "scheme": "ws", "server": ("testserver", 80),
             "client": ("127.0.0.1", 5000), "root_path": "", "subprotocols": [], "asgi": {"version": "3.0"}}
    # Its own thread: a browser test earlier in this process may have left an event loop running.
    call = threading.Thread(target=asyncio.run, args=(app(scope, receive, send),))
    call.start()
    call.join(10)
    assert [m["type"] for m in sent] == ["websocket.close"]


def _uvicorn_flags(command: str) -> list[str]:
    words = shlex.split(command)
    at = words.index("--h11-max-incomplete-event-size")
    return words[at:at + 2]


@pytest.mark.parametrize("path, pattern", [
    ("Makefile", r"^\t\$\(VENV\)/bin/uvicorn server:app .*$"),
    ("deploy/ward-map@.service", r"^ExecStart=.*uvicorn server:app .*$"),
])
def test_every_start_command_gives_uvicorn_room_for_the_apps_own_limits(path, pattern):
    line = re.search(pattern, (ROOT / path).read_text(), re.MULTILINE).group(0)
    assert _uvicorn_flags(line) == list(UVICORN_FLAGS)
    assert int(UVICORN_FLAGS[1]) > URL_LIMIT + HEADERS_LIMIT
