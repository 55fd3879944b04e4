"""geo/db/plan_import.py, through store.plan_book.import_sheet: a spreadsheet of the action plan
goes in all or nothing, each commitment's changes one save in the history; the file just
exported changes nothing; a bad row, a stale preview or a non-editor writes nothing."""
from __future__ import annotations

import csv
import io
from dataclasses import replace

import pytest

from geo.db.plan_import import check_changes
from geo.errors import InvalidInput, PermissionDenied, StaleEdit, Unchanged
from geo.plan.spreadsheet import COLUMNS, ChangeKind, export_csv, export_xlsx, read_sheet
from geo.status import Progress
from tests.store_fixtures import ADMIN, COMMUNITY_SAFETY, PLANNER, SNT_OFFICER


def _versions(plan) -> dict[str, int]:
    return {c.id: c.version for c in plan.commitments}


def _state(store):
    return store.plan(), store.history(include_partners=True)


def _edited(plan, edit) -> list:
    """The plan exported as CSV, `edit(grid)` applied (a list of rows of cells), read back as SheetRows."""
    grid = list(csv.reader(io.StringIO(export_csv(plan).decode("utf-8-sig"), newline="")))
    edit(grid)
    out = io.StringIO()
    csv.writer(out).writerows(grid)
    return read_sheet("plan.csv", out.getvalue().encode("utf-8"))


def _set(grid, ref: str, header: str, value: str) -> None:
    row = next(r for r in grid if r[0] == ref)
    row[COLUMNS.index(header)] = value


def _import(store, rows, actor=ADMIN, reason="Agreed at the partnership meeting", versions=None):
    plan = store.plan()
    return store.plan_book.import_sheet(actor, rows, reason, expected_versions=versions or _versions(plan))


@pytest.mark.parametrize("export, name", [(export_csv, "plan.csv"), (export_xlsx, "plan.xlsx")])
def test_the_file_just_exported_changes_nothing_and_writes_nothing(store, export, name):
    before = _state(store)
    rows = read_sheet(name, export(store.plan()))
    assert {ch.kind for ch in check_changes(store.plan(), rows)} == {ChangeKind.UNCHANGED}
    with pytest.raises(Unchanged, match="every row of the file matches the action plan"):
        _import(store, rows)
    assert _state(store) == before


def test_an_import_adds_and_changes_commitments_each_one_save_in_the_history(store):
    plan = store.plan()
    old = plan.commitment("st-3")

    def edit(grid):
        _set(grid, "ST-3", "You asked", "More patrols on Munster Square, please.")
        _set(grid, "ST-3", "Target date", "2027-06-30")
        _set(grid, "ST-3", "Target, in words", "By June 2027")
        cell = grid[[r[0] for r in grid].index("ST-3")][COLUMNS.index("Progress update")]
        _set(grid, "ST-3", "Progress update", (cell + "\n" if cell else "") + "2025-11: Patrols doubled.")
        _set(grid, "ST-3", "Status", "In progress")
        grid.append(["", "Short term", "The path behind Clarkson Row is dark.", "Add two lamp columns.",
                     "Street lighting", "2027-03-31", "", "", ""])

    done = _import(store, _edited(plan, edit))
    assert done.changed == ("st-3",) and len(done.added) == 1
    now = store.plan()
    st3, added = now.commitment("st-3"), now.commitment(done.added[0])
    assert st3.asked == "More patrols on Munster Square, please." and st3.status is Progress.IN_PROGRESS
    assert st3.target_by.isoformat() == "2027-06-30" and st3.target_text == "By June 2027"
    assert st3.target_history == (*old.target_history, old.target_by)  # the slip shows
    assert st3.progress[-1].text == "Patrols doubled." and st3.progress[:-1] == old.progress
    assert st3.version > old.version and st3.topics == old.topics
    assert added.asked == "The path behind Clarkson Row is dark." and added.target_text == "By 2027-03-31"
    assert done.added[0].startswith("st-") and now.commitments[-1] == added

    history = store.history(include_partners=True)
    mine = [c for c in history if c.commitment_id in ("st-3", added.id) and c.reason.startswith("Agreed")]
    by_save = {}
    for c in mine:
        by_save.setdefault(c.save_id, set()).add((c.commitment_id, c.field))
    assert sorted(by_save.values(), key=len) == [
        {(added.id, "commitment")},
        {("st-3", "commitment.asked"), ("st-3", "commitment.target"), ("st-3", "commitment.target_text"),
         ("st-3", "commitment.progress"), ("st-3", "commitment.status")}]
    target = next(c for c in mine if c.field == "commitment.target")
    assert (target.old, target.new) == (old.target_by.isoformat(), "2027-06-30")


