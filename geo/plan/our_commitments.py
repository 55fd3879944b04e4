"""What a partner team sees first: the commitments it leads, the most pressing at the top.
Pure: the "Our commitments" page and its tests use it."""
from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

from geo.model import describe_date
from geo.plan.action_plan import Commitment

DUE_SOON = timedelta(days=30)


def urgency(c: Commitment, today: date) -> tuple[int, date]:
    """Overdue first, then due within DUE_SOON, then the rest by target; settled ones last."""
    if c.status.is_settled:
        rank = 3
    elif c.target_passed(today):
        rank = 0
    elif c.target_by - today <= DUE_SOON:
        rank = 1
    else:
        rank = 2
    return rank, c.target_by


def due_words(c: Commitment, today: date) -> str:
    """"Overdue since 30 April 2019", "Due in 5 days", "Due today", or '' once settled or not due soon."""
    if c.status.is_settled:
        return ""
    days = (c.target_by - today).days
    if days < 0:
        return f"Overdue since {describe_date(c.target_by.isoformat())}"
    if days == 0:
        return "Due today"
    if days <= DUE_SOON.days:
        return f"Due in {days} day{'s' if days != 1 else ''}"
    return ""


def led_by(commitments: Sequence[Commitment], team_id: str | None, today: date) -> list[Commitment]:
    """The commitments the team leads, most pressing first."""
    return sorted((c for c in commitments if team_id in c.leads), key=lambda c: urgency(c, today))
