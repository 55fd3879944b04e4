"""The walk recorder's documents (web/recorder.py serves them; web/recorder/ is the page that
works offline): what the page is given to record with, and a stop as the phone sends it, read
into the store's terms with a sentence for anything wrong.  No Starlette, no database.

A stop from the phone, as JSON:

    {"client_ref": "3f2c…", "route_seq": 0 | null, "scores": {"lighting": 1, …},
     "reasons": ["badly_lit"], "felt_safe": false | true | null, "why": "", "positives": "",
     "priority": "medium", "finding": "", "phone_time": "2026-02-19T19:05:00Z",
     "phone_fix": {"lat": 51.52731, "lon": -0.13702, "accuracy": 8.5} | null}

`phone_fix` is there only if the walker agreed to keep where the phone is; a stop not on the
route is placed there.  "track": [{"at", "lat", "lon", "accuracy"}, …], the walk's track since the
last stop, is there only if the walker agreed to keep it (a form field of its own: read_track)."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from geo.errors import InvalidInput
from geo.records import STOP
from geo.status import Severity
from geo.walks.geolocation import read_fix
from geo.walks.walkabout import (
    LEVELS, PARAMETERS, TRACK_MAX, PhoneStamp, Reason, StopEntry, StopRecord, TrackPoint, Walk,
)

MAX_PHOTOS = 4  # per stop, as the page offers them


def vocabulary() -> dict:
    """The words the page records in, from the one declaration of each (geo.walks.walkabout)."""
    return {
        "parameters": [{"id": p.value, "label": p.label, "levels": list(p.levels)} for p in PARAMETERS],
        "levels": list(LEVELS),
        "reasons": [{"id": r.value, "label": r.label} for r in Reason],
        "priorities": [{"id": s.value, "label": s.label} for s in Severity],
        "limits": {name: STOP[name].limit for name in ("why", "positives", "finding", "caption")},
        "max_photos": MAX_PHOTOS,
    }


def walk_document(walk: Walk, stops: Sequence[StopRecord]) -> dict:
    """One walk the walker may record on: its route, and which route stops are recorded."""
    done = {s.route_seq for s in stops if s.route_seq is not None}
    return {
        "id": walk.id, "ref": walk.ref, "title": walk.title, "on": walk.on.isoformat(),
        "starts": walk.starts.strftime("%H:%M"), "phase": walk.phase.label,
        "route": [{"seq": i, "label": r.label, "recorded": i in done} for i, r in enumerate(walk.route)],
    }


def read_track(points: object) -> list[TrackPoint]:
    """The track points the phone sent ({"at", "lat", "lon", "accuracy"} each); the store checks them."""
    if points is None:
        return []
    if not isinstance(points, list):
        raise InvalidInput("The walk's track the phone sent could not be read.")
    track = []
    for p in points[:TRACK_MAX + 1]:
        if isinstance(p, dict):
            try:
                at = _moment(p.get("at"))
            except InvalidInput:
                continue
            track.append(TrackPoint(at, p.get("lat"), p.get("lon"), p.get("accuracy")))
    return track


def read_stop(doc: object) -> tuple[str, StopEntry, PhoneStamp]:
    """(client_ref, entry, stamp) from the phone's JSON, or InvalidInput with a sentence.
    The store checks every value again (geo.db.walk_store); this only reads the shapes."""
    if not isinstance(doc, dict):
        raise InvalidInput("The stop the phone sent could not be read.")
    client_ref = doc.get("client_ref")
    if not isinstance(client_ref, str):
        raise InvalidInput("The stop the phone sent has no id.")
    seq = doc.get("route_seq")
    if seq is not None and (isinstance(seq, bool) or not isinstance(seq, int)):
        raise InvalidInput("The stop the phone sent names no stop on the route.")
    scores = doc.get("scores") or {}
    reasons = doc.get("reasons") or []
    if not isinstance(scores, dict) or not isinstance(reasons, list):
        raise InvalidInput("The scores or reasons the phone sent could not be read.")
    felt = doc.get("felt_safe")
    if felt is not None and not isinstance(felt, bool):
        raise InvalidInput("Whether it felt safe could not be read.")
    stamp = _stamp(doc.get("phone_time"), doc.get("phone_fix"))
    lon = lat = None
    if seq is None and stamp.lat is not None:  # a point not on the route: where the phone is
        fix = read_fix({"lat": stamp.lat, "lon": stamp.lon, "accuracy": stamp.accuracy_m, "n": 1})
        lon, lat = fix.lon, fix.lat
    texts = {name: doc.get(name, "") for name in ("why", "positives", "finding")}
    if not all(isinstance(v, str) for v in texts.values()):
        raise InvalidInput("A note the phone sent could not be read.")
    entry = StopEntry(seq, None, lon, lat,
                      scores=dict(scores), reasons=tuple(reasons), felt_safe=felt,
                      priority=doc.get("priority", Severity.MEDIUM.value), **texts)
    return client_ref, entry, stamp


def _moment(text: object) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00")) if isinstance(text, str) else None
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise InvalidInput("The time your phone gave for this stop could not be read.")
    return moment


def _stamp(phone_time: object, position: object) -> PhoneStamp:
    moment = _moment(phone_time)
    if not isinstance(position, dict):
        return PhoneStamp(moment)
    return PhoneStamp(moment, position.get("lat"), position.get("lon"), position.get("accuracy"))
