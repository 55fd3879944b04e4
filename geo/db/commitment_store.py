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
from dataclasses import replace
from datetime import date
from collections.abc import Callable, Mapping, Sequence

from sqlalchemy import Connection, func, insert, select, update

from geo.records import COMMITMENT, REASON, STATUS_CHANGE
from geo import clock
from geo.checks import check_version
from geo.fields import check_enum
from geo.db import rows as db_rows, tables as t
from geo.db.engine import Database
from geo.db.note_store import new_ref
from geo.errors import InvalidInput, StaleEdit, Unchanged
from geo.model import User
from geo.plan.action_plan import ActionPlan, Commitment, ProgressEntry
from geo.plan.commitment_checks import NewCommitment, check_new, check_progress
from geo.roles import Action, require, require_to_update
from geo.db import team_store
from geo.status import Progress, Visibility

# History fields about commitments; geo.history words them.
ADDED = "commitment"
PROGRESS = "commitment.progress"
STATUS = "commitment.status"
TARGET = "commitment.target"

_PREFIX = {"short": "st", "long": "lt"}


class PlanBook:
    """The plan part of the store.  `base()` is the plan file (title, glossary, contacts)."""

    def __init__(self, db: Database, base: Callable[[], ActionPlan], current: Callable[[User | None], User | None]):
        self._db = db
        self._base = base
        self._current = current

    # --- reads -------------------------------------------------------------

    def plan(self, *, include_partners: bool = False) -> ActionPlan:
        """The plan; partners-only progress entries only with include_partners (signed-in partners)."""
        with self._db.read() as conn:
            return replace(self._base(), commitments=tuple(read_all(conn, include_partners=include_partners)),
                           teams=tuple(team_store.read_all(conn).values()))

    def commitment(self, cid: str, *, include_partners: bool = False) -> Commitment:
        with self._db.read() as conn:
            return read_one(conn, cid, include_partners=include_partners)

    def partner_evidence(self, actor: User | None, ref: str) -> bytes | None:
        """Any progress entry's evidence photo, for a signed-in partner (SEE_PARTNER_NOTES, read fresh)."""
        require(self._current(actor), Action.SEE_PARTNER_NOTES)
        return self._evidence_bytes(ref)

    def public_evidence(self, ref: str) -> bytes | None:
        """A public progress entry's evidence photo (JPEG, without metadata); None for any other."""
        return self._evidence_bytes(ref, t.progress_entries.c.visibility == Visibility.PUBLIC.value)

    def _evidence_bytes(self, ref: str, *where) -> bytes | None:
        p = t.progress_entries
        with self._db.read() as conn:
            return conn.execute(select(p.c.evidence).where(p.c.evidence_ref == ref, *where)).scalar()

    # --- writes ------------------------------------------------------------

    def add(self, actor: User | None, new: NewCommitment, reason: str = "") -> Commitment:
        require(self._current(actor), Action.EDIT_PLAN)
        reason = REASON.check(reason)
        with self._db.write() as conn:
            return add(conn, actor, new, reason)

    def add_progress(self, actor: User | None, cid: str, on: str, text: str, reason: str = "", *,
                     visibility: Visibility = Visibility.PUBLIC, evidence: bytes | None = None) -> Commitment:
        """A dated progress entry, public or partners-only, with an optional photo as evidence
        (re-encoded without metadata before it is kept)."""
        on, text = check_progress(on, text)
        reason = REASON.check(reason)
        visibility = check_enum(Visibility, visibility, "Who can see it")
        photo = _evidence(evidence)
        with self._db.write() as conn:
            self._may_update(conn, actor, cid)
            append_progress(conn, actor, cid, on, text, reason, visibility=visibility, evidence=photo)
            return read_one(conn, cid, include_partners=True)

    def set_status(self, actor: User | None, cid: str, status: Progress, *, expected_version: int,
                   reason: str = "", words: str = "", on: str | None = None,
                   visibility: Visibility = Visibility.PUBLIC, evidence: bytes | None = None) -> Commitment:
        """Set the commitment's status.  A status that settles it (done, partly done, closed not done,
        not ours, dropped) needs `words` (Progress.asks_for), kept as a progress entry dated `on`
        (default today) in the same save."""
        status = check_enum(Progress, status, "Status")
        reason = REASON.check(reason)
        check_version(expected_version)
        words = STATUS_CHANGE["words"].check(words)
        if status.asks_for and not words:
            raise InvalidInput(f"“{status.label}” needs a few words. {status.asks_for}?")
        entry = check_progress(on or clock.today().isoformat(), f"{status.label}: {words}") if words else None
        visibility = check_enum(Visibility, visibility, "Who can see it")
        photo = _evidence(evidence)
        if photo is not None and entry is None:
            raise InvalidInput("Say a few words about the photo: it is kept with them as a progress entry.")
        with self._db.write() as conn:
            old = self._may_update(conn, actor, cid)
            if old.version == expected_version and old.status is status:
                raise Unchanged
            if not _bump(conn, cid, expected_version):
                raise StaleEdit(f"Commitment {cid.upper()} was changed since you opened it; it is now "
                                f"“{old.status.label}”. Nothing was saved.", current=old)
            save_id = db_rows.new_save_id()
            write_status(conn, actor, old, status, reason, save_id=save_id)
            if entry:
                append_progress(conn, actor, cid, *entry, reason, save_id=save_id, visibility=visibility,
                                evidence=photo)
            return read_one(conn, cid, include_partners=True)

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
            old = self._may_update(conn, actor, cid)
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

    def _may_update(self, conn: Connection, actor: User | None, cid: str) -> Commitment:
        """The commitment, once the actor (as the database has it now) may update it: checked in the write's
        transaction."""
        found = read_one(conn, cid)
        require_to_update(self._current(actor), cid, found.leads, team_store.names(conn))
        return found

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


