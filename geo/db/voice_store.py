"""Residents' voice in the database: the voice part of the store (geo.voice says what is counted and how).

Anyone may report, with no account: the checks are the abuse rules (geo.voice.abuse), each refusal a
sentence.  A report is kept as its 100 m square, reasons, time of day and when it arrived, under the day's
keyed hash of where it came from; never the point, never an address, never in the history (whose
entries are public, with their times).  Reads give aggregates only (geo.voice.aggregate); the rising
squares are for staff (Action.SEE_RESIDENT_TRENDS, read fresh).  Rows older than VOICE_RETENTION_DAYS are
deleted by `sweep`, which every write runs first."""
from __future__ import annotations

import json
import secrets
from collections.abc import Callable
from datetime import date, datetime, timedelta

from sqlalchemy import Connection, delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from geo import clock
from geo.db import rows as db_rows, tables as t
from geo.db import commitment_store
from geo.db.commitment_store import STATUS
from geo.db.engine import Database
from geo.errors import InvalidInput
from geo.model import User, iso_utc
from geo.roles import Action, require
from geo.settings import Settings
from geo.status import Progress
from geo.voice import abuse
from geo.voice.aggregate import Aggregate, Report, aggregate
from geo.voice.feedback import COMMITMENT, SITE, Tally, asks_residents, is_flagged
from geo.voice.grid import Cell, cell_at
from geo.voice.reasons import TimeOfDay, UnsafeReason, Verdict, WhenFelt
from geo.voice.voice_summary import VoiceSummary

HOUR = timedelta(hours=1)


