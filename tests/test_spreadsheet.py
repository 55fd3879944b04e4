"""The action plan as a spreadsheet (geo/plan/spreadsheet.py, geo/plan/sheet_file.py): out, back in
unchanged, and every problem in an upload refused with a sentence naming its row and column."""
from __future__ import annotations

import csv
import io
import subprocess
import sys
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest

from geo.errors import InvalidInput
from geo.plan.action_plan import ProgressEntry
from geo.plan.sheet_file import MAX_ROWS
from geo.plan.spreadsheet import (COLUMNS, ChangeKind, export_csv, export_xlsx, plan_changes, read_sheet,
                                  summarise)
from geo.records import LINE_MAX
from geo.status import Progress

ROOT = Path(__file__).resolve().parent.parent


def _grid(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _csv(grid: list[list[str]], separator: str = ",") -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=separator).writerows(grid)
    return out.getvalue().encode("utf-8")


def _edited_xlsx(data: bytes, edit) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(data))
    edit(book.active)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet, row: int, header: str):
    return sheet.cell(row, COLUMNS.index(header) + 1)


def _refused(name: str, data: bytes) -> str:
    with pytest.raises(InvalidInput) as caught:
        read_sheet(name, data)
    return str(caught.value)


@pytest.mark.parametrize("export, name", [(export_csv, "plan.csv"), (export_xlsx, "plan.xlsx")])
def test_the_plan_exported_and_read_back_changes_nothing(plan, export, name):
    changes = plan_changes(plan, read_sheet(name, export(plan)))
    assert [ch.kind for ch in changes] == [ChangeKind.UNCHANGED] * len(plan.commitments)
    assert [ch.ref for ch in changes] == [c.id for c in plan.commitments]
    assert summarise(changes) == f"0 new, 0 changed, {len(plan.commitments)} unchanged"


def test_the_csv_opens_in_excel_as_utf8_with_the_seed_plans_columns(plan):
    data = export_csv(plan)
    assert data.startswith("\ufeff".encode())
    header, st1, st2 = _grid(data)[:3]
    assert header == ["Ref", "Term", "You asked", "We will do", "Lead officer or team", "Target date",
                      "Target, in words", "Progress update", "Status"]
    assert st1[:2] == ["ST-1", "Short term"] and st1[5:7] == ["2019-04-30", "Review April 2019"]
    assert st1[7].startswith("2019-03: In Feb 2019 there were 10 hotspot patrols") and st1[8] == "In progress"
    assert st2[3] == "\n".join(plan.commitment("st-2").will_do)  # a sentence a line


