"""The planning team's editor of a site's gating cases: choose or open a case (one per gate), record
the items of its stage and the next, mark the next stage (the store says, in words, what is missing),
and keep its consultations and representations (ui.gating_records).  Every write goes through the
store's gating book (geo.db.gating_store); an error is a sentence and the form keeps what was typed."""
from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from geo import clock
from geo.errors import StaleEdit, Unchanged, WardError
from geo.gating.case import GatingCase, obstacles, stage_words
from geo.gating.stages import ANY_STAGE, ITEMS, Outcome, Stage
from geo.model import Site
from geo.records import GATING_CASE, REASON
from geo.text import plain_markdown
from ui import forms, gating_packs, gating_records, show
from ui.edits import to_date

_SAVED = "gating_case_saved"  # the last write's sentence, shown after the rerun it causes
_CHOSEN = "gating_case_chosen"


def render(ctx, site: Site) -> None:
    st.header("Gating cases", anchor="gating-cases")
    st.caption("One case per gate, through the statutory stages of a Public Spaces Protection Order.")
    done = st.session_state.pop(_SAVED, None)
    if done:
        show.success(done)
    cases = ctx.store.gating.cases(site.site_id)
    case = _choose(cases, site)
    if case is None:
        _open_form(ctx, site, first=not cases)
        return
    _stage(case)
    _items_form(ctx, case)
    _notice_photo(ctx, case)
    _advance(ctx, case)
    gating_records.render(ctx, case, write)
    gating_packs.render(ctx.store, ctx.ward.name, site, case, partners=True)
    if cases:
        with st.expander("Open a case for another gate at this site"):
            _open_form(ctx, site, first=False)


def write(action: Callable[[], GatingCase | None], saved: str) -> None:
    """Run one store write: saved, say `saved` after a rerun; refused, say why (the form keeps its values)."""
    try:
        action()
    except StaleEdit as exc:
        show.error(f"{exc} Reload the page to see the newer values.")
        return
    except Unchanged as exc:
        st.info(plain_markdown(exc))
        return
    except WardError as exc:
        show.error(f"Nothing was saved: {exc}")
        return
    st.session_state[_SAVED] = saved
    st.rerun()


def _choose(cases: list[GatingCase], site: Site) -> GatingCase | None:
    if not cases:
        st.info(f"{site.name} has no gating case yet.")
        return None
    names = {c.id: f"{c.gate} ({c.stage.label})" for c in cases}
    chosen = st.selectbox("Gate", list(names), format_func=names.get, key=f"{_CHOSEN}_{site.site_id}")
    return next(c for c in cases if c.id == chosen)


def _stage(case: GatingCase) -> None:
    today = clock.today()
    st.subheader(plain_markdown(f"{case.gate}: {case.stage.label}"))
    st.markdown(plain_markdown(f"{case.position}. Closes: {case.closes}."))
    st.markdown(f"**What residents read:** {plain_markdown(stage_words(case, today))}")
    target = case.stage.next()
    if target is not None:
        missing = obstacles(case, target, today)
        if missing:
            st.markdown(f"**Before it can be marked “{target.label}”:**")
            st.markdown("\n".join(f"- {plain_markdown(m)}" for m in missing))


def _items_form(ctx, case: GatingCase) -> None:
    groups = [(f"**{s.label}** ({plain_markdown(s.step.source)})", s.step.items)
              for s in (case.stage, case.stage.next()) if s and s.step.items]
    if case.stage is not Stage.PROPOSED:
        groups.append(("**Notes, at any stage**", tuple(ITEMS[name] for name in ANY_STAGE)))
    k = f"gc{case.id}v{case.version}_"
    with st.form(k + "items"):
        values = {}
        for heading, items in groups:
            st.markdown(heading)
            for item in items:
                values[item.name] = _widget(item, case.value(item.name), k)
        reason = forms.text(REASON, about=case.gate, key=k + "reason")
        saved = st.form_submit_button("Save these items")
    if saved:
        write(lambda: ctx.store.gating.record_items(ctx.user, case.id, values, expected_version=case.version,
                                                    reason=reason), f"Saved. {case.gate}'s items are recorded.")


def _widget(item, value: str, k: str) -> str:
    field = item.field
    label = field.label + ("" if item.public else " (partners only)")
    if item.name == "outcome":
        choices = ("", *(o.value for o in Outcome))
        return st.selectbox(label, choices, index=choices.index(value) if value in choices else 0, key=k + item.name,
                            format_func=lambda v: v.capitalize() if v else "Not yet")
    if hasattr(field, "lines"):
        return forms.text(field, value=value, about="" if item.public else "partners only", key=k + item.name)
    picked = st.date_input(label, value=to_date(value), format="YYYY-MM-DD", key=k + item.name)
    return picked.isoformat() if picked else ""


def _notice_photo(ctx, case: GatingCase) -> None:
    """The photo of the site notice, asked for by publication (SI 2014/2591)."""
    if case.stage not in (Stage.MADE, Stage.PUBLISHED):
        return
    if case.has_notice_photo:
        st.image(ctx.store.gating.notice_photo(case.id), caption=case.value("notice_photo") or "The site notice",
                 width=320)
    k = f"gc{case.id}v{case.version}_photo"
    upload = st.file_uploader("Photo of the site notice (JPEG or PNG)", type=["jpg", "jpeg", "png"], key=k)
    if upload is not None and st.button("Keep this photo", key=k + "_keep"):
        write(lambda: ctx.store.gating.add_notice_photo(ctx.user, case.id, upload.getvalue(),
                                                        expected_version=case.version),
              f"Saved. The photo of {case.gate}'s site notice is kept, without its metadata.")


def _advance(ctx, case: GatingCase) -> None:
    target = case.stage.next()
    if target is None:
        st.info(f"{case.gate} has reached its last stage.")
        return
    if st.button(f"Mark “{target.label}”", key=f"gc{case.id}v{case.version}_next", type="primary"):
        write(lambda: ctx.store.gating.advance(ctx.user, case.id, expected_version=case.version),
              f"Saved. {case.gate} is now at “{target.label}”; residents see it on the map and the site's page.")


def _open_form(ctx, site: Site, *, first: bool) -> None:
    k = f"gc_new_{site.site_id}_"
    with st.form(k + "form"):
        gate = forms.text(GATING_CASE["gate"], key=k + "gate")
        position = forms.text(GATING_CASE["stands_at"], key=k + "stands_at")
        closes = forms.text(GATING_CASE["closes"], key=k + "closes")
        problem = forms.text(ITEMS["problem"].field, key=k + "problem")
        reason = forms.text(REASON, about="new gate", key=k + "reason")
        opened = st.form_submit_button("Open the gating case" if first else "Open a case for this gate")
    if opened:
        write(lambda: ctx.store.gating.open_case(ctx.user, site.site_id, gate=gate, position=position, closes=closes,
                                                 problem=problem, reason=reason),
              f"Saved. A gating case for {gate.strip()} at {site.name} is open.")
