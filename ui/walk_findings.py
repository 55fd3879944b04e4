"""After the walk: one finding resolved in one step (a new commitment, progress on an
existing one, a new site, or closed with a reason), each with the version it was opened at."""
from __future__ import annotations

import streamlit as st

from geo.plan.commitment_checks import NewCommitment
from geo.errors import WardError
from geo.plan.action_plan import TERMS
from geo.status import Progress, Topic
from geo.walks.walkabout import Outcome, StopRecord
from ui import show
from ui.context import context
from geo.records import COMMITMENT, FINDING, NEW_SITE_NAME, PROGRESS_ENTRY
from ui import forms


_TOPICS_HELP = ("At a site, each one chosen ties the commitment to that status of the site: on the map, its panel "
                "and the plan.")


def resolve(stop: StopRecord, label: str) -> None:
    """The controls for one open finding; a press saves it at once and reruns the page."""
    ctx = context()
    k = f"finding_{stop.id}_{stop.version}_"
    with st.expander(f"{label}: {stop.finding}", expanded=True):
        how = st.radio("What does it become?", stop.resolutions, format_func=lambda o: o.label, key=k + "how")
        try:
            if how is Outcome.COMMITMENT:
                c1, c2 = st.columns(2)
                term = c1.selectbox("Term", list(TERMS), format_func=TERMS.get, key=k + "term")
                topics = c2.multiselect("Topics", [t.value for t in Topic], key=k + "topics",
                                        format_func=lambda v: Topic(v).label,
                                        help=_TOPICS_HELP if stop.site_id else None)
                asked = forms.text(COMMITMENT["asked"], value=stop.finding, key=k + "asked")
                will_do = forms.text(COMMITMENT["will_do"], key=k + "will_do")
                lead = forms.text(COMMITMENT["lead"], key=k + "lead")
                c1, c2 = st.columns(2)
                target_text = forms.text(COMMITMENT["target_text"], where=c1, key=k + "target_text")
                target_by = c2.date_input(COMMITMENT["target_by"].label, value=None, format="YYYY-MM-DD",
                                          key=k + "target_by")
                if st.button("Make it a commitment", type="primary", key=k + "save"):
                    new = NewCommitment(term, asked, tuple(will_do.splitlines()), lead, target_text,
                                        target_by.isoformat() if target_by else "", tuple(topics))
                    done = ctx.store.walks.promote(ctx.user, stop.id, expected_version=stop.version, commitment=new)
                    _saved(f"Commitment {done.outcome_ref.upper()} added to the action plan.")
            elif how is Outcome.PROGRESS:
                ids = site_commitments_first(ctx.plan.commitments, _site_ids(ctx, stop))
                cid = st.selectbox("Commitment", ids, key=k + "cid", format_func=lambda i: f"{i.upper()}: "
                                   f"{ctx.plan.commitment(i).asked[:80]} ({ctx.plan.commitment(i).status.label})")
                text = forms.text(PROGRESS_ENTRY["text"], value=stop.finding, key=k + "progress")
                reopen = st.radio("If it was marked done", [None, Progress.NOT_FIXED, Progress.PARTLY_FIXED],
                                  key=k + "reopen", format_func=lambda p: "Leave its status" if p is None else p.label)
                if st.button("Add the progress entry", type="primary", key=k + "save"):
                    ctx.store.walks.promote(ctx.user, stop.id, expected_version=stop.version, progress_on=cid,
                                            progress=text, reopen=reopen)
                    _saved(f"Progress added to commitment {cid.upper()}.")
            elif how is Outcome.SITE:
                name = forms.text(NEW_SITE_NAME, key=k + "name")
                if st.button("Put it on the map", type="primary", key=k + "save"):
                    done = ctx.store.walks.promote_to_site(ctx.user, stop.id, name, expected_version=stop.version)
                    _saved(f"{name} is on the map now, its position approximate.")
            else:
                reason = forms.text(FINDING["close_reason"], key=k + "reason")
                if st.button("Close the finding", type="primary", key=k + "save"):
                    ctx.store.walks.close_finding(ctx.user, stop.id, expected_version=stop.version, reason=reason)
                    _saved("Finding closed.")
        except WardError as exc:
            show.error(exc)


def _saved(message: str) -> None:
    st.session_state["after_notice"] = message
    st.rerun()


def site_commitments_first(commitments, at_site: tuple[str, ...]) -> list[str]:
    """Commitment ids with the finding's site's own first, in the site's order, then the rest."""
    ids = [c.id for c in commitments]
    return [x for x in at_site if x in ids] + [x for x in ids if x not in at_site]


def _site_ids(ctx, stop: StopRecord) -> tuple[str, ...]:
    if not stop.site_id:
        return ()
    try:
        return ctx.store.site(stop.site_id).commitment_ids()
    except WardError:
        return ()

