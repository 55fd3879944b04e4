"""Open data and the progress report, for anyone."""
import streamlit as st

from ui.downloads import open_data_buttons, report_builder

st.title("Open data and progress reports")
st.markdown(
    "The sites with their lighting, gating and fencing statuses and the design advisor's public notes, "
    "as RFC 7946 GeoJSON or CSV, the sites also as a GeoPackage or a zipped Shapefile for GIS, the "
    "action plan as CSV, and the published walkabouts: each walk's route as GeoJSON, and every stop with its "
    "scores (0 to 3) and what its finding became as GeoJSON or CSV. Positions are WGS84 longitude and latitude; "
    "each site says whether its position is approximate."
)
open_data_buttons()
st.header("Progress report")
st.markdown("The Partnership Action Plan as a document for residents, the Community Working Group "
            "and the District Management Committee.")
report_builder("public")
