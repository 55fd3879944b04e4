"""Shared page chrome: the sidebar sign-in box and sign-out.

Called once from app.py, so every page gets the same sidebar.  After an
administrator's password reset, the box asks for a new password before it
signs anyone in."""
from __future__ import annotations

import functools
from pathlib import Path

import streamlit as st

from geo.errors import PasswordChangeRequired, PermissionDenied, WardError
from geo.text import plain_markdown
from ui import session_cookie, show
from ui.context import NOTICE_KEY, USER_KEY, context
from geo.records import ACCOUNT
from ui import forms

PENDING_KEY = "password_change"  # (name, ticket) after a right one-time password, until a new one is set


@functools.cache
def _oidc_configured() -> bool:
    """Whether .streamlit/secrets.toml has an [auth] section; read once per process, as Streamlit reads
    its secrets when the server starts.  Without a secrets file each look went back to the disk under
    Streamlit's lock and raised: with 50 new sessions at once, over half their script time (issue 19)."""
    return st.secrets.load_if_toml_exists() and "auth" in st.secrets


def _oidc_user():
    """The staff account mapped to the signed-in OIDC email, if any."""
    if not _oidc_configured() or not getattr(st.user, "is_logged_in", False):
        return None
    return context().store.accounts.user_for_email(st.user.get("email") or "")


def client_id() -> str:
    """Where a sign-in attempt comes from, for its throttling (geo/db/signin.py): the
    connection's address, or, when that is a proxy named in TRUSTED_PROXIES, the hop it
    added to X-Forwarded-For (geo/proxies.py); a header from anyone else is ignored.
    Streamlit names no address for 127.0.0.1 (nor without a connection): with no trusted
    hop to go by, this browser session."""
    from geo.proxies import client_address, trusted
    from ui.context import settings

    peer = st.context.ip_address
    address = client_address(peer or _HERE, st.context.headers.get("X-Forwarded-For"),
                             trusted(settings().trusted_proxies))
    if peer is not None or address != _HERE:
        return address
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    run = get_script_run_ctx()
    return f"session {run.session_id}" if run is not None else "unknown"


_HERE = "127.0.0.1"


def page_style() -> None:
    """ui/templates/app.css on this page (a <style> only: Streamlit gives it no space)."""
    st.html(_app_css())


@functools.lru_cache(maxsize=1)
def _app_css() -> str:
    """Read once per process, not on every run."""
    return "<style>" + (Path(__file__).parent / "templates" / "app.css").read_text(encoding="utf-8") + "</style>"


def sign_in_box() -> None:
    ctx = context()
    with st.sidebar:
        notice = st.session_state.pop(NOTICE_KEY, None)
        if notice:
            st.warning(notice)
        if ctx.user is None:
            oidc_user = _oidc_user()
            if oidc_user is not None:
                st.session_state[USER_KEY] = oidc_user
                st.rerun()
        if ctx.user is not None:
            _signed_in(ctx)
        elif PENDING_KEY in st.session_state:
            _choose_password(ctx)
        else:
            _sign_in_form(ctx)


def _signed_in(ctx) -> None:
    st.markdown(f"Signed in as **{plain_markdown(ctx.user.name)}** ({ctx.user.role.label})")
    session_cookie.keep()
    if st.button("Sign out", key="sign_out"):
        session_cookie.end(ctx.store)
        st.session_state.clear()
        if _oidc_configured() and getattr(st.user, "is_logged_in", False):
            st.logout()
        st.rerun()


SIGN_IN_OPEN_KEY = "sign_in_open"


def _sign_in_form(ctx) -> None:
    # The form is drawn only once the box is opened: a resident's first visit then fetches no
    # text-input code (about 20 of Streamlit's script files; bench.weight lists them).
    box = st.expander("Staff sign-in", expanded=False, key=SIGN_IN_OPEN_KEY, on_change="rerun")
    if not box.open:
        return
    with box:
        with st.form("sign_in", clear_on_submit=True):
            name = forms.text(ACCOUNT["name"], key="sign_in_name")
            password = forms.password(ACCOUNT["password"], key="sign_in_password")
            submitted = st.form_submit_button("Sign in")
        if submitted:
            try:
                st.session_state[USER_KEY] = ctx.store.accounts.authenticate(
                    name.strip(), password, client=client_id())
                session_cookie.offer(ctx.store, st.session_state[USER_KEY])
            except PasswordChangeRequired as exc:
                st.session_state[PENDING_KEY] = (exc.name, exc.ticket)
                st.rerun()
            except WardError as exc:
                show.error(exc)
            else:
                st.rerun()
        if _oidc_configured():
            st.button("Sign in with your council account", on_click=st.login, key="oidc")


def _choose_password(ctx) -> None:
    """The one-time password was right: a new password, twice, then signed in."""
    name, ticket = st.session_state[PENDING_KEY]
    st.markdown(f"**Choose a new password for {plain_markdown(name)}**")
    st.info("An administrator reset your password. Choose a new one, at least 10 characters, "
            "to finish signing in.")
    with st.form("choose_password", clear_on_submit=True):
        first = forms.password(ACCOUNT["password"], about="new", key="new_password")
        again = forms.password(ACCOUNT["password"], about="new, again", key="new_password_again")
        submitted = st.form_submit_button("Set password and sign in")
    if submitted:
        if first != again:
            show.error("The two passwords differ; type the same one twice.")
        else:
            try:
                user = ctx.store.accounts.choose_password(name, ticket, first)
            except PermissionDenied as exc:  # the one-time password was replaced meanwhile
                del st.session_state[PENDING_KEY]
                show.error(exc)
            except WardError as exc:
                show.error(exc)
            else:
                del st.session_state[PENDING_KEY]
                st.session_state[USER_KEY] = user
                session_cookie.offer(ctx.store, user)
                st.rerun()
    if st.button("Cancel", key="cancel_password_change"):
        del st.session_state[PENDING_KEY]
        st.rerun()
