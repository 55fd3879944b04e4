"""The one object that owns the ward's data.

    store = Store.open(settings.database_url, ward, settings=settings)

Callers get geo.model dataclasses back, never sessions or rows.  Every write
takes the acting User, checks geo.roles first against the account as the
database has it now (Accounts.current), validates its values, and
records who changed what, when and why in the append-only history.  Site
edits carry the version the editor opened (`site_record`); a save over someone
else's newer change raises StaleEdit, carrying the record as saved now, and a
save that would change nothing raises Unchanged; neither writes anything.
Accounts live beside it, in `store.accounts`, on the same database; design
notes are kept by geo.db.note_store and crime counts with their monthly summary by
geo.db.crime_counts.  Every new site, imported or found on a walk, is checked and
written by geo.db.site_store.  Filling a new database from the ward's files is a
separate step: geo.db.seed.
"""
from __future__ import annotations

from dataclasses import replace
from functools import cached_property
from collections.abc import Sequence

from sqlalchemy import Connection, delete, func, insert, select, update

from geo.records import PROGRESS_ENTRY, REASON
from geo.sites import schema
from geo.checks import (
    Bounds, check_crime_rows, check_field, check_review, check_since,
    check_version,
)
from geo.crime.offences import MonthlyTotals
from geo.db import crime_counts, rows as db_rows, tables as t
from geo.db import commitment_store as plan_rows, gating_store, site_store, team_store, topic_store
from geo.db.accounts import Accounts
from geo.db.engine import Database
from geo.db.recent import RecentRead
from geo.db.note_store import Notes, is_public_entry
from geo.db.commitment_store import PlanBook
from geo.plan.commitment_checks import NewCommitment
from geo.db.photo_store import PhotoBook
from geo.db.review_store import ReviewBook
from geo.db.session_store import Sessions
from geo.db.gating_store import GatingBook
from geo.db.team_store import TeamBook
from geo.db.voice_store import VoiceBook
from geo.db.walk_store import WalkBook
from geo.errors import InvalidInput, StaleEdit, Unchanged
from geo.model import Annotation, Change, GatingReview, Site, SiteRecord, User
from geo.plan.action_plan import ActionPlan, Commitment
from geo.plan.teams import TeamsFile
from geo.roles import Action, require
from geo.settings import Settings
from geo.status import Progress, Status, Team, Topic, Visibility
from geo.walks.walkabout import PositionProposal


# How long a crowd of runs shares one read of the data's revision (Store.revision).
REVISION_FRESH_S = 0.25


class _VersionMoved(Exception):
    """Raised inside a write when the site's version is not the one the editor opened."""


