"""The action plan as Open311 GeoReport v2, read side only: each commitment is a
service request, and each of the plan's terms (short, long) a service; once a
walk is published, each of its findings is a request too, under a service of
its own (WALK_SERVICE).

Pure functions returning the JSON documents the spec describes
(https://wiki.open311.org/GeoReport_v2):

* `services`: GET services.json, a list of services; every service has
  service_code, service_name, description, metadata (false: no extra fields)
  and type ("blackbox": requests are not made through this API).
* `service_requests`: GET requests.json and GET requests/{id}.json, a list of
  requests; every request has the required service_request_id, status
  ("open", or "closed" once the commitment is done or dropped), service_code
  and requested_datetime, and service_name, description (what residents
  asked), agency_responsible (the lead), service_notice (what was promised),
  status_notes (the latest progress), updated_datetime and expected_datetime
  (the target date).  A commitment tied to sites has the first site's address
  (its name and the ward), lat and long (WGS84).  No media_url.
* `error`: the spec's error document.

Dates the plan gives to the day or month are the start of that day or month,
London time (geo.opendata.catalogue.moment).  requested_datetime is the meeting where
residents asked (the plan's meeting_date), or the earliest date the plan
gives when it does not say.

A walk finding (geo.walks.public_walks.PublicWalk: published walks only) is known by
its stop's public id, "walk-<ref>-<n>" (the walk's random ref, never a database
id; no commitment id starts with "walk-").  Its description is the finding, its
position the stop's, requested_datetime the walk's start, status_notes what
it became.  Promoted into the action plan (a new commitment, or progress on
one) it follows that commitment: open or closed with it, its lead as
agency_responsible, its target as expected_datetime, updated with its latest
progress.  Otherwise the walk's organising team is responsible, and the
finding is closed when it was closed with a reason, open otherwise.
"""
from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime

from geo.clock import LONDON
from geo.model import Site, describe_date
from geo.opendata.catalogue import moment
from geo.plan.reviews import Review
from geo.plan.action_plan import TERMS, ActionPlan, Commitment
from geo.text import one_line
from geo.walks.public_walks import PublicWalk, outcome_text
from geo.walks.walkabout import Outcome, StopRecord

STATUSES = ("open", "closed")
WALK_SERVICE = "walk-finding"
WALK_SERVICE_NAME = "Walkabout findings"
_DESCRIPTION_MAX = 4000  # the spec's limit for a request's description


def services(plan: ActionPlan, walks: Sequence[PublicWalk] = (), more: Sequence[dict] = ()) -> list[dict]:
    """One service per term the plan uses, in the plan's own order of terms, then walk findings
    when a published walk has any, then `more` (gating orders: geo.opendata.gating_export)."""
    used = {c.term for c in plan.commitments}
    found = ([_walk_service()] if _findings(walks) else []) + list(more)
    return [
        {
            "service_code": term,
            "service_name": name,
            "description": f"Commitments in the {plan.title}: {name.lower()}.",
            "metadata": False,
            "type": "blackbox",
            "keywords": "",
            "group": plan.title,
        }
        for term, name in TERMS.items() if term in used
    ] + found


def _walk_service() -> dict:
    return {
        "service_code": WALK_SERVICE,
        "service_name": WALK_SERVICE_NAME,
        "description": "What residents, the Community Working Group and partners found should change on a "
                       "published walkabout of the ward, and what became of it.",
        "metadata": False,
        "type": "blackbox",
        "keywords": "walkabout, safety audit",
        "group": "Walkabouts",
    }


def service_requests(
    plan: ActionPlan, sites: Sequence[Site], ward, *, walks: Sequence[PublicWalk] = (),
    ids: Collection[str] | None = None, status: str | None = None, service_code: str | None = None,
    reviews: Sequence[Review] = (), more: Sequence[dict] = (),
) -> list[dict]:
    """The commitments as service requests, in the plan's order, then the published walks' findings
    (walks newest first, stops in route order), then `more` (gating cases: geo.opendata.gating_export);
    optionally only those with these ids, this status ("open" or "closed") or this service code."""
    requested = _requested(plan)
    chosen = [
        c for c in plan.commitments
        if (ids is None or c.id in ids) and (service_code is None or c.term == service_code)
        and (status is None or _status(c) == status)
    ]
    commitments = {c.id: c for c in plan.commitments}
    names = {s.site_id: s.name for s in sites}
    findings = [_finding(w, n, stop, commitments, names, ward) for w, n, stop in _findings(walks)]
    reviewed = _last_reviews(reviews)
    return [_request(c, requested, sites, ward, plan, reviewed.get(c.id)) for c in chosen] + [
        f for f in [*findings, *more]
        if (ids is None or f["service_request_id"] in ids)
        and (service_code is None or service_code == f["service_code"])
        and (status is None or f["status"] == status)
    ]


