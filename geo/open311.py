"""The action plan as Open311 GeoReport v2, read side only: each commitment is a
service request, and each of the plan's terms (short, long) a service.

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
London time (geo.opendata.moment).  requested_datetime is the meeting where
residents asked (the plan's meeting_date), or the earliest date the plan
gives when it does not say.
"""
from __future__ import annotations

from collections.abc import Collection, Sequence

from geo.model import Site
from geo.opendata import moment
from geo.plan import TERMS, ActionPlan, Commitment
from geo.text import one_line

STATUSES = ("open", "closed")
_DESCRIPTION_MAX = 4000  # the spec's limit for a request's description


def services(plan: ActionPlan) -> list[dict]:
    """One service per term the plan uses, in the plan's own order of terms."""
    used = {c.term for c in plan.commitments}
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
    ]


def service_requests(
    plan: ActionPlan, sites: Sequence[Site], ward, *, ids: Collection[str] | None = None,
    status: str | None = None, service_code: str | None = None,
) -> list[dict]:
    """The commitments as service requests, optionally only those with these ids, this status
    ("open" or "closed") or this service code; in the plan's order."""
    requested = _requested(plan)
    chosen = [
        c for c in plan.commitments
        if (ids is None or c.id in ids) and (service_code is None or c.term == service_code)
        and (status is None or _status(c) == status)
    ]
    return [_request(c, requested, sites, ward) for c in chosen]


def error(code: int, description: str) -> list[dict]:
    return [{"code": code, "description": description}]


def _status(c: Commitment) -> str:
    return "closed" if c.status.is_settled else "open"


def _requested(plan: ActionPlan) -> str:
    if plan.meeting_date:
        return moment(plan.meeting_date)
    dates = [p.date for c in plan.commitments for p in c.progress] + [c.target_by.isoformat() for c in plan.commitments]
    return moment(min(dates, key=lambda d: d + "-01" if len(d) == 7 else d))


def _request(c: Commitment, requested: str, sites: Sequence[Site], ward) -> dict:
    latest = c.latest_progress
    record = {
        "service_request_id": c.id,
        "status": _status(c),
        "status_notes": f"{c.status.label}: {latest.text}" if latest else c.status.label,
        "service_name": TERMS.get(c.term, c.term),
        "service_code": c.term,
        "description": one_line(c.asked, _DESCRIPTION_MAX),
        "agency_responsible": c.lead,
        "service_notice": " ".join(c.will_do),
        "requested_datetime": requested,
        "updated_datetime": moment(latest.date) if latest else requested,
        "expected_datetime": moment(c.target_by),
    }
    site = next((s for s in sites if c.id in s.commitment_ids()), None)
    if site is not None:
        where = ", ".join(part for part in (site.name, f"{ward.name} ward", ward.borough) if part)
        record.update(address=where, lat=round(site.lat, 7), long=round(site.lon, 7))
    return record
