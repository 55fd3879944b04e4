"""Design-out-crime notes in the database: adding, editing and withdrawing
them, and which of them, and of their history, the public may see.

A note's numeric id stays among staff.  The public knows a note by its `ref`,
random letters and digits, so gaps in what the public sees say nothing about
how many partners-only notes there are.

Public means public now: the store's public reads leave out partners-only and
withdrawn notes, and the public history shows a note's entries only from the
moment it last became public (`annotations.public_since`), so publishing a
note shows its current text and none of what it said while partners only,
and withdrawing it, or making it partners only, takes every entry about it
out of the public history.  The history itself is never rewritten.
"""
from __future__ import annotations

import secrets
from dataclasses import replace
from datetime import datetime, UTC
from collections.abc import Callable

from sqlalchemy import Connection, and_, insert, or_, select, update

from geo.records import REASON
from geo.checks import Bounds, check_annotation, check_version
from geo.db import rows as db_rows, tables as t
from geo.db.engine import Database
from geo.errors import InvalidInput, PermissionDenied, StaleEdit
from geo.model import Annotation, User, iso_utc
from geo.roles import Action, can_change_note, require
from geo.status import Category, Severity, Visibility

REF_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i to misread
REF_LENGTH = 6
EDITABLE = ("category", "severity", "observation", "recommendation", "visibility")

# History fields for notes; geo.reports.progress_report words "annotation" itself.
ADDED = "annotation"
EDITED = "design_note_edited"
PUBLISHED = "design_note_published"
MADE_PARTNERS_ONLY = "design_note_made_partners_only"
WITHDRAWN = "design_note_withdrawn"


def new_ref() -> str:
    return "".join(secrets.choice(REF_ALPHABET) for _ in range(REF_LENGTH))


def describe(a: Annotation) -> str:
    """The note as one line of history text, known by its public ref."""
    text = f"Note {a.ref}: {a.category.label}, {a.severity.label.lower()}: {a.observation}"
    return text + (f" Recommendation: {a.recommendation}" if a.recommendation else "")


def is_public_note():
    """Where-clause on `annotations`: the notes anyone may see."""
    a = t.annotations
    return and_(a.c.visibility == Visibility.PUBLIC.value, a.c.withdrawn_at.is_(None))


def is_public_entry():
    """Where-clause on `history`: the entries anyone may see."""
    h, a = t.history, t.annotations
    public_since = select(a.c.public_since).where(a.c.id == h.c.annotation_id).scalar_subquery()
    return and_(h.c.visibility == Visibility.PUBLIC.value,
                or_(h.c.annotation_id.is_(None), h.c.id >= public_since))


class _VersionMoved(Exception):
    """Raised inside a write to roll it back when the note's version is not the one the editor opened."""


