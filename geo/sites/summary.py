"""Plain-text rows for the tables residents read: sites and commitments.

Pure functions: the app shows them (escaping every cell), reports and
exports reuse them."""
from __future__ import annotations

from datetime import date
from enum import Enum
from collections.abc import Sequence

from geo.model import Site, describe_date
from geo.plan.action_plan import Commitment
from geo.status import TOPICS, Progress, Topic


SITE_NUMBER = "No."


def site_numbers(sites: Sequence[Site]) -> dict[str, int]:
    """Each site's number, from 1 in the order given: the one numbering the map's markers,
    the sites table and the progress report share."""
    return {s.site_id: i for i, s in enumerate(sites, start=1)}


def numbered_site_rows(sites: Sequence[Site]) -> list[dict[str, str]]:
    """The map page's sites table, narrow enough for a phone: each site's number (as its marker
    shows it), its name (and whether its position is approximate) and each topic's status."""
    numbers = site_numbers(sites)
    rows = []
    for s in sites:
        name = s.name + (" (approximate position)" if s.position.is_approximate else "")
        row = {SITE_NUMBER: str(numbers[s.site_id]), "Site": name}
        for topic in TOPICS:
            state = s.topics[topic]
            row[topic.label] = f"{state.status.label} (since {describe_date(state.as_of)})"
        rows.append(row)
    return rows




def sites_for_commitment(cid: str, sites: Sequence[Site]) -> list[tuple[Site, list[Topic]]]:
    """Sites tied to a commitment, each with the topics through which it is tied."""
    linked = []
    for s in sites:
        topics = [t for t in Topic if cid in s.state(t).commitments]
        if topics:
            linked.append((s, topics))
    return linked




class Standing(str, Enum):
    """Where a commitment stands for a resident reading the plan today, from its status and its
    target date: the one vocabulary of the plan summary, the site panel, the report and Open311."""

    DONE = "Done"
    PARTLY_DONE = "Partly done"
    IN_PROGRESS = "In progress"
    OVERDUE = "Overdue"
    NOT_STARTED = "Not started"
    REOPENED = "Re-opened"
    CLOSED_NOT_DONE = "Closed, not done"
    NOT_OURS = "Not ours"
    DROPPED = "Dropped"

    @property
    def label(self) -> str:
        return self.value


_SETTLED = {Progress.DONE: Standing.DONE, Progress.PARTLY_DONE: Standing.PARTLY_DONE,
            Progress.CLOSED_NOT_DONE: Standing.CLOSED_NOT_DONE, Progress.NOT_OURS: Standing.NOT_OURS,
            Progress.DROPPED: Standing.DROPPED}


def standing(c: Commitment, today: date) -> Standing:
    if c.status in _SETTLED:
        return _SETTLED[c.status]
    if c.status.is_reopened:
        return Standing.REOPENED
    if c.target_passed(today):
        return Standing.OVERDUE
    return Standing.IN_PROGRESS if c.status is Progress.IN_PROGRESS else Standing.NOT_STARTED


def standing_text(c: Commitment, today: date) -> str:
    """The commitment's status in words, with "overdue" where its target has passed:
    "Re-opened: not fixed (overdue)", "In progress (overdue)", "Done"."""
    overdue = " (overdue)" if c.target_passed(today) else ""
    return f"{c.status.label}{overdue}"


def standings(commitments: Sequence[Commitment], today: date) -> dict[Standing, int]:
    """How many commitments stand where, every standing listed (zeros too)."""
    counts = {s: 0 for s in Standing}
    for c in commitments:
        counts[standing(c, today)] += 1
    return counts


def slip_text(c: Commitment) -> str:
    """A moved target as a slip: "Target moved twice: April 2019, then June 2019, then March 2020"; '' if never."""
    if not c.target_history:
        return ""
    times = {1: "once", 2: "twice"}.get(len(c.target_history), f"{len(c.target_history)} times")
    dates = [f"{d:%B %Y}" for d in (*c.target_history, c.target_by)]
    return f"Target moved {times}: " + ", then ".join(dates)


def target_text(c: Commitment, today: date) -> str:
    overdue = " (overdue)" if c.target_passed(today) else ""
    return f"{c.target_text}{overdue}"


def progress_text(c: Commitment) -> str:
    latest = c.latest_progress
    if latest is None:
        return "No progress update in the plan."
    return f"{describe_date(latest.date)}: {latest.text}"


def _some(names: list[str], most: int = 10) -> str:
    shown = ", ".join(names[:most])
    return shown if len(names) <= most else f"{shown} and {len(names) - most:,} more"


def unknowns(sites: Sequence[Site]) -> list[str]:
    """What the data does not know, said plainly for residents."""
    notes = []
    approx = [s.name for s in sites if s.position.is_approximate]
    if approx:
        notes.append(
            f"{len(approx)} of {len(sites)} positions are approximate, placed by hand until the planning "
            f"team confirms them on site: {_some(approx)}."
        )
    unnamed = [s.name for s in sites if not s.state(Topic.LIGHTING).status.is_known]
    if unnamed:
        notes.append(
            f"No lighting status is recorded for {len(unnamed)} of {len(sites)} sites ({_some(unnamed)}); "
            "each site's details say what the plan does say."
        )
    return notes
