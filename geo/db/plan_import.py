"""An action plan spreadsheet imported into the store, all or nothing, in the caller's one write
transaction: each new row added as a commitment, each changed one updated, each commitment's
changes one save in the history.

The rows come from geo.plan.spreadsheet.read_sheet and are checked again here, as every write
is.  `check_changes` also refuses what an import cannot do (change a commitment's term; settle
one without its words in a new progress entry), so the preview refuses exactly what the import
would.  An import only adds progress: an entry the file leaves out is kept.  If any commitment
moved on since the preview (its version), the whole import is refused (StaleEdit)."""
from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import Connection, update

from geo.db import rows as db_rows, tables as t
from geo.db.commitment_store import (TARGET, NewCommitment, add, append_progress, check_new, check_progress,
                                     read_all, read_one, write_status)
from geo.errors import InvalidInput, StaleEdit, Unchanged
from geo.fields import check_enum
from geo.model import User
from geo.plan.action_plan import ActionPlan, Commitment
from geo.plan.spreadsheet import PROGRESS, STATUS, TERM, Change, ChangeKind, SheetRow, plan_changes
from geo.status import Progress, Visibility

# History fields of an imported commitment's own words (geo.history labels them as geo.records does).
WORDS = {name: f"commitment.{name}" for name in ("asked", "will_do", "lead", "target_text")}


@dataclass(frozen=True)
class Imported:
    added: tuple[str, ...]  # the new commitments' ids, in the file's order
    changed: tuple[str, ...]


def check_changes(plan: ActionPlan, rows: Sequence[SheetRow]) -> list[Change]:
    """What importing the rows into `plan` would write (geo.plan.spreadsheet.plan_changes, less a
    progress cell that only leaves entries out); InvalidInput, naming the row, for what it cannot."""
    rows = [_checked(r) for r in rows]
    seen: dict[str, int] = {}
    for r in rows:
        if r.ref is not None and seen.setdefault(r.ref, r.row) != r.row:
            raise InvalidInput(f"Row {r.row}: {r.ref.upper()} is also on row {seen[r.ref]}.")
    changes = []
    for ch in plan_changes(plan, rows):
        if ch.kind is ChangeKind.CHANGED:
            old = plan.commitment(ch.ref)
            if TERM in ch.fields:
                raise InvalidInput(f"Row {ch.row}, column “{TERM}”: an import cannot move {ch.ref.upper()} to another "
                                   "term. Put the term back, or add it as a new row with Ref left empty.")
            fields = tuple(f for f in ch.fields if f != PROGRESS or new_entries(old, ch.sheet_row))
            ch = replace(ch, kind=ChangeKind.CHANGED if fields else ChangeKind.UNCHANGED, fields=fields)
        if ch.kind in (ChangeKind.ADDED, ChangeKind.CHANGED):
            _check_settling(ch, None if ch.ref is None else plan.commitment(ch.ref))
        changes.append(ch)
    return changes


def new_entries(old: Commitment | None, r: SheetRow) -> list[tuple[str, str]]:
    """The row's progress entries the commitment does not have yet, in the row's order."""
    have = Counter((p.date, p.text) for p in (old.progress if old else ()))
    found = []
    for entry in r.progress:
        if have[entry]:
            have[entry] -= 1
        else:
            found.append(entry)
    return found


def import_rows(conn: Connection, actor: User, rows: Sequence[SheetRow], reason: str,
                expected_versions: Mapping[str, int]) -> Imported:
    """Apply the rows (the actor and reason checked by the caller) as of the plan the preview showed,
    whose commitments had `expected_versions`; nothing is written unless all of it is."""
    current = read_all(conn)
    for c in current:
        if expected_versions.get(c.id) != c.version:
            raise StaleEdit(f"{c.id.upper()} was {'changed' if c.id in expected_versions else 'added'} since you "
                            "previewed the file, so nothing was imported. Check the preview, now made from the "
                            "plan as it is, and import again.", current=c)
    plan = ActionPlan("", "", tuple(current), (), ())
    todo = [ch for ch in check_changes(plan, rows) if ch.kind in (ChangeKind.ADDED, ChangeKind.CHANGED)]
    if not todo:
        raise Unchanged("Nothing to import: every row of the file matches the action plan.")
    added, changed = [], []
    for ch in todo:
        save_id = db_rows.new_save_id()
        if ch.ref is None:
            added.append(_add(conn, actor, ch.sheet_row, reason, save_id))
        else:
            _update(conn, actor, plan.commitment(ch.ref), ch.sheet_row, reason, save_id)
            changed.append(ch.ref)
    return Imported(tuple(added), tuple(changed))


