"""The plain page residents see while the database cannot be reached.

It says so in words (no error box, no traceback), and checks again every
few seconds: as soon as the database answers, the page reloads itself."""
from __future__ import annotations

import logging

import streamlit as st

from geo.errors import StoreUnavailable

RETRY_SECONDS = 10
log = logging.getLogger(__name__)


def show(exc: StoreUnavailable) -> None:
    log.warning("Database unavailable: %s", exc.__cause__ or exc)
    st.title("Ward safety map")
    st.warning("The map is unavailable just now because its database cannot be reached. "
               "Please try again in a few minutes: this page checks again by itself every "
               f"{RETRY_SECONDS} seconds and comes back as soon as it can.", icon=":material/cloud_off:")
    st.markdown("In an emergency, or if a crime is happening now, call **999**. "
                "To report a non-emergency crime, call **101**.")
    _check_again()


@st.fragment(run_every=RETRY_SECONDS)
def _check_again() -> None:
    from ui.context import context

    try:
        context().store.revision()
    except StoreUnavailable:
        return
    st.rerun(scope="app")
