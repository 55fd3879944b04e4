"""Uploads only from a session whose page shows an uploader to someone signed in.

Streamlit takes a file at PUT /_stcore/upload_file/{session_id}/{file_id} from any live
session and keeps it in memory until the session is shut down, which an abandoned session
may never be (its storage entry just expires).  So:

- a page that renders an uploader for a signed-in user grants its session (`grant`, from
  ui/uploads.py); each run that renders none takes the grant back (`settle`, from app.py);
- UploadGate refuses any other session's PUT with 403 and a sentence before a byte of its body
  is read, so a refused upload costs the instance no memory;
- `sweep` (every SWEEP_SECONDS, on a daemon thread the gate starts) frees the files of every
  session that has been gone longer than Streamlit keeps a session to reconnect to.

The grants live in this process, as Streamlit's sessions and uploads do (nginx keeps each
browser on one instance)."""
from __future__ import annotations

import logging
import threading
import time

from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)

UPLOAD_PATH = "/_stcore/upload_file/"
SWEEP_SECONDS = 15
GONE_SECONDS = 120  # Streamlit's server.disconnectedSessionTTL by default: after it, a session cannot resume
REFUSED = ("This page takes no files, or you are not signed in, so the upload was refused. Sign in and open the "
           "page with the photo or file box, then choose the file again.")

_granted: set[str] = set()
_shown: set[str] = set()  # sessions whose run under way has shown an uploader
_gone_since: dict[str, float] = {}
_lock = threading.Lock()


def begin_run(session_id: str) -> None:
    with _lock:
        _shown.discard(session_id)


def grant(session_id: str) -> None:
    """This run shows an uploader to someone signed in: the session may upload."""
    with _lock:
        _granted.add(session_id)
        _shown.add(session_id)


def settle(session_id: str) -> None:
    """At the end of a run: the session keeps its grant only if this run showed an uploader."""
    with _lock:
        if session_id not in _shown:
            _granted.discard(session_id)
        _shown.discard(session_id)


def may_upload(session_id: str) -> bool:
    with _lock:
        return session_id in _granted


def sweep(runtime, now: float | None = None, gone_seconds: float = GONE_SECONDS) -> list[str]:
    """Free the uploads of sessions gone for gone_seconds or more; returns their ids."""
    now = time.monotonic() if now is None else now
    manager = runtime.uploaded_file_mgr
    with getattr(manager, "_lock", threading.Lock()):  # Streamlit's MemoryUploadedFileManager guards its dict so
        holding = list(getattr(manager, "file_storage", {}))
    freed = []
    with _lock:
        for session_id in set(_gone_since) - set(holding):
            _gone_since.pop(session_id)
        for session_id in holding:
            if runtime.is_active_session(session_id):
                _gone_since.pop(session_id, None)
            elif now - _gone_since.setdefault(session_id, now) >= gone_seconds:
                freed.append(session_id)
                _gone_since.pop(session_id)
                _granted.discard(session_id)
    for session_id in freed:
        manager.remove_session_files(session_id)
    return freed


def _sweep_forever() -> None:
    from streamlit import config
    from streamlit.runtime import Runtime

    while True:
        time.sleep(SWEEP_SECONDS)
        try:
            if Runtime.exists():
                sweep(Runtime.instance(), gone_seconds=config.get_option("server.disconnectedSessionTTL"))
        except Exception:  # noqa: BLE001 - the sweeper must outlive one bad pass; it says what went wrong
            log.exception("Could not free the uploads of closed sessions")


class UploadGate:
    """Pure ASGI middleware: a PUT to Streamlit's upload route from a session without a grant gets
    403 and a sentence, its body unread.  Starts the sweeper on the first request."""

    def __init__(self, app: ASGIApp, *, sweeper: bool = True) -> None:
        self.app = app
        self._sweeper = sweeper
        self._started = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self._sweeper and not self._started:
            self._started = True
            threading.Thread(target=_sweep_forever, name="upload-sweeper", daemon=True).start()
        path = scope.get("path", "")
        if scope["type"] == "http" and scope.get("method") == "PUT" and UPLOAD_PATH in path:
            session_id = path.split(UPLOAD_PATH, 1)[1].split("/", 1)[0]
            if not may_upload(session_id):
                response = PlainTextResponse(REFUSED, status_code=403,
                                             headers={"Cache-Control": "no-store", "Connection": "close"})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