def _checked(r: SheetRow) -> SheetRow:
    """The row's values checked as the store checks a commitment's (check_new, check_progress)."""
    try:
        new = check_new(NewCommitment(r.term, r.asked, tuple(r.will_do), r.lead, r.target_text or "", r.target_by))
        progress = tuple(check_progress(on, text) for on, text in r.progress)
        status = None if r.status is None else check_enum(Progress, r.status, STATUS)
    except InvalidInput as exc:
        raise InvalidInput(f"Row {r.row}: {exc}") from None
    return replace(r, term=new.term, asked=new.asked, will_do=new.will_do, lead=new.lead, target_by=new.target_by,
                   target_text=None if r.target_text is None else new.target_text, progress=progress, status=status)


def _check_settling(ch: Change, old: Commitment | None) -> None:
    """A status that settles a commitment needs its words (Progress.asks_for): a new progress entry."""
    r = ch.sheet_row
    before = old.status if old else Progress.NO_UPDATE
    if r.status is None or r.status is before or not r.status.asks_for or new_entries(old, r):
        return
    raise InvalidInput(f"Row {ch.row}, column “{STATUS}”: “{r.status.label}” needs a few words "
                       f"({r.status.asks_for}); add them as a new dated line in “{PROGRESS}”.")


def _add(conn: Connection, actor: User, r: SheetRow, reason: str, save_id: str) -> str:
    new = check_new(NewCommitment(r.term, r.asked, r.will_do, r.lead, r.target_text or "", r.target_by))
    cid = add(conn, actor, new, reason, save_id=save_id).id
    for on, text in r.progress:
        append_progress(conn, actor, cid, on, text, reason, save_id=save_id)
    if r.status not in (None, Progress.NO_UPDATE):
        write_status(conn, actor, read_one(conn, cid), r.status, reason, save_id=save_id)
    return cid


def _update(conn: Connection, actor: User, old: Commitment, r: SheetRow, reason: str, save_id: str) -> None:
    c = t.commitments
    if not conn.execute(update(c).where(c.c.id == old.id, c.c.version == old.version)
                        .values(version=c.c.version + 1)).rowcount:
        raise StaleEdit(f"{old.id.upper()} was changed while the file was imported, so nothing was imported. "
                        "Check the preview and import again.", current=read_one(conn, old.id))

    def record(field: str, was: str, now: str) -> None:
        db_rows.record(conn, actor, None, field, was, now, reason, db_rows.utc_now(), Visibility.PUBLIC, save_id,
                       commitment_id=old.id)

    values = {}
    for name in ("asked", "will_do", "lead"):
        was, now = getattr(old, name), getattr(r, name)
        if now != was:
            values[name] = json.dumps(list(now)) if name == "will_do" else now
            record(WORDS[name], _words(was), _words(now))
    target_text = r.target_text
    if r.target_by != old.target_by.isoformat():  # a moved target keeps the date before it, so the slip shows
        target_text = target_text or f"By {r.target_by}"
        earlier = [d.isoformat() for d in old.target_history] + [old.target_by.isoformat()]
        values.update(target_by=r.target_by, target_history=json.dumps(earlier))
        record(TARGET, old.target_by.isoformat(), r.target_by)
    if target_text is not None and target_text != old.target_text:
        values["target_text"] = target_text
        record(WORDS["target_text"], old.target_text, target_text)
    if values:
        conn.execute(update(c).where(c.c.id == old.id).values(**values))
    for on, text in new_entries(old, r):
        append_progress(conn, actor, old.id, on, text, reason, save_id=save_id)
    if r.status is not None and r.status is not old.status:
        write_status(conn, actor, old, r.status, reason, save_id=save_id)


def _words(value: str | tuple[str, ...]) -> str:
    return " ".join(value) if isinstance(value, tuple) else value
