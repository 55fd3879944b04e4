"""The action plan as a spreadsheet, out and back in.  One row per commitment, in the seed plan's
five columns (“You asked”, “We will do”, “Lead officer or team”, “Target date”, “Progress
update”) and the helper columns a lossless round trip needs (“Ref”, “Term”, “Target, in words”,
“Status”).  “We will do” holds a sentence a line; “Progress update” an entry a line, “2019-03:
text” (a line that starts with no date carries on the entry above).  Pure: no database.

- export_csv, export_xlsx: the plan as a file.  No cell runs as a formula: a CSV cell that would
  gets an apostrophe (geo.text.neutralise), and in the workbook every text cell is text.
- read_sheet: an uploaded file (geo.plan.sheet_file) as SheetRows, every value checked as the store
  checks it (check_new, check_progress); a problem is an InvalidInput naming the row as the
  spreadsheet numbers it (the header is row 1) and the column.
- plan_changes: what importing the rows would change, commitment by commitment.

Topics are not a column: a new commitment has none, and an import leaves a commitment's own."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from geo.plan.commitment_checks import NewCommitment, check_new, check_progress
from geo.errors import InvalidInput
from geo.plan.action_plan import TERMS, ActionPlan, Commitment
from geo.plan.sheet_file import Formula, read_rows
from geo.records import COMMITMENT, PROGRESS_ENTRY
from geo.status import Progress
from geo.text import neutralise, restore_neutralised

__all__ = ["COLUMNS", "Change", "ChangeKind", "SheetRow", "export_csv", "export_xlsx", "plan_changes",
           "read_sheet", "summarise"]

REF = "Ref"
TERM = "Term"
ASKED, WILL_DO, LEAD, TARGET_TEXT, TARGET_BY = (COMMITMENT[f].label for f in COMMITMENT.names)
PROGRESS = PROGRESS_ENTRY["text"].label
STATUS = "Status"
COLUMNS = (REF, TERM, ASKED, WILL_DO, LEAD, TARGET_BY, TARGET_TEXT, PROGRESS, STATUS)
REQUIRED = (TERM, ASKED, WILL_DO, LEAD, TARGET_BY, PROGRESS)  # the seed plan's five, and the term
TERM_WORDS = {"short": "Short term", "long": "Long term"}  # keys of TERMS, as the Term column says them


@dataclass(frozen=True)
class SheetRow:
    """A commitment as a spreadsheet row gives it, checked."""

    row: int  # as the spreadsheet numbers it: the header is row 1
    ref: str | None  # the commitment's id (st-1); None for a new commitment
    term: str  # a key of TERMS
    asked: str
    will_do: tuple[str, ...]
    lead: str
    target_text: str | None  # None when the sheet has no “Target, in words” column
    target_by: str  # ISO date
    progress: tuple[tuple[str, str], ...]  # (ISO date or year-month, text), as listed
    status: Progress | None  # None when the sheet does not say


class ChangeKind(str, Enum):
    ADDED = "added"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    LEFT_OUT = "left_out"  # in the plan, not in the file: an import leaves it as it is

    @property
    def label(self) -> str:
        return {ChangeKind.ADDED: "new", ChangeKind.CHANGED: "changed", ChangeKind.UNCHANGED: "unchanged",
                ChangeKind.LEFT_OUT: "not in the file"}[self]


@dataclass(frozen=True)
class Change:
    """What importing one row, or leaving one commitment out, would change."""

    kind: ChangeKind
    ref: str | None  # the commitment's id; None for a new one
    row: int | None  # the spreadsheet's row; None for a commitment not in the file
    fields: tuple[str, ...]  # the columns that differ from the plan (CHANGED only), in column order
    sheet_row: SheetRow | None


_REF = re.compile(r"(st|lt)-[0-9]{1,4}", re.IGNORECASE)
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_UK = re.compile(r"([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})")
_UK_MONTH = re.compile(r"([0-9]{1,2})/([0-9]{4})")
# A progress line starting an entry: its date (ISO, or UK's DD/MM/YYYY or MM/YYYY), a colon, the text.
_ENTRY = re.compile(r"([0-9]{4}-[0-9]{2}(?:-[0-9]{2})?|[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}|[0-9]{1,2}/[0-9]{4})\s*:\s*(.*)")
_DATE_LIKE = re.compile(r"[0-9]+[-/.][0-9]+(?:[-/.][0-9]+)?\s*:")  # "2019-3:", "31/13/2019:": a date mistyped
_WIDTHS = {REF: 8, TERM: 12, ASKED: 45, WILL_DO: 60, LEAD: 28, TARGET_BY: 13, TARGET_TEXT: 20, PROGRESS: 60,
           STATUS: 22}


# --- out ---------------------------------------------------------------------


def export_csv(plan: ActionPlan) -> bytes:
    """The plan as CSV: UTF-8 with a byte-order mark (so Excel reads it as UTF-8), standard quoting."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for c in plan.commitments:
        writer.writerow([neutralise(cell) for cell in _cells(c).values()])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_xlsx(plan: ActionPlan) -> bytes:
    """The plan as an Excel workbook: a bold, frozen header row, wrapped text, real dates."""
    from openpyxl import Workbook  # slow to import; only this download needs it
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    sheet = book.active
    sheet.title = "Action plan"
    wrapped = Alignment(wrap_text=True, vertical="top")
    for col, header in enumerate(COLUMNS, start=1):
        cell = sheet.cell(1, col, header)
        cell.font, cell.alignment = Font(bold=True), wrapped
        sheet.column_dimensions[get_column_letter(col)].width = _WIDTHS[header]
    for row, c in enumerate(plan.commitments, start=2):
        for col, value in enumerate(_cells(c).values(), start=1):
            cell = sheet.cell(row, col)
            cell.alignment = wrapped
            if value == "":
                continue
            if isinstance(value, date):
                cell.value, cell.number_format = value, "yyyy-mm-dd"
            else:  # a text cell even when it starts with "=", never a formula; Excel's quote prefix keeps it
                # text when someone edits it.  An apostrophe that read_sheet would take off is doubled.
                cell.value = neutralise(value) if value.startswith("'") else value
                cell.data_type = "s"
                cell.quotePrefix = neutralise(value) != value
    sheet.freeze_panes = "A2"
    last = len(plan.commitments) + 1 + 200  # room for new rows below
    for header, words in ((TERM, TERM_WORDS.values()), (STATUS, (p.label for p in Progress))):
        letter = get_column_letter(COLUMNS.index(header) + 1)
        choices = DataValidation(type="list", formula1='"' + ",".join(words) + '"', allow_blank=True)
        choices.add(f"{letter}2:{letter}{last}")
        sheet.add_data_validation(choices)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cells(c: Commitment) -> dict[str, str | date]:
    return {REF: c.id.upper(), TERM: TERM_WORDS[c.term], ASKED: c.asked, WILL_DO: "\n".join(c.will_do),
            LEAD: c.lead, TARGET_BY: c.target_by, TARGET_TEXT: c.target_text,
            PROGRESS: "\n".join(f"{p.date}: {p.text}" for p in c.progress), STATUS: c.status.label}


