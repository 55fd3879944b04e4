"""Walkabouts in the database: the walks part of the store.

Planning a walk, recording its stops one at a time (each saved at once, so a
dropped connection loses only the stop being typed), attendance by role and
count, positions proposed from a phone, and each finding resolved after the
walk: promoted into the action plan (a new commitment, or progress on one,
which may re-open a done commitment as not fixed or partly fixed), made a new
site, or closed with a reason.  A walk is complete only when no finding is
open.  Every write checks its actor's role; changes to a walk or a stop carry
the version the editor opened and are refused (StaleEdit) if it moved.
History about an unpublished walk is partners-only; publishing it is public.
"""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import date, datetime, time
from collections.abc import Callable, Sequence

from sqlalchemy import Connection, insert, select, update

from geo.records import FINDING, REASON, STOP, WALK
from geo.sites.schema import SITE_ID, site_diff
from geo import clock
from geo.checks import Bounds, check_version
from geo.fields import check_enum, check_text
from geo.db import rows as db_rows, tables as t, walk_rows
from geo.db.walk_rows import record_walk_entry
from geo.db import commitment_store as plan_rows, site_store
from geo.db.engine import Database
from geo.db.note_store import new_ref
from geo.plan.commitment_checks import NewCommitment
from geo.errors import InvalidInput, StaleEdit
from geo.limits import CLIENT_REF_MAX
from geo.walks.geolocation import ACCURACY_MAX_M, read_fix
from geo.walks.public_walks import PublicWalk
from geo.model import Site, TopicState, User
from geo.roles import Action, require
from geo.status import Position, Progress, Role, Severity, Status, Team, Topic, Visibility
from geo.walks.walkabout import (
    CPTED_HEADINGS, LEVELS, Outcome, Parameter, Phase, PositionProposal, Proposal, Reason, RouteStop, SiteScores,
    TRACK_MAX, PhoneStamp, PhotoUpload, SavedStop, StopEntry, StopRecord, TrackPoint, Walk,
)

ROUTE_MAX = 40
_CLIENT_REF = re.compile(rf"[A-Za-z0-9-]{{8,{CLIENT_REF_MAX}}}")


def check_client_ref(ref, what: str) -> str | None:
    """An id made on the phone (a UUID, say), or None."""
    if ref is None:
        return None
    if not isinstance(ref, str) or not _CLIENT_REF.fullmatch(ref):
        raise InvalidInput(f"{what} is not one this app makes: 8 to {CLIENT_REF_MAX} letters, digits or '-'.")
    return ref


def check_track(points) -> list[TrackPoint]:
    """The points that can be read (aware time, a position as read_fix reads one), at most TRACK_MAX."""
    if isinstance(points, (str, bytes)) or not isinstance(points, Sequence):
        raise InvalidInput("The walk's track the phone sent could not be read.")
    if len(points) > TRACK_MAX:
        raise InvalidInput(f"The walk's track has {len(points):,} points since the last stop; at most "
                           f"{TRACK_MAX:,} are kept with one stop.")
    kept = []
    for p in points:
        if not isinstance(p, TrackPoint) or not isinstance(p.at, datetime) or p.at.tzinfo is None:
            continue
        try:
            fix = read_fix({"lat": p.lat, "lon": p.lon, "accuracy": p.accuracy_m, "n": 1})
        except InvalidInput:
            continue
        kept.append(TrackPoint(p.at, fix.lat, fix.lon, fix.accuracy_m))
    return kept


def check_stamp(stamp) -> PhoneStamp | None:
    """Where and when the phone was, checked like any value from a browser."""
    if stamp is None:
        return None
    moment = stamp.phone_time if isinstance(stamp, PhoneStamp) else None
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise InvalidInput("The time your phone gave for this stop could not be read.")
    if stamp.lat is None and stamp.lon is None:
        return replace(stamp, accuracy_m=None)
    try:
        fix = read_fix({"lat": stamp.lat, "lon": stamp.lon, "accuracy": stamp.accuracy_m, "n": 1})
    except InvalidInput:  # too rough or unreadable: the stop is kept with its time, without the position
        return PhoneStamp(moment)
    return replace(stamp, lat=fix.lat, lon=fix.lon, accuracy_m=fix.accuracy_m)


