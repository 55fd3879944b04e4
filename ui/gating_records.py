"""A gating case's consultations and representations, for the planning team's editor (ui.gating_editor):
who was consulted, when and what they said; each representation with its category and gist, and how
it was considered.  Names and addresses are kept for the council and never shown to the public."""
from __future__ import annotations

import streamlit as st

from geo import clock
from geo.gating.case import GatingCase, count_words
from geo.gating.stages import Category, Consultee, Stage
from geo.model import describe_date
from geo.records import CONSULTATION, REPRESENTATION
from geo.text import plain_markdown
from ui import forms


def render(ctx, case: GatingCase, write) -> None:
    _consultations(ctx, case, write)
    if case.stage.reached(Stage.CONSULTED):
        _representations(ctx, case, write)


def _consultations(ctx, case: GatingCase, write) -> None:
    st.markdown("**Consultation (s.72)**")
    if not case.consultations:
        st.caption("No consultation recorded yet.")
    for c in case.consultations:  # a list, not a wide table: it reads on a phone
        count = f", {c.addresses} addresses" if c.addresses else ""
        which = f" ({c.which})" if c.which else ""
        st.markdown(plain_markdown(f"{c.consultee.label}{which}, {describe_date(c.on)}{count}: "
                                   f"{c.response or 'no response recorded'}"))
    k = f"gc{case.id}v{case.version}_consult_"
    with st.form(k + "form"):
        consultee = st.selectbox("Consulted", list(Consultee), format_func=lambda c: c.label, key=k + "consultee")
        on = st.date_input(CONSULTATION["consulted_on"].label, value=clock.today(), format="YYYY-MM-DD",
                           key=k + "on")
        addresses = st.number_input("Number of addresses consulted", min_value=0, max_value=100_000, step=1,
                                    key=k + "addresses")
        which = forms.text(CONSULTATION["which"], key=k + "which")
        response = forms.text(CONSULTATION["response"], key=k + "response")
        added = st.form_submit_button("Record this consultation")
    if added:
        write(lambda: ctx.store.gating.add_consultation(
            ctx.user, case.id, consultee, consulted_on=on.isoformat() if on else "", addresses=int(addresses),
            which=which, response=response, expected_version=case.version),
            f"Saved. The consultation with {consultee.label[0].lower()}{consultee.label[1:]} is recorded.")


def _representations(ctx, case: GatingCase, write) -> None:
    st.markdown(f"**Representations (s.64)**: {plain_markdown(count_words(case))}")
    for r in case.representations:
        with st.expander(f"{r.category.label}, {describe_date(r.received_on)}: {plain_markdown(r.gist)[:80]}"):
            st.markdown(plain_markdown(f"{r.name} {r.address}".strip() or "No name or address kept."))
            k = f"gc{case.id}v{case.version}_rep{r.id}_"
            with st.form(k + "form"):
                considered = forms.text(REPRESENTATION["considered"], value=r.considered, key=k + "considered")
                saved = st.form_submit_button("Save how it was considered")
            if saved:
                write(lambda r=r, considered=considered: ctx.store.gating.consider_representation(
                    ctx.user, case.id, r.id, considered, expected_version=case.version),
                    f"Saved. How the representation received on {describe_date(r.received_on)} "
                    f"({r.category.label.lower()}) was considered is recorded.")
    if case.stage.reached(Stage.DECIDED):
        return
    k = f"gc{case.id}v{case.version}_rep_"
    with st.form(k + "form"):
        category = st.selectbox("Who made it", list(Category), format_func=lambda c: c.label, key=k + "category")
        on = st.date_input(REPRESENTATION["received_on"].label, value=clock.today(), format="YYYY-MM-DD",
                           key=k + "on")
        gist = forms.text(REPRESENTATION["gist"], key=k + "gist")
        name = forms.text(REPRESENTATION["made_by"], key=k + "made_by")
        address = forms.text(REPRESENTATION["address"], key=k + "address")
        added = st.form_submit_button("Record this representation")
    if added:
        write(lambda: ctx.store.gating.add_representation(
            ctx.user, case.id, category, received_on=on.isoformat() if on else "", gist=gist, name=name,
            address=address, expected_version=case.version),
            f"Saved. The representation is recorded; the public counts it among {category.plural}.")
