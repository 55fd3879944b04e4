"""HTML the pages show through st.html, from Jinja templates in ui/templates/ with
autoescape on: everything passed in is data, never markup.  st.html also runs
it through DOMPurify and never runs scripts."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import streamlit as st
from jinja2 import Environment, FileSystemLoader, select_autoescape


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                       autoescape=select_autoescape(default=True, default_for_string=True))


def render(template: str, **values) -> str:
    return _environment().get_template(template).render(**values)


def show(template: str, **values) -> None:
    st.html(render(template, **values))