def error(code: int, description: str) -> list[dict]:
    return [{"code": code, "description": description}]


def _status(c: Commitment) -> str:
    return "closed" if c.status.is_settled else "open"


def _requested(plan: ActionPlan) -> str:
    if plan.meeting_date:
        return moment(plan.meeting_date)
    dates = [p.date for c in plan.commitments for p in c.progress] + [c.target_by.isoformat() for c in plan.commitments]
    return moment(min(dates, key=lambda d: d + "-01" if len(d) == 7 else d))


def _notes(c: Commitment) -> str:
    """The status in the plan's words and the latest progress ("Done: lamps replaced"), said once."""
    latest = c.latest_progress
    if latest is None:
        return c.status.label
    return latest.text if latest.text.startswith(f"{c.status.label}:") else f"{c.status.label}: {latest.text}"


def _last_reviews(reviews: Sequence[Review]) -> dict[str, str]:
    """Each commitment's latest published review, in words: "Reviewed 2 April 2019: its note"."""
    said: dict[str, str] = {}
    for r in sorted((r for r in reviews if r.published_at), key=lambda r: r.held_on):
        for i in r.items:
            when = describe_date(r.held_on.isoformat())
            said[i.commitment_id] = f"Reviewed {when}" + (f": {i.note}" if i.note else ".")
    return said


def _request(c: Commitment, requested: str, sites: Sequence[Site], ward, plan: ActionPlan,
             review: str | None = None) -> dict:
    latest = c.latest_progress
    record = {
        "service_request_id": c.id,
        "status": _status(c),
        "status_notes": f"{_notes(c).rstrip('.')}. {review}" if review else _notes(c),
        "service_name": TERMS.get(c.term, c.term),
        "service_code": c.term,
        "description": one_line(c.asked, _DESCRIPTION_MAX),
        "agency_responsible": ", ".join(t.name for t in plan.lead_teams(c)) or c.lead,  # teams, never people
        "service_notice": " ".join(c.will_do),
        "requested_datetime": requested,
        "updated_datetime": moment(latest.date) if latest else requested,
        "expected_datetime": moment(c.target_by),
    }
    site = next((s for s in sites if c.id in s.commitment_ids()), None)
    if site is not None:
        record.update(address=_address(site.name, ward), lat=round(site.lat, 7), long=round(site.lon, 7))
    return record


def _address(place: str, ward) -> str:
    return ", ".join(part for part in (place, f"{ward.name} ward", ward.borough) if part)


# --- walk findings ---------------------------------------------------------------


def _findings(walks: Sequence[PublicWalk]) -> list[tuple[PublicWalk, int, StopRecord]]:
    return [(w, n, stop) for w in walks for n, stop in w.numbered() if stop.has_finding]


def _finding(public: PublicWalk, number: int, stop: StopRecord, commitments: dict[str, Commitment],
             names: dict[str, str], ward) -> dict:
    walk = public.walk
    promoted = stop.outcome.in_plan
    c = commitments.get(stop.outcome_ref) if promoted else None
    requested = datetime.combine(walk.on, walk.starts, tzinfo=LONDON).isoformat()
    if c is not None:
        status = _status(c)
    else:
        status = "closed" if stop.outcome is Outcome.CLOSED else "open"
    record = {
        "service_request_id": public.stop_id(number),
        "status": status,
        "status_notes": outcome_text(stop),
        "service_name": WALK_SERVICE_NAME,
        "service_code": WALK_SERVICE,
        "description": one_line(stop.finding, _DESCRIPTION_MAX),
        "agency_responsible": c.lead if c is not None else walk.team.label,
        "requested_datetime": requested,
        "updated_datetime": _latest(requested, c),
    }
    if c is not None:
        record.update(service_notice=" ".join(c.will_do), expected_datetime=moment(c.target_by))
    route = walk.route[stop.route_seq].label if stop.route_seq is not None and stop.route_seq < len(walk.route) else ""
    place = names.get(stop.site_id or "") or route
    if place:
        record["address"] = _address(place, ward)
    record.update(lat=round(stop.lat, 7), long=round(stop.lon, 7))
    return record


def _latest(requested: str, c: Commitment | None) -> str:
    """The walk's start, or the commitment's latest progress when that is later."""
    latest = c.latest_progress if c is not None else None
    if latest is None or datetime.fromisoformat(moment(latest.date)) <= datetime.fromisoformat(requested):
        return requested
    return moment(latest.date)
