"""The ward safety map: entry point.  `make run` starts it.

Builds the navigation from the signed-in role, so staff pages do not exist
for anyone else; every write is checked again inside geo/."""
from pathlib import Path

import streamlit as st

from geo.errors import StoreUnavailable, WardError
from ui import app_pages, show, unavailable, uploads
from ui.chrome import page_style, sign_in_box
from ui.context import context

# An emoji icon is drawn in the browser; a Material icon would be fetched from Google (and refused by the CSP).
st.set_page_config(page_title="Ward safety map", page_icon="🗺️", layout="wide")
page_style()

try:
    ctx = context()
except StoreUnavailable as exc:
    unavailable.show(exc)
    st.stop()
except WardError as exc:
    show.error(f"The app cannot start: {exc}")
    st.stop()

run = uploads.begin()
try:
    sign_in_box()
    # One flat list: Streamlit's section headings put a <div> inside the navigation's
    # <ul>, which screen readers stumble on (axe rule "list").  Staff pages come last, and
    # every page stays listed: past ten Streamlit would fold the rest behind "View more".
    pages = app_pages.pages_for(ctx.user, str(Path(__file__).parent))
    st.navigation(pages, expanded=len(pages)).run()
except StoreUnavailable as exc:  # the database went away while the page ran
    unavailable.show(exc)
except WardError as exc:  # a user error a page did not explain itself: say it, never a traceback
    show.error(exc)
finally:
    uploads.settle(run)  # the session may upload only while its page shows an uploader (web/upload_gate.py)
