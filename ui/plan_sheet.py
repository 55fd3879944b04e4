"""The Administration page's Action plan spreadsheet tab: the plan to download as a workbook or
CSV, and one sent back: read and checked (a problem is named by its row and column),
previewed commitment by commitment, then imported all or nothing with a reason.

The preview keeps the versions of the commitments it was made from; the import sends them,
so a change someone made in between refuses the whole import (geo.db.plan_import)."""
from __future__ import annotations

import streamlit as st

from geo import clock
from geo.db.plan_import import check_changes
from geo.errors import StaleEdit, WardError
from geo.plan.sheet_file import MAX_BYTES
from geo.plan.spreadsheet import ChangeKind, export_csv, export_xlsx, read_sheet, summarise
from geo.records import REASON
from ui import forms, show
from ui import uploads

_PREVIEWED = "plan_sheet_previewed"  # (the upload's file id, {commitment id: version} its preview was made from)
_IMPORTS = "plan_sheet_imports"  # how many went in this session: the uploader's key, so one done empties it
_DONE = "plan_sheet_done"  # the last import's sentence, shown after the rerun it causes
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plan_sheet_tab(ctx) -> None:
    st.markdown("Download the action plan, edit it in a spreadsheet, and upload it here. You see what would "
                "change before anything is saved; the import then goes in whole, or not at all.")
    stamp, plan_now = clock.today().isoformat(), ctx.store.plan  # each file made when its button is pressed
    c1, c2 = st.columns(2)
    c1.download_button("Download the plan (Excel workbook)", lambda: export_xlsx(plan_now()), on_click="ignore",
                       file_name=f"action-plan-{stamp}.xlsx", mime=XLSX, key="plan_sheet_xlsx")
    c2.download_button("Download the plan (CSV)", lambda: export_csv(plan_now()), on_click="ignore",
                       file_name=f"action-plan-{stamp}.csv", mime="text/csv", key="plan_sheet_csv")
    done = st.session_state.pop(_DONE, None)
    if done:
        show.success(done)
    uploads.allow()
    upload = st.file_uploader("Action plan spreadsheet (.xlsx or .csv)", type=["xlsx", "csv"],
                              max_upload_size=MAX_BYTES // (1024 * 1024),
                              key=f"plan_sheet_upload_{st.session_state.get(_IMPORTS, 0)}")
    if upload is None:
        st.session_state.pop(_PREVIEWED, None)
        return
    plan = ctx.plan
    try:
        rows = read_sheet(upload.name, upload.getvalue())
        changes = check_changes(plan, rows)
    except WardError as exc:
        show.error(f"The file was not imported and nothing was changed: {exc}")
        return
    versions = {c.id: c.version for c in plan.commitments}
    previewed = st.session_state.get(_PREVIEWED)
    if previewed is None or previewed[0] != upload.file_id:
        previewed = st.session_state[_PREVIEWED] = (upload.file_id, versions)
    _preview(changes)
    if not any(ch.kind in (ChangeKind.ADDED, ChangeKind.CHANGED) for ch in changes):
        show.info("Nothing to import: every row of the file matches the action plan as it is.")
        return
    with st.form("plan_sheet_import"):
        reason = forms.text(REASON, key="plan_sheet_reason", about="the import")
        pressed = st.form_submit_button("Import", type="primary")
    if not pressed:
        return
    try:
        imported = ctx.store.plan_book.import_sheet(ctx.user, rows, reason, expected_versions=previewed[1])
    except StaleEdit as exc:
        st.session_state[_PREVIEWED] = (upload.file_id, versions)  # the preview above is of the plan as it is now
        show.error(exc)
        return
    except WardError as exc:
        show.error(f"Nothing was imported: {exc}")
        return
    st.session_state[_IMPORTS] = st.session_state.get(_IMPORTS, 0) + 1
    st.session_state[_DONE] = (f"Imported {upload.name}: " + "; ".join(
        f"{what} {', '.join(x.upper() for x in ids)}" for what, ids in (("added", imported.added),
                                                                       ("changed", imported.changed)) if ids) + ".")
    st.rerun()


def _preview(changes) -> None:
    st.markdown(f"**What this import would change:** {summarise(changes)}.")
    show.table({"Ref": ch.ref.upper() if ch.ref else "new", "Row": ch.row or "", "Change": ch.kind.label,
                "Columns that differ": ", ".join(ch.fields)} for ch in changes)
    st.caption("Commitments not in the file are left as they are, and progress is only added: an entry the file "
               "leaves out is kept.")
