"""The Partnership Action Plan: a summary, then every commitment, its sites, status and dates."""
import streamlit as st

from geo import clock
from geo.crime.offences import OffenceGroup
from geo.plan.action_plan import TERMS
from geo.sites.summary import Standing, sites_for_commitment, standing, standing_text, standings
from geo.text import plain_markdown
from ui import commitment_view, show, voice_buttons
from ui.context import context

ctx = context()
plan = ctx.plan
sites = ctx.store.sites()
today = clock.today()
drugs = ctx.store.crime_totals().trend(OffenceGroup.DRUGS)
verdicts = ctx.store.voice.tallies()  # residents' "still a problem" / "looks fixed now"

st.title("Partnership Action Plan")
st.markdown(plain_markdown(plan.title))
counts = standings(plan.commitments, today)
ALWAYS_COUNTED = (Standing.DONE, Standing.IN_PROGRESS, Standing.OVERDUE)  # the rest only when some are
st.markdown(f"**{len(plan.commitments)} commitments:** "
            + " · ".join(f"{n} {s.label.lower()}" for s, n in counts.items() if n or s in ALWAYS_COUNTED))
shown = st.multiselect("Show commitments that are", [s for s, n in counts.items() if n], format_func=lambda s: s.label,
                       default=[s for s, n in counts.items() if n], key="plan_filter")
st.caption(plain_markdown(plan.progress_dating))
if drugs is not None:  # once, for every commitment about drugs
    st.info(f"Ward crime context: {drugs.sentence} (for the commitments about drugs)", icon=":material/trending_flat:")

one = st.query_params.get("commitment")  # a commitment's own link: /plan?commitment=st-1
if one is not None and one not in plan.ids:
    st.warning("That link names a commitment the plan does not have; here is the whole plan.")
    one = None
if one:
    st.page_link("pages/action_plan.py", label="Show the whole plan", icon=":material/checklist:")

for term, heading in TERMS.items():
    chosen = [c for c in plan.in_term(term) if (c.id == one if one else standing(c, today) in shown)]
    if not chosen:
        continue
    st.header(heading)
    for c in chosen:
        with st.container(border=True):
            st.markdown(f"**{c.id.upper()} · {standing_text(c, today)}.** You asked: {plain_markdown(c.asked)}")
            linked = sites_for_commitment(c.id, sites)
            for s, topics in linked:
                words = ", ".join(f"{t.label.lower()} {s.state(t).status.label.lower()}" for t in topics)
                st.page_link("pages/map.py", label=f"{plain_markdown(s.name)}: {words}",
                             query_params={"site": s.site_id}, icon=":material/location_on:")
            with st.expander("What we will do, whom to call, and progress", expanded=bool(one)):
                commitment_view.details(c, plan, today)
                commitment_view.follow_links(c)
            voice_buttons.for_commitment(c, verdicts, ctx.store, where="plan")

st.header("Glossary")
show.table({"Term": term, "Meaning": meaning} for term, meaning in plan.glossary)
