"""The panel a resident sees after choosing a site, as a short page: where it
stands on each topic, each gate's gating case, the commitments behind it with their
progress, public design notes, what changed and when, and links to report a
problem there and to share it.

Each section is a function of a `Panel`; SECTIONS lists them in order, so one
more section is one more function."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

import streamlit as st

from geo import history
from geo.model import Site, describe_date, describe_day
from geo.plan.action_plan import ActionPlan
from geo.status import Topic
from geo.text import plain_markdown
from geo.voice.feedback import SITE
from ui import (
    commitment_view, gating_packs, gating_view, history_list, html, voice_buttons, walk_history,
)
from ui.context import context, settings

HEADING_ANCHOR = "site-details"


@dataclass(frozen=True)
class Panel:
    site: Site
    plan: ActionPlan
    store: object
    today: date
    number: int | None
    changes: list  # geo.history entries for this site, newest first


def render(site: Site, plan: ActionPlan, store, *, today, number: int | None = None, glanced: bool = False) -> None:
    """The whole panel; glanced: its name and three statuses are already shown (glance), so the
    rest follows."""
    changes = history.entries(store.history(site_id=site.site_id, include_partners=False), [site])
    panel = Panel(site, plan, store, today, number, changes)
    for section in SECTIONS[2:] if glanced else SECTIONS:
        section(panel)


def glance(site: Site) -> None:
    """The site's name and its three statuses, short: what a resident sees first after a tap, in
    the phone's first screen (the rest of the panel follows below)."""
    _name(site)
    _status_lines(site)


def _name(site: Site) -> None:
    st.subheader(plain_markdown(site.name), anchor=HEADING_ANCHOR)


def _status_lines(site: Site) -> None:
    st.markdown("  \n".join(f"**{t.label}:** {site.state(t).status.label}" for t in Topic))


def _heading(p: Panel) -> None:
    _name(p.site)


def _position(p: Panel) -> None:
    facts = [f"Number {p.number} on the map"] if p.number is not None else []
    if p.changes:
        facts.append(f"Last updated {p.changes[0].day_text}")
    if facts:
        st.caption(" · ".join(facts))
    if p.site.position.is_approximate:
        st.warning(f"Approximate position: {plain_markdown(p.site.position_source)}")
    else:
        st.caption(f"Position: {plain_markdown(p.site.position.label)}. "
                   f"Source: {plain_markdown(p.site.position_source)}")


def _glance_statuses(p: Panel) -> None:
    _status_lines(p.site)


def _statuses(p: Panel) -> None:
    st.markdown("#### Where it stands")
    lines = []
    for topic in Topic:
        state = p.site.state(topic)
        detail = f" {plain_markdown(state.detail)}" if state.detail else ""
        since = plain_markdown(describe_date(state.as_of))
        lines.append(f"- **{topic.label}: {state.status.label}** since {since}.{detail}")
    st.markdown("\n".join(lines))


def _gating_cases(p: Panel) -> None:
    """Each gate's case in plain words; while representations are open, how to have a say (ui.gating_view)."""
    ward = context().ward
    gating_view.render(p.store.gating.cases(p.site.site_id), p.plan, p.today,
                       contacts=ward.representations_contacts,
                       packs=lambda case: gating_packs.render(p.store, ward.name, p.site, case, partners=False))


def _commitments(p: Panel) -> None:
    st.markdown("#### Commitments behind these statuses")
    site, ids = p.site, p.site.commitment_ids()
    if not ids:
        st.info("No commitment in the action plan names this site.")
        return
    verdicts = p.store.voice.tallies()
    for cid in ids:
        try:
            c = p.plan.commitment(cid)
        except KeyError:
            st.warning(f"This site refers to commitment {plain_markdown(cid)}, which the plan does not have.")
            continue
        topics = ", ".join(t.label.lower() for t in Topic if cid in site.state(t).commitments)
        with st.expander(f"{c.id.upper()} ({topics}): {plain_markdown(c.asked)}", expanded=True):
            commitment_view.details(c, p.plan, p.today)
            voice_buttons.for_commitment(c, verdicts, p.store, where=f"site_{site.site_id}")


def _notes(p: Panel) -> None:
    notes = p.store.annotations(include_partners=False, site_id=p.site.site_id)
    if not notes:
        return
    st.markdown("#### Design-out-crime notes (public)")
    for a in notes:
        st.markdown(
            f"- **{a.category.label}, {a.severity.label.lower()} severity** "
            f"({plain_markdown(describe_day(a.created_at))}): {plain_markdown(a.observation)}"
            + (f" Recommendation: {plain_markdown(a.recommendation)}" if a.recommendation else "")
        )


def _timeline(p: Panel) -> None:
    st.markdown("#### What changed and when")
    history_list.render(p.changes, label=f"What changed at {p.site.name}, newest first",
                        empty="No changes since the action plan was loaded.")


def _links(p: Panel) -> None:
    st.markdown("#### Tell someone")
    voice_buttons.for_site(p.site, p.store.voice.tallies(SITE), p.store)
    name = plain_markdown(p.site.name)
    st.page_link("pages/report_a_problem.py", label=f"Report a problem at {name}",
                 query_params={"site": p.site.site_id}, icon=":material/report:")
    st.page_link("pages/feel_unsafe.py", label=f"I felt unsafe at {name}", query_params={"site": p.site.site_id},
                 icon=":material/report:")
    html.show("share_link.html.j2", label=f"Link to share {p.site.name}:",
              url=share_url(p.site.site_id))


def share_url(site_id: str) -> str:
    """This site on the map at the app's public address (WARD_PUBLIC_URL), whatever address
    this browser came in by."""
    return f"{settings().public_url}/map?{urlencode({'site': site_id})}"


def _walks(p: Panel) -> None:
    walk_history.render(p.site, p.store)


SECTIONS = (_heading, _glance_statuses, _position, _statuses, _gating_cases, _commitments, _notes, _walks,
            _timeline, _links)
