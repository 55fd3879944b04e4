"""Charts, built with Altair (which Streamlit ships with) so that every line
has its own colour and dash pattern, and the legend has room for its labels."""
from __future__ import annotations

import altair as alt
import pandas as pd

# Okabe-Ito colours, safe for colour blindness; dashes tell lines apart too.
_COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
_DASHES = [[1, 0], [6, 3], [2, 2], [8, 3, 2, 3], [4, 4], [1, 3], [10, 2]]


def monthly_lines(totals: pd.DataFrame, *, y_title: str) -> alt.Chart:
    """One line per column of `totals` (index: month starts)."""
    long = totals.rename_axis("Month").reset_index().melt("Month", var_name="Group", value_name=y_title)
    groups = list(totals.columns)
    colour = alt.Color("Group:N", sort=groups, scale=alt.Scale(domain=groups, range=_COLOURS[: len(groups)]),
                       legend=alt.Legend(orient="bottom", columns=2, labelLimit=320, title=None))
    dash = alt.StrokeDash("Group:N", sort=groups, scale=alt.Scale(domain=groups, range=_DASHES[: len(groups)]),
                          legend=None)
    return (
        alt.Chart(long, title=alt.Title(y_title, anchor="start"))
        .mark_line(point=True, strokeWidth=2)
        .encode(
            x=alt.X("Month:T", title="Month", axis=alt.Axis(format="%b %Y")),
            y=alt.Y(f"{y_title}:Q", title=y_title),
            color=colour,
            strokeDash=dash,
            tooltip=[alt.Tooltip("Month:T", format="%B %Y"), "Group:N", f"{y_title}:Q"],
        )
        .properties(height=360)
    )
