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
from ui.shared import Shared

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
    table: object  # ui.show.MadeTable: the sites table, made ready for ui.show.paged
    notes: list[str]  # what the data does not know (geo.sites.summary.unknowns)
    directory: object  # geo.sites.directory.SiteDirectory: the sites by id and number, and a search
    revision: tuple  # the data revision and the day these were built for: a key for what is built from them


def _build_for_revision(revision: tuple, store) -> MapInputs:
    """What the map page builds from the sites, made once per data revision and
    shared by every session (read-only).  The sites are read after the revision,
    so a write in between can only cause one extra rebuild, never a stale entry."""
    from geo.sites.directory import SiteDirectory
    from geo.sites.mapview import site_payload
    from geo.sites.summary import numbered_site_rows, unknowns

    import pandas as pd

    from geo.gating.case import site_lines
    from geo.status import Topic
    from ui import show

    sites = store.sites()
    today = revision[-1]
    lines = site_lines(store.gating.cases(), today)  # each gate's stage, in plain words (geo.gating.case)
    gating = Topic.GATING.label  # each gate's line goes in the gating column: no wider a table on a phone
    rows = [{**row, gating: " ".join(filter(None, (row[gating], lines.get(site.site_id))))}
            for site, row in zip(sites, numbered_site_rows(sites), strict=True)]
    return MapInputs(site_payload(sites, gates=lines), show.made_table(pd.DataFrame(rows)), unknowns(sites),
                     SiteDirectory(sites), revision)


def map_inputs(store) -> MapInputs:
    """What the map page shows of the store's current sites, cached until the data changes
    or the day does (a gate's "Have your say by" ends with its day)."""
    from geo import clock

    revision = (*store.revision(), clock.today())
    return _built_for_revision.get((store.where, revision), revision, store)


def _render_resident_map(topic, tiles, asset_base_url, ward: Ward, inputs: MapInputs, store):
    """The resident map rendered for st_folium's component (ui.map_component), once per data
    revision and map settings, and shared by every session (read-only).  Every note written is
    a history entry, so the revision moves with the public notes too; they are read after it,
    so a note written in between can only cause one extra rendering, never a stale map."""
    from geo.sites.mapview import build_map
    from ui.map_component import rendered

    notes = store.annotations(include_partners=False)
    return rendered(build_map(ward, inputs.directory.sites, topic=topic, annotations=notes, tiles=tiles,
                              asset_base_url=asset_base_url, payload=inputs.payload))


# Made once per database and revision (and map settings), shared by every session (ui.shared).
_built_for_revision = Shared(_build_for_revision, keep=8)
_rendered_resident_map = Shared(_render_resident_map, keep=8)


def resident_map(ctx: Context, inputs: MapInputs, *, topic):
    """The resident map of `inputs` (map_inputs) with the public notes, ready for ui.map_component.show."""
    config = settings()
    key = (ctx.store.where, inputs.revision, topic, config.map_tiles, config.asset_base_url)
    return _rendered_resident_map.get(key, topic, config.map_tiles, config.asset_base_url, ctx.ward, inputs,
                                      ctx.store)