def test_the_workbook_has_a_bold_frozen_header_wrapped_text_and_real_dates(plan):
    sheet = openpyxl.load_workbook(io.BytesIO(export_xlsx(plan))).active
    assert [c.value for c in sheet[1]] == list(COLUMNS)
    assert all(c.font.bold for c in sheet[1]) and sheet.freeze_panes == "A2"
    assert _cell(sheet, 2, "We will do").alignment.wrap_text
    assert sheet.column_dimensions["D"].width > sheet.column_dimensions["A"].width
    assert _cell(sheet, 2, "Target date").value == datetime(2019, 4, 30)
    assert sheet.max_row == len(plan.commitments) + 1
    lists = {str(v.sqref).split(":")[0]: v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists == {"B2": '"Short term,Long term"', "I2": '"' + ",".join(p.label for p in Progress) + '"'}


def test_a_bad_date_in_row_5_is_refused_naming_the_row_and_column(plan):
    grid = _grid(export_csv(plan))
    grid[4][COLUMNS.index("Target date")] = "31/13/2019"
    assert _refused("plan.csv", _csv(grid)) == ("Row 5, column “Target date”: must be a date written YYYY-MM-DD, "
                                                "not '31/13/2019'.")

    def bad(sheet):
        _cell(sheet, 5, "Target date").value = "next spring"

    message = _refused("plan.xlsx", _edited_xlsx(export_xlsx(plan), bad))
    assert message.startswith("Row 5, column “Target date”:") and "next spring" in message


@pytest.mark.parametrize("written, expected", [("30/04/2019", "2019-04-30"), ("1/5/2019", "2019-05-01"),
                                               ("2019-04-30", "2019-04-30")])
def test_target_dates_are_read_as_iso_or_as_the_uk_writes_them(plan, written, expected):
    grid = _grid(export_csv(plan))
    grid[1][COLUMNS.index("Target date")] = written
    assert read_sheet("plan.csv", _csv(grid))[0].target_by == expected


def test_a_date_cell_in_the_workbook_is_read_as_its_date(plan):
    def later(sheet):
        _cell(sheet, 2, "Target date").value = datetime(2019, 6, 30)

    rows = read_sheet("plan.xlsx", _edited_xlsx(export_xlsx(plan), later))
    assert rows[0].target_by == "2019-06-30"
    [change] = [ch for ch in plan_changes(plan, rows) if ch.kind is ChangeKind.CHANGED]
    assert change.fields == ("Target date",)


def test_a_missing_required_header_is_refused_naming_it(plan):
    grid = [[cell for i, cell in enumerate(row) if COLUMNS[i] not in ("Lead officer or team", "Term")]
            for row in _grid(export_csv(plan))]
    message = _refused("plan.csv", _csv(grid))
    assert message == ("Row 1: these columns are missing: “Term”, “Lead officer or team”. The header row names the "
                       "columns “Ref”, “Term”, “You asked”, “We will do”, “Lead officer or team”, “Target date”, "
                       "“Target, in words”, “Progress update”, “Status”; only “Ref”, “Target, in words”, “Status” "
                       "may be left out.")
    one = [[cell for i, cell in enumerate(row) if COLUMNS[i] != "Progress update"] for row in _grid(export_csv(plan))]
    assert _refused("plan.csv", _csv(one)).startswith("Row 1: the column “Progress update” is missing.")


def test_the_helper_columns_may_be_left_out(plan):
    keep = [i for i, h in enumerate(COLUMNS) if h not in ("Ref", "Target, in words", "Status")]
    grid = [[row[i] for i in keep] for row in _grid(export_csv(plan))]
    rows = read_sheet("plan.csv", _csv(grid))
    assert {(r.ref, r.target_text, r.status) for r in rows} == {(None, None, None)}
    assert {ch.kind for ch in plan_changes(plan, rows)} == {ChangeKind.ADDED, ChangeKind.LEFT_OUT}


def test_one_edited_cell_is_exactly_one_change(plan):
    def edit(sheet):
        _cell(sheet, 4, "Lead officer or team").value = "Regents Park SNT and Camden Council"

    changes = plan_changes(plan, read_sheet("plan.xlsx", _edited_xlsx(export_xlsx(plan), edit)))
    changed = [ch for ch in changes if ch.kind is not ChangeKind.UNCHANGED]
    assert [(ch.ref, ch.row, ch.fields) for ch in changed] == [("st-3", 4, ("Lead officer or team",))]
    assert changed[0].sheet_row.lead == "Regents Park SNT and Camden Council"


def test_new_rows_progress_and_left_out_commitments_are_previewed(plan):
    grid = _grid(export_csv(plan))
    grid[3][COLUMNS.index("Progress update")] += "\n2019-05-02: Two more patrols\nand a leaflet drop."
    grid[3][COLUMNS.index("Status")] = "done"
    new = ["", "Long term", "More benches", "Ask the parks team.", "Parks", "2019-09-30", "", "", ""]
    grid = grid[:-1] + [new]  # LT-3 left out, a new row in its place
    changes = plan_changes(plan, read_sheet("plan.csv", _csv(grid)))
    assert summarise(changes) == f"1 new, 1 changed, {len(plan.commitments) - 2} unchanged, 1 not in the file"
    [changed] = [ch for ch in changes if ch.kind is ChangeKind.CHANGED]
    assert changed.fields == ("Progress update", "Status")
    assert changed.sheet_row.progress[-1] == ("2019-05-02", "Two more patrols\nand a leaflet drop.")
    [added] = [ch for ch in changes if ch.kind is ChangeKind.ADDED]
    assert (added.row, added.sheet_row.term, added.sheet_row.target_text) == (len(grid), "long", "By 2019-09-30")
    assert changes[-1].kind is ChangeKind.LEFT_OUT and changes[-1].ref == "lt-3"


def test_a_semicolon_csv_as_excel_saves_it_in_much_of_europe_is_read(plan):
    assert len(read_sheet("plan.csv", _csv(_grid(export_csv(plan)), ";"))) == len(plan.commitments)


def _evil(plan):
    first = plan.commitments[0]
    return replace(plan, commitments=(replace(
        first, asked="=HYPERLINK(\"http://x\",\"click\")", lead="@SUM(A1)", will_do=("-1+1", "+44 20 7974 4444"),
        target_text="'=already quoted", progress=(ProgressEntry("2019-03", "=cmd|' /C calc'!A0"),)),))


def test_formulas_typed_into_the_plan_are_text_in_the_csv_and_come_back_as_typed(plan):
    evil = _evil(plan)
    row = _grid(export_csv(evil))[1]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in row)
    assert row[COLUMNS.index("You asked")] == "'=HYPERLINK(\"http://x\",\"click\")"
    assert row[COLUMNS.index("Target, in words")] == "''=already quoted"
    assert [ch.kind for ch in plan_changes(evil, read_sheet("plan.csv", export_csv(evil)))] == [ChangeKind.UNCHANGED]


