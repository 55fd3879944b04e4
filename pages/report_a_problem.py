"""How and where to report a problem, from the action plan, and who is available now."""
import streamlit as st

from geo import clock
from geo.text import plain_markdown
from ui.context import context

ctx = context()
now = clock.now()

st.title("How to report a problem")
st.error("**In an emergency, or if a crime is happening now, call 999.**")
st.markdown(f"Who to contact about what, as the action plan sets out. Times are UK time; it is now {now:%H:%M} on {now:%A %-d %B}.")

for contact in ctx.plan.contacts:
    is_open = contact.is_open(now)
    with st.container(border=True):
        st.subheader(plain_markdown(contact.who))
        st.markdown(f"**For:** {plain_markdown(contact.for_what)}")
        st.markdown(f"**How:** {plain_markdown(contact.how)}")
        if contact.email:
            st.markdown(f"**Email:** [{plain_markdown(contact.email)}](mailto:{contact.email})")
        if is_open is None:
            st.markdown("**Available now:** the plan does not give hours.")
        elif is_open:
            st.success(f"Available now ({plain_markdown(contact.hours_text)}).")
        else:
            st.warning(f"Not available now: hours are {plain_markdown(contact.hours_text)}.")
        if contact.source:
            st.caption(f"From: {plain_markdown(contact.source)}")
