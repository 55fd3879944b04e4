"""The app's st.Page objects for geo.navigation's pages: made once per process, copied per run.

Making an st.Page looks its file up on disk; making all 19 on every run was a seventh of the
server's time when a crowd opened the map (bench/load.py).  A copy per run, because
st.navigation marks on the page object itself which page this run may run."""
from __future__ import annotations

import copy
from functools import lru_cache

import streamlit as st

from geo import navigation
from geo.model import User


def pages_for(user: User | None, app_folder: str) -> list[st.Page]:
    """The pages `user` may see (geo.navigation.pages_for), fresh for this run."""
    made = _made_once(app_folder)
    return [copy.copy(made[spec]) for spec in navigation.pages_for(user)]


@lru_cache(maxsize=4)
def _made_once(app_folder: str) -> dict[navigation.PageSpec, st.Page]:
    """Every page of the app in `app_folder` (st.Page finds the files beside the running app)."""
    return {spec: st.Page(spec.path, title=spec.title, icon=spec.icon, url_path=spec.url_path,
                          default=spec is navigation.DEFAULT) for spec in navigation.PAGES}
