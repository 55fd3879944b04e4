"""What changed and when, across every site: one row per save, in plain words."""
from datetime import timedelta

import streamlit as st

from geo import clock, history
from ui import show
from ui.context import context

ctx = context()
st.title("What changed")
since = st.date_input("Changes since", value=clock.today() - timedelta(days=365), format="YYYY-MM-DD")
each_field = st.toggle("Show each field on its own row")
changes = ctx.store.history(since=since.isoformat() if since else None, include_partners=False)
found = history.entries(changes, ctx.store.sites(), since=since or None)
st.caption(f"{len(found)} change(s), newest first.")
if each_field:
    rows = ({"When": e.when_text, "Site": e.site, "Who": e.who, "What": line.label, "From": line.old,
             "To": line.new, "Why": e.reason} for e in found for line in e.lines)
else:
    rows = ({"When": e.when_text, "Site": e.site, "Who": e.who, "What changed": e.summary, "Why": e.reason}
            for e in found)
show.table(rows, empty="No changes in that period.")
