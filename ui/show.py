"""Small rendering helpers shared by pages.  Every cell and line of user
text goes through `plain_markdown`, since Streamlit treats it as Markdown."""
from __future__ import annotations

from typing import Iterable, Mapping

import pandas as pd
import streamlit as st

from geo.text import plain_markdown


def table(rows: Iterable[Mapping[str, object]], *, empty: str = "Nothing to show yet.") -> None:
    rows = list(rows)
    if not rows:
        st.info(empty)
        return
    frame = pd.DataFrame([{plain_markdown(k): plain_markdown(v) for k, v in row.items()} for row in rows])
    st.table(frame, hide_index=True)


def text(value: object) -> None:
    """A paragraph of user text, shown exactly as typed."""
    st.markdown(plain_markdown(value))


def labelled(label: str, value: object) -> None:
    st.markdown(f"**{plain_markdown(label)}:** {plain_markdown(value)}")
