"""The action plan's commitments and their dated progress in the database: the
plan part of the store.

The plan file gives the title, glossary and contacts, and the commitments as
they were at first start (`seed`); from then on the store holds them.  Adding a
commitment takes Action.EDIT_PLAN; updating one (progress, status, target) takes
that or membership of a team that leads it (geo.roles.require_to_update), read in
the write's own transaction.  Every write checks its values and records history
naming the commitment (history.commitment_id), worded by geo.history.  A status
or target change carries the version the editor opened and is refused (StaleEdit)
when someone else changed the commitment since.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from datetime import date
from collections.abc import Callable, Mapping, Sequence

from sqlalchemy import Connection, func, insert, select, update

from geo.records import COMMITMENT, PROGRESS_ENTRY, REASON, WILL_DO_MAX
from geo import clock
from geo.checks import check_version
from geo.fields import check_enum, check_text
from geo.db import rows as db_rows, tables as t
from geo.db.engine import Database
from geo.errors import InvalidInput, StaleEdit, Unchanged
from geo.model import User
from geo.plan.action_plan import TERMS, ActionPlan, Commitment, ProgressEntry
from geo.roles import Action, require, require_to_update
from geo.db import team_store
from geo.status import Progress, Visibility

# History fields about commitments; geo.history words them.
ADDED = "commitment"
PROGRESS = "commitment.progress"
STATUS = "commitment.status"
TARGET = "commitment.target"

_TOPIC = re.compile(r"[a-z][a-z0-9_-]{0,31}")
_PREFIX = {"short": "st", "long": "lt"}


@dataclass(frozen=True)
class NewCommitment:
    """What a new commitment needs: the plan's own columns."""

    term: str
    asked: str
    will_do: tuple[str, ...]
    lead: str
    target_text: str
    target_by: str  # ISO date
    topics: tuple[str, ...] = ()


def check_new(c: NewCommitment) -> NewCommitment:
    if c.term not in TERMS:
        raise InvalidInput(f"Term must be one of: {', '.join(TERMS)}.")
    will_do = tuple(s for s in (COMMITMENT["will_do"].check(s, required=False) for s in c.will_do) if s)
    if not will_do:
        raise InvalidInput("We will do is required: say what the partners will do.")
    if len(will_do) > WILL_DO_MAX:
        raise InvalidInput(f"We will do has {len(will_do)} parts; the most it can take is {WILL_DO_MAX}.")
    topics = tuple(dict.fromkeys(str(x).strip().lower() for x in c.topics if str(x).strip()))
    bad = [x for x in topics if not _TOPIC.fullmatch(x)]
    if bad:
        raise InvalidInput(f"Topics are short lower-case words, e.g. lighting; not {bad[0]!r}.")
    target_by = COMMITMENT["target_by"].check(c.target_by)
    return NewCommitment(c.term, COMMITMENT["asked"].check(c.asked), will_do,
                         COMMITMENT["lead"].check(c.lead),
                         COMMITMENT["target_text"].check(c.target_text) or f"By {target_by}", target_by, topics)


def check_progress(on: str, text: str) -> tuple[str, str]:
    """A progress entry's date (ISO date or year-month, not in the future) and text."""
    on = PROGRESS_ENTRY["date"].check(on)
    if on > clock.today().isoformat():
        raise InvalidInput(f"Progress date {on} is in the future; progress is what has happened.")
    return on, PROGRESS_ENTRY["text"].check(text)


