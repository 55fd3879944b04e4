"""Recorded crime in the ward, by month, for the offence groups the plan bears on."""
import streamlit as st

from geo.crime import OffenceGroup, drug_trend, empty_leading_months, month_range, monthly_totals
from geo.model import describe_date
from geo.text import plain_markdown
from ui import show
from ui.charts import monthly_lines
from ui.context import context

ctx = context()
rows = ctx.store.crime_rows()
st.title("Recorded crime in the ward")
if not rows:
    st.info("No crime figures are loaded yet.")
    st.stop()

first, last = month_range(rows)
st.markdown(
    f"Offences recorded by the Metropolitan Police in {plain_markdown(ctx.ward.name)} ward, "
    f"{describe_date(first)} to {describe_date(last)}, for the offence groups the action plan bears on."
)
trend = drug_trend(rows)
if trend is not None:
    show.info(trend.sentence)

totals = monthly_totals(rows)
empty = empty_leading_months(totals)
if empty:
    totals = totals.iloc[len(empty):]
    st.caption(f"Not charted: {', '.join(describe_date(m) for m in empty)}, where the file records no offence "
               "of any kind, which most likely means the month is incomplete rather than crime-free.")
totals = totals.rename(columns={g.value: g.label for g in OffenceGroup})
shown = [g.label for g in OffenceGroup if g is not OffenceGroup.OTHER and g.label in totals.columns]
choice = st.multiselect("Offence groups", shown, default=shown)
if choice:
    st.altair_chart(monthly_lines(totals[choice], y_title="Offences recorded"), use_container_width=True)
    with st.expander("The numbers in the chart"):
        numbers = totals[choice].copy()
        numbers.index = numbers.index.strftime("%b %Y")
        st.table(numbers)
show.caption(" · ".join(a.text for a in ctx.ward.attributions if "crime" in a.data.lower()))
