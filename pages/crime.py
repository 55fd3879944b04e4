"""Recorded crime in the ward, by month, for the offence groups the plan bears on."""
import streamlit as st

from geo.crime.offences import OffenceGroup, empty_leading_months
from geo.model import describe_date
from geo.text import plain_markdown
from ui import show
from ui.charts import small_multiples
from ui.context import context

ctx = context()
summary = ctx.store.crime_totals()  # summed when the counts were loaded: small, whatever the file's size
st.title("Recorded crime in the ward")
if summary.span is None:
    st.info("No crime figures are loaded yet.")
    st.stop()

first, last = summary.span
st.markdown(
    f"Offences recorded by the Metropolitan Police in {plain_markdown(ctx.ward.name)} ward, "
    f"{describe_date(first)} to {describe_date(last)}, for the offence groups the action plan bears on."
)
trend = summary.trend(OffenceGroup.DRUGS)
if trend is not None:
    show.info(trend.sentence)

totals = summary.frame()
empty = empty_leading_months(totals)
if empty:
    totals = totals.iloc[len(empty):]
    st.caption(f"Not charted: {', '.join(describe_date(m) for m in empty)}, where the file records no offence "
               "of any kind, which most likely means the month is incomplete rather than crime-free.")
totals = totals.rename(columns={g.value: g.label for g in OffenceGroup})
shown = [g.label for g in OffenceGroup if g is not OffenceGroup.OTHER and g.label in totals.columns]
choice = st.multiselect("Offence groups", shown, default=shown)
if choice:
    st.subheader("Offences recorded each month")
    st.caption("One chart per offence group, each with its own scale: compare the numbers, not the heights.")
    notes = {g.label: t.words for g in OffenceGroup if (t := summary.trend(g)) is not None}
    small_multiples(totals[choice], notes, y_title="Offences recorded")
show.caption(" · ".join(a.text for a in ctx.ward.attributions if "crime" in a.data.lower()))
