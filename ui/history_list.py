"""History for people: one short block per save, newest first, as a list a phone
reads down (ui/templates/history.html.j2, autoescaped: every value is data).

Each block gives the date and time in London, the team, each change as a
sentence, and why.  The action plan's own record is dated by the plan and said
to come from it, not as a change on the day the app first started."""
from __future__ import annotations

from collections.abc import Sequence

import streamlit as st

from geo.history import Entry
from ui import html

MORE = 20  # entries shown at first, and added by each "Show more", where the list pages


def render(entries: Sequence[Entry], *, label: str, with_site: bool = False, page_key: str | None = None,
           empty: str = "Nothing has changed yet.") -> None:
    """`entries` as a list labelled `label`.  With `page_key`, the newest MORE first and a
    "Show more" button for the rest (the key keeps how many are shown, per filter)."""
    if not entries:
        st.info(empty)
        return
    shown = entries if page_key is None else entries[: st.session_state.get(page_key, MORE)]
    html.show("history.html.j2", label=label, entries=[_block(e, with_site) for e in shown])
    if len(shown) < len(entries):
        rest = len(entries) - len(shown)
        st.caption(f"Showing the newest {len(shown)} of {len(entries)}.")
        st.button(f"Show {min(MORE, rest)} more", key=f"{page_key}_more", on_click=_show_more,
                  args=(page_key, len(shown)))


def _show_more(page_key: str, shown: int) -> None:
    st.session_state[page_key] = shown + MORE


def _block(e: Entry, with_site: bool) -> dict:
    return {
        "site": e.site if with_site else "",
        "when": e.when_text,
        "datetime": e.plan_date if e.from_plan else e.when.isoformat(timespec="minutes"),
        "who": e.who,
        "sentences": e.sentences or (e.summary,),
        "reason": e.reason,
    }
