"""Small rendering helpers shared by pages.  Every cell and line of user
text goes through `plain_markdown`, since Streamlit treats it as Markdown."""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd
import streamlit as st

from geo.text import neutralise, plain_markdown
from ui import html

# Past this many rows a table is shown as a data grid: its cells are plain
# text (no Markdown to escape) and it scrolls instead of filling the page.
GRID_FROM_ROWS = 50
# Past this many rows a table is shown a page at a time: a browser is never sent 10,000 rows.
PAGE_ROWS = 100


def _grid(data: pd.DataFrame) -> None:
    """A data grid whose own "Download as CSV" cannot carry a spreadsheet formula."""
    safe = data.astype(object).map(neutralise)
    safe.columns = [neutralise(c) for c in safe.columns]
    st.dataframe(safe, hide_index=True)


def table(rows: Iterable[Mapping[str, object]], *, empty: str = "Nothing to show yet.") -> None:
    rows = list(rows)
    if not rows:
        st.info(empty)
        return
    if len(rows) > GRID_FROM_ROWS:
        _grid(pd.DataFrame(rows))
        return
    frame = pd.DataFrame([{plain_markdown(k): plain_markdown(v) for k, v in row.items()} for row in rows])
    st.table(frame, hide_index=True)


def frame(data: pd.DataFrame, *, empty: str = "Nothing to show yet.") -> None:
    """`table` for rows already in a DataFrame (read-only: it may be shared)."""
    if len(data) > GRID_FROM_ROWS:
        _grid(data)
    else:
        table(data.to_dict("records"), empty=empty)


def table_html(data: pd.DataFrame) -> str:
    """A table as escaped HTML (ui/templates/table.html.j2): unlike st.table, it needs none of
    Streamlit's table and Arrow code in the browser (about 120 kB a phone fetches on a first visit)."""
    return html.render("table.html.j2", columns=[str(c) for c in data.columns],
                       rows=[["" if v is None else str(v) for v in row] for row in data.itertuples(index=False)])


def small_table_html(data: pd.DataFrame) -> str | None:
    """What `paged` shows of `data` as HTML, made ahead (to be shared), or None past GRID_FROM_ROWS rows."""
    return table_html(data) if not data.empty and len(data) <= GRID_FROM_ROWS else None


def paged(data: pd.DataFrame, *, key: str, noun: str, empty: str = "Nothing to show yet.",
          made: str | None = None) -> None:
    """A table for the public's first screen: as HTML up to GRID_FROM_ROWS rows (table_html), then a
    data grid PAGE_ROWS rows at a time past that many, with a page number to move between them.
    `made` is small_table_html(data), if made already."""
    if data.empty:
        st.info(empty)
        return
    small = made if made is not None else small_table_html(data)
    if small is not None:
        st.html(small)
        return
    if len(data) <= PAGE_ROWS:
        _grid(data)
        return
    pages = -(-len(data) // PAGE_ROWS)
    page = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, step=1, key=key)
    start = (int(page) - 1) * PAGE_ROWS
    rows = data.iloc[start:start + PAGE_ROWS]
    caption(f"{noun.capitalize()} {start + 1:,} to {start + len(rows):,} of {len(data):,}")
    _grid(rows)


def error(message: object) -> None:
    """An error sentence, shown exactly as written: it may quote what a user typed or uploaded."""
    st.error(plain_markdown(message))


def success(message: object) -> None:
    st.success(plain_markdown(message))


def warning(message: object) -> None:
    st.warning(plain_markdown(message))


def info(message: object) -> None:
    st.info(plain_markdown(message))


def caption(message: object) -> None:
    st.caption(plain_markdown(message))


def text(value: object) -> None:
    """A paragraph of user text, shown exactly as typed."""
    st.markdown(plain_markdown(value))


def labelled(label: str, value: object) -> None:
    st.markdown(f"**{plain_markdown(label)}:** {plain_markdown(value)}")
