"""Uploads: the app's limit is a photo's (Streamlit's and nginx's alike); only a signed-in session
whose page shows an uploader may send one, anyone else is refused before a byte is read; the files
of a session that is gone are freed."""
from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
import tomllib

import pytest

from geo.walks.photo_cleaner import MAX_BYTES
from tests.conftest import ROOT
from tests.store_fixtures import CWG
from web import upload_gate

MB = 1024 * 1024


@pytest.fixture(autouse=True)
def _no_grants():
    for held in (upload_gate._granted, upload_gate._shown, upload_gate._gone_since):
        held.clear()
    yield
    for held in (upload_gate._granted, upload_gate._shown, upload_gate._gone_since):
        held.clear()


def test_the_app_s_upload_limit_is_the_photo_limit_and_the_proxy_s_matches():
    from scripts.cluster import render_site

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["maxUploadSize"] * MB == MAX_BYTES  # not Streamlit's 200 MB
    site = render_site(["127.0.0.1:8501"], listen="80", cache_dir="/tmp/cache")
    assert f"client_max_body_size {MAX_BYTES // MB + 1}m;" in site  # the file and the form around it


def _put(gate, path: str, method: str = "PUT"):
    """Send a request through the gate; returns (status, body, downstream called, body chunks read)."""
    seen = {"called": False, "reads": 0, "status": None, "body": b""}

    async def downstream(scope, receive, send):
        seen["called"] = True
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    async def receive():
        seen["reads"] += 1
        return {"type": "http.request", "body": b"x" * MB, "more_body": True}  # a body that never ends

    async def send(message):
        if message["type"] == "http.response.start":
            seen["status"] = message["status"]
        else:
            seen["body"] += message.get("body", b"")

    scope = {"type": "http", "method": method, "path": path, "headers": [(b"content-length", b"157286400")]}
    call = (upload_gate.UploadGate(downstream, sweeper=False)(scope, receive, send) if gate is None
            else gate(downstream)(scope, receive, send))
    # On a thread of its own: a browser test's Playwright may keep an event loop running on this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(asyncio.run, call).result()
    return seen


def test_a_session_without_a_grant_is_refused_with_a_sentence_before_its_body_is_read():
    seen = _put(None, "/_stcore/upload_file/abc-session/file-1")
    assert seen["status"] == 403 and not seen["called"] and seen["reads"] == 0
    assert "the upload was refused" in seen["body"].decode()


def test_a_granted_session_uploads_and_anyone_may_delete_or_ask():
    upload_gate.grant("abc-session")
    assert _put(None, "/_stcore/upload_file/abc-session/file-1")["called"]
    assert _put(None, "/_stcore/upload_file/other-session/file-1")["status"] == 403
    assert _put(None, "/_stcore/upload_file/other-session/file-1", "DELETE")["called"]  # deleting frees memory
    assert _put(None, "/_stcore/upload_file/other-session/file-1", "OPTIONS")["called"]


def test_a_run_without_an_uploader_takes_the_grant_back():
    upload_gate.begin_run("s1")
    upload_gate.grant("s1")
    upload_gate.settle("s1")
    assert upload_gate.may_upload("s1")
    upload_gate.begin_run("s1")  # the next run shows no uploader
    upload_gate.settle("s1")
    assert not upload_gate.may_upload("s1")


class _Runtime:
    def __init__(self, active):
        from streamlit.runtime.memory_uploaded_file_manager import MemoryUploadedFileManager

        self.uploaded_file_mgr = MemoryUploadedFileManager("/_stcore/upload_file")
        self._active = active

    def is_active_session(self, session_id):
        return session_id in self._active


def test_the_files_of_a_session_gone_past_its_reconnect_window_are_freed():
    from streamlit.runtime.uploaded_file_manager import UploadedFileRec

    runtime = _Runtime(active={"here"})
    for session_id in ("here", "gone"):
        runtime.uploaded_file_mgr.add_file(session_id, UploadedFileRec("f1", "a.jpg", "image/jpeg", b"x" * MB))
    upload_gate.grant("gone")
    assert upload_gate.sweep(runtime, now=1000.0) == []  # just gone: it may still reconnect
    assert upload_gate.sweep(runtime, now=1000.0 + upload_gate.GONE_SECONDS - 1) == []
    assert upload_gate.sweep(runtime, now=1000.0 + upload_gate.GONE_SECONDS) == ["gone"]
    assert runtime.uploaded_file_mgr.get_files("gone", ["f1"]) == []
    assert [f.name for f in runtime.uploaded_file_mgr.get_files("here", ["f1"])] == ["a.jpg"]
    assert not upload_gate.may_upload("gone")


def test_a_page_with_an_uploader_grants_its_session_and_a_page_without_one_does_not(app, ward):
    from datetime import date, time

    from geo.db import Store
    from geo.settings import load
    from geo.status import Role
    from geo.walks.walkabout import Phase, RouteStop
    from tests.store_fixtures import COMMUNITY_SAFETY, add_staff

    app()
    with Store.open(load().database_url, ward, settings=load()) as store:
        add_staff(store, [COMMUNITY_SAFETY, CWG])
        store.walks.plan(COMMUNITY_SAFETY, title="Walk", on=date(2026, 2, 19), starts=time(18, 30),
                         phase=Phase.AFTER_DARK, route=(RouteStop("george-mews", 0, 0, ""),), invited=(Role.CWG,))
    app("pages/map.py")  # a resident, not signed in, on the map: no uploader
    assert upload_gate._granted == set()
    app("pages/record_walk.py", CWG)  # the stop form's photo box
    assert len(upload_gate._granted) == 1