class VoiceBook:
    def __init__(self, db: Database, settings: Settings, bounds: Callable,
                 current: Callable[[User | None], User | None]):
        self._db = db
        self._settings = settings
        self._bounds = bounds
        self._current = current

    # --- writes: anyone, under the abuse rules --------------------------------

    def report(self, client: str, *, reasons, time_of_day, when_felt, lon=None, lat=None, site_id: str = "",
               seconds_open: float | None = None, trap: str = "") -> str:
        """Keep one "I felt unsafe here" at a point (WGS84 lon, lat) or a site; returns the thanks.
        Refused (a sentence) when an abuse rule says no; InvalidInput when a choice is missing."""
        abuse.check_person(seconds_open, trap, self._settings.voice_min_seconds)
        reasons = _reasons(reasons)
        time_of_day = _choice(TimeOfDay, time_of_day, "when in the day")
        when_felt = _choice(WhenFelt, when_felt, "when")
        now = clock.utc_now()
        with self._db.write() as conn:
            cell = self._cell(conn, lon, lat, site_id)
            _sweep(conn, now, self._settings.voice_retention_days)
            source = abuse.source_key(client, _day_key(conn, now))
            self._within_budget(conn, t.voice_reports, source, now)
            try:
                with conn.begin_nested():
                    conn.execute(insert(t.voice_reports).values(
                        easting=cell.easting, northing=cell.northing, reasons=json.dumps([r.value for r in reasons]),
                        time_of_day=time_of_day.value, when_felt=when_felt.value, source=source,
                        received_at=iso_utc(now)))
            except IntegrityError:
                raise abuse.Refused(abuse.SAME_PLACE_TODAY) from None
        return (f"Thank you. Your report is counted in the {cell.name}. It shows on the map once "
                f"{self._settings.voice_min_count} or more reports share a square; until then it counts in a "
                "bigger one.")

    def give_verdict(self, client: str, verdict, *, commitment_id: str = "", site_id: str = "") -> Tally:
        """"Still a problem" or "Looks fixed now" on a commitment (done or in progress) or a site; the new tally."""
        verdict = _choice(Verdict, verdict, "what you think")
        now = clock.utc_now()
        with self._db.write() as conn:
            kind, target, what = self._target(conn, commitment_id, site_id)
            _sweep(conn, now, self._settings.voice_retention_days)
            source = abuse.source_key(client, _day_key(conn, now))
            self._within_budget(conn, t.voice_verdicts, source, now)
            try:
                with conn.begin_nested():
                    conn.execute(insert(t.voice_verdicts).values(
                        target_kind=kind, target_id=target, verdict=verdict.value, source=source,
                        received_at=iso_utc(now)))
            except IntegrityError:
                raise abuse.Refused(abuse.SAME_TARGET_TODAY.format(what=what)) from None
            return _tallies(conn, kind, "").get(target, Tally())  # swept just now

    def sweep(self) -> int:
        """Delete every report and verdict older than the retention setting, and past days' keys; how many rows went."""
        with self._db.write() as conn:
            return _sweep(conn, clock.utc_now(), self._settings.voice_retention_days)

    # --- reads: aggregates only ----------------------------------------------

    def aggregate(self) -> Aggregate:
        """The published squares and the rest of the ward, for everyone."""
        with self._db.read() as conn:
            return aggregate(_reports(conn, self._kept_since()), self._settings.voice_min_count)

    def trends(self, actor: User | None) -> Aggregate:
        """The same squares, each with its last 28 days and the 28 before (Area.rising): staff only."""
        require(self._current(actor), Action.SEE_RESIDENT_TRENDS)
        with self._db.read() as conn:
            return aggregate(_reports(conn, self._kept_since()), self._settings.voice_min_count, today=clock.today())

    def tallies(self, kind: str = COMMITMENT) -> dict[str, Tally]:
        """Verdicts by commitment id (or, with kind SITE, by site id)."""
        with self._db.read() as conn:
            return _tallies(conn, kind, self._kept_since())

    def flagged(self) -> dict[str, int]:
        """Commitments marked done that FLAG_AT or more say are still a problem since: id -> how many say so."""
        with self._db.read() as conn:
            return _flagged(conn, self._kept_since())

    def summary(self, since: date | None) -> VoiceSummary:
        """What the progress report says: now, before `since`, and the verdicts."""
        k = self._settings.voice_min_count
        with self._db.read() as conn:
            kept_since = self._kept_since()
            reports = _reports(conn, kept_since)
            tallies = _tallies(conn, COMMITMENT, kept_since)
            flagged = _flagged(conn, kept_since)
        then = aggregate([r for r in reports if r.received_on < since], k) if since else None
        return VoiceSummary(aggregate(reports, k), then, since, tuple(sorted(tallies.items())), tuple(sorted(flagged)))

    # --- helpers --------------------------------------------------------------

    def _kept_since(self) -> str:
        """Rows older than this are past the retention period: never counted, even before a sweep."""
        return _cutoff(clock.utc_now(), self._settings.voice_retention_days)

    def _cell(self, conn: Connection, lon, lat, site_id: str) -> Cell:
        if site_id:
            site = db_rows.read_site(conn, site_id)
            return cell_at(site.lon, site.lat)
        if lon is None or lat is None:
            raise InvalidInput("Choose where you felt unsafe: tap the map, or choose a site from the list.")
        lon, lat = self._bounds().check(lon, lat)
        return cell_at(lon, lat)

    def _target(self, conn: Connection, commitment_id: str, site_id: str) -> tuple[str, str, str]:
        if commitment_id:
            c = commitment_store.read_one(conn, commitment_id)
            if not asks_residents(c.status):
                raise InvalidInput(f"{c.id.upper()} is {c.status.label.lower()}: residents are asked only about "
                                   "commitments marked done or in progress.")
            return COMMITMENT, c.id, c.id.upper()
        if site_id:
            return SITE, site_id, db_rows.read_site(conn, site_id).name
        raise InvalidInput("Choose a commitment or a site to give your view on.")

    def _within_budget(self, conn: Connection, table, source: str, now: datetime) -> None:
        limit = self._settings.voice_hourly_limit
        sent = conn.execute(select(func.count()).select_from(table).where(
            table.c.source == source, table.c.received_at > iso_utc(now - HOUR))).scalar()
        if sent >= limit:
            raise abuse.over_budget(limit)