class WalkBook:
    def __init__(self, db: Database, bounds: Callable[[], Bounds], current: Callable[[User | None], User | None]):
        self._db = db
        self._bounds = bounds
        self._current = current

    # --- reads -------------------------------------------------------------

    def walks(self) -> list[Walk]:
        """Every walk, published or not, newest first: for staff.  The public's are `published()`."""
        with self._db.read() as conn:
            return walk_rows.read_walks(conn)

    def published(self) -> list[PublicWalk]:
        """The walks the public may see, newest first, each read with its stops in one transaction:
        the one place that decides which walks are public (geo.walks.public_walks)."""
        with self._db.read() as conn:
            walks = walk_rows.read_walks(conn, published_only=True)
            stops = walk_rows.read_stops(conn, walk_ids=[w.id for w in walks])
        walks.sort(key=lambda w: (w.on, w.starts, w.id), reverse=True)
        return [PublicWalk.of(w, [s for s in stops if s.walk_id == w.id]) for w in walks]

    def walk(self, walk_id: int) -> Walk:
        with self._db.read() as conn:
            return walk_rows.read_walk(conn, walk_id)

    def stops(self, walk_id: int) -> list[StopRecord]:
        with self._db.read() as conn:
            return walk_rows.read_stops(conn, walk_id=walk_id)

    def site_scores(self, site_id: str, *, published_only: bool) -> list[SiteScores]:
        """The site's scores from each walk, oldest walk first (the mean of a walk's stops there)."""
        with self._db.read() as conn:
            walks = {w.id: w for w in walk_rows.read_walks(conn, published_only=published_only)}
            stops = [s for s in walk_rows.read_stops(conn, site_id=site_id) if s.walk_id in walks and s.scores]
        found = []
        for walk in sorted((walks[i] for i in {s.walk_id for s in stops}), key=lambda w: (w.on, w.starts, w.id)):
            mine = [s for s in stops if s.walk_id == walk.id]
            scores = {p: round(sum(vals) / len(vals)) for p in Parameter
                      if (vals := [s.scores[p] for s in mine if p in s.scores])}
            found.append(SiteScores(walk.ref, walk.on, walk.phase, scores))
        return found

    def proposals(self, walk_id: int | None = None) -> list[PositionProposal]:
        """Positions proposed on walks (on this walk, with walk_id) and still waiting for a planner."""
        p = t.position_proposals
        query = select(p).where(p.c.state == Proposal.PENDING.value).order_by(p.c.id)
        if walk_id is not None:
            query = query.where(p.c.walk_id == walk_id)
        with self._db.read() as conn:
            return [_proposal(r) for r in conn.execute(query)]

    # --- writes ------------------------------------------------------------

    def plan(self, actor: User | None, *, title: str, on: date, starts: time, phase: Phase,
             route: Sequence[RouteStop] = (), follows: Sequence[str] = (), invited: Sequence[Role] = (),
             repeats: int | None = None) -> Walk:
        actor = self._current(actor)
        require(actor, Action.PLAN_WALK)
        title = WALK["title"].check(title)
        if not isinstance(on, date) or not isinstance(starts, time):
            raise InvalidInput("A walk needs a date and a start time.")
        phase = check_enum(Phase, phase, "Phase")
        invited = tuple(dict.fromkeys(check_enum(Role, r, "Invited role") for r in invited))
        with self._db.write() as conn:
            if repeats is not None and not route:
                route = walk_rows.read_walk(conn, repeats).route
            route = self._check_route(conn, route)
            walk_rows.refuse_a_second_plan(conn, title, on, starts)
            for cid in follows:
                plan_rows.read_one(conn, cid)
            walk_id = conn.execute(insert(t.walks).values(
                ref=_unused_ref(conn), title=title, on_date=on.isoformat(), starts=starts.strftime("%H:%M"),
                phase=phase.value, follows=json.dumps(list(dict.fromkeys(follows))),
                invited=json.dumps([r.value for r in invited]), repeats=repeats, attendance="{}", published=False,
                completed=False, version=1, team=Team.of(actor.role).value)).inserted_primary_key[0]
            if route:
                conn.execute(insert(t.walk_route), [
                    dict(walk_id=walk_id, seq=i, site_id=s.site_id, lon=s.lon, lat=s.lat, label=s.label)
                    for i, s in enumerate(route)])
            walk = walk_rows.read_walk(conn, walk_id)
            record_walk_entry(conn, actor, None, "walk_planned", f"Walk {walk.ref}: {title}, {on.isoformat()} "
                    f"{walk.starts:%H:%M}, {phase.label.lower()}, {len(route)} stops", Visibility.PARTNERS)
            return walk

    def record_stop(self, actor: User | None, walk_id: int, entry: StopEntry) -> StopRecord:
        """Save one stop with no photos (save_stop), and give it back."""
        return self.save_stop(actor, walk_id, entry).stop

    def save_stop(self, actor: User | None, walk_id: int, entry: StopEntry, photos: Sequence[PhotoUpload] = (),
                  *, client_ref: str | None = None, stamp: PhoneStamp | None = None,
                  track: Sequence[TrackPoint] = ()) -> SavedStop:
        """Save one stop and its photos as one unit.  route_seq None: a stop at a point not on the route.

        Every photo is checked and re-encoded first (geo.walks.photo_cleaner); a refused photo is
        named in SavedStop.refused and the rest are kept.  Then the stop and the photos are written
        in one transaction.  client_ref (made on the phone, or by the form) makes a resend safe: a
        stop already kept under it on this walk is answered as it is (resent=True), and so is each
        photo already kept under its own client_ref.  stamp: where and when the phone was (partners
        only, stop_fixes).  track: the walk's track since the last stop, with the walker's consent
        (partners only, track_points); points that cannot be read are left out."""
        from geo.walks.photo_cleaner import check_photos

        actor = self._current(actor)
        require(actor, Action.RECORD_WALK)
        if entry.cpted:
            require(actor, Action.ANNOTATE)  # design-out-crime observations are the design advisor's
        client_ref = check_client_ref(client_ref, "This stop's id")
        stamp = check_stamp(stamp)
        track = check_track(track)
        captioned, refused = [], []
        for upload in photos:
            check_client_ref(upload.client_ref, f"The id of {upload.name}")
            try:
                captioned.append(replace(upload, caption=STOP["caption"].check(upload.caption),
                                         good_feature=STOP["good_feature"].check(upload.good_feature)))
            except InvalidInput as exc:
                refused.append(f"{upload.name}: {exc}")
        cleaned, unreadable = check_photos(captioned)  # each refusal names its photo
        refused += unreadable
        with self._db.write() as conn:
            walk = walk_rows.read_walk_to_record(conn, actor, walk_id, "stops can no longer be added.")
            kept = walk_rows.stop_by_client_ref(conn, walk_id, client_ref)
            if kept is None:
                entry = self._check_stop(conn, walk, entry)
                stop_id = conn.execute(insert(t.walk_stops).values(
                    walk_id=walk_id, outcome=Outcome.OPEN.value, outcome_ref="", outcome_reason="",
                    team=Team.of(actor.role).value, recorded_at=db_rows.utc_now(), version=1, client_ref=client_ref,
                    **walk_rows.stop_values(entry))).inserted_primary_key[0]
                if stamp is not None:
                    conn.execute(insert(t.stop_fixes).values(stop_id=stop_id, **walk_rows.stamp_values(stamp)))
                if track:
                    conn.execute(insert(t.track_points), [
                        dict(walk_id=walk_id, stop_id=stop_id, team=Team.of(actor.role).value,
                             **walk_rows.stamp_values(p)) for p in track])
                feeling = entry.scores.get(Parameter.FEELING)
                record_walk_entry(conn, actor, entry.site_id, "walk_stop", f"Walk {walk.ref}: stop recorded"
                        + ("" if feeling is None else f", feeling {Parameter.FEELING.describe(feeling)}"),
                        Visibility.PARTNERS)
            else:
                stop_id = kept.id
            saved = []
            for upload, photo in cleaned:
                saved.append(walk_rows.photo_by_client_ref(conn, upload.client_ref)
                             or walk_rows.insert_photo(conn, actor, walk, stop_id, photo, upload))
            return SavedStop(walk_rows.read_stop(conn, stop_id), tuple(saved), tuple(refused), kept is not None)

    def track(self, actor: User | None, walk_id: int) -> list[TrackPoint]:
        """The walk's track as the walkers' phones kept it, in time order: partners only."""
        actor = self._current(actor)
        require(actor, Action.SEE_PARTNER_NOTES)
        with self._db.read() as conn:
            return walk_rows.read_track(conn, walk_id)

    def stamps(self, actor: User | None, walk_id: int) -> dict[int, PhoneStamp]:
        """Where and when the phone was at each stop of a walk, by stop id: partners only."""
        actor = self._current(actor)
        require(actor, Action.SEE_PARTNER_NOTES)
        with self._db.read() as conn:
            return walk_rows.read_stamps(conn, walk_id)

    def set_attendance(self, actor: User | None, walk_id: int, counts: dict, *, expected_version: int) -> Walk:
        """Who took part, by role and count: never names."""
        actor = self._current(actor)
        require(actor, Action.RECORD_WALK)
        check_version(expected_version)
        checked = {}
        for role, n in counts.items():
            role = check_enum(Role, role, "Role")
            if isinstance(n, bool) or not isinstance(n, int) or not 0 <= n <= 500:
                raise InvalidInput(f"The count for {role.label} must be a whole number from 0 to 500.")
            if n:
                checked[role.value] = n
        with self._db.write() as conn:
            walk = walk_rows.read_walk_to_record(conn, actor, walk_id, "its attendance can no longer be changed.")
            self._guard(conn, walk_id, expected_version)
            conn.execute(update(t.walks).where(t.walks.c.id == walk_id).values(attendance=json.dumps(checked)))
            record_walk_entry(conn, actor, None, "walk_attendance", f"Walk {walk.ref}: "
                    + (", ".join(Role(r).people(n) for r, n in checked.items()) or "nobody"), Visibility.PARTNERS)
            return walk_rows.read_walk(conn, walk_id)

    def propose_position(self, actor: User | None, walk_id: int, site_id: str, lon: float, lat: float,
                         accuracy_m: float) -> int:
        """A site's position as the phone reports it, with its accuracy; a planner confirms or rejects it."""
        actor = self._current(actor)
        require(actor, Action.RECORD_WALK)
        lon, lat = self._bounds().check(lon, lat)
        if isinstance(accuracy_m, bool) or not isinstance(accuracy_m, (int, float)) \
                or not 0 < accuracy_m <= ACCURACY_MAX_M:
            raise InvalidInput(f"The phone's accuracy must be a number of metres from 0 to {ACCURACY_MAX_M}.")
        with self._db.write() as conn:
            walk = walk_rows.read_walk_to_record(conn, actor, walk_id,
                                                 "positions are proposed on a walk still under way.")
            site = db_rows.read_site(conn, site_id)
            pid = conn.execute(insert(t.position_proposals).values(
                walk_id=walk_id, site_id=site_id, lon=lon, lat=lat, accuracy_m=float(accuracy_m),
                state=Proposal.PENDING.value, team=Team.of(actor.role).value, at=db_rows.utc_now()
            )).inserted_primary_key[0]
            record_walk_entry(conn, actor, site_id, "position_proposed", f"Walk {walk.ref}: {site.name} at {lat:.6f}, "
                    f"{lon:.6f} (within {accuracy_m:.0f} m)", Visibility.PARTNERS)
            return pid

    def decide_proposal(self, actor: User | None, proposal_id: int, confirm: bool,
                        move: Callable[[Connection, str, float, float], None]) -> PositionProposal:
        """Confirm or reject a proposal in one write transaction.  On confirm, move(conn, site, lon, lat)
        (the store's, which moves the site and records its history) runs inside that transaction, so
        the site moves and the proposal is marked together, or neither when anything fails."""
        actor = self._current(actor)
        require(actor, Action.CONFIRM_POSITION)
        p = t.position_proposals
        with self._db.write() as conn:
            row = conn.execute(select(p).where(p.c.id == proposal_id).with_for_update()).first()
            if row is None or row.state != Proposal.PENDING.value:
                raise InvalidInput("That proposed position was already decided, or does not exist.")
            state = Proposal.CONFIRMED if confirm else Proposal.REJECTED
            conn.execute(update(p).where(p.c.id == proposal_id).values(state=state.value))
            if confirm:
                move(conn, row.site_id, row.lon, row.lat)
            record_walk_entry(conn, actor, row.site_id, "position_proposal",
                              f"{state.value}: {row.lat:.6f}, {row.lon:.6f}", Visibility.PARTNERS)
            return replace(_proposal(row), state=state)

    def promote(self, actor: User | None, stop_id: int, *, expected_version: int,
                commitment: NewCommitment | None = None, progress_on: str = "", progress: str = "",
                reopen: Progress | None = None, reason: str = "") -> StopRecord:
        """Resolve a finding into the action plan in one step: a new commitment, or a progress entry on
        `progress_on` (re-opening it as `reopen` when it was done)."""
        actor = self._current(actor)
        require(actor, Action.RESOLVE_FINDINGS)
        reason = REASON.check(reason)
        if (commitment is None) == (not progress_on):
            raise InvalidInput("Choose one: a new commitment, or progress on an existing one.")
        if commitment is None:
            _, progress = plan_rows.check_progress(clock.today().isoformat(), progress)
            if reopen is not None and not check_enum(Progress, reopen, "Re-open as").is_reopened:
                raise InvalidInput("A re-walk finding re-opens a commitment as not fixed or partly fixed.")
        with self._db.write() as conn:
            stop, walk = self._open_finding(conn, stop_id, expected_version)
            save_id = db_rows.new_save_id()
            if commitment is not None:
                cid, outcome = plan_rows.add(conn, actor, commitment, reason, save_id=save_id).id, Outcome.COMMITMENT
                if stop.site_id:
                    _link_to_site(conn, actor, stop.site_id, cid, commitment.topics, reason or f"Walk {walk.ref}",
                                  save_id)
            else:
                cid, outcome = progress_on, Outcome.PROGRESS
                old = plan_rows.read_one(conn, cid)
                plan_rows.append_progress(conn, actor, cid, clock.today().isoformat(), f"Walk {walk.ref}: {progress}",
                                          reason, save_id=save_id)
                if reopen is not None and old.status in (Progress.DONE, Progress.PARTLY_DONE):
                    plan_rows.write_status(conn, actor, old, Progress(reopen), reason or f"Re-walk {walk.ref}",
                                           save_id=save_id)
            return self._resolve(conn, actor, stop, walk, outcome, cid, reason)

    def close_finding(self, actor: User | None, stop_id: int, *, expected_version: int, reason: str) -> StopRecord:
        actor = self._current(actor)
        require(actor, Action.RESOLVE_FINDINGS)
        reason = FINDING["close_reason"].check(reason)
        with self._db.write() as conn:
            stop, walk = self._open_finding(conn, stop_id, expected_version)
            return self._resolve(conn, actor, stop, walk, Outcome.CLOSED, "", reason)

    def promote_to_site(self, actor: User | None, stop_id: int, name: str, *, expected_version: int) -> StopRecord:
        """The finding becomes a new site on the map, where the stop was, its position approximate:
        added by geo.db.site_store, as an import adds one, in this transaction."""
        actor = self._current(actor)
        require(actor, Action.RESOLVE_FINDINGS)
        with self._db.write() as conn:
            stop, walk = self._open_finding(conn, stop_id, expected_version)
            if stop.site_id:
                raise InvalidInput("This finding is at a site already: promote it into the action plan instead.")
            today = clock.today().isoformat()
            site = site_store.add(conn, actor, Site(
                _site_id(name), name, stop.lon, stop.lat, Position.APPROXIMATE, "low",
                f"recorded on walk {walk.ref} on {walk.on.isoformat()}; to be confirmed on site",
                {topic: TopicState(Status.NOT_RECORDED, f"Not recorded yet: found on walk {walk.ref}", today)
                 for topic in Topic}), self._bounds(), f"Walk {walk.ref}")
            conn.execute(update(t.walk_stops).where(t.walk_stops.c.id == stop_id).values(site_id=site.site_id))
            return self._resolve(conn, actor, stop, walk, Outcome.SITE, site.site_id, "")

    def complete(self, actor: User | None, walk_id: int, *, expected_version: int, publish: bool) -> Walk:
        """Mark the walk complete (every finding resolved) and, with publish, show it to the public."""
        actor = self._current(actor)
        require(actor, Action.RESOLVE_FINDINGS)
        check_version(expected_version)
        with self._db.write() as conn:
            walk = self._guard(conn, walk_id, expected_version)
            open_ = [s for s in walk_rows.read_stops(conn, walk_id=walk_id) if s.unresolved]
            if open_:
                raise InvalidInput(f"Walk {walk.ref} has {len(open_)} finding(s) still to promote or close; "
                                   "it is complete only when none is left.")
            conn.execute(update(t.walks).where(t.walks.c.id == walk_id).values(completed=True,
                                                                               published=publish or walk.published))
            if publish and not walk.published:
                record_walk_entry(conn, actor, None, "walk_published",
                                  f"Walk {walk.ref}: {walk.title}, {walk.on.isoformat()}, {walk.phase.label.lower()}",
                                  Visibility.PUBLIC)
            return walk_rows.read_walk(conn, walk_id)

    # --- helpers -----------------------------------------------------------

    def _check_route(self, conn: Connection, route: Sequence[RouteStop]) -> list[RouteStop]:
        if len(route) > ROUTE_MAX:
            raise InvalidInput(f"A route can have at most {ROUTE_MAX} stops.")
        checked = []
        for i, stop in enumerate(route, 1):
            if stop.site_id:
                site = db_rows.read_site(conn, stop.site_id)
                checked.append(RouteStop(site.site_id, site.lon, site.lat, stop.label or site.name))
            else:
                lon, lat = self._bounds().check(stop.lon, stop.lat)
                label = check_text(stop.label, f"Stop {i}: {WALK['label'].label}", WALK["label"].limit,
                                   required=True)
                checked.append(RouteStop(None, lon, lat, label))
        return checked

    def _check_stop(self, conn: Connection, walk: Walk, e: StopEntry) -> StopEntry:
        site_id, lon, lat = e.site_id, e.lon, e.lat
        if e.route_seq is not None:
            if not isinstance(e.route_seq, int) or not 0 <= e.route_seq < len(walk.route):
                raise InvalidInput(f"Walk {walk.ref} has no stop {e.route_seq!r} on its route.")
            planned = walk.route[e.route_seq]
            site_id = site_id or planned.site_id
            lon, lat = (planned.lon, planned.lat) if lon is None or lat is None else (lon, lat)
        if site_id:
            site = db_rows.read_site(conn, site_id)
            lon, lat = (site.lon, site.lat) if lon is None or lat is None else (lon, lat)
        if lon is None or lat is None:
            raise InvalidInput("A stop off the route needs a site or a point on the map.")
        lon, lat = self._bounds().check(lon, lat)
        scores = {}
        for p, score in e.scores.items():
            p = check_enum(Parameter, p, "Parameter")
            if score not in LEVELS or isinstance(score, bool):
                raise InvalidInput(f"{p.label} is scored 0, 1, 2 or 3, not {score!r}.")
            scores[p] = score
        cpted = []
        for category, text in e.cpted:
            if category not in CPTED_HEADINGS:
                raise InvalidInput(f"CPTED observations go under: {', '.join(c.label for c in CPTED_HEADINGS)}.")
            cpted.append((category, check_text(text, f"{STOP['cpted'].label} ({category.label})", STOP["cpted"].limit,
                                                  required=True)))
        return replace(e, site_id=site_id, lon=lon, lat=lat, scores=scores,
                       reasons=tuple(dict.fromkeys(check_enum(Reason, r, "Reason") for r in e.reasons)),
                       felt_safe=None if e.felt_safe is None else bool(e.felt_safe),
                       why=STOP["why"].check(e.why),
                       positives=STOP["positives"].check(e.positives),
                       priority=check_enum(Severity, e.priority, "Priority"), cpted=tuple(cpted),
                       finding=STOP["finding"].check(e.finding))

    @staticmethod
    def _guard(conn: Connection, walk_id: int, expected_version: int) -> Walk:
        walk = walk_rows.read_walk(conn, walk_id)
        w = t.walks
        if conn.execute(update(w).where(w.c.id == walk_id, w.c.version == expected_version)
                        .values(version=w.c.version + 1)).rowcount != 1:
            raise StaleEdit(f"Walk {walk.ref} was changed by someone else since you opened it. Nothing was saved; "
                            "here is what it says now.", current=walk)
        return walk

    @staticmethod
    def _open_finding(conn: Connection, stop_id: int, expected_version: int) -> tuple[StopRecord, Walk]:
        check_version(expected_version)
        stop = walk_rows.read_stop(conn, stop_id)
        if not stop.has_finding:
            raise InvalidInput("This stop has no finding to resolve.")
        s = t.walk_stops
        if stop.outcome.is_resolved or conn.execute(
                update(s).where(s.c.id == stop_id, s.c.version == expected_version)
                .values(version=s.c.version + 1)).rowcount != 1:
            raise StaleEdit("Someone else resolved or changed this finding since you opened it; nothing was saved.",
                            current=stop)
        return stop, walk_rows.read_walk(conn, stop.walk_id)

    @staticmethod
    def _resolve(conn, actor, stop: StopRecord, walk: Walk, outcome: Outcome, ref: str, reason: str) -> StopRecord:
        conn.execute(update(t.walk_stops).where(t.walk_stops.c.id == stop.id).values(
            outcome=outcome.value, outcome_ref=ref, outcome_reason=reason))
        record_walk_entry(conn, actor, stop.site_id, "walk_finding", f"Walk {walk.ref}: finding {outcome.value}"
                + (f" {ref.upper()}" if ref else "") + (f" ({reason})" if reason else ""), Visibility.PARTNERS)
        return walk_rows.read_stop(conn, stop.id)


