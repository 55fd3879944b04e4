"""Small rendering helpers shared by pages.  Every cell and line of user
text goes through `plain_markdown`, since Streamlit treats it as Markdown."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import pandas as pd
import pyarrow as pa
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
    st.dataframe(_safe(data), hide_index=True)


def _safe(data: pd.DataFrame) -> pd.DataFrame:
    safe = data.astype(object).map(neutralise)
    safe.columns = [neutralise(c) for c in safe.columns]
    return safe


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


@dataclass(frozen=True)
class MadeTable:
    """A table made ready once for `paged` to show on many runs (shared, read-only): its HTML while it
    is small, else its cells neutralised into one Arrow table, each page a slice of it (no copy)."""
    rows: int
    html: str | None = None
    grid: pa.Table | None = None


def made_table(data: pd.DataFrame) -> MadeTable:
    """What `paged` shows of `data`, made ahead: at 1,000 rows neutralising and converting a page
    cost most of a run."""
    from streamlit.dataframe_util import convert_pandas_df_to_arrow_table

    if data.empty:
        return MadeTable(0)
    if len(data) <= GRID_FROM_ROWS:
        return MadeTable(len(data), html=table_html(data))
    return MadeTable(len(data), grid=convert_pandas_df_to_arrow_table(_safe(data)))  # as st.dataframe would


def paged(made: MadeTable, *, key: str, noun: str, empty: str = "Nothing to show yet.",
          grid_on_request: bool = False) -> None:
    """A table for the public's first screen (made_table's): as HTML up to GRID_FROM_ROWS rows, then a
    data grid PAGE_ROWS rows at a time past that many, with a page number to move between them.
    With grid_on_request the data grid is drawn only once its box is opened: on a page with a map,
    mounting the grid held the map up by a third of a second."""
    if not made.rows:
        st.info(empty)
        return
    if made.html is not None:
        st.html(made.html)
        return
    if grid_on_request:
        box = st.expander(f"Show all {made.rows:,} {noun}, {PAGE_ROWS} at a time", key=f"{key}_open",
                          on_change="rerun")
        if box.open:
            with box:
                _pages(made, key=key, noun=noun)
        return
    _pages(made, key=key, noun=noun)


def _pages(made: MadeTable, *, key: str, noun: str) -> None:
    if made.rows <= PAGE_ROWS:
        st.dataframe(made.grid, hide_index=True)
        return
    pages = -(-made.rows // PAGE_ROWS)
    page = st.number_input(f"Page (of {pages:,})", min_value=1, max_value=pages, value=1, step=1, key=key)
    start = (int(page) - 1) * PAGE_ROWS
    rows = made.grid.slice(start, PAGE_ROWS)
    caption(f"{noun.capitalize()} {start + 1:,} to {start + rows.num_rows:,} of {made.rows:,}")
    st.dataframe(rows, hide_index=True)


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
