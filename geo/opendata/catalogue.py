"""The live open-data documents served at /opendata/: the sites, the published
walks and their stops as GeoJSON and the action plan as JSON, each carrying the
ward's licence and attributions.

Every function is pure: plain data in, a dict out.  The CSV files come
straight from geo.opendata.site_export and geo.opendata.walk_export; these add what a document read on its own needs.
Only public annotations reach any of them (geo.opendata.site_export.public_only).

`moment` is the one place a date the plan gives to the day or the month
becomes an RFC 3339 date-time (Atom and Open311 both need one): midnight,
London time, at the start of that day or month.
"""
from __future__ import annotations

from datetime import date, datetime, time
from collections.abc import Iterable, Sequence

from geo.clock import LONDON
from geo.opendata.site_export import export_sites_geojson
from geo.model import Annotation, Site
from geo.plan.action_plan import TERMS, ActionPlan, Commitment
from geo.opendata.walk_export import walk_stops_geojson, walks_geojson
from geo.walks.public_walks import PublicWalk


def licence_members(ward) -> dict:
    """`license` (name and URL, when ward.json names one) and `attribution` (one line per source)."""
    members: dict = {}
    if ward.licence is not None:
        members["license"] = {"name": ward.licence.name, "url": ward.licence.url}
    members["attribution"] = [a.text for a in ward.attributions]
    return members


def sites_document(sites: Sequence[Site], annotations: Iterable[Annotation], ward) -> dict:
    """The sites as an RFC 7946 FeatureCollection (geo.opendata.site_export's), with the licence as foreign members."""
    return {**export_sites_geojson(sites, annotations), **licence_members(ward)}


def walks_document(walks: Sequence[PublicWalk], ward) -> dict:
    """The published walks (geo.opendata.walk_export) with the licence as foreign members."""
    return {**walks_geojson(walks), **licence_members(ward)}


def walk_stops_document(walks: Sequence[PublicWalk], sites: Sequence[Site], ward) -> dict:
    """The published walks' recorded stops (geo.opendata.walk_export) with the licence as foreign members."""
    return {**walk_stops_geojson(walks, sites), **licence_members(ward)}


def plan_document(plan: ActionPlan, ward, today: date) -> dict:
    """The action plan: every commitment with its dated progress, the glossary and who to contact.
    `target_passed` is judged against `today`."""
    return {
        "title": plan.title,
        "ward": {"name": ward.name, "code": ward.code},
        "progress_dating": plan.progress_dating,
        "commitments": [_commitment(c, today) for c in plan.commitments],
        "glossary": [{"term": term, "meaning": meaning} for term, meaning in plan.glossary],
        "contacts": [
            {"id": c.id, "who": c.who, "for": c.for_what, "how": c.how, "email": c.email, "hours": c.hours_text}
            for c in plan.contacts
        ],
        **licence_members(ward),
    }


def _commitment(c: Commitment, today: date) -> dict:
    return {
        "id": c.id,
        "term": c.term,
        "term_label": TERMS.get(c.term, c.term),
        "asked": c.asked,
        "will_do": list(c.will_do),
        "lead": c.lead,
        "target": {"text": c.target_text, "by": c.target_by.isoformat()},
        "target_passed": c.target_passed(today),
        "topics": list(c.topics),
        "status": c.status.value,
        "status_label": c.status.label,
        "progress": [{"date": p.date, "text": p.text} for p in c.progress],
    }


def moment(value: str | date) -> str:
    """'2019-03' or '2019-04-30' (or a date) as RFC 3339 at the start of that month or day in London,
    e.g. '2019-04-30T00:00:00+01:00'."""
    text = value.isoformat() if isinstance(value, date) else value
    day = date.fromisoformat(text + "-01" if len(text) == 7 else text)
    return datetime.combine(day, time(0), tzinfo=LONDON).isoformat()
