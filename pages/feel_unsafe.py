"""I felt unsafe here: anyone, with no account, says where and why (StreetSafe's reasons, no free text);
everyone sees only the aggregate, by squares of the British National Grid."""
import streamlit as st
from streamlit_folium import st_folium

from geo.roles import Action
from geo.voice.voice_map import build_voice_map
from ui import voice_form, voice_view
from ui.context import context, settings

ctx = context()
config = settings()
st.title("I felt unsafe here")
st.error("**This is not a way to report a crime.** In an emergency, or if a crime is happening now, call 999. "
         "To report a crime, call the police on 101 or see How to report a problem.")
st.link_button("Call 999", "tel:999", icon=":material/call:")
st.markdown(
    "Tell the partnership where you felt unsafe and why. It takes a minute, needs no account and asks for no "
    "name or words of your own. We keep only the 100 m square of the map you choose, your reasons, the time of "
    f"day and the day it arrived, for {config.voice_retention_days} days. Nobody sees a single report: the map "
    f"and the table show a square only once {config.voice_min_count} or more reports share it. The partnership "
    "reads them to plan its work and the next Community Conversation.")
st.page_link("pages/privacy.py", label="How your report is kept: the privacy notice", icon=":material/fact_check:")

found = ctx.store.voice.aggregate()
st.subheader("Tap the map where it was")
event = st_folium(build_voice_map(ctx.ward, found, chosen=voice_form.chosen_cell(), tiles=config.map_tiles,
                                  asset_base_url=config.asset_base_url),
                  key="voice_map", height=420, use_container_width=True, returned_objects=["last_clicked"])
voice_form.take_tap(event)
st.caption("Orange squares: where residents felt unsafe, the number of reports on each. A dashed blue square: "
           "the square you chose.")
voice_form.render(ctx)

st.header("What residents have told us")
voice_view.table(found)
if ctx.can(Action.SEE_RESIDENT_TRENDS):
    voice_view.rising(ctx.store.voice.trends(ctx.user))
