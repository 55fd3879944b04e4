"""What changed and when, across every site: one entry per save, in plain words, newest first."""
from datetime import timedelta

import streamlit as st

from geo import clock, history
from ui import history_list, show
from ui.context import context

ctx = context()
st.title("What changed")
since = st.date_input("Changes since", value=clock.today() - timedelta(days=365), format="YYYY-MM-DD")
as_table = st.toggle("Show as a table, each field on its own row")
changes = ctx.store.history(since=since.isoformat() if since else None, include_partners=False)
found = history.entries(changes, ctx.store.sites(), since=since or None)
st.caption(f"{len(found):,} {'change' if len(found) == 1 else 'changes'}, newest first.")
if as_table:
    show.table(({"When": e.when_text, "Site": e.site, "Who": e.who, "What": line.label, "From": line.old,
                 "To": line.new, "Why": e.reason} for e in found for line in e.lines),
               empty="No changes in that period.")
else:
    history_list.render(found, label="What changed in the ward, newest first", with_site=True,
                        page_key=f"changes_shown_{since}", empty="No changes in that period.")
