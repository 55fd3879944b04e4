"""From a site's free-text gating review (geo.records.GATING_REVIEW, before cases) to its first gating
case, without losing a word: the options and evidence go to the proposal's items of those names, the
decision to the decision, and every field, labelled, to the case's "earlier review" item as well.

Shared by the data migration (geo/db/migrations/versions/0013_gating_cases.py) and the first start
(geo.db.gating_store.seed), so a database upgraded and one seeded fresh hold the same cases."""
from __future__ import annotations

from collections.abc import Mapping

from geo.gating.stages import Stage

# The free-text review's fields and their labels as they were (geo.records.GATING_REVIEW).
REVIEW_LABELS = (
    ("options", "Gating options considered"),
    ("evidence", "Gating evidence gathered"),
    ("consultation_date", "Resident consultation date"),
    ("consultation_with", "Consulted with"),
    ("decision", "Gating decision"),
    ("next_review", "Next gating review date"),
    ("note", "Gating progress note"),
)
GATE = "Gate from the earlier review"  # no brackets: forms name a gate in brackets
POSITION = "Not recorded yet: confirm on site, as near the front building line as possible."
# Sites whose gating status says the planning team is at work on a gate there get a case.
ACTIVE_STATUSES = frozenset({"under_review", "confirmed", "in_progress", "done"})


def wants_case(status: str, review: Mapping[str, str]) -> bool:
    return status in ACTIVE_STATUSES or any(review.get(name) for name, _ in REVIEW_LABELS)


def first_case(site_name: str, detail: str, review: Mapping[str, str]) -> dict:
    """The columns of the site's first case (gate, position, closes, stage, items)."""
    earlier = "\n".join(f"{label}: {review[name]}" for name, label in REVIEW_LABELS if review.get(name))
    items = {"problem": detail or f"Gating at {site_name}, as the earlier review recorded it."}
    for name in ("options", "evidence", "decision"):
        if review.get(name):
            items[name] = review[name]
    if earlier:
        items["earlier_review"] = earlier
    return dict(gate=GATE, stands_at=POSITION, closes=f"The path at {site_name}", stage=Stage.PROPOSED.value,
                items=items)
