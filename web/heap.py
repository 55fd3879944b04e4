"""Long-lived objects set aside from the garbage collector's full passes.

Streamlit runs a full gc.collect() after every script run (runner.postScriptGC),
so that a session's leftovers do not pile up.  A full pass walks every object
the process holds, and this app's libraries (pandas, pyarrow, geopandas,
shapely, SQLAlchemy, folium...) are over a million of them: about 200 ms per run,
most of a new resident's server time.  Loaded once at startup and never freed,
they are frozen (gc.freeze): the collector leaves them be, and its pass after
each run walks only what was made since.  Session garbage is still collected."""
from __future__ import annotations

import gc
import importlib
import logging

log = logging.getLogger(__name__)

# Libraries the pages import as they run, loaded before freezing so they are set aside too.
# Nothing that declares a Streamlit component (streamlit_folium, ui/): a component declared
# before Streamlit's runtime exists is never registered with it, and its frame answers 404.
PAGE_MODULES = ("geo.sites.mapview", "geo.sites.summary", "geo.history", "pandas", "pyarrow")


def freeze() -> None:
    for name in PAGE_MODULES:
        try:
            importlib.import_module(name)
        except ImportError as exc:  # a page that cannot import will say so itself
            log.warning("Could not load %s before freezing the heap: %s", name, exc)
    gc.collect()
    gc.freeze()