class Notes:
    """The notes part of the store; `bounds()` says where a note's point may be."""

    def __init__(self, db: Database, bounds: Callable[[], Bounds], current: Callable[[User | None], User | None]):
        self._db = db
        self._bounds = bounds
        self._current = current  # the actor's account as the database has it now

    # --- reads -------------------------------------------------------------

    def list(self, *, include_partners: bool, site_id: str | None = None) -> list[Annotation]:
        """Newest first.  Without include_partners only public, not withdrawn, notes;
        with it every note, withdrawn ones marked so."""
        query = select(t.annotations).order_by(t.annotations.c.id.desc())
        if not include_partners:
            query = query.where(is_public_note())
        if site_id is not None:
            query = query.where(t.annotations.c.site_id == site_id)
        with self._db.read() as conn:
            return [_from_row(row) for row in conn.execute(query)]

    def get(self, annotation_id: int) -> Annotation:
        with self._db.read() as conn:
            return _read(conn, annotation_id)

    # --- writes ------------------------------------------------------------

    def add(self, actor: User | None, annotation: Annotation) -> Annotation:
        """Store a new note; author, time and public ref are set here."""
        actor = self._current(actor)
        require(actor, Action.ANNOTATE)
        a = check_annotation(annotation, self._bounds())
        with self._db.write() as conn:
            if a.site_id is not None:
                db_rows.read_site(conn, a.site_id)
            a = replace(a, author=actor.name, created_at=datetime.now(UTC), ref=_unused_ref(conn), version=1,
                        withdrawn_at=None)
            new_id = conn.execute(insert(t.annotations).values(**_values(a))).inserted_primary_key[0]
            a = replace(a, id=new_id)
            entry = _record(conn, actor, a, ADDED, None, describe(a), "", a.visibility)
            if a.visibility is Visibility.PUBLIC:
                _set(conn, new_id, public_since=entry)
            return _read(conn, new_id)

    def edit(self, actor: User | None, annotation_id: int, *, expected_version: int, reason: str,
             **changes) -> Annotation:
        """Change a note's category, severity, observation, recommendation or visibility;
        the author or an administrator, with a reason.  Nothing changed, nothing written."""
        unknown = set(changes) - set(EDITABLE)
        if unknown:
            raise TypeError(f"not editable: {', '.join(sorted(unknown))}")
        actor = self._current(actor)
        require(actor, Action.EDIT_OWN_NOTES)
        reason = REASON.check(reason, required=True)
        check_version(expected_version)
        changes = {k: v for k, v in changes.items() if v is not None}
        try:
            with self._db.write() as conn:
                old = self._editable(conn, actor, annotation_id, expected_version)
                new = check_annotation(replace(old, **changes), self._bounds())
                if all(getattr(new, f) == getattr(old, f) for f in EDITABLE):
                    return old
                _guard(conn, old)
                _set(conn, old.id, **{k: v for k, v in _values(new).items() if k in EDITABLE})
                self._record_edit(conn, actor, old, new, reason)
                return _read(conn, old.id)
        except _VersionMoved:
            raise self._stale(annotation_id) from None

    def withdraw(self, actor: User | None, annotation_id: int, *, expected_version: int, reason: str) -> Annotation:
        """Take a note out of every public place for good; it stays, marked withdrawn, for staff."""
        actor = self._current(actor)
        require(actor, Action.EDIT_OWN_NOTES)
        reason = REASON.check(reason, required=True)
        check_version(expected_version)
        try:
            with self._db.write() as conn:
                old = self._editable(conn, actor, annotation_id, expected_version)
                _guard(conn, old)
                _set(conn, old.id, withdrawn_at=db_rows.utc_now(), public_since=None)
                _record(conn, actor, old, WITHDRAWN, describe(old), None, reason, Visibility.PARTNERS)
                return _read(conn, old.id)
        except _VersionMoved:
            raise self._stale(annotation_id) from None

    # --- helpers -----------------------------------------------------------

    @staticmethod
    def _editable(conn: Connection, actor: User, annotation_id: int, expected_version: int) -> Annotation:
        note = _read(conn, annotation_id)
        if not can_change_note(actor, note):
            raise PermissionDenied("Only the note's author or an administrator can change or withdraw this note.")
        if note.is_withdrawn:
            raise InvalidInput(f"Note {note.ref} was withdrawn, so it can no longer be changed.")
        if note.version != expected_version:
            raise _VersionMoved
        return note

    @staticmethod
    def _record_edit(conn: Connection, actor: User, old: Annotation, new: Annotation, reason: str) -> None:
        """History for an edit, in an order that never shows partners-only text publicly:
        leaving public view first, and becoming public last, with the note's text as it now is."""
        text_changed = describe(old) != describe(new)
        if old.visibility is Visibility.PUBLIC and new.visibility is Visibility.PARTNERS:
            _set(conn, old.id, public_since=None)
            _record(conn, actor, old, MADE_PARTNERS_ONLY, describe(old), None, reason, Visibility.PARTNERS)
        if text_changed:
            _record(conn, actor, new, EDITED, describe(old), describe(new), reason,
                    old.visibility if old.visibility is new.visibility else Visibility.PARTNERS)
        if old.visibility is Visibility.PARTNERS and new.visibility is Visibility.PUBLIC:
            entry = _record(conn, actor, new, PUBLISHED, None, describe(new), reason, Visibility.PUBLIC)
            _set(conn, old.id, public_since=entry)

    def _stale(self, annotation_id: int) -> StaleEdit:
        with self._db.read() as conn:
            current = _read(conn, annotation_id)
            who, when = db_rows.last_change(conn, t.history.c.annotation_id == annotation_id)
        return StaleEdit(f"Note {current.ref} was changed by {who} at {when} since you opened it; "
                         "here are the current values. Nothing was saved.", current=current)


def _read(conn: Connection, annotation_id: int) -> Annotation:
    row = conn.execute(select(t.annotations).where(t.annotations.c.id == annotation_id)).first()
    if row is None:
        raise InvalidInput(f"There is no design note with the id {annotation_id!r}.")
    return _from_row(row)


def _guard(conn: Connection, note: Annotation) -> None:
    """Move the note's version on, or _VersionMoved if someone else already did."""
    a = t.annotations
    moved = conn.execute(update(a).where(a.c.id == note.id, a.c.version == note.version)
                         .values(version=a.c.version + 1))
    if moved.rowcount != 1:
        raise _VersionMoved


def _set(conn: Connection, annotation_id: int, **values) -> None:
    conn.execute(update(t.annotations).where(t.annotations.c.id == annotation_id).values(**values))


def _unused_ref(conn: Connection) -> str:
    while True:
        ref = new_ref()
        if conn.execute(select(t.annotations.c.id).where(t.annotations.c.ref == ref)).first() is None:
            return ref


def _record(conn: Connection, actor: User, note: Annotation, field: str, old: str | None, new: str | None,
            reason: str, visibility: Visibility) -> int:
    """Append one history entry about the note; its id."""
    return db_rows.record(conn, actor, note.site_id, field, old, new, reason, db_rows.utc_now(), visibility,
                          annotation_id=note.id)


def _values(a: Annotation) -> dict:
    return dict(site_id=a.site_id, lon=a.lon, lat=a.lat, category=a.category.value, severity=a.severity.value,
                observation=a.observation, recommendation=a.recommendation, visibility=a.visibility.value,
                author=a.author, created_at=iso_utc(a.created_at), ref=a.ref, version=a.version,
                withdrawn_at=iso_utc(a.withdrawn_at) if a.withdrawn_at else None)


def _from_row(r) -> Annotation:
    return Annotation(r.id, r.site_id, r.lon, r.lat, Category(r.category), Severity(r.severity), r.observation,
                      r.recommendation, Visibility(r.visibility), r.author, db_rows.read_time(r.created_at), r.ref,
                      r.version, db_rows.read_time(r.withdrawn_at) if r.withdrawn_at else None)