def _reasons(values) -> tuple[UnsafeReason, ...]:
    chosen = tuple(_choice(UnsafeReason, v, "a reason") for v in (values or ()))
    if not chosen:
        raise InvalidInput("Choose at least one reason you felt unsafe.")
    return tuple(r for r in UnsafeReason if r in chosen)


def _choice(kind, value, what: str):
    try:
        return kind(value)
    except ValueError:
        raise InvalidInput(f"Choose {what} from the list.") from None


def _day_key(conn: Connection, now: datetime) -> bytes:
    """Today's random key (London's day), made by the first write of the day."""
    day = now.astimezone(clock.LONDON).date().isoformat()
    k = t.voice_day_keys
    found = conn.execute(select(k.c.key).where(k.c.day == day)).scalar()
    if found is None:
        try:
            with conn.begin_nested():
                conn.execute(insert(k).values(day=day, key=secrets.token_bytes(32)))
        except IntegrityError:  # another instance made it at the same moment
            pass
        found = conn.execute(select(k.c.key).where(k.c.day == day)).scalar()
    return found


def _cutoff(now: datetime, retention_days: int) -> str:
    return iso_utc(now - timedelta(days=retention_days))


def _sweep(conn: Connection, now: datetime, retention_days: int) -> int:
    cutoff = _cutoff(now, retention_days)
    today = now.astimezone(clock.LONDON).date().isoformat()
    gone = sum(conn.execute(delete(table).where(table.c.received_at < cutoff)).rowcount
               for table in (t.voice_reports, t.voice_verdicts))
    return gone + conn.execute(delete(t.voice_day_keys).where(t.voice_day_keys.c.day < today)).rowcount


def _reports(conn: Connection, kept_since: str) -> list[Report]:
    r = t.voice_reports
    rows = conn.execute(select(r.c.easting, r.c.northing, r.c.reasons, r.c.time_of_day, r.c.received_at)
                        .where(r.c.received_at >= kept_since))
    return [Report(Cell(100, row.easting, row.northing), frozenset(UnsafeReason(x) for x in json.loads(row.reasons)),
                   TimeOfDay(row.time_of_day), db_rows.read_time(row.received_at).astimezone(clock.LONDON).date())
            for row in rows]


def _tallies(conn: Connection, kind: str, kept_since: str) -> dict[str, Tally]:
    v = t.voice_verdicts
    counts: dict[str, dict[str, int]] = {}
    for target, verdict, n in conn.execute(select(v.c.target_id, v.c.verdict, func.count()).where(
            v.c.target_kind == kind, v.c.received_at >= kept_since).group_by(v.c.target_id, v.c.verdict)):
        counts.setdefault(target, {})[verdict] = n
    return {target: Tally(c.get(Verdict.STILL_A_PROBLEM.value, 0), c.get(Verdict.LOOKS_FIXED.value, 0))
            for target, c in counts.items()}


def _flagged(conn: Connection, kept_since: str) -> dict[str, int]:
    """Done commitments' "still a problem" since each was last marked done (ever, for one seeded done)."""
    c, h, v = t.commitments, t.history, t.voice_verdicts
    done = [cid for (cid,) in conn.execute(select(c.c.id).where(c.c.status == Progress.DONE.value))]
    found = {}
    for cid in done:
        since = conn.execute(select(func.max(h.c.at)).where(
            h.c.commitment_id == cid, h.c.field == STATUS, h.c.new == Progress.DONE.value)).scalar() or ""
        still = conn.execute(select(func.count()).select_from(v).where(
            v.c.target_kind == COMMITMENT, v.c.target_id == cid, v.c.verdict == Verdict.STILL_A_PROBLEM.value,
            v.c.received_at >= max(since, kept_since))).scalar()
        if is_flagged(Progress.DONE, still):
            found[cid] = still
    return found