def test_a_progress_cell_that_leaves_entries_out_keeps_them_and_changes_nothing(store):
    plan = store.plan()
    led = next(c for c in plan.commitments if c.progress)
    rows = _edited(plan, lambda grid: _set(grid, led.id.upper(), "Progress update", ""))
    assert next(ch for ch in check_changes(plan, rows) if ch.ref == led.id).kind is ChangeKind.UNCHANGED
    with pytest.raises(Unchanged):
        _import(store, rows)


BAD_ROWS = {
    "a required field emptied": (lambda rows: [replace(rows[2], asked="")], "Row 4: You asked is required"),
    "an unknown commitment": (lambda rows: [replace(rows[0], ref="st-99")], "Row 2, column “Ref”: there is no "
                                                                         "commitment ST-99"),
    "a commitment twice": (lambda rows: [rows[0], replace(rows[1], ref=rows[0].ref)], "ST-1 is also on row 2"),
    "a term changed": (lambda rows: [replace(rows[0], term="long")], "Row 2, column “Term”: an import cannot move"),
    "done without its words": (lambda rows: [replace(rows[0], status=Progress.DONE)],
                               "Row 2, column “Status”: “Done” needs a few words"),
    "a progress date in the future": (lambda rows: [replace(rows[0], progress=(("2999-01", "Later"),))],
                                      "Row 2: Progress date 2999-01 is in the future"),
}


@pytest.mark.parametrize("bad", BAD_ROWS)
def test_a_bad_row_is_refused_naming_it_and_nothing_is_written(store, bad):
    make, message = BAD_ROWS[bad]
    rows = read_sheet("plan.csv", export_csv(store.plan()))
    edited = _edited(store.plan(), lambda grid: _set(grid, "ST-2", "Lead officer or team", "Hotspot team"))
    valid = [r for r in edited if r.ref == "st-2"]  # first: a change that would go in on its own
    before = _state(store)
    with pytest.raises(InvalidInput) as refused:
        _import(store, [*valid, *make(rows)])
    assert message in str(refused.value)
    assert _state(store) == before


def test_an_import_over_a_change_made_since_the_preview_is_refused_whole(store):
    preview = store.plan()
    rows = _edited(preview, lambda grid: (_set(grid, "ST-1", "Lead officer or team", "Hotspot team"),
                                          _set(grid, "ST-2", "Lead officer or team", "Hotspot team")))
    store.add_progress(SNT_OFFICER, "st-3", "2025-12-01", "A new sergeant started.")  # after the preview
    before = _state(store)
    with pytest.raises(StaleEdit) as stale:
        _import(store, rows, versions=_versions(preview))
    assert str(stale.value).startswith("ST-3 was changed since you previewed the file, so nothing was imported.")
    assert stale.value.current.id == "st-3"
    assert _state(store) == before
    assert _import(store, rows).changed == ("st-1", "st-2")  # previewed again: it goes in


@pytest.mark.parametrize("actor", [PLANNER, SNT_OFFICER, None], ids=["planner", "snt officer", "nobody"])
def test_only_the_plans_editors_may_import(store, actor):
    rows = _edited(store.plan(), lambda grid: _set(grid, "ST-3", "Lead officer or team", "Police"))
    before = _state(store)
    with pytest.raises(PermissionDenied):
        _import(store, rows, actor=actor)
    assert _state(store) == before
    assert _import(store, rows, actor=COMMUNITY_SAFETY).changed == ("st-3",)


def test_an_import_needs_a_reason(store):
    rows = _edited(store.plan(), lambda grid: _set(grid, "ST-3", "Lead officer or team", "Police"))
    with pytest.raises(InvalidInput, match="Reason for the change is required"):
        _import(store, rows, reason=" ")
