"""Published walk photos on a page: <img src="/photos/{ref}.jpg" alt="caption">, from a
Jinja template with autoescape (a caption is user text)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import streamlit as st
from jinja2 import Environment, FileSystemLoader, select_autoescape


@lru_cache(maxsize=1)
def _template():
    env = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True))
    return env.get_template("walk_photos.html.j2")


def published(photos: list[dict]) -> None:
    """Show these photos (each published: the route serves nothing else)."""
    if photos:
        st.html(_template().render(photos=[p for p in photos if p["published"]]))
