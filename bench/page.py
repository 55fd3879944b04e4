"""A full run of the map page (app.py's default page) by Streamlit's AppTest."""
from __future__ import annotations

import logging
import os
import time
from contextlib import contextmanager
from pathlib import Path
from collections.abc import Iterator

ROOT = Path(__file__).resolve().parent.parent


def quiet_streamlit() -> None:
    """AppTest outside a server warns about a missing ScriptRunContext; that is expected
    here.  Call before Streamlit is first imported."""
    os.environ.setdefault("STREAMLIT_LOGGER_LEVEL", "error")
    logging.getLogger("streamlit.runtime.scriptrunner_utils.script_run_context").addFilter(
        lambda record: "missing ScriptRunContext" not in record.getMessage())


@contextmanager
def app_settings(state_dir: Path) -> Iterator[None]:
    """STATE_DIR and MAP_TILES=none for the app, and a cleared st.cache_resource;
    everything put back afterwards."""
    import streamlit as st

    names = ("STATE_DIR", "MAP_TILES", "DATABASE_URL")
    saved = {name: os.environ.get(name) for name in names}
    os.environ.update(STATE_DIR=str(state_dir), MAP_TILES="none")
    os.environ.pop("DATABASE_URL", None)
    st.cache_resource.clear()
    try:
        yield
    finally:
        st.cache_resource.clear()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def time_page(state_dir: Path, repeat: int) -> tuple[list[float], int]:
    """Seconds for each of `repeat` full runs of the map page by AppTest, with the
    store in `state_dir`, and the bytes of the map component's arguments (what
    st_folium sends to the browser).  One warm-up run first opens the store and
    lets AppTest find the installed components; the timed runs are reruns of that
    session."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)

    def run() -> float:
        start = time.perf_counter()
        at.run()
        took = time.perf_counter() - start
        if at.exception:
            raise RuntimeError(f"the map page failed: {[e.value for e in at.exception]}")
        return took

    with app_settings(state_dir):
        run()
        maps = at.get("component_instance")
        sent = len(maps[0].proto.json_args.encode("utf-8")) if maps else 0
        times = [run() for _ in range(max(repeat, 1))]
    return times, sent
