"""A sign-in that survives a reload: the Streamlit pages read the sign-in cookie
(geo.db.session_store) at the start of each session, and after a sign-in in the sidebar hand the
browser a one-time code that it exchanges for the cookie (ui/components/session_cookie/,
web/recorder.py's /api/session/claim).  The cookie is HttpOnly: no script, ours included, ever
holds it."""
from __future__ import annotations

from pathlib import Path

import streamlit as st
from streamlit.components.v1 import declare_component

COOKIE = "ward_session"  # web.recorder.COOKIE: the same sign-in for the recorder and the pages
CLAIM_KEY = "session_claim"  # a one-time code waiting to become the cookie
_keep = declare_component("session_cookie", path=str(Path(__file__).parent / "components" / "session_cookie"))


def token() -> str | None:
    """This browser's sign-in cookie, as the websocket's handshake sent it."""
    try:
        return st.context.cookies.get(COOKIE)
    except Exception:  # noqa: BLE001 - no browser behind this run (AppTest): no cookie
        return None


def offer(store, user) -> None:
    """After a sign-in: ask this browser to keep it (see keep)."""
    st.session_state[CLAIM_KEY] = store.sessions.offer(user)


def keep() -> None:
    """Render the exchange while signed in after a sign-in here.  The frame claims its code once and
    answers nothing (an answer would rerun the page); the code is single-use, so the frame left in
    place does no more."""
    code = st.session_state.get(CLAIM_KEY)
    if code is not None:
        _keep(claim=code, key="session_cookie", default=None)


def end(store) -> None:
    """Sign out: the cookie's session ends on the server (the browser's copy then signs nobody in)."""
    store.sessions.end(token())
