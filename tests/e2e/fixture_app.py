"""A throwaway app for the harness's own tests: seven points drawn with
st_folium after geo.sites.map_assets.leaflet_only and localise, as the app's
maps are, no tiles."""
import folium
import streamlit as st
from streamlit_folium import st_folium

from geo.sites.map_assets import leaflet_only, localise

POINTS = [  # lon, lat around Regent's Park ward (WGS84)
    (-0.1446, 51.5290), (-0.1421, 51.5302), (-0.1398, 51.5315), (-0.1440, 51.5331),
    (-0.1412, 51.5344), (-0.1387, 51.5279), (-0.1365, 51.5322),
]

st.title("Map fixture")
m = leaflet_only(folium.Map(location=[51.531, -0.141], zoom_start=15, tiles=None))
folium.GeoJson(
    {
        "type": "FeatureCollection",
        "features": [
            {"type": "Feature", "properties": {"name": f"Point {i}"},
             "geometry": {"type": "Point", "coordinates": [lon, lat]}}
            for i, (lon, lat) in enumerate(POINTS, start=1)
        ],
    },
    name="Points",
    tooltip=folium.GeoJsonTooltip(fields=["name"]),
).add_to(m)
folium.LayerControl().add_to(m)
st_folium(localise(m), height=420, width=700, returned_objects=[])
