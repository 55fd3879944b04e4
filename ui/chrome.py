"""Shared page chrome: the sidebar sign-in box and sign-out.

Called once from app.py, so every page gets the same sidebar."""
from __future__ import annotations

import streamlit as st

from geo.errors import WardError
from geo.text import plain_markdown
from ui import show
from ui.context import USER_KEY, context


def _oidc_configured() -> bool:
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: OIDC is simply not configured
        return False


def _oidc_user():
    """The staff account mapped to the signed-in OIDC email, if any."""
    if not _oidc_configured() or not getattr(st.user, "is_logged_in", False):
        return None
    return context().store.accounts.user_for_email(st.user.get("email") or "")


def sign_in_box() -> None:
    ctx = context()
    with st.sidebar:
        if ctx.user is None:
            oidc_user = _oidc_user()
            if oidc_user is not None:
                st.session_state[USER_KEY] = oidc_user
                st.rerun()
        if ctx.user is not None:
            st.markdown(f"Signed in as **{plain_markdown(ctx.user.name)}** ({ctx.user.role.label})")
            if st.button("Sign out", key="sign_out"):
                st.session_state.clear()
                if _oidc_configured() and getattr(st.user, "is_logged_in", False):
                    st.logout()
                st.rerun()
            return
        with st.expander("Staff sign-in", expanded=False):
            with st.form("sign_in", clear_on_submit=True):
                name = st.text_input("Name", max_chars=64)
                password = st.text_input("Password", type="password", max_chars=200)
                submitted = st.form_submit_button("Sign in")
            if submitted:
                try:
                    st.session_state[USER_KEY] = ctx.store.accounts.authenticate(name.strip(), password)
                except WardError as exc:
                    show.error(exc)
                else:
                    st.rerun()
            if _oidc_configured():
                st.button("Sign in with your council account", on_click=st.login, key="oidc")
