"""bench/bare_app.py as the product serves app.py (server.py): st.App with web.options(),
so /healthz and the middleware are the same and only the page differs."""
from pathlib import Path

import streamlit as st

import web
from web import streamlit_env

streamlit_env.apply()

app = st.App(Path(__file__).resolve().with_name("bare_app.py"), **web.options())
