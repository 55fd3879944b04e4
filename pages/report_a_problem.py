"""How and where to report a problem, from the action plan, and who is available now."""
import streamlit as st

from geo import clock
from geo.text import plain_markdown
from ui.context import context

ctx = context()
now = clock.now()
plan = ctx.plan

st.title("How to report a problem")
st.error("**In an emergency, or if a crime is happening now, call 999.**")
st.link_button("Call 999", "tel:999", type="primary", icon=":material/call:")
names = {s.site_id: s.name for s in ctx.store.sites()}
at_site = names.get(st.query_params.get("site", ""))
if at_site:
    st.info(f"About {plain_markdown(at_site)}: say the site's name, and the nearest street, when you report.")
st.markdown(f"Who to contact about what, as the action plan sets out. Times are UK time; "
            f"it is now {now:%H:%M} on {now:%A %-d %B}.")

for contact in plan.contacts:
    is_open = contact.is_open(now)
    with st.container(border=True):
        st.subheader(plain_markdown(contact.who))
        st.markdown(f"**For:** {plain_markdown(contact.for_what)}")
        st.markdown(f"**How:** {plain_markdown(contact.how)}")
        if contact.phone:
            st.link_button(f"Call {contact.phone}", f"tel:{contact.phone.replace(' ', '')}", icon=":material/call:")
        if contact.url:
            st.link_button(f"Report online: {plain_markdown(contact.who)}", contact.url, icon=":material/open_in_new:")
        if contact.email:
            st.markdown(f"**Email:** [{plain_markdown(contact.email)}](mailto:{contact.email})")
        if is_open is None:
            st.markdown("**Available now:** the plan does not give hours.")
        elif is_open:
            st.success(f"Available now ({plain_markdown(contact.hours_text)}).")
        else:
            st.warning(f"Not available now: hours are {plain_markdown(contact.hours_text)}.")
        if contact.source:
            st.caption(f"Source: {plain_markdown(plan.source_words(contact))}")
