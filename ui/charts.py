"""Charts, built with Altair (which Streamlit ships with; Vega draws them in the
browser, fetching nothing from elsewhere).

Monthly crime is shown as small multiples: one short chart per offence group,
stacked, each with its own scale and its name above it as text that wraps, so
no legend is needed and small groups are not flattened under large ones on a
phone.  Each chart's numbers are in a table just below it, for screen readers."""
from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import pandas as pd
import streamlit as st

from geo.text import plain_markdown
from ui import show

COLOUR = "#0072B2"  # Okabe-Ito blue: safe for colour blindness, 5:1 on white
HEIGHT = 130


def monthly_line(counts: pd.Series, *, label: str, y_title: str) -> alt.Chart:
    """One group's counts (index: month starts) as a line from zero, with a point per month."""
    data = pd.DataFrame({"Month": counts.index, y_title: counts.to_numpy()})
    return (
        alt.Chart(data, description=f"{label}: {y_title.lower()} each month")
        .mark_line(point=alt.OverlayMarkDef(size=20, filled=True, color=COLOUR), strokeWidth=2, color=COLOUR)
        .encode(
            x=alt.X("Month:T", title=None, axis=alt.Axis(format="%b %Y", tickCount=4, labelAngle=0, grid=False,
                                                          labelOverlap=True)),
            y=alt.Y(f"{y_title}:Q", title=None, scale=alt.Scale(zero=True, nice=True),
                    axis=alt.Axis(tickCount=3, tickMinStep=1, format="d")),
            tooltip=[alt.Tooltip("Month:T", format="%B %Y"), alt.Tooltip(f"{y_title}:Q")],
        )
        .properties(height=HEIGHT)
        .configure_axis(labelFontSize=12, labelColor="#31333F", domainColor="#808495", tickColor="#808495")
        .configure_view(strokeWidth=0)
    )


def small_multiples(totals: pd.DataFrame, notes: Mapping[str, str], *, y_title: str) -> None:
    """A short chart for each column of `totals` (index: month starts), under its name and its note,
    with its numbers as a two-column table in an expander below it."""
    for label in totals.columns:
        st.markdown(f"**{plain_markdown(label)}**")
        if notes.get(label):
            st.caption(plain_markdown(notes[label]))
        st.altair_chart(monthly_line(totals[label], label=label, y_title=y_title), width="stretch",
                        alt=f"Line chart: {label}, {y_title.lower()} each month. The numbers are in the table below.")
        with st.expander(f"{plain_markdown(label)}: the numbers"):
            show.table({"Month": f"{month:%B %Y}", y_title: f"{count:,}"} for month, count in totals[label].items())
