"""app.py served as Streamlit ships it: st.App with none of web.options() (no
compression, Streamlit's own fonts, no headers).  bench.weight's "before"."""
from pathlib import Path

import streamlit as st

app = st.App(Path(__file__).resolve().parent.parent / "app.py")
