"""An uploaded spreadsheet read into rows of cells, safely: a .csv (UTF-8, separated by commas,
semicolons or tabs, as Excel saves it in different countries) or an .xlsx (its first sheet).

The name's extension says which it should be and the content must agree.  Anything else, an
empty file, a file over MAX_BYTES, a workbook that unzips to over MAX_UNZIPPED and a sheet of
over MAX_ROWS filled rows are refused with an InvalidInput saying so.  Rows come back numbered
as the spreadsheet numbers them (the first is row 1), blank rows left out; a workbook's cells
are what openpyxl reads (text, numbers, datetimes), a formula as a Formula, never its result."""
from __future__ import annotations

import csv
import io
import itertools
import zipfile
from collections.abc import Iterator
from pathlib import PurePath

from geo.errors import InvalidInput

MAX_BYTES = 2 * 1024 * 1024
MAX_UNZIPPED = 20 * 1024 * 1024  # an .xlsx of MAX_ROWS rows unzips to well under 1 MB
MAX_MEMBERS = 200
MAX_ROWS = 500  # filled rows, the header included
MAX_COLUMNS = 40
_SEPARATORS = (",", ";", "\t")
_SAVE_AS = "save it from your spreadsheet as an Excel Workbook (.xlsx) or as CSV UTF-8 (.csv)"
# What other files start with, to say what was sent instead of a spreadsheet.
_KINDS = ((b"\x89PNG", "a PNG image"), (b"\xff\xd8\xff", "a JPEG image"), (b"GIF8", "a GIF image"),
          (b"%PDF", "a PDF document"), (b"\xd0\xcf\x11\xe0", "an old-style Office file (such as .xls or .doc)"))


class Formula(str):
    """A workbook cell holding a formula (its text, e.g. '=TODAY()'): refused by whoever reads it."""


Row = tuple[int, tuple]  # (the row's number in the spreadsheet, its cells)


def read_rows(name: str, data: bytes) -> list[Row]:
    """The filled rows of the .csv or .xlsx file `name` holding `data`."""
    suffix = PurePath(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        hint = f" An old .xls workbook: {_SAVE_AS}." if suffix == ".xls" else f" To send another file, {_SAVE_AS}."
        raise InvalidInput(f"{name} is not a .csv or .xlsx file, so it was not read.{hint}")
    if not data:
        raise InvalidInput(f"{name} is empty; choose the file again.")
    if len(data) > MAX_BYTES:
        raise InvalidInput(f"{name} is {len(data) / 1024 / 1024:.1f} MB; the most a spreadsheet can be is "
                           f"{MAX_BYTES // 1024 // 1024} MB, so it was not read.")
    for start, kind in _KINDS:
        if data.startswith(start):
            raise InvalidInput(f"{name} is {kind}, not a spreadsheet; {_SAVE_AS}.")
    is_zip = data.startswith(b"PK\x03\x04")
    if suffix == ".xlsx":
        if not is_zip:
            raise InvalidInput(f"{name} is not an Excel workbook inside, whatever its name; {_SAVE_AS}.")
        return _workbook_rows(name, data)
    if is_zip or b"\x00" in data:
        raise InvalidInput(f"{name} is not text, so it cannot be a CSV file; {_SAVE_AS}.")
    return _csv_rows(name, data)


def _csv_rows(name: str, data: bytes) -> list[Row]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InvalidInput(f"{name} is not UTF-8 text. In Excel choose Save As and “CSV UTF-8 (Comma "
                           "delimited)”, or send the .xlsx workbook.") from None
    separator = max(_SEPARATORS, key=lambda s: len(next(_records(name, text, s), (0, []))[1]))
    return _filled(_records(name, text, separator), name)


def _records(name: str, text: str, separator: str) -> Iterator[tuple[int, list]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    for number in itertools.count(1):
        try:
            yield number, next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InvalidInput(f"{name}, row {number}: not readable as CSV ({exc}).") from None


def _workbook_rows(name: str, data: bytes) -> list[Row]:
    _check_archive(name, data)
    from openpyxl import load_workbook  # slow to import; only an upload needs it

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception:  # noqa: BLE001 - openpyxl's errors are many; each means the same to the user
        raise InvalidInput(f"{name} could not be read as an Excel workbook: it may be damaged; {_SAVE_AS}.") from None
    try:
        if not book.worksheets:
            raise InvalidInput(f"{name} has no sheet of cells; {_SAVE_AS}.")
        cells = book.worksheets[0].iter_rows(max_col=MAX_COLUMNS)
        return _filled(((n, tuple(_value(c) for c in row)) for n, row in enumerate(cells, start=1)), name)
    except InvalidInput:
        raise
    except Exception:  # noqa: BLE001
        raise InvalidInput(f"{name} could not be read as an Excel workbook: it may be damaged; {_SAVE_AS}.") from None
    finally:
        book.close()


def _check_archive(name: str, data: bytes) -> None:
    """Refuse a zip that is no workbook, or one that would unzip to far more than a plan (a zip bomb)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise InvalidInput(f"{name} is damaged: it cannot be opened as a workbook; {_SAVE_AS}.") from None
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        kind = ("an OpenDocument spreadsheet" if "content.xml" in names else
                "a Word document" if "word/document.xml" in names else "a zip file")
        raise InvalidInput(f"{name} is {kind}, not an Excel workbook; {_SAVE_AS}.")
    if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > MAX_UNZIPPED:
        raise InvalidInput(f"{name} unzips to over {MAX_UNZIPPED // 1024 // 1024} MB, far more than an action "
                           "plan; it was not read.")


def _value(cell):
    if cell.data_type == "f":  # an array formula comes as an object holding its text
        return Formula(str(getattr(cell.value, "text", cell.value)))
    return cell.value


def _filled(rows: Iterator[tuple[int, tuple | list]], name: str) -> list[Row]:
    """The rows with any cell filled in, up to MAX_ROWS of them."""
    found = []
    for number, cells in rows:
        cells = tuple(cells[:MAX_COLUMNS])
        if all(c is None or (isinstance(c, str) and not c.strip()) for c in cells):
            continue
        if len(found) == MAX_ROWS:
            raise InvalidInput(f"{name} has more than {MAX_ROWS} filled rows (row {number} is one too many); an "
                               "action plan is far shorter. Check that this is the right file.")
        found.append((number, cells))
    return found
