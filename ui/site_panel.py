"""The panel a resident sees after choosing a site: its three statuses,
details and dates, the commitments behind them with their progress history,
public design notes and the site's timeline of changes."""
from __future__ import annotations

import streamlit as st

from geo import history
from geo.model import Site, describe_date, describe_day
from geo.plan import ActionPlan
from geo.status import Topic
from geo.text import plain_markdown
from ui import show, walk_history


def render(site: Site, plan: ActionPlan, store, *, today) -> None:
    st.subheader(plain_markdown(site.name))
    if site.position.is_approximate:
        st.warning(f"Approximate position: {plain_markdown(site.position_source)}")
    else:
        st.caption(f"Position: {plain_markdown(site.position.label)}. Source: {plain_markdown(site.position_source)}")
    cols = st.columns(3)
    for col, topic in zip(cols, Topic):
        state = site.state(topic)
        with col:
            st.markdown(f"**{topic.label}**")
            st.markdown(f"{state.status.label}  \nsince {plain_markdown(describe_date(state.as_of))}")
            st.caption(plain_markdown(state.detail))
    _commitments(site, plan, today)
    _notes(site, store)
    walk_history.render(site, store)
    _timeline(site, store)


def _commitments(site: Site, plan: ActionPlan, today) -> None:
    st.markdown("#### Commitments behind these statuses")
    ids = site.commitment_ids()
    if not ids:
        st.info("No commitment in the action plan names this site.")
        return
    for cid in ids:
        try:
            c = plan.commitment(cid)
        except KeyError:
            st.warning(f"This site refers to commitment {plain_markdown(cid)}, which the plan does not have.")
            continue
        topics = ", ".join(t.label.lower() for t in Topic if cid in site.state(t).commitments)
        with st.expander(f"{c.id.upper()} ({topics}): {plain_markdown(c.asked)}", expanded=True):
            show.labelled("We will do", " ".join(c.will_do))
            show.labelled("Lead officer or team", c.lead)
            passed = " (target date passed)" if c.target_passed(today) else ""
            show.labelled("Target date", c.target_text + passed)
            show.labelled("Status", c.status.label)
            if not c.progress:
                st.markdown("_No progress update recorded._")
            for entry in c.progress:
                st.markdown(f"- **{plain_markdown(describe_date(entry.date))}:** {plain_markdown(entry.text)}")


def _notes(site: Site, store) -> None:
    notes = store.annotations(include_partners=False, site_id=site.site_id)
    if not notes:
        return
    st.markdown("#### Design-out-crime notes (public)")
    for a in notes:
        st.markdown(
            f"- **{a.category.label}, {a.severity.label.lower()} severity** "
            f"({plain_markdown(describe_day(a.created_at))}): {plain_markdown(a.observation)}"
            + (f" Recommendation: {plain_markdown(a.recommendation)}" if a.recommendation else "")
        )


def _timeline(site: Site, store) -> None:
    st.markdown("#### What changed and when")
    found = history.entries(store.history(site_id=site.site_id, include_partners=False), [site])
    show.table(({"When": e.when_text, "Who": e.who, "What changed": e.summary, "Why": e.reason} for e in found),
               empty="No changes since the action plan was loaded.")
