"""The Streamlit app layer: caching, session state and shared page parts.

Pages import from here and from geo/; nothing in geo/ imports Streamlit."""