class Store:
    def __init__(self, db: Database, ward=None, settings: Settings | None = None):
        from geo.settings import load

        self._db = db
        self._ward = ward
        self._settings = settings or load()
        self.accounts = Accounts(db, self._settings)
        self._notes = Notes(db, lambda: self._bounds, self.accounts.current)
        self.plan_book = PlanBook(db, lambda: self._plan_file, self.accounts.current)  # geo.db.commitment_store
        self.walks = WalkBook(db, lambda: self._bounds, self.accounts.current)  # walkabouts: geo.db.walk_store
        self.photos = PhotoBook(db, self.accounts.current)
        self.teams = TeamBook(db, self.accounts.current)  # partner teams: geo.db.team_store
        self.reviews = ReviewBook(db, self.accounts.current)  # review meetings: geo.db.review_store
        self.sessions = Sessions(db)  # sign-ins kept in a cookie: geo.db.session_store
        self.voice = VoiceBook(db, self._settings, lambda: self._bounds, self.accounts.current)  # geo.db.voice_store
        self.gating = GatingBook(db, self.accounts.current)  # gating cases: geo.db.gating_store
        self._sites_cache: tuple[tuple, list[Site]] | None = None
        self._recent_revision = RecentRead(db, self._read_revision, fresh_for=REVISION_FRESH_S)

    @cached_property
    def _bounds(self) -> Bounds:
        return Bounds.of_ward(self._ward)

    @cached_property
    def _plan_file(self) -> ActionPlan:
        """The plan file's title, glossary and contacts (its commitments are the database's)."""
        if self._ward is None:
            return ActionPlan("Action plan", "", (), (), ())
        from geo.plan.action_plan import load_plan

        return load_plan(self._ward.path("plan"))

    @classmethod
    def open(cls, url: str, ward=None, *, settings: Settings | None = None) -> Store:
        """Connect and create or upgrade the schema.  `ward` bounds where sites may be placed."""
        return cls(Database.open(url), ward, settings)

    @property
    def where(self) -> str:
        return self._db.where

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # --- sites -----------------------------------------------------------

    def sites(self) -> list[Site]:
        """Every site, in the order they were seeded or imported.

        Kept between calls until the data's revision moves: every site write
        bumps a version or adds history, in this process or any other."""
        with self._db.read() as conn:
            revision = self._revision(conn)
            cached = self._sites_cache
            if cached is None or cached[0] != revision:
                cached = self._sites_cache = (revision, db_rows.read_sites(conn))
        return list(cached[1])

    def revision(self) -> tuple:
        """A value that changes whenever any site changes, here or in another instance:
        a key for caching what is built from the sites.  Every run of the map asks for it, so a
        crowd shares one read per REVISION_FRESH_S (geo.db.recent): a write in this process
        shows at once, another instance's within that time."""
        return self._recent_revision()

    def _read_revision(self) -> tuple:
        with self._db.read() as conn:
            return self._revision(conn)

    @staticmethod
    def _revision(conn: Connection) -> tuple:
        return tuple(conn.execute(select(
            select(func.max(t.history.c.id)).scalar_subquery(),
            select(func.count(), func.sum(t.sites.c.version)).select_from(t.sites).subquery(),
        )).one())

    def site(self, site_id: str) -> Site:
        with self._db.read() as conn:
            return db_rows.read_site(conn, site_id)

    def gating_review(self, site_id: str) -> GatingReview:
        with self._db.read() as conn:
            db_rows.read_site(conn, site_id)
            return db_rows.read_review(conn, site_id)

    def site_record(self, site_id: str) -> SiteRecord:
        """The site and its gating review at one version: what an editor opens."""
        with self._db.read() as conn:
            return self._record(conn, site_id)

    @staticmethod
    def _record(conn: Connection, site_id: str) -> SiteRecord:
        # The site (and so its version) is read first: a write landing between the two reads
        # moves the version past this one, so a save built on this record is refused, never
        # allowed to overwrite the newer review.
        site = db_rows.read_site(conn, site_id)
        return SiteRecord(site, db_rows.read_review(conn, site_id))

    def save_gating_review(
        self, actor: User | None, site_id: str, *, status: Status, detail: str, review: GatingReview,
        expected_version: int, reason: str = "", commitment_id: str = "",
    ) -> Site:
        """Set the site's gating status and detail and its gating review.  A new status or detail
        is dated today; an empty progress note means no new note, and the last one is kept.
        With commitment_id (one of the site's gating commitments) the note also becomes a
        progress entry of that commitment, dated today, in the same save."""
        require(self.accounts.current(actor), Action.EDIT_GATING)
        gating = schema.TOPIC_FIELDS[Topic.GATING]
        status = check_field(gating["status"], status)
        detail = check_field(gating["detail"], detail.strip() if isinstance(detail, str) else detail)  # typed in a form
        review = check_review(review)
        reason = REASON.check(reason)
        check_version(expected_version)
        if commitment_id and not review.note:
            raise InvalidInput(f"Write a progress note to add it to commitment {commitment_id.upper()}.")

        def change(conn: Connection, old: Site) -> None:
            gating = old.state(Topic.GATING)
            if commitment_id and commitment_id not in gating.commitments:
                raise InvalidInput(f"{commitment_id.upper()} is not one of {old.name}'s gating commitments "
                                   f"({', '.join(c.upper() for c in gating.commitments) or 'it has none'}).")
            new = topic_store.restated(old, Topic.GATING, status, detail)
            old_review = db_rows.read_review(conn, site_id)
            new_review = review if review.note else replace(review, note=old_review.note)
            review_diff = [(f"gating_review.{f}", getattr(old_review, f), getattr(new_review, f))
                           for f in db_rows.REVIEW_FIELDS if getattr(old_review, f) != getattr(new_review, f)]
            if not review_diff and not db_rows.site_diff(old, new):
                raise Unchanged
            conn.execute(delete(t.gating_reviews).where(t.gating_reviews.c.site_id == site_id))
            conn.execute(insert(t.gating_reviews).values(
                site_id=site_id, **{f: getattr(new_review, f) for f in db_rows.REVIEW_FIELDS}))
            topic_store.write_save(conn, actor, old, new, Topic.GATING, review_diff, reason,
                                   commitment_id=commitment_id, note=review.note)

        return self._edit_site(site_id, expected_version, change)

    def save_topic_review(
        self, actor: User | None, site_id: str, topic: Topic, *, status: Status, detail: str,
        review: dict[str, str], commitment_id: str, expected_version: int, note: str = "", reason: str = "",
    ) -> Site:
        """Set a kept topic's status, detail and review at the site (lighting, fencing: geo.db.topic_store),
        under one of the site's commitments for that topic; a note also becomes its progress entry."""
        topic = topic_store.check_topic(topic)
        fields = schema.TOPIC_FIELDS[topic]
        status = check_field(fields["status"], status)
        detail = check_field(fields["detail"], detail.strip() if isinstance(detail, str) else detail)
        review = topic_store.check_topic_review(review)
        note = PROGRESS_ENTRY["text"].check(note, required=False)
        reason = REASON.check(reason)
        check_version(expected_version)
        return self._edit_site(site_id, expected_version, topic_store.changer(
            self.accounts.current, actor, site_id, topic, status=status, detail=detail, review=review,
            commitment_id=commitment_id, note=note, reason=reason))

    def topic_review(self, site_id: str, topic: Topic) -> dict[str, str]:
        with self._db.read() as conn:
            return topic_store.read_review(conn, site_id, topic_store.check_topic(topic))

    def move_site(
        self, actor: User | None, site_id: str, lon: float, lat: float, *, confirmed: bool,
        expected_version: int, reason: str = "",
    ) -> Site:
        """Put the site at (lon, lat), WGS84.  confirmed=True means checked on site by the planning team."""
        actor = self.accounts.current(actor)
        require(actor, Action.MOVE_SITE)
        lon, lat = self._bounds.check(lon, lat)
        reason = REASON.check(reason)
        check_version(expected_version)

        def change(conn: Connection, old: Site) -> None:
            new = db_rows.moved(old, lon, lat, confirmed=confirmed, team=Team.of(actor.role))
            if new is None:
                raise Unchanged
            db_rows.write_position(conn, actor, old, new, reason)

        return self._edit_site(site_id, expected_version, change)

    def _edit_site(self, site_id: str, expected_version: int, change) -> Site:
        """Run change(conn, old_site) under the version guard.  StaleEdit if the version moved;
        change raises Unchanged when it would change nothing, which rolls the version back."""
        try:
            with self._db.write() as conn:
                bumped = conn.execute(
                    update(t.sites).where(t.sites.c.site_id == site_id, t.sites.c.version == expected_version)
                    .values(version=t.sites.c.version + 1))
                if bumped.rowcount != 1:
                    db_rows.read_site(conn, site_id)  # InvalidInput if there is no such site
                    raise _VersionMoved
                old = db_rows.read_site(conn, site_id)
                change(conn, replace(old, version=expected_version))
        except _VersionMoved:
            raise self._stale(site_id) from None
        return self.site(site_id)

    def _stale(self, site_id: str) -> StaleEdit:
        """The conflict answer: who saved last, and the site and its review as saved now."""
        with self._db.read() as conn:
            current = self._record(conn, site_id)
            who, when = db_rows.last_change(conn, t.history.c.site_id == site_id,
                                            t.history.c.annotation_id.is_(None))
        return StaleEdit(
            f"{current.site.name} was changed by {who} at {when} since you opened it; "
            "here are the current values. Nothing was saved.", current=current.site, review=current.review)

    def preview_replace(self, sites: Sequence[Site]) -> dict[str, list[str]]:
        """What replace_sites would do: site ids added, changed and removed.  Writes nothing."""
        new = self._check_sites(sites)
        with self._db.read() as conn:
            return db_rows.replace_summary(db_rows.read_sites(conn), new)

    def replace_sites(self, actor: User | None, sites: Sequence[Site], reason: str) -> dict[str, list[str]]:
        """Make the site list exactly `sites`, all or nothing, recording every change."""
        require(self.accounts.current(actor), Action.IMPORT_SITES)
        new = self._check_sites(sites)
        reason = REASON.check(reason)
        with self._db.write() as conn:
            # Lock every site row first (PostgreSQL; SQLite already holds the write lock), so an edit
            # saved meanwhile is either seen here or waits and then finds its version moved on.
            conn.execute(select(t.sites.c.site_id).with_for_update())
            old = {s.site_id: s for s in db_rows.read_sites(conn)}
            summary = db_rows.replace_summary(list(old.values()), new)
            for site_id in summary["removed"]:
                db_rows.remove_site(conn, old[site_id])
                db_rows.record_all(conn, actor, site_id, [("site", old[site_id].name, None)], reason)
            for seq, site in enumerate(new):
                if site.site_id in old:
                    db_rows.overwrite_site(conn, site, seq, bump=site.site_id in summary["changed"])
                    db_rows.record_all(conn, actor, site.site_id, db_rows.site_diff(old[site.site_id], site), reason)
            site_store.write_many(conn, actor, [(site, seq) for seq, site in enumerate(new) if site.site_id not in old],
                                  reason)
        return summary

    def _check_sites(self, sites: Sequence[Site]) -> list[Site]:
        if not sites:
            raise InvalidInput("The new site list is empty; importing it would remove every site.")
        return site_store.check_sites(sites, self._bounds)

    def load_initial(self, sites: Sequence[Site], crime_rows: Sequence[tuple[str, str, str, int]],
                     reason: str, commitments: Sequence[Commitment] = ()) -> bool:
        """Fill an empty database: the sites, crime counts and the plan's commitments as the ward's
        files give them, the sites recorded as the system's.  Does nothing, and returns False, when any site exists
        already, so instances starting together load the files once."""
        checked = self._check_sites(sites)
        counts = check_crime_rows(crime_rows) if crime_rows else []
        reason = REASON.check(reason)
        with self._db.write(exclusive=True) as conn:
            plan_rows.seed(conn, commitments)
            if conn.execute(select(t.sites.c.site_id).limit(1)).first() is not None:
                return False
            site_store.write_many(conn, None, [(site, seq) for seq, site in enumerate(checked)], reason)  # the system
            if counts:
                crime_counts.replace_months(conn, counts)
            gating_store.seed(conn)
        return True

    def load_plan(self, commitments: Sequence[Commitment]) -> bool:
        """Fill an empty action plan from the plan file's commitments (a database seeded before
        the plan was kept here); False, writing nothing, when it has any."""
        with self._db.write(exclusive=True) as conn:
            return plan_rows.seed(conn, commitments)

    def load_teams(self, teams: TeamsFile) -> bool:
        """Fill an empty teams table from the teams file, with the leads of the commitments held;
        False, writing nothing, when it has teams already."""
        with self._db.write(exclusive=True) as conn:
            return team_store.seed(conn, teams)

    # --- the action plan (geo.db.commitment_store) -------------------------------------

    def plan(self, *, include_partners: bool = False) -> ActionPlan:
        """The action plan: the file's title, glossary and contacts; the database's commitments, with
        partners-only progress entries only when include_partners (for signed-in partners)."""
        return self.plan_book.plan(include_partners=include_partners)

    def commitment(self, cid: str, *, include_partners: bool = False) -> Commitment:
        return self.plan_book.commitment(cid, include_partners=include_partners)

    def add_commitment(self, actor: User | None, new: NewCommitment, reason: str = "") -> Commitment:
        """A new commitment (You asked / We will do / Lead team / Target date / topics), numbered
        after the last one of its term, with no progress yet."""
        return self.plan_book.add(actor, new, reason)

    def add_progress(self, actor: User | None, commitment_id: str, on: str, text: str, reason: str = "",
                     **options) -> Commitment:
        """A dated progress entry (on: YYYY-MM-DD or YYYY-MM, not in the future); options: visibility, evidence."""
        return self.plan_book.add_progress(actor, commitment_id, on, text, reason, **options)

    def set_commitment_status(self, actor: User | None, commitment_id: str, status: Progress, *,
                              expected_version: int, reason: str = "", words: str = "", **options) -> Commitment:
        """The commitment's new status; one that settles it needs `words` (geo.status.Progress.asks_for);
        options: visibility and evidence of the progress entry the words make."""
        return self.plan_book.set_status(actor, commitment_id, status, expected_version=expected_version, reason=reason,
                                     words=words, **options)

    def decide_position(self, actor: User | None, proposal_id: int, *, confirm: bool) -> PositionProposal:
        """Confirm a position proposed on a walk (the site moves there, confirmed on site) or reject it.
        Confirming is one write transaction: the proposal is marked and the site moved, with their
        history, together or not at all."""
        actor = self.accounts.current(actor)
        if confirm:
            require(actor, Action.MOVE_SITE)

        def move(conn: Connection, site_id: str, lon: float, lat: float) -> None:
            conn.execute(update(t.sites).where(t.sites.c.site_id == site_id).values(version=t.sites.c.version + 1))
            old = db_rows.read_site(conn, site_id)  # read after the bump, which holds the row
            new = db_rows.moved(old, *self._bounds.check(lon, lat), confirmed=True, team=Team.of(actor.role))
            if new is not None:
                db_rows.write_position(conn, actor, old, new, "Position proposed on a walkabout")

        return self.walks.decide_proposal(actor, proposal_id, confirm, move)

    # --- annotations (geo.db.note_store) ----------------------------------------

    def add_annotation(self, actor: User | None, annotation: Annotation) -> Annotation:
        """Store a design-out-crime annotation; author, time and public ref are set here."""
        return self._notes.add(actor, annotation)

    def annotations(self, *, include_partners: bool, site_id: str | None = None) -> list[Annotation]:
        """Annotations, newest first.  Without include_partners only public ones that are not
        withdrawn; with it every one, withdrawn ones marked (Annotation.withdrawn_at)."""
        return self._notes.list(include_partners=include_partners, site_id=site_id)

    def annotation(self, annotation_id: int) -> Annotation:
        """One annotation, withdrawn or not: for staff."""
        return self._notes.get(annotation_id)

    def edit_annotation(self, actor: User | None, annotation_id: int, *, expected_version: int, reason: str,
                        category=None, severity=None, observation=None, recommendation=None,
                        visibility=None) -> Annotation:
        """Change any of these fields (None keeps it): the author or an administrator, with a reason.
        StaleEdit if the note changed since `expected_version`."""
        return self._notes.edit(actor, annotation_id, expected_version=expected_version, reason=reason,
                                category=category, severity=severity, observation=observation,
                                recommendation=recommendation, visibility=visibility)

    def withdraw_annotation(self, actor: User | None, annotation_id: int, *, expected_version: int,
                            reason: str) -> Annotation:
        """Take the note out of every public place for good (the author or an administrator)."""
        return self._notes.withdraw(actor, annotation_id, expected_version=expected_version, reason=reason)

    # --- history ---------------------------------------------------------

    def history(
        self, site_id: str | None = None, *, since: str | None = None, include_partners: bool = False,
        limit: int | None = None, commitment_id: str | None = None,
    ) -> list[Change]:
        """Changes, newest first; since is an ISO date or UTC timestamp.  Entries about annotations
        that are not public now are left out unless include_partners is True (geo.db.note_store)."""
        h = t.history
        query = select(h).order_by(h.c.id.desc()).limit(limit)
        if site_id is not None:
            query = query.where(h.c.site_id == site_id)
        if commitment_id is not None:
            query = query.where(h.c.commitment_id == commitment_id)
        if since:
            query = query.where(h.c.at >= check_since(since))
        if not include_partners:
            query = query.where(is_public_entry())
        with self._db.read() as conn:
            teams = team_store.read_all(conn)
            return [db_rows.change_from_row(r, teams) for r in conn.execute(query)]

    # --- crime counts ----------------------------------------------------

    def crime_rows(self) -> list[tuple[str, str, str, int]]:
        """(major, minor, month 'YYYY-MM', count), by month then category: every count, for
        exports and reports.  Pages show `crime_totals()` instead."""
        c = t.crime_counts
        with self._db.read() as conn:
            rows = conn.execute(select(c.c.major, c.c.minor, c.c.month, c.c.count)
                                .order_by(c.c.month, c.c.major, c.c.minor))
            return [tuple(r) for r in rows]

    def crime_totals(self) -> MonthlyTotals:
        """Offences per month and offence group, summed when the counts were loaded:
        what the crime pages show, read without reading every count."""
        with self._db.read() as conn:
            return crime_counts.read_totals(conn)

    def replace_crime(self, actor: User | None, rows: Sequence[tuple[str, str, str, int]], reason: str = "") -> dict:
        """Load counts: each month present in `rows` is replaced whole; other months are kept."""
        require(self.accounts.current(actor), Action.IMPORT_CRIME)
        counts = check_crime_rows(rows)
        reason = REASON.check(reason)
        months = sorted({r[2] for r in counts})
        with self._db.write() as conn:
            replaced = crime_counts.replace_months(conn, counts)
            db_rows.record(conn, actor, None, "crime_counts", f"{replaced} counts for these months",
                           f"{len(counts)} counts for {months[0]} to {months[-1]}", reason, db_rows.utc_now(),
                           Visibility.PUBLIC)
        rows = counts
        return {"months": months, "rows": len(rows), "replaced": replaced}
