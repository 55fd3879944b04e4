""""Still a problem" / "Looks fixed now": one tap on a commitment marked done or in progress, or on a site,
with what residents have said so far.  Refusals (the abuse rules, geo.voice.abuse) are shown as sentences."""
from __future__ import annotations

import streamlit as st

from geo.errors import WardError
from geo.voice.feedback import Tally, asks_residents
from geo.voice.reasons import Verdict
from ui import show
from ui.chrome import client_id


def for_commitment(c, tallies: dict[str, Tally], store, *, where: str) -> None:
    """The buttons under commitment `c`, when residents are asked about it (done or in progress)."""
    if asks_residents(c.status):
        _buttons(store, tallies.get(c.id, Tally()), f"{where}_{c.id}", f"{c.id.upper()}: is it fixed?",
                 commitment_id=c.id)


def for_site(site, tallies: dict[str, Tally], store) -> None:
    _buttons(store, tallies.get(site.site_id, Tally()), f"site_{site.site_id}", "Is this place fixed?",
             site_id=site.site_id)


def _buttons(store, tally: Tally, key: str, question: str, **target) -> None:
    st.markdown(f"**{question}** Tell the partnership with one tap; no account needed.")
    left, right = st.columns(2)
    tapped = None
    for column, verdict in ((left, Verdict.STILL_A_PROBLEM), (right, Verdict.LOOKS_FIXED)):
        if column.button(verdict.label, key=f"verdict_{key}_{verdict.value}", use_container_width=True):
            tapped = verdict
    if tapped is not None:
        try:
            tally = store.voice.give_verdict(client_id(), tapped, **target)
        except WardError as exc:
            show.error(exc)
        else:
            show.success(f"Thank you: counted as \"{tapped.label}\".")
    st.caption(tally.words)
