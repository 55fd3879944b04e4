"""The benchmarks' floor: a bare Streamlit page with an empty map, drawn by the same
st_folium from the same local Leaflet as the ward map (geo/sites/map_assets.py, so it
draws with no internet), with nothing read from the database."""
import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.sites import map_assets

st.title("A bare page")
empty = map_assets.leaflet_only(folium.Map(location=[51.53, -0.14], zoom_start=15, tiles=None))
st_folium(map_assets.localise(empty), key="bare_map", height=520, returned_objects=[])