class PlanBook:
    """The plan part of the store.  `base()` is the plan file (title, glossary, contacts)."""

    def __init__(self, db: Database, base: Callable[[], ActionPlan], current: Callable[[User | None], User | None]):
        self._db = db
        self._base = base
        self._current = current

    # --- reads -------------------------------------------------------------

    def plan(self) -> ActionPlan:
        with self._db.read() as conn:
            return replace(self._base(), commitments=tuple(read_all(conn)),
                           teams=tuple(team_store.read_all(conn).values()))

    def commitment(self, cid: str) -> Commitment:
        with self._db.read() as conn:
            return read_one(conn, cid)

    # --- writes ------------------------------------------------------------

    def add(self, actor: User | None, new: NewCommitment, reason: str = "") -> Commitment:
        require(self._current(actor), Action.EDIT_PLAN)
        new = check_new(new)
        reason = REASON.check(reason)
        with self._db.write() as conn:
            return add(conn, actor, new, reason)

    def add_progress(self, actor: User | None, cid: str, on: str, text: str, reason: str = "") -> Commitment:
        on, text = check_progress(on, text)
        reason = REASON.check(reason)
        with self._db.write() as conn:
            self._may_update(conn, actor, cid)
            append_progress(conn, actor, cid, on, text, reason)
            return read_one(conn, cid)

    def set_status(self, actor: User | None, cid: str, status: Progress, *, expected_version: int,
                   reason: str = "", words: str = "", on: str | None = None) -> Commitment:
        """Set the commitment's status.  A status that settles it (done, partly done, closed not done,
        not ours, dropped) needs `words` (Progress.asks_for), kept as a progress entry dated `on`
        (default today) in the same save."""
        status = check_enum(Progress, status, "Status")
        reason = REASON.check(reason)
        check_version(expected_version)
        entry = None
        if status.asks_for or words:
            label = status.asks_for or "Progress update"
            text = check_text(words, label, PROGRESS_ENTRY["text"].limit, required=bool(status.asks_for))
            entry = check_progress(on or clock.today().isoformat(), f"{status.label}: {text}")
        with self._db.write() as conn:
            self._may_update(conn, actor, cid)
            old = read_one(conn, cid)
            if old.version == expected_version and old.status is status:
                raise Unchanged
            if not _bump(conn, cid, expected_version):
                raise StaleEdit(f"Commitment {cid.upper()} was changed since you opened it; it is now "
                                f"“{old.status.label}”. Nothing was saved.", current=old)
            save_id = db_rows.new_save_id()
            write_status(conn, actor, old, status, reason, save_id=save_id)
            if entry:
                append_progress(conn, actor, cid, *entry, reason, save_id=save_id)
            return read_one(conn, cid)

    def move_target(self, actor: User | None, cid: str, target_by: str, *, expected_version: int, reason: str,
                    target_text: str = "") -> Commitment:
        """A new target date, with the reason (required): the old date is kept, so the slip shows."""
        target_by = COMMITMENT["target_by"].check(target_by)
        target_words = COMMITMENT["target_text"].check(target_text) or f"By {target_by}"
        reason = REASON.check(reason)
        if not reason:
            raise InvalidInput(f"{REASON.label} is required: say why the target moved.")
        check_version(expected_version)
        with self._db.write() as conn:
            self._may_update(conn, actor, cid)
            old = read_one(conn, cid)
            if old.target_by.isoformat() == target_by:
                raise Unchanged
            if not _bump(conn, cid, expected_version):
                raise StaleEdit(f"Commitment {cid.upper()} was changed since you opened it; its target is now "
                                f"“{old.target_text}”. Nothing was saved.", current=old)
            earlier = [d.isoformat() for d in old.target_history] + [old.target_by.isoformat()]
            conn.execute(update(t.commitments).where(t.commitments.c.id == cid).values(
                target_by=target_by, target_text=target_words, target_history=json.dumps(earlier)))
            db_rows.record(conn, actor, None, TARGET, old.target_by.isoformat(), target_by, reason,
                           db_rows.utc_now(), Visibility.PUBLIC, commitment_id=cid)
            return read_one(conn, cid)

    def set_leads(self, actor: User | None, cid: str, team_ids: Sequence[str], reason: str = "") -> Commitment:
        """Which teams lead the commitment (the plan's editors only)."""
        require(self._current(actor), Action.EDIT_PLAN)
        reason = REASON.check(reason)
        with self._db.write() as conn:
            read_one(conn, cid)
            team_store.write_leads(conn, actor, cid, team_ids, reason)
            return read_one(conn, cid)

    def led_by(self, team_id: str | None) -> list[Commitment]:
        """The commitments a team leads, in the plan's order."""
        return [c for c in self.plan().commitments if team_id in c.leads]

    def _may_update(self, conn: Connection, actor: User | None, cid: str) -> None:
        """The actor, as the database has it now, may update this commitment: checked in the write's transaction."""
        found = read_one(conn, cid)
        names = {x.id: x.name for x in team_store.read_all(conn).values()}
        require_to_update(self._current(actor), cid, found.leads, names)

    def import_sheet(self, actor: User | None, rows: Sequence, reason: str, *,
                     expected_versions: Mapping[str, int]):
        """A spreadsheet's rows (geo.plan.spreadsheet.read_sheet) in one transaction, all or nothing, as of
        the plan whose commitments' versions the preview showed: geo.db.plan_import.Imported."""
        from geo.db import plan_import  # imported here: it builds on this module

        require(self._current(actor), Action.EDIT_PLAN)
        reason = REASON.check(reason)
        if not reason:
            raise InvalidInput(f"{REASON.label} is required: say why the plan is imported.")
        with self._db.write() as conn:
            return plan_import.import_rows(conn, actor, rows, reason, expected_versions)


# --- inside a transaction: shared with the gating review and walks ---------------


