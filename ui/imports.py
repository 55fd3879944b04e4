"""Admin imports: a sites file, GeoJSON, GeoPackage or zipped Shapefile (preview, then
all-or-nothing), and a crime CSV."""
from __future__ import annotations

import streamlit as st

from geo.crime import month_range, parse_crime_csv
from geo.errors import WardError
from geo.sites import check_site_file
from ui import show
from ui.context import context

MAX_BYTES = 20 * 1024 * 1024


def sites_import() -> None:
    ctx = context()
    st.markdown("Upload the sites as GeoJSON, a GeoPackage (.gpkg) or a zipped Shapefile (.zip). The file is "
                "checked exactly as `python -m geo validate` checks it, and you see what would change before "
                "anything is saved.")
    upload = st.file_uploader("Sites file", type=["geojson", "json", "gpkg", "zip"], key="sites_upload")
    if upload is None:
        return
    if upload.size > MAX_BYTES:
        st.error("That file is over 20 MB; a ward's sites file is far smaller. Nothing was changed.")
        return
    result = check_site_file(upload.getvalue(), upload.name, commitment_ids=ctx.plan.ids, boundary=ctx.ward.boundary)
    if result.errors:
        st.error(f"The file was refused and nothing was changed: {len(result.errors)} problem(s).")
        show.table({"Problem": str(p)} for p in result.errors)
        return
    for warning in result.warnings:
        show.warning(warning)
    preview = ctx.store.preview_replace(result.sites)
    st.markdown("**What this import would change**")
    show.table({"Change": what, "Sites": ", ".join(ids) or "none"} for what, ids in preview.items())
    reason = st.text_input("Reason for the import (kept in the history)", max_chars=300, key="sites_reason")
    if st.button("Apply the import", key="sites_apply", type="primary"):
        try:
            done = ctx.store.replace_sites(ctx.user, result.sites, reason or f"Imported {upload.name}")
        except WardError as exc:
            show.error(f"Nothing was changed: {exc}")
        else:
            st.success("Imported: " + "; ".join(f"{k} {len(v)}" for k, v in done.items()) + ".")


def crime_import() -> None:
    ctx = context()
    st.markdown("Upload a newer MPS ward crime CSV of the same layout. Months in the file replace those "
                "months; earlier months already loaded are kept.")
    upload = st.file_uploader("Crime CSV", type=["csv"], key="crime_upload")
    if upload is None:
        return
    try:
        if upload.size > MAX_BYTES:
            raise WardError("That file is over 20 MB; a ward's crime file is far smaller.")
        text = upload.getvalue().decode("utf-8-sig")
        rows = parse_crime_csv(text, ctx.ward.code, name=upload.name)
    except UnicodeDecodeError:
        st.error("That file is not UTF-8 text. Nothing already loaded was changed.")
        return
    except WardError as exc:
        show.error(f"{exc} Nothing already loaded was changed.")
        return
    first, last = month_range(rows)
    st.markdown(f"{len(rows)} counts, {first} to {last}.")
    if st.button("Load these figures", key="crime_apply", type="primary"):
        try:
            ctx.store.replace_crime(ctx.user, rows, reason=f"Imported {upload.name}")
        except WardError as exc:
            show.error(f"Nothing was changed: {exc}")
        else:
            st.success(f"Loaded {first} to {last}.")
