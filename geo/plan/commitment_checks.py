"""A new commitment and a progress entry, checked as the store checks them: pure, so the
spreadsheet import (geo.plan.spreadsheet) previews a file with the store's own rules and words."""
from __future__ import annotations

import re
from dataclasses import dataclass

from geo import clock
from geo.errors import InvalidInput
from geo.plan.action_plan import TERMS
from geo.records import COMMITMENT, PROGRESS_ENTRY, WILL_DO_MAX

_TOPIC = re.compile(r"[a-z][a-z0-9_-]{0,31}")


@dataclass(frozen=True)
class NewCommitment:
    """What a new commitment needs: the plan's own columns."""

    term: str
    asked: str
    will_do: tuple[str, ...]
    lead: str
    target_text: str
    target_by: str  # ISO date
    topics: tuple[str, ...] = ()


def check_new(c: NewCommitment) -> NewCommitment:
    if c.term not in TERMS:
        raise InvalidInput(f"Term must be one of: {', '.join(TERMS)}.")
    will_do = tuple(s for s in (COMMITMENT["will_do"].check(s, required=False) for s in c.will_do) if s)
    if not will_do:
        raise InvalidInput("We will do is required: say what the partners will do.")
    if len(will_do) > WILL_DO_MAX:
        raise InvalidInput(f"We will do has {len(will_do)} parts; the most it can take is {WILL_DO_MAX}.")
    topics = tuple(dict.fromkeys(str(x).strip().lower() for x in c.topics if str(x).strip()))
    bad = [x for x in topics if not _TOPIC.fullmatch(x)]
    if bad:
        raise InvalidInput(f"Topics are short lower-case words, e.g. lighting; not {bad[0]!r}.")
    target_by = COMMITMENT["target_by"].check(c.target_by)
    return NewCommitment(c.term, COMMITMENT["asked"].check(c.asked), will_do,
                         COMMITMENT["lead"].check(c.lead),
                         COMMITMENT["target_text"].check(c.target_text) or f"By {target_by}", target_by, topics)


def check_progress(on: str, text: str) -> tuple[str, str]:
    """A progress entry's date (ISO date or year-month, not in the future) and text."""
    on = PROGRESS_ENTRY["date"].check(on)
    if on > clock.today().isoformat():
        raise InvalidInput(f"Progress date {on} is in the future; progress is what has happened.")
    return on, PROGRESS_ENTRY["text"].check(text)
