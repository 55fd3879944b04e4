"""Open-data downloads and the progress report, for residents and admins.

Only public annotations and published walks are ever passed to an export or report here."""
from __future__ import annotations

import json

import streamlit as st

from geo import clock
from geo.errors import DataError
from geo.opendata.site_export import (
    export_annotations_csv,
    export_annotations_geojson,
    export_plan_csv,
    export_sites_csv,
    export_sites_geojson,
)
from geo.reports.progress_report import build_report
from geo.reports.report_html import to_html
from geo.reports.report_pdf import to_pdf
from geo.opendata.walk_export import walk_stops_csv, walk_stops_geojson, walks_geojson
from geo.walks.public_walks import published_walks
from ui import show
from ui.context import context


def open_data_buttons() -> None:
    ctx = context()
    sites = ctx.store.sites()
    notes = ctx.store.annotations(include_partners=False)
    stamp = clock.today().isoformat()
    c1, c2, c3 = st.columns(3)
    c1.download_button("Sites as GeoJSON", _geojson(export_sites_geojson(sites, notes)),
                       file_name=f"sites-{stamp}.geojson", mime="application/geo+json")
    c1.download_button("Sites as CSV", export_sites_csv(sites, notes), file_name=f"sites-{stamp}.csv", mime="text/csv")
    gpkg, shapefile, no_shapefile = _gis_files(ctx.store.where, ctx.store.revision(), ctx.store)
    c1.download_button("Sites as GeoPackage", gpkg, file_name=f"sites-{stamp}.gpkg",
                       mime="application/geopackage+sqlite3")
    if shapefile is not None:
        c1.download_button("Sites as Shapefile (zip)", shapefile, file_name=f"sites-{stamp}.zip",
                           mime="application/zip")
    else:
        with c1:
            show.text(f"No Shapefile for now: {no_shapefile}")
    c2.download_button("Design notes as GeoJSON", _geojson(export_annotations_geojson(sites, notes)),
                       file_name=f"design-notes-{stamp}.geojson", mime="application/geo+json")
    c2.download_button("Design notes as CSV", export_annotations_csv(notes),
                       file_name=f"design-notes-{stamp}.csv", mime="text/csv")
    c3.download_button("Action plan as CSV", export_plan_csv(ctx.store.plan(), clock.today()),
                       file_name=f"action-plan-{stamp}.csv", mime="text/csv")
    walks = published_walks(ctx.store.walks)
    c3.download_button("Walks as GeoJSON", _geojson(walks_geojson(walks)), file_name=f"walks-{stamp}.geojson",
                       mime="application/geo+json")
    c3.download_button("Walk stops as GeoJSON", _geojson(walk_stops_geojson(walks, sites)),
                       file_name=f"walk-stops-{stamp}.geojson", mime="application/geo+json")
    c3.download_button("Walk stops as CSV", walk_stops_csv(walks, sites), file_name=f"walk-stops-{stamp}.csv",
                       mime="text/csv")


@st.cache_data(max_entries=4, show_spinner=False)
def _gis_files(database: str, revision: tuple, _store) -> tuple[bytes, bytes | None, str]:
    """(GeoPackage, zipped Shapefile or None, why not), made once per data revision: GIS files take a
    moment to write.  The sites are read after the revision, so a write between only rebuilds once more."""
    from geo.sites import gis

    sites = _store.sites()
    gpkg = gis.to_gpkg(sites)
    try:
        return gpkg, gis.to_shapefile_zip(sites), ""
    except DataError as exc:
        return gpkg, None, str(exc)


def _geojson(doc: dict) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1)


def report_builder(key: str) -> None:
    """Choose a 'changes since' date, prepare the report, then download it."""
    ctx = context()
    with st.form(f"{key}_report"):
        since = st.date_input("Show what changed since", value=None, format="YYYY-MM-DD",
                              help="Leave empty to list every recorded change.")
        prepared = st.form_submit_button("Prepare the progress report")
    if prepared:
        with st.spinner("Preparing the report..."):
            report = build_report(
                ctx.store.sites(), ctx.store.plan(), ctx.ward,  # the public plan: no partners-only entries
                ctx.store.history(include_partners=False),
                ctx.store.annotations(include_partners=False),
                since=since, generated=clock.now(), crime_rows=ctx.store.crime_rows(),
                walks=published_walks(ctx.store.walks), reviews=ctx.store.reviews.reviews(),
                voice=ctx.store.voice.summary(since),  # aggregates only
            )
            st.session_state[f"{key}_report_files"] = (to_html(report), to_pdf(report))
    files = st.session_state.get(f"{key}_report_files")
    if files:
        html, pdf = files
        c1, c2 = st.columns(2)
        c1.download_button("Download the report (PDF)", pdf, file_name="progress-report.pdf", mime="application/pdf")
        c2.download_button("Download the report (HTML)", html, file_name="progress-report.html", mime="text/html")
