"""The ward safety map: entry point.  `make run` starts it.

Builds the navigation from the signed-in role, so staff pages do not exist
for anyone else; every write is checked again inside geo/."""
import copy
from pathlib import Path

import streamlit as st

from geo.errors import StoreUnavailable, WardError
from geo import navigation
from ui import show, unavailable, uploads
from ui.chrome import page_style, sign_in_box
from ui.context import context

# An emoji icon is drawn in the browser; a Material icon would be fetched from Google (and refused by the CSP).
st.set_page_config(page_title="Ward safety map", page_icon="🗺️", layout="wide")
page_style()


def _page(spec: navigation.PageSpec) -> st.Page:
    return st.Page(spec.path, title=spec.title, icon=spec.icon, url_path=spec.url_path,
                   default=spec is navigation.DEFAULT)


@st.cache_resource(show_spinner=False)
def _made_once(app_folder: str) -> dict[navigation.PageSpec, st.Page]:
    """Every page, made once per process: st.Page looks its file up on disk each time it is made,
    which was a seventh of the server's time when a crowd opened the map (bench/load.py)."""
    return {spec: _page(spec) for spec in navigation.PAGES}


# A copy of each per run, since st.navigation marks on the page itself which one this run may run.
PAGES = {spec: copy.copy(page) for spec, page in _made_once(str(Path(__file__).parent)).items()}

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
    pages = [PAGES[spec] for spec in navigation.pages_for(ctx.user)]
    st.navigation(pages, expanded=len(pages)).run()
except StoreUnavailable as exc:  # the database went away while the page ran
    unavailable.show(exc)
except WardError as exc:  # a user error a page did not explain itself: say it, never a traceback
    show.error(exc)
finally:
    uploads.settle(run)  # the session may upload only while its page shows an uploader (web/upload_gate.py)
