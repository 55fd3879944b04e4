"""The Administration page's Action plan spreadsheet tab (ui/plan_sheet.py), through Streamlit's
AppTest: the plan to download, an upload previewed, then imported whole with a reason; the file
just exported changes nothing; a bad file is named by row and column; a change made since the
preview refuses the import."""
from __future__ import annotations

import csv
import io

from streamlit.testing.v1 import AppTest

from geo.plan.spreadsheet import export_csv, export_xlsx
from tests.store_fixtures import ADMIN, OPERATOR
from tests.test_plan_import import _set
from tests.test_team_pages import _said, _table, _with_store

IMPORT = "FormSubmitter:plan_sheet_import-Import"


def _exported(ward, export=export_csv) -> bytes:
    return _with_store(ward, lambda s: export(s.plan()))


def _edited(ward, edit) -> bytes:
    grid = list(csv.reader(io.StringIO(_exported(ward).decode("utf-8-sig"), newline="")))
    edit(grid)
    out = io.StringIO()
    csv.writer(out).writerows(grid)
    return out.getvalue().encode("utf-8")


def _upload(at: AppTest, name: str, data: bytes, number: int = 0) -> AppTest:
    return at.file_uploader(key=f"plan_sheet_upload_{number}").set_value((name, data, "text/csv")).run()


def _new_lead_and_a_new_row(grid) -> None:
    _set(grid, "ST-3", "Lead officer or team", "Police, Safer Neighbourhood Team")
    grid.append(["", "Long term", "Fewer bikes ridden on the pavements.", "Talk to the delivery firms.",
                 "Community Safety", "2027-09-30", "", "", ""])


def test_the_plan_downloads_as_a_workbook_and_as_csv(app):
    at = app("pages/admin.py", ADMIN)
    labels = [b.label for b in at.get("download_button")]
    assert "Download the plan (Excel workbook)" in labels and "Download the plan (CSV)" in labels


def test_the_file_just_exported_shows_no_changes_and_offers_no_import(app, ward):
    at = app("pages/admin.py", ADMIN)
    for name, export in (("plan.xlsx", export_xlsx), ("plan.csv", export_csv)):
        _upload(at, name, _exported(ward, export))
        assert any(m.value.endswith("0 new, 0 changed, 12 unchanged.") for m in at.markdown)
        assert "Nothing to import: every row of the file matches the action plan as it is." in _said(at, "info")
        assert IMPORT not in [b.key for b in at.button]


def test_an_upload_is_previewed_then_imported_whole_with_a_reason(app, ward):
    at = app("pages/admin.py", ADMIN)
    _upload(at, "plan.csv", _edited(ward, _new_lead_and_a_new_row))
    assert any(m.value.endswith("1 new, 1 changed, 11 unchanged.") for m in at.markdown)
    preview = _table(at, "Columns that differ").set_index("Ref")
    assert preview.loc["ST-3", "Columns that differ"] == "Lead officer or team"
    assert preview.loc["new", "Change"] == "new" and preview.loc["new", "Row"] == "14"

    at.button(key=IMPORT).click().run()
    assert any("Reason for the change is required" in e for e in _said(at, "error"))
    assert _with_store(ward, lambda s: s.commitment("st-3")).lead != "Police, Safer Neighbourhood Team"

    at.text_input(key="plan_sheet_reason").input("Agreed at the partnership meeting")
    at.button(key=IMPORT).click().run()
    assert "Imported plan.csv: added LT-4; changed ST-3." in _said(at, "success")
    assert at.file_uploader(key="plan_sheet_upload_1").value is None  # emptied: the file went in
    plan = _with_store(ward, lambda s: s.plan())
    assert plan.commitment("st-3").lead == "Police, Safer Neighbourhood Team"
    assert plan.commitment("lt-4").asked == "Fewer bikes ridden on the pavements."


def test_a_bad_file_is_named_by_row_and_column_and_nothing_changes(app, ward):
    at = app("pages/admin.py", ADMIN)
    before = _with_store(ward, lambda s: s.plan())
    _upload(at, "plan.csv", _edited(ward, lambda grid: _set(grid, "ST-3", "Target date", "31/13/2019")))
    assert _said(at, "error") == ["The file was not imported and nothing was changed: Row 4, column “Target date”: "
                                  "must be a date written YYYY-MM-DD, not '31/13/2019'."]
    assert IMPORT not in [b.key for b in at.button]
    assert _with_store(ward, lambda s: s.plan()) == before


def test_a_change_made_since_the_preview_refuses_the_import_until_it_is_previewed_again(app, ward):
    at = app("pages/admin.py", ADMIN)
    _upload(at, "plan.csv", _edited(ward, _new_lead_and_a_new_row))
    at.text_input(key="plan_sheet_reason").input("Agreed at the partnership meeting")
    _with_store(ward, lambda s: s.add_progress(OPERATOR, "st-1", "2025-12-01", "Extra patrols."))
    at.button(key=IMPORT).click().run()
    assert _said(at, "error") == ["ST-1 was changed since you previewed the file, so nothing was imported. Check "
                                  "the preview, now made from the plan as it is, and import again."]
    assert _with_store(ward, lambda s: s.commitment("st-3")).lead != "Police, Safer Neighbourhood Team"
    assert at.text_input(key="plan_sheet_reason").value == "Agreed at the partnership meeting"  # kept

    at.button(key=IMPORT).click().run()  # the preview it now shows is of the plan as it is
    assert "Imported plan.csv: added LT-4; changed ST-3." in _said(at, "success")
    assert _with_store(ward, lambda s: s.commitment("st-1")).progress[-1].text == "Extra patrols."
