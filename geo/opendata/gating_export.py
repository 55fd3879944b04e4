"""Gating cases as open data: the /opendata/gating-cases.json document and each case as an Open311
service request (service "gating-case", the request id the case's ref, "gate-3").  Pure functions;
public things only: no partners-only item, no consultee's addresses, representations as counts by
category, never who made them."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from geo.gating import order
from geo.gating.case import GatingCase, count_words, reached_on, stage_words
from geo.gating.stages import Outcome, Stage
from geo.model import Change, Site, describe_date, iso_utc
from geo.opendata.catalogue import licence_members, moment
from geo.sites.schema import SITE_ID

SERVICE = "gating-case"
SERVICE_NAME = "Gating orders"


def cases_document(cases: Sequence[GatingCase], sites: Sequence[Site], changes: Iterable[Change], ward,
                   today: date, *, public_url: str) -> dict:
    """`public_url`: the app's public address (WARD_PUBLIC_URL), which each proposed order's page is under."""
    names = {s.site_id: s.name for s in sites}
    changes = list(changes)
    return {"ward": ward.name, "cases": [_case(c, names, changes, today, public_url) for c in cases],
            **licence_members(ward)}


def _case(case: GatingCase, names: dict[str, str], changes: list[Change], today: date, public_url: str) -> dict:
    reached = reached_on(case, changes)
    return {
        "ref": case.ref, SITE_ID.name: case.site_id, "site": names.get(case.site_id, case.site_id),
        "gate": case.gate, "stands_at": case.position, "closes": case.closes,
        "stage": case.stage.value, "stage_label": case.stage.label, "stage_words": stage_words(case, today),
        "stages": [{"stage": s.value, "label": s.label, "source": s.step.source, "reached": case.stage.reached(s),
                    "reached_at": iso_utc(reached[s]) if s in reached else None} for s in Stage],
        "items": case.public_items(),
        "consultations": [{"consultee": c.consultee.value, "label": c.consultee.label, "consulted_on": c.on,
                           "addresses": c.addresses, "response": c.response} for c in case.consultations],
        "representations": {c.value: n for c, n in case.counts().items()},
        "representations_open": case.representations_open(today),
        "representations_close": case.value("representations_close") or None,
        "proposed_order": {"text": case.order_text or None, "url": public_url + order.path(case)},
        "expires_on": case.expires_on or None, "review_on": case.review_on or None,
        "review_due": case.review_due(today),
    }


def service() -> dict:
    return {"service_code": SERVICE, "service_name": SERVICE_NAME, "metadata": False, "type": "blackbox",
            "description": "Each proposed gate and its Public Spaces Protection Order, stage by stage (Anti-social "
                           "Behaviour, Crime and Policing Act 2014).",
            "keywords": "gating, PSPO", "group": "Gating orders"}


def requests(cases: Sequence[GatingCase], sites: Sequence[Site], changes: Iterable[Change], ward,
             today: date, *, public_url: str) -> list[dict]:
    """Each case as a service request: its stage in words as status notes (while representations are open,
    with the date they close and the proposed order's address), closed once discharged."""
    by_id = {s.site_id: s for s in sites}
    changes = list(changes)
    found = []
    for case in cases:
        reached = reached_on(case, changes)
        opened = reached.get(Stage.PROPOSED)
        latest = max(reached.values()) if reached else None
        site = by_id.get(case.site_id)
        notes = f"{case.stage.label}: {stage_words(case, today)}"
        if case.stage.reached(Stage.NOTICE):
            notes += f" {count_words(case)}"
        if case.representations_open(today):
            notes += (f" Have your say by {describe_date(case.value('representations_close'))}; the proposed order: "
                      f"{public_url}{order.path(case)}")
        record = {
            "service_request_id": case.ref,
            "status": "closed" if case.value("outcome") == Outcome.DISCHARGED.value else "open",
            "status_notes": notes,
            "service_name": SERVICE_NAME, "service_code": SERVICE,
            "description": f"{case.gate} ({case.position}), closing {case.closes}.",
            "agency_responsible": "Planning team",
            "requested_datetime": opened.isoformat() if opened else moment(today),
            "updated_datetime": latest.isoformat() if latest else moment(today),
        }
        if case.expires_on:
            record["expected_datetime"] = moment(case.review_on or case.expires_on)
        if site is not None:
            record.update(address=", ".join(p for p in (site.name, f"{ward.name} ward", ward.borough) if p),
                          lat=round(site.lat, 7), long=round(site.lon, 7))
        found.append(record)
    return found