# --- in ----------------------------------------------------------------------


def read_sheet(name: str, data: bytes) -> list[SheetRow]:
    """The commitments in an uploaded .csv or .xlsx, checked; InvalidInput names the first problem."""
    rows = read_rows(name, data)
    if not rows or rows[0][0] != 1:
        raise InvalidInput(f"{name} has no header on row 1; the first row must name the columns "
                           f"{_listed(COLUMNS)}.")
    where = _header(rows[0][1])
    found = [_row(number, {h: cells[i] if i < len(cells) else None for h, i in where.items()})
             for number, cells in rows[1:]]
    first_row: dict[str, int] = {}
    for r in found:
        if r.ref is not None and first_row.setdefault(r.ref, r.row) != r.row:
            raise _problem(r.row, REF, f"{r.ref.upper()} is also on row {first_row[r.ref]}; each commitment "
                                       "can be on one row only.")
    return found


def _header(cells: tuple) -> dict[str, int]:
    """Each known column's position; the columns the sheet must have, or InvalidInput naming those missing."""
    known = {h.casefold(): h for h in COLUMNS}
    where: dict[str, int] = {}
    for i, cell in enumerate(cells):
        header = known.get(" ".join(str(cell or "").split()).casefold())
        if header in where:
            raise InvalidInput(f"Row 1: the column “{header}” is there twice; keep one.")
        if header:
            where[header] = i
    missing = [h for h in REQUIRED if h not in where]
    if missing:
        said = (f"the column “{missing[0]}” is missing" if len(missing) == 1 else
                f"these columns are missing: {_listed(missing)}")
        raise InvalidInput(f"Row 1: {said}. The header row names the columns {_listed(COLUMNS)}; only "
                           f"{_listed(c for c in COLUMNS if c not in REQUIRED)} may be left out.")
    return where


