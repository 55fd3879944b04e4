"""The one way a staff page refuses the wrong role: its own sentence (geo.navigation), then stop."""
from __future__ import annotations

import streamlit as st

from geo.navigation import PageSpec
from ui import show
from ui.context import context


def guard(page: PageSpec) -> None:
    """Stop the page with its refusal unless the signed-in user, as the store has them now, may use it."""
    if page.action is not None and not context().can(page.action):
        show.error(page.refusal)
        st.stop()
