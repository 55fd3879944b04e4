"""What every page needs: the ward, the plan, the store and who is signed in.

Opened once per process (geo.process, shared with the web routes); the store
reads the database on every call, so one editor's change shows everywhere at once."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import streamlit as st

from geo import settings as settings_module
from geo.model import User
from geo.plan.action_plan import ActionPlan
from geo.roles import Action, can
from geo.sites.ward import Ward

USER_KEY = "signed_in_user"
NOTICE_KEY = "account_notice"  # why the signed-in user was signed out or changed, shown once


@dataclass(frozen=True)
class Context:
    ward: Ward
    store: object
    user: User | None

    @cached_property
    def plan(self) -> ActionPlan:
        """The action plan as the store has it now (read once per page run); partners-only progress
        entries only for a signed-in partner."""
        return self.store.plan(include_partners=self.can(Action.SEE_PARTNER_NOTES))

    def can(self, action: Action) -> bool:
        return can(self.user, action)


def _opened():
    """The process's settings, ward and store (geo.process: shared with the web routes)."""
    from geo import process

    return process.opened(settings_module.load())


def settings():
    return _opened().settings


def context() -> Context:
    opened = _opened()
    return Context(opened.ward, opened.store, _signed_in(opened.store))


def _signed_in(store) -> User | None:
    """The signed-in user as the database has them now, read on every run: a disabled,
    deleted or reset account is signed out, and a new role takes effect, at the
    session's next action (the session keeps only who signed in)."""
    kept = st.session_state.get(USER_KEY)
    if kept is None:  # a new session (a reload, a reopened tab): the browser's sign-in cookie, if any
        from ui import session_cookie

        kept = store.sessions.resume(session_cookie.token())
        if kept is None:
            return None
        st.session_state[USER_KEY] = kept
    fresh = store.accounts.current(kept)
    if fresh is None or fresh.disabled or fresh.must_change_password:
        del st.session_state[USER_KEY]
        st.session_state[NOTICE_KEY] = "You have been signed out: " + (
            "this account no longer exists." if fresh is None else
            "an administrator disabled this account." if fresh.disabled else
            "an administrator reset the password. Sign in with the one-time password they give you.")
        return None
    if fresh != kept:
        st.session_state[USER_KEY] = fresh
        if fresh.role is not kept.role:
            st.session_state[NOTICE_KEY] = f"An administrator changed your role to {fresh.role.label}."
    return fresh


@dataclass(frozen=True)
class MapInputs:
    """What the map page builds from the sites, once per data revision (read-only: shared)."""

    payload: str  # the map's site data (geo.sites.mapview.site_payload)
    table: object  # the sites table, a pandas DataFrame
    notes: list[str]  # what the data does not know (geo.sites.summary.unknowns)
    directory: object  # geo.sites.directory.SiteDirectory: the sites by id and number, and a search


@st.cache_resource(max_entries=8, show_spinner=False)
def _built_for_revision(database: str, revision: tuple, _store) -> MapInputs:
    """What the map page builds from the sites, made once per data revision and
    shared by every session (read-only).  The sites are read after the revision,
    so a write in between can only cause one extra rebuild, never a stale entry."""
    from geo.sites.directory import SiteDirectory
    from geo.sites.mapview import site_payload
    from geo.sites.summary import numbered_site_rows, unknowns

    import pandas as pd

    from geo.gating.case import site_lines
    from geo.status import Topic

    sites = _store.sites()
    today = revision[-1]
    lines = site_lines(_store.gating.cases(), today)  # each gate's stage, in plain words (geo.gating.case)
    gating = Topic.GATING.label  # each gate's line goes in the gating column: no wider a table on a phone
    rows = [{**row, gating: " ".join(filter(None, (row[gating], lines.get(site.site_id))))}
            for site, row in zip(sites, numbered_site_rows(sites), strict=True)]
    return MapInputs(site_payload(sites, gates=lines), pd.DataFrame(rows), unknowns(sites), SiteDirectory(sites))


def map_inputs(store) -> MapInputs:
    """What the map page shows of the store's current sites, cached until the data changes
    or the day does (a gate's "Have your say by" ends with its day)."""
    from geo import clock

    return _built_for_revision(store.where, (*store.revision(), clock.today()), store)
