"""What changed and when, across every site."""
from datetime import timedelta

import streamlit as st

from geo import clock
from ui import show
from ui.context import context

ctx = context()
st.title("What changed")
since = st.date_input("Changes since", value=clock.today() - timedelta(days=365), format="YYYY-MM-DD")
names = {s.site_id: s.name for s in ctx.store.sites()}
changes = ctx.store.history(since=since.isoformat() if since else None, include_partners=False)
st.caption(f"{len(changes)} change(s), newest first.")
show.table(
    ({"When": c.at[:16].replace("T", " "), "Site": names.get(c.site_id, c.site_id or "All sites"),
      "What": c.field, "From": c.old or "", "To": c.new or "", "Who": c.actor, "Why": c.reason}
     for c in changes),
    empty="No changes in that period.",
)