def read_all(conn: Connection, cid: str | None = None, *, include_partners: bool = True) -> list[Commitment]:
    """The commitments in the plan's order; partners-only progress entries left out unless include_partners."""
    c, p = t.commitments, t.progress_entries
    query = select(c).order_by(c.c.seq)
    progress_query = select(p.c.commitment_id, p.c.date, p.c.text, p.c.visibility, p.c.evidence_ref).order_by(p.c.id)
    if cid is not None:
        query, progress_query = query.where(c.c.id == cid), progress_query.where(p.c.commitment_id == cid)
    if not include_partners:
        progress_query = progress_query.where(p.c.visibility == Visibility.PUBLIC.value)
    progress: dict[str, list[ProgressEntry]] = {}
    for owner, on, text, visibility, evidence in conn.execute(progress_query):
        progress.setdefault(owner, []).append(ProgressEntry(on, text, Visibility(visibility), evidence))
    leads = team_store.read_leads(conn)
    return [Commitment(r.id, r.term, r.asked, tuple(json.loads(r.will_do)), r.lead, r.target_text,
                       date.fromisoformat(r.target_by), tuple(json.loads(r.topics)), tuple(progress.get(r.id, ())),
                       Progress(r.status), r.version, leads.get(r.id, ()),
                       tuple(date.fromisoformat(x) for x in json.loads(r.target_history or "[]")))
            for r in conn.execute(query)]


def read_one(conn: Connection, cid: str, *, include_partners: bool = True) -> Commitment:
    found = read_all(conn, cid, include_partners=include_partners) if isinstance(cid, str) else []
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
    """A new commitment, checked here (check_new: InvalidInput, writing nothing, when it breaks a rule),
    numbered after the last of its term, with its history: the action plan's and the walk book's one way in."""
    new = check_new(new)
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
                    site_id: str | None = None, save_id: str | None = None,
                    visibility: Visibility = Visibility.PUBLIC, evidence=None) -> None:
    """A dated progress entry on the commitment (checked by the caller: check_progress), with history
    as public or partners-only as the entry; `evidence` a cleaned photo (geo.walks.photo_cleaner)."""
    read_one(conn, cid)
    ref = (new_ref() + new_ref()) if evidence is not None else None
    conn.execute(insert(t.progress_entries).values(
        commitment_id=cid, date=on, text=text, visibility=visibility.value, evidence_ref=ref,
        evidence=evidence.data if evidence is not None else None))
    _bump(conn, cid, None)
    words = f"{cid.upper()}, {on}: {text}" + (" (with a photo as evidence)" if ref else "")
    db_rows.record(conn, actor, site_id, PROGRESS, None, words, reason, db_rows.utc_now(), visibility, save_id,
                   commitment_id=cid)


def _evidence(upload: bytes | None):
    """The upload checked and re-encoded without any metadata, or None for no photo."""
    if not upload:
        return None
    from geo.walks.photo_cleaner import clean

    return clean(upload, "the evidence photo")


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