def test_formulas_typed_into_the_plan_are_text_cells_in_the_workbook_and_come_back_as_typed(plan):
    evil = _evil(plan)
    data = export_xlsx(evil)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    asked = _cell(sheet, 2, "You asked")
    assert (asked.value, asked.data_type, asked.quotePrefix) == (evil.commitments[0].asked, "s", True)
    assert {c.data_type for row in sheet.iter_rows() for c in row} <= {"s", "d", "n"}
    assert [ch.kind for ch in plan_changes(evil, read_sheet("plan.xlsx", data))] == [ChangeKind.UNCHANGED]


def test_a_formula_in_an_uploaded_workbook_is_refused(plan):
    def formula(sheet):
        _cell(sheet, 3, "You asked").value = "=A1&B1"

    assert _refused("plan.xlsx", _edited_xlsx(export_xlsx(plan), formula)) == (
        "Row 3, column “You asked”: holds a formula (=A1&B1); type the words themselves.")


@pytest.mark.parametrize("header, written, expected", [
    ("Lead officer or team", "x" * (LINE_MAX + 1),
     f"Row 2, column “Lead officer or team”: is {LINE_MAX + 1} characters long; the most it can take is {LINE_MAX}."),
    ("You asked", "", "Row 2, column “You asked”: is required."),
    ("Term", "Medium term", "Row 2, column “Term”: must be Short term or Long term, not 'Medium term'."),
    ("Status", "Nearly", "Row 2, column “Status”: must be one of: "
     + ", ".join(p.label for p in Progress) + "; not 'Nearly'."),
    ("Ref", "ST-one", "Row 2, column “Ref”: 'ST-one' is not a commitment's reference such as ST-1 or LT-2; "
     "leave it empty for a new commitment."),
    ("Ref", "ST-2", "Row 3, column “Ref”: ST-2 is also on row 2; each commitment can be on one row only."),
    ("Progress update", "Patrols doubled", "Row 2, column “Progress update”: each entry starts on a line of its own "
     "with its date and a colon, e.g. “2019-03: Patrols doubled”; not 'Patrols doubled'."),
    ("Progress update", "2019-3: Patrols", "Row 2, column “Progress update”: entry 1 starts '2019-3: Patrols', "
     "which is not a date written YYYY-MM-DD or YYYY-MM."),
    ("Progress update", "2999-01: Patrols", "Row 2, column “Progress update”: entry 1: Progress date 2999-01 is in "
     "the future; progress is what has happened."),
])
def test_each_bad_cell_is_refused_with_the_stores_own_limits(plan, header, written, expected):
    grid = _grid(export_csv(plan))
    grid[1][COLUMNS.index(header)] = written
    assert _refused("plan.csv", _csv(grid)) == expected


