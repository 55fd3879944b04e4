"""Grants this session uploads (web/upload_gate.py) when a page shows an uploader to someone
signed in: call `allow()` just before st.file_uploader.  app.py calls `begin()` as each run
starts and `settle(...)` with what it returned as the run ends, however it ends."""
from __future__ import annotations

from streamlit.runtime.scriptrunner import get_script_run_ctx

from ui.context import context
from web import upload_gate


def begin() -> str | None:
    """The session's id, as the run starts (a run stopped or rerun midway may have no context left)."""
    run = get_script_run_ctx()
    if run is None:
        return None
    upload_gate.begin_run(run.session_id)
    return run.session_id


def allow() -> None:
    run = get_script_run_ctx()
    if run is not None and context().user is not None:
        upload_gate.grant(run.session_id)


def settle(session_id: str | None) -> None:
    """The session may upload only while its page shows an uploader."""
    if session_id is not None:
        upload_gate.settle(session_id)
