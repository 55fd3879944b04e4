"""The Partnership Action Plan: every commitment, its sites, status and dates."""
import streamlit as st

from geo import clock
from geo.crime import OffenceGroup
from geo.model import describe_date
from geo.plan import TERMS
from geo.summary import sites_for_commitment, target_text
from geo.text import plain_markdown
from ui import show
from ui.context import context

ctx = context()
plan = ctx.plan
sites = ctx.store.sites()
today = clock.today()
drugs = ctx.store.crime_totals().trend(OffenceGroup.DRUGS)

st.title("Partnership Action Plan")
st.markdown(plain_markdown(plan.title))
st.caption(plain_markdown(plan.progress_dating))

for term, heading in TERMS.items():
    st.header(heading)
    for c in plan.in_term(term):
        with st.container(border=True):
            st.markdown(f"**{c.id.upper()}. You asked:** {plain_markdown(c.asked)}")
            show.labelled("We will do", " ".join(c.will_do))
            show.labelled("Lead officer or team", c.lead)
            show.labelled("Target date", target_text(c, today))
            show.labelled("Status", c.status.label)
            if "drugs" in c.topics and drugs is not None:
                st.info(f"Ward crime context: {drugs.sentence}", icon=":material/trending_flat:")
            linked = sites_for_commitment(c.id, sites)
            if linked:
                st.markdown("**Sites:**")
                for s, topics in linked:
                    words = ", ".join(f"{t.label.lower()} {s.state(t).status.label.lower()}" for t in topics)
                    st.page_link("pages/map.py", label=f"{plain_markdown(s.name)}: {words}", query_params={"site": s.site_id})
            if c.progress:
                st.markdown("**Progress updates:**")
                for entry in c.progress:
                    st.markdown(f"- **{plain_markdown(describe_date(entry.date))}:** {plain_markdown(entry.text)}")
            else:
                st.markdown("_No progress update recorded._")

st.header("Glossary")
show.table({"Term": term, "Meaning": meaning} for term, meaning in plan.glossary)
