"""The load benchmark's floor: a bare Streamlit page with an empty map, drawn
by the same st_folium, with nothing read from the database."""
import folium
import streamlit as st
from streamlit_folium import st_folium

st.title("A bare page")
st_folium(folium.Map(location=[51.53, -0.14], zoom_start=15, tiles=None), key="bare_map", height=520,
          returned_objects=[])
