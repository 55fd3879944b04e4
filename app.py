"""The ward safety map: entry point.  `make run` starts it.

Builds the navigation from the signed-in role, so staff pages do not exist
for anyone else; every write is checked again inside geo/."""
import streamlit as st

from geo.errors import StoreUnavailable, WardError
from geo.status import Role
from ui import show, unavailable
from ui.chrome import page_style, sign_in_box
from ui.context import context

# An emoji icon is drawn in the browser; a Material icon would be fetched from Google (and refused by the CSP).
st.set_page_config(page_title="Ward safety map", page_icon="🗺️", layout="wide")
page_style()

PUBLIC = [
    st.Page("pages/map.py", title="Safety map", icon=":material/map:", default=True, url_path="map"),
    st.Page("pages/action_plan.py", title="Action plan", icon=":material/checklist:", url_path="plan"),
    st.Page("pages/changes.py", title="What changed", icon=":material/history:", url_path="changes"),
    st.Page("pages/crime.py", title="Recorded crime", icon=":material/bar_chart:", url_path="crime"),
    st.Page("pages/walks.py", title="Walks", icon=":material/directions_walk:", url_path="walks"),
    st.Page("pages/open_data.py", title="Open data and reports", icon=":material/download:", url_path="data"),
    st.Page("pages/report_a_problem.py", title="Report a problem", icon=":material/call:", url_path="report"),
]
GATING = st.Page("pages/gating.py", title="Gating reviews", icon=":material/fence:", url_path="gating")
POSITIONS = st.Page("pages/positions.py", title="Site positions", icon=":material/edit_location:", url_path="positions")
ANNOTATE = st.Page("pages/annotations.py", title="Design notes", icon=":material/edit_note:", url_path="annotations")
ADMIN = st.Page("pages/admin.py", title="Administration", icon=":material/admin_panel_settings:", url_path="admin")
PLAN_WALK = st.Page("pages/plan_walk.py", title="Plan a walk", icon=":material/route:", url_path="plan-walk")
RECORD_WALK = st.Page("pages/record_walk.py", title="Record a walk", icon=":material/edit_road:",
                      url_path="record-walk")
AFTER_WALK = st.Page("pages/after_walk.py", title="After the walk", icon=":material/task_alt:", url_path="after-walk")
STAFF = {
    Role.PLANNING: [GATING, POSITIONS, PLAN_WALK, RECORD_WALK, AFTER_WALK],
    Role.PCDA: [ANNOTATE, RECORD_WALK],
    Role.COMMUNITY_SAFETY: [PLAN_WALK, RECORD_WALK, AFTER_WALK],
    Role.CWG: [RECORD_WALK],
    Role.ADMIN: [GATING, POSITIONS, ANNOTATE, PLAN_WALK, RECORD_WALK, AFTER_WALK, ADMIN],
}

try:
    ctx = context()
except StoreUnavailable as exc:
    unavailable.show(exc)
    st.stop()
except WardError as exc:
    show.error(f"The app cannot start: {exc}")
    st.stop()

try:
    sign_in_box()
    # One flat list: Streamlit's section headings put a <div> inside the navigation's
    # <ul>, which screen readers stumble on (axe rule "list").  Staff pages come last, and
    # every page stays listed: past ten Streamlit would fold the rest behind "View more".
    staff = STAFF.get(ctx.user.role, []) if ctx.user is not None else []
    pages = PUBLIC + staff
    st.navigation(pages, expanded=len(pages)).run()
except StoreUnavailable as exc:  # the database went away while the page ran
    unavailable.show(exc)
except WardError as exc:  # a user error a page did not explain itself: say it, never a traceback
    show.error(exc)