def test_an_unknown_ref_is_refused_when_previewing(plan):
    grid = _grid(export_csv(plan))
    grid[2][0] = "LT-99"
    with pytest.raises(InvalidInput, match="^Row 3, column “Ref”: there is no commitment LT-99 in the action plan"):
        plan_changes(plan, read_sheet("plan.csv", _csv(grid)))


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (30 * 1024 * 1024))
    return out.getvalue()


def _zip(member: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(member, "x")
    return out.getvalue()


PNG = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89"


@pytest.mark.parametrize("name, data, expected", [
    ("plan.xlsx", PNG, "plan.xlsx is a PNG image, not a spreadsheet; save it from your spreadsheet as an Excel "
                       "Workbook (.xlsx) or as CSV UTF-8 (.csv)."),
    ("plan.xlsx", b"Ref,Term\n", "plan.xlsx is not an Excel workbook inside, whatever its name;"),
    ("plan.xlsx", _bomb(), "plan.xlsx unzips to over 20 MB, far more than an action plan; it was not read."),
    ("plan.xlsx", _zip("word/document.xml"), "plan.xlsx is a Word document, not an Excel workbook;"),
    ("plan.xlsx", b"PK\x03\x04 not really a zip", "plan.xlsx is damaged"),
    ("plan.csv", b"", "plan.csv is empty; choose the file again."),
    ("plan.csv", b"x" * (2 * 1024 * 1024 + 1), "plan.csv is 2.0 MB; the most a spreadsheet can be is 2 MB"),
    ("plan.csv", "Ref,Term,You asked\nST-1,Short term,Caf\xe9".encode("cp1252"), "plan.csv is not UTF-8 text."),
    ("plan.csv", _zip("xl/workbook.xml"), "plan.csv is not text, so it cannot be a CSV file;"),
    ("plan.pdf", b"%PDF-1.7", "plan.pdf is not a .csv or .xlsx file, so it was not read."),
    ("plan.xls", b"\xd0\xcf\x11\xe0", "plan.xls is not a .csv or .xlsx file, so it was not read. An old .xls"),
])
def test_anything_but_a_spreadsheet_is_refused_with_a_sentence(name, data, expected):
    assert _refused(name, data).startswith(expected)


def test_more_rows_than_a_plan_could_have_are_refused(plan):
    grid = _grid(export_csv(plan))
    grid += [grid[1][:]] * MAX_ROWS
    assert _refused("plan.csv", _csv(grid)).startswith(f"plan.csv has more than {MAX_ROWS} filled rows")


def test_blank_rows_are_passed_over_and_keep_the_row_numbers_a_person_sees(plan):
    grid = _grid(export_csv(plan))
    grid.insert(2, [""] * len(COLUMNS))
    grid[4][COLUMNS.index("Target date")] = "soon"
    assert _refused("plan.csv", _csv(grid)).startswith("Row 5, column “Target date”:")


def test_a_csv_with_a_header_below_row_1_is_refused(plan):
    grid = [[""] * len(COLUMNS)] + _grid(export_csv(plan))
    assert _refused("plan.csv", _csv(grid)).startswith("plan.csv has no header on row 1")


def test_a_date_cell_outside_the_target_column_is_read_as_its_iso_date(plan):
    def dated(sheet):
        _cell(sheet, 2, "Target, in words").value = date(2019, 4, 30)

    rows = read_sheet("plan.xlsx", _edited_xlsx(export_xlsx(plan), dated))
    assert rows[0].target_text == "2019-04-30"


def test_importing_the_module_loads_neither_streamlit_nor_openpyxl():
    check = ("import sys, geo.plan.spreadsheet; "
             "print(sorted(m for m in ('streamlit', 'openpyxl') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", check], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.stdout.strip() == "[]", done.stderr[-2000:]