def _listed(headers) -> str:
    return ", ".join(f"“{h}”" for h in headers)


def _row(number: int, cells: dict[str, object]) -> SheetRow:
    text = {h: _text(number, h, v) for h, v in cells.items() if h != TARGET_BY}
    target_by = _date(number, TARGET_BY, cells[TARGET_BY])
    new = NewCommitment(_term(number, text[TERM]), text[ASKED], tuple(text[WILL_DO].split("\n")), text[LEAD],
                        text.get(TARGET_TEXT, ""), target_by)
    try:
        new = check_new(new)
    except InvalidInput as exc:
        raise _problem(number, _column_named(str(exc)), str(exc)) from None
    return SheetRow(row=number, ref=_ref(number, text.get(REF, "")), term=new.term, asked=new.asked,
                    will_do=new.will_do, lead=new.lead, target_text=new.target_text if TARGET_TEXT in text else None,
                    target_by=new.target_by, progress=_progress(number, text[PROGRESS]),
                    status=_status(number, text.get(STATUS, "")))


def _text(number: int, header: str, value) -> str:
    if isinstance(value, Formula):
        raise _problem(number, header, f"holds a formula ({value[:40]}); type the words themselves.")
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return restore_neutralised(lines.strip())


def _date(number: int, header: str, value) -> str:
    """An ISO date from a date cell, or text written YYYY-MM-DD or DD/MM/YYYY (as in the UK)."""
    if isinstance(value, datetime | date):
        return (value.date() if isinstance(value, datetime) else value).isoformat()
    written = _text(number, header, value)
    uk = _UK.fullmatch(written)
    try:
        if uk:
            return date(int(uk[3]), int(uk[2]), int(uk[1])).isoformat()
        if _ISO.fullmatch(written):
            return date.fromisoformat(written).isoformat()
    except ValueError:
        pass
    if not written:
        raise _problem(number, header, "is required: the date the commitment is due, written YYYY-MM-DD.")
    raise _problem(number, header, f"must be a date written YYYY-MM-DD, not '{written}'.")


def _term(number: int, written: str) -> str:
    words = {w.casefold(): key for key, w in (*TERM_WORDS.items(), *TERMS.items(), *((k, k) for k in TERMS))}
    if written.casefold() not in words:
        said = f", not '{written}'" if written else ""
        raise _problem(number, TERM, f"must be {' or '.join(TERM_WORDS.values())}{said}.")
    return words[written.casefold()]


def _ref(number: int, written: str) -> str | None:
    if not written:
        return None
    if not _REF.fullmatch(written):
        raise _problem(number, REF, f"'{written}' is not a commitment's reference such as ST-1 or LT-2; leave it "
                                    "empty for a new commitment.")
    return written.lower()


def _status(number: int, written: str) -> Progress | None:
    if not written:
        return None
    for p in Progress:
        if written.casefold() in (p.label.casefold(), p.value):
            return p
    raise _problem(number, STATUS, f"must be one of: {', '.join(p.label for p in Progress)}; not '{written}'.")


