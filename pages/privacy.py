"""The privacy notice for residents' reports (UK GDPR Article 13): what is kept, why, for how long, who sees what."""
import streamlit as st

from geo.roles import ROLE_TEAM
from geo.status import Role
from geo.voice.notice import privacy_notice
from ui.context import context, settings

ctx = context()
config = settings()
st.title("Privacy notice")
safety = next((t for t in ctx.plan.teams if t.id == ROLE_TEAM[Role.COMMUNITY_SAFETY]), None)
st.markdown(privacy_notice(controller=ctx.ward.borough,
                           contact=safety.contact if safety else "the plan gives no public contact for it yet",
                           retention_days=config.voice_retention_days, k=config.voice_min_count,
                           hourly_limit=config.voice_hourly_limit))
st.page_link("pages/feel_unsafe.py", label="I felt unsafe here", icon=":material/report:")
