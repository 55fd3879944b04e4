"""Admin imports: a sites file, GeoJSON, GeoPackage or zipped Shapefile (preview, then
all-or-nothing), and a crime CSV."""
from __future__ import annotations

import streamlit as st

from geo.crime.offences import month_range, parse_crime_csv
from geo.errors import WardError
from geo.sites.sites_file import check_site_file
from geo.text import plain_markdown
from ui import show
from ui.context import context
from geo.records import REASON
from ui import forms
from ui import uploads

MAX_BYTES = 20 * 1024 * 1024
CHECKED_KEY = "sites_upload_checked"  # (the upload's file_id, its SiteCheck)
WARNINGS_LISTED = 20  # past this many, the rest of an import's warnings are counted, not listed


def sites_import() -> None:
    ctx = context()
    st.markdown("Upload the sites as GeoJSON, a GeoPackage (.gpkg) or a zipped Shapefile (.zip). The file is "
                "checked exactly as `python -m geo validate` checks it, and you see what would change before "
                "anything is saved.")
    uploads.allow()
    upload = st.file_uploader("Sites file", type=["geojson", "json", "gpkg", "zip"], key="sites_upload")
    if upload is None:
        return
    if upload.size > MAX_BYTES:
        st.error(f"{_too_big(upload.size)} A ward's sites file is far smaller. Nothing was changed.")
        return
    result = _checked(upload, ctx)
    if result.errors:
        st.error(f"The file was refused and nothing was changed: {len(result.errors)} problem(s).")
        show.table({"Problem": str(p)} for p in result.errors)
        return
    if result.warnings:
        _warnings(result.warnings)
    try:
        preview = ctx.store.preview_replace(result.sites)
    except WardError as exc:
        show.error(f"The file was refused and nothing was changed: {exc}")
        return
    st.markdown("**What this import would change**")
    show.table({"Change": what, "Sites": ", ".join(ids) or "none"} for what, ids in preview.items())
    reason = forms.text(REASON, about="the import", key="sites_reason")
    if st.button("Apply the import", key="sites_apply", type="primary"):
        try:
            done = ctx.store.replace_sites(ctx.user, result.sites, reason or f"Imported {upload.name}")
        except WardError as exc:
            show.error(f"Nothing was changed: {exc}")
        else:
            st.success("Imported: " + "; ".join(f"{k} {len(v)}" for k, v in done.items()) + ".")


def _checked(upload, ctx):
    """The file's check, made once per upload: a GeoPackage or Shapefile is read by a worker
    process (geo.sites.gis_worker), which takes a second or more, so reruns of this page
    (typing the reason, pressing Apply) reuse the check of the same upload."""
    seen = st.session_state.get(CHECKED_KEY)
    if seen is not None and seen[0] == upload.file_id:
        return seen[1]
    with st.spinner("Reading the file..."):
        result = check_site_file(upload.getvalue(), upload.name, commitment_ids=ctx.plan.ids,
                                 boundary=ctx.ward.boundary)
    st.session_state[CHECKED_KEY] = (upload.file_id, result)
    return result


def crime_import() -> None:
    ctx = context()
    st.markdown("Upload a newer MPS ward crime CSV of the same layout. Months in the file replace those "
                "months; earlier months already loaded are kept.")
    uploads.allow()
    upload = st.file_uploader("Crime CSV", type=["csv"], key="crime_upload")
    if upload is None:
        return
    try:
        if upload.size > MAX_BYTES:
            raise WardError(f"{_too_big(upload.size)} An MPS ward crime file for one ward is well under 1 MB: "
                            "check that this is the ward-level file, for this ward only.")
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


def _too_big(size: int) -> str:
    return (f"That file is {size / 1024 / 1024:.1f} MB; the most an import can take is "
            f"{MAX_BYTES // 1024 // 1024} MB, so it was not read.")


def _warnings(warnings) -> None:
    """Every warning in one box: the first WARNINGS_LISTED listed, the rest counted."""
    lines = [f"- {plain_markdown(w)}" for w in warnings[:WARNINGS_LISTED]]
    rest = len(warnings) - WARNINGS_LISTED
    if rest > 0:
        lines.append(f"- and {rest} more warning{'' if rest == 1 else 's'} like these.")
    head = "1 warning" if len(warnings) == 1 else f"{len(warnings)} warnings"
    st.warning(f"{head}; the import can still go ahead, but check these first:\n\n" + "\n".join(lines))