def _progress(number: int, cell: str) -> tuple[tuple[str, str], ...]:
    """(date, text) entries: each starts on a line of its own with its date and a colon."""
    entries: list[list[str]] = []
    for line in cell.split("\n") if cell else ():
        start = _ENTRY.fullmatch(line.strip())
        if start:
            entries.append([_entry_date(number, start[1]), start[2]])
        elif _DATE_LIKE.match(line.strip()):
            raise _problem(number, PROGRESS, f"entry {len(entries) + 1} starts '{line.strip()[:20]}', which is not a "
                                             "date written YYYY-MM-DD or YYYY-MM.")
        elif not entries:
            if line.strip():
                raise _problem(number, PROGRESS, "each entry starts on a line of its own with its date and a "
                                                 f"colon, e.g. “2019-03: Patrols doubled”; not '{line[:40]}'.")
        else:
            entries[-1][1] += "\n" + line
    checked = []
    for i, (on, text) in enumerate(entries, start=1):
        try:
            checked.append(check_progress(on, text))
        except InvalidInput as exc:
            raise _problem(number, PROGRESS, f"entry {i}: {exc}") from None
    return tuple(checked)


def _entry_date(number: int, written: str) -> str:
    uk, uk_month = _UK.fullmatch(written), _UK_MONTH.fullmatch(written)
    try:
        if uk:
            return date(int(uk[3]), int(uk[2]), int(uk[1])).isoformat()
        if uk_month:
            return date(int(uk_month[2]), int(uk_month[1]), 1).isoformat()[:7]
    except ValueError:
        raise _problem(number, PROGRESS, f"'{written}' is not a date; write it YYYY-MM-DD or YYYY-MM.") from None
    return written  # ISO: check_progress checks it


def _column_named(message: str) -> str | None:
    """The column a check's message is about: the one whose label it starts with."""
    return next((h for h in sorted(COLUMNS, key=len, reverse=True) if message.startswith(h + " ")), None)


def _problem(number: int, header: str | None, message: str) -> InvalidInput:
    if header is None:
        return InvalidInput(f"Row {number}: {message}")
    if message.startswith(header + " "):
        message = message[len(header) + 1:]
    return InvalidInput(f"Row {number}, column “{header}”: {message}")


# --- what an import would change ---------------------------------------------


def plan_changes(plan: ActionPlan, rows: list[SheetRow]) -> list[Change]:
    """One Change per row (new, changed or unchanged), then one for each commitment not in the file."""
    changes = []
    for r in rows:
        if r.ref is None:
            changes.append(Change(ChangeKind.ADDED, None, r.row, (), r))
            continue
        if r.ref not in plan.ids:
            raise _problem(r.row, REF, f"there is no commitment {r.ref.upper()} in the action plan; leave Ref empty "
                                       "to add the row as a new commitment.")
        fields = _differences(plan.commitment(r.ref), r)
        changes.append(Change(ChangeKind.CHANGED if fields else ChangeKind.UNCHANGED, r.ref, r.row, fields, r))
    seen = {r.ref for r in rows}
    changes += [Change(ChangeKind.LEFT_OUT, c.id, None, (), None) for c in plan.commitments if c.id not in seen]
    return changes


def _differences(c: Commitment, r: SheetRow) -> tuple[str, ...]:
    now = {TERM: c.term, ASKED: c.asked, WILL_DO: c.will_do, LEAD: c.lead, TARGET_BY: c.target_by.isoformat(),
           TARGET_TEXT: c.target_text, PROGRESS: tuple((p.date, p.text) for p in c.progress), STATUS: c.status}
    sheet = {TERM: r.term, ASKED: r.asked, WILL_DO: r.will_do, LEAD: r.lead, TARGET_BY: r.target_by,
             TARGET_TEXT: r.target_text, PROGRESS: r.progress, STATUS: r.status}
    return tuple(h for h in COLUMNS if h in sheet and sheet[h] is not None and sheet[h] != now[h])


def summarise(changes: list[Change]) -> str:
    """In words, for a preview: “3 new, 2 changed, 7 unchanged”."""
    counts = [(kind, sum(1 for ch in changes if ch.kind is kind)) for kind in ChangeKind]
    return ", ".join(f"{n} {kind.label}" for kind, n in counts if n or kind is not ChangeKind.LEFT_OUT)
