"""What another editor changed: two versions of a site record compared field
by field, in the words geo.history uses for every recorded change, for the
notice an editor gets when someone saved first."""
from __future__ import annotations

from dataclasses import dataclass, fields

from geo import history
from geo.sites import schema
from geo.model import GatingReview, SiteRecord

EMPTY = "(empty)"
REVIEW_KEYS = tuple(f"gating_review.{f.name}" for f in fields(GatingReview))


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str  # in words, as shown to the editor
    new: str


def record_diff(before: SiteRecord, after: SiteRecord) -> list[tuple[str, str, str]]:
    """(history key, old text, new text) for every field of the site and its gating review that differs."""
    rows = schema.site_diff(before.site, after.site)
    for key in REVIEW_KEYS:
        name = key.partition(".")[2]
        old, new = getattr(before.review, name), getattr(after.review, name)
        if old != new:
            rows.append((key, old, new))
    return rows


def changed_fields(before: SiteRecord, after: SiteRecord) -> list[FieldChange]:
    """Every field that differs between two versions of a site record, old and new in words."""
    return [FieldChange(history.field_label(key), history.value_words(key, old) or EMPTY,
                        history.value_words(key, new) or EMPTY)
            for key, old, new in record_diff(before, after)]
