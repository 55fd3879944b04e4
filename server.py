"""The ward safety map as an ASGI application: `make run` serves it with uvicorn,

    .venv/bin/uvicorn server:app --port 8501

(`streamlit run server.py` works too).  Streamlit's UI, /_stcore/ and the
static folder at /app/static/ come from st.App; web/ adds the health check,
the open-data routes and the security headers; web/streamlit_env.py reads
Streamlit's STREAMLIT_* variables as `streamlit run` does.  A setting that
cannot be read (geo/settings.py) stops the server with its one sentence, not a
traceback."""
from pathlib import Path

import streamlit as st

import web
from geo.errors import WardError
from web import streamlit_env

try:
    streamlit_env.apply()
    _options = web.options()
except WardError as exc:
    raise SystemExit(f"error: {exc}") from None

app = st.App(Path(__file__).resolve().with_name("app.py"), **_options)
