"""What another editor changed: two versions of a site record compared field
by field, in words a planner reads (status labels, dates in words, the
position in degrees), for the notice an editor gets when someone saved first."""
from __future__ import annotations

from dataclasses import dataclass

from geo.model import SiteRecord, describe_date
from geo.status import TOPICS

# A label for each field of a site record, in the order a conflict lists them.  Field names are
# those the history records; "{topic}" stands for each of lighting, gating and fencing.
LABELS: dict[str, str] = {
    "name": "Site name",
    "{topic}.status": "{Topic} status",
    "{topic}.detail": "{Topic} summary for residents",
    "{topic}.as_of": "{Topic} status since",
    "{topic}.commitments": "{Topic} commitments",
    "location": "Position (latitude, longitude)",
    "position": "Position checked",
    "position_source": "Position source",
    "confidence": "Position confidence",
    "gating_review.options": "Options considered",
    "gating_review.evidence": "Evidence gathered",
    "gating_review.consultation_date": "Resident consultation date",
    "gating_review.consultation_with": "Consulted with",
    "gating_review.decision": "Decision",
    "gating_review.next_review": "Next review date",
    "gating_review.note": "Progress note",
}
EMPTY = "(empty)"


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str  # in words, as shown to the editor
    new: str


def changed_fields(before: SiteRecord, after: SiteRecord) -> list[FieldChange]:
    """Every field that differs between two versions of a site record, old and new in words."""
    old, new = _fields(before), _fields(after)
    return [FieldChange(label, old[label][1], new[label][1]) for label in old if old[label][0] != new[label][0]]


def _fields(record: SiteRecord) -> dict[str, tuple[object, str]]:
    """Label -> (value as stored, for comparing; value in words, for showing)."""
    site, review = record.site, record.review
    values: dict[str, tuple[object, str]] = {LABELS["name"]: (site.name, _text(site.name))}
    for topic in TOPICS:
        state = site.state(topic)

        def label(field: str) -> str:
            return LABELS["{topic}." + field].format(Topic=topic.label)

        values[label("status")] = (state.status, state.status.label)
        values[label("detail")] = (state.detail, _text(state.detail))
        values[label("as_of")] = (state.as_of, _date(state.as_of))
        values[label("commitments")] = (state.commitments, ", ".join(c.upper() for c in state.commitments) or "none")
    values[LABELS["location"]] = ((site.lat, site.lon), f"{site.lat:.6f}, {site.lon:.6f}")
    values[LABELS["position"]] = (site.position, site.position.label)
    values[LABELS["position_source"]] = (site.position_source, _text(site.position_source))
    values[LABELS["confidence"]] = (site.confidence, _text(site.confidence))
    for field in ("options", "evidence", "consultation_date", "consultation_with", "decision", "next_review",
                  "note"):
        value = getattr(review, field)
        words = _date(value) if field in ("consultation_date", "next_review") else _text(value)
        values[LABELS["gating_review." + field]] = (value, words)
    return values


def _text(value: str) -> str:
    return value if value.strip() else EMPTY


def _date(value: str) -> str:
    return describe_date(value) if value else "not set"