def read_all(conn: Connection, cid: str | None = None) -> list[Commitment]:
    c, p = t.commitments, t.progress_entries
    query = select(c).order_by(c.c.seq)
    progress_query = select(p.c.commitment_id, p.c.date, p.c.text).order_by(p.c.id)
    if cid is not None:
        query, progress_query = query.where(c.c.id == cid), progress_query.where(p.c.commitment_id == cid)
    progress: dict[str, list[ProgressEntry]] = {}
    for owner, on, text in conn.execute(progress_query):
        progress.setdefault(owner, []).append(ProgressEntry(on, text))
    leads = team_store.read_leads(conn)
    return [Commitment(r.id, r.term, r.asked, tuple(json.loads(r.will_do)), r.lead, r.target_text,
                       date.fromisoformat(r.target_by), tuple(json.loads(r.topics)), tuple(progress.get(r.id, ())),
                       Progress(r.status), r.version, leads.get(r.id, ()),
                       tuple(date.fromisoformat(x) for x in json.loads(r.target_history or "[]")))
            for r in conn.execute(query)]


def read_one(conn: Connection, cid: str) -> Commitment:
    found = read_all(conn, cid) if isinstance(cid, str) else []
    if not found:
        raise InvalidInput(f"There is no commitment {cid!r} in the action plan.")
    return found[0]


def seed(conn: Connection, commitments: Sequence[Commitment]) -> bool:
    """Fill an empty commitments table from the plan file; False (nothing written) if it has any."""
    if conn.execute(select(t.commitments.c.id).limit(1)).first() is not None:
        return False
    for seq, c in enumerate(commitments):
        conn.execute(insert(t.commitments).values(
            id=c.id, seq=seq, term=c.term, asked=c.asked, will_do=json.dumps(list(c.will_do)), lead=c.lead,
            target_text=c.target_text, target_by=c.target_by.isoformat(), topics=json.dumps(list(c.topics)),
            status=c.status.value, version=1))
        if c.progress:
            conn.execute(insert(t.progress_entries), [dict(commitment_id=c.id, date=p.date, text=p.text)
                                                      for p in c.progress])
    return True


def add(conn: Connection, actor: User, new: NewCommitment, reason: str, *, site_id: str | None = None,
        save_id: str | None = None) -> Commitment:
    """A new commitment, checked by the caller (check_new), numbered after the last of its term."""
    c = t.commitments
    prefix = _PREFIX[new.term]
    taken = [cid for (cid,) in conn.execute(select(c.c.id).where(c.c.id.like(f"{prefix}-%")))]
    number = max((int(x.split("-", 1)[1]) for x in taken if x.split("-", 1)[1].isdigit()), default=0) + 1
    cid = f"{prefix}-{number}"
    seq = conn.execute(select(func.coalesce(func.max(c.c.seq), -1))).scalar_one() + 1
    conn.execute(insert(c).values(
        id=cid, seq=seq, term=new.term, asked=new.asked, will_do=json.dumps(list(new.will_do)), lead=new.lead,
        target_text=new.target_text, target_by=new.target_by, topics=json.dumps(list(new.topics)),
        status=Progress.NO_UPDATE.value, version=1))
    words = (f"{cid.upper()}: {new.asked} We will do: {' '.join(new.will_do)} Lead: {new.lead}. "
             f"Target: {new.target_text}.")
    db_rows.record(conn, actor, site_id, ADDED, None, words, reason, db_rows.utc_now(), Visibility.PUBLIC,
                   save_id, commitment_id=cid)
    return read_one(conn, cid)


def append_progress(conn: Connection, actor: User, cid: str, on: str, text: str, reason: str, *,
                    site_id: str | None = None, save_id: str | None = None) -> None:
    """A dated progress entry on the commitment (checked by the caller: check_progress), with history."""
    read_one(conn, cid)
    conn.execute(insert(t.progress_entries).values(commitment_id=cid, date=on, text=text))
    _bump(conn, cid, None)
    db_rows.record(conn, actor, site_id, PROGRESS, None, f"{cid.upper()}, {on}: {text}", reason, db_rows.utc_now(),
                   Visibility.PUBLIC, save_id, commitment_id=cid)


def write_status(conn: Connection, actor: User, old: Commitment, status: Progress, reason: str, *,
                 site_id: str | None = None, save_id: str | None = None) -> None:
    """Set the status (the version already moved on by the caller), with history."""
    conn.execute(update(t.commitments).where(t.commitments.c.id == old.id).values(status=status.value))
    db_rows.record(conn, actor, site_id, STATUS, old.status.value, status.value, reason, db_rows.utc_now(),
                   Visibility.PUBLIC, save_id, commitment_id=old.id)


def _bump(conn: Connection, cid: str, expected_version: int | None) -> bool:
    c = t.commitments
    where = [c.c.id == cid] + ([c.c.version == expected_version] if expected_version is not None else [])
    return conn.execute(update(c).where(*where).values(version=c.c.version + 1)).rowcount == 1
