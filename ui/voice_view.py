"""What residents have told us, for everyone: the table of published squares with their reasons counted;
for signed-in staff, the squares whose counts are rising.  Aggregates only (geo.voice.aggregate)."""
from __future__ import annotations

import streamlit as st

from geo.voice.aggregate import Aggregate
from geo.voice.voice_summary import area_rows
from ui import show


def table(found: Aggregate) -> None:
    if not found.total:
        st.info("No one has reported feeling unsafe here yet.")
        return
    st.markdown(f"**{found.total} report{'s' if found.total != 1 else ''}** kept. A square of the map shows once "
                f"{found.k} or more reports share it; fewer are counted in the bigger square around it, or "
                "in the rest of the ward.")
    show.table(area_rows(found))


def rising(trends: Aggregate) -> None:
    st.subheader("Rising (staff only)")
    up = trends.rising()
    if not up:
        st.markdown("No square has more reports in the last four weeks than in the four before.")
        return
    show.table({"Area": a.name, "Last 4 weeks": a.recent, "4 weeks before": a.before} for a in up)