def _proposal(row) -> PositionProposal:
    return PositionProposal(row.id, row.walk_id, row.site_id, row.lon, row.lat, row.accuracy_m, Proposal(row.state),
                            Team(row.team), db_rows.read_time(row.at))


def _site_id(name: str) -> str:
    """A site id made from a name: its letters and digits, lower case, joined by hyphens."""
    words = re.findall(r"[a-z0-9]+", name.lower()) if isinstance(name, str) else []
    return "-".join(words)[:SITE_ID.limit].rstrip("-") or "site"


def _unused_ref(conn: Connection) -> str:
    while True:
        ref = new_ref()
        if conn.execute(select(t.walks.c.id).where(t.walks.c.ref == ref)).first() is None:
            return ref


def _link_to_site(conn, actor: User, site_id: str, cid: str, topics, reason: str, save_id: str) -> None:
    """Tie a commitment made from a finding at a site to that site, under each of the site's statuses
    (lighting, gating, fencing) the commitment is about, so the map, its panel and the plan show it;
    the site's version moves on and the history records it."""
    about = [t for t in Topic if t.value in topics]
    if not about:
        return
    old = db_rows.read_site(conn, site_id)
    states = {t: replace(old.state(t), commitments=(*old.state(t).commitments, cid)) for t in about}
    new = replace(old, topics={**old.topics, **states})
    for topic, state in states.items():
        db_rows.write_topic(conn, site_id, topic, state)
    conn.execute(update(t.sites).where(t.sites.c.site_id == site_id).values(version=t.sites.c.version + 1))
    db_rows.record_all(conn, actor, site_id, site_diff(old, new), reason, save_id)
