"""The Partnership Action Plan as data: commitments, their dated progress,
the glossary and who to contact.  Loaded from the plan file named in
ward.json and validated on load."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path

from geo.errors import DataError
from geo.plan.teams import PartnerTeam
from geo.status import Progress, Visibility

TERMS = {"short": "Short term achievable outcomes", "long": "Long term strategic planning"}


@dataclass(frozen=True)
class ProgressEntry:
    date: str  # ISO 8601 date or year-month
    text: str
    visibility: Visibility = Visibility.PUBLIC  # partners-only entries reach only signed-in partners
    evidence: str | None = None  # the ref of its evidence photo: /evidence/{ref}.jpg while public


@dataclass(frozen=True)
class Commitment:
    id: str
    term: str
    asked: str
    will_do: tuple[str, ...]
    lead: str
    target_text: str
    target_by: date
    topics: tuple[str, ...]
    progress: tuple[ProgressEntry, ...]
    status: Progress
    version: int = 1  # moves on with every change in the store, for optimistic editing
    leads: tuple[str, ...] = ()  # the ids of the teams that lead it (geo.plan.teams); a member may update it
    target_history: tuple[date, ...] = ()  # earlier target dates, oldest first: each move is a slip

    def target_passed(self, today: date) -> bool:
        return today > self.target_by and not self.status.is_settled

    @property
    def latest_progress(self) -> ProgressEntry | None:
        return self.progress[-1] if self.progress else None


@dataclass(frozen=True)
class Contact:
    id: str
    who: str
    for_what: str
    how: str
    email: str | None
    hours_text: str | None
    opens: time | None
    closes: time | None  # may be earlier than opens: open overnight
    source: str  # where the plan says so: commitment ids and "glossary", separated by ";", or words
    phone: str | None = None  # a number to call, e.g. "101"
    url: str | None = None  # an online reporting address (https), a link only: never fetched

    def is_open(self, now: datetime) -> bool | None:
        """True or False when the plan gives hours; None when it does not say."""
        if self.opens is None or self.closes is None:
            return None
        t = now.time()
        if self.opens == self.closes or (self.opens == time(0) and self.closes == time(23, 59, 59)):
            return True
        if self.opens < self.closes:
            return self.opens <= t < self.closes
        return t >= self.opens or t < self.closes


@dataclass(frozen=True)
class ActionPlan:
    title: str
    progress_dating: str
    commitments: tuple[Commitment, ...]
    glossary: tuple[tuple[str, str], ...]
    contacts: tuple[Contact, ...]
    meeting_date: str = ""  # when residents asked: ISO 8601 date or year-month; empty when the plan does not say
    teams: tuple[PartnerTeam, ...] = ()  # the partner teams, as the store holds them

    def lead_teams(self, c: Commitment) -> list[PartnerTeam]:
        """The teams that lead the commitment, in the order it names them."""
        by_id = {t.id: t for t in self.teams}
        return [by_id[x] for x in c.leads if x in by_id]

    def commitment(self, cid: str) -> Commitment:
        for c in self.commitments:
            if c.id == cid:
                return c
        raise KeyError(cid)

    @property
    def ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.commitments)

    def in_term(self, term: str) -> list[Commitment]:
        return [c for c in self.commitments if c.term == term]

    def source_words(self, contact: Contact) -> str:
        """Where a contact comes from, in words: commitment ids become what residents asked."""
        parts = []
        for token in (t.strip() for t in contact.source.split(";")):
            if token == "glossary":
                parts.append("the action plan's glossary")
            elif token in self.ids:
                parts.append(f"the action plan's answer to “{_shortened(self.commitment(token).asked)}”")
            elif token:
                parts.append(token)
        return "; ".join(parts)


def _shortened(text: str, most: int = 80) -> str:
    return text if len(text) <= most else text[: most].rsplit(" ", 1)[0] + "…"


def _clock(value: str) -> time:
    return time(23, 59, 59) if value == "24:00" else time.fromisoformat(value)


def _commitment(i: int, raw: dict) -> Commitment:
    where = f"commitment {i} ({raw.get('id', 'no id') if isinstance(raw, dict) else 'not an object'})"
    try:
        progress = tuple(ProgressEntry(str(p["date"]), str(p["text"])) for p in raw.get("progress", []))
        for p in progress:
            date.fromisoformat(p.date + ("-01" if len(p.date) == 7 else ""))
        if raw["term"] not in TERMS:
            raise ValueError(f"term must be one of {', '.join(TERMS)}")
        return Commitment(
            id=str(raw["id"]),
            term=raw["term"],
            asked=str(raw["asked"]),
            will_do=tuple(str(s) for s in raw["will_do"]),
            lead=str(raw["lead"]),
            target_text=str(raw["target"]["text"]),
            target_by=date.fromisoformat(raw["target"]["by"]),
            topics=tuple(raw.get("topics", [])),
            progress=progress,
            status=Progress(raw["status"]),
        )
    except KeyError as exc:
        raise DataError(f"Action plan, {where}: missing field {exc}.") from None
    except (TypeError, ValueError, AttributeError) as exc:
        raise DataError(f"Action plan, {where}: {exc}.") from None


_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ]{1,18}$")
_URL = re.compile(r"^https://[A-Za-z0-9.-]+(/[A-Za-z0-9._~%/?#=&+-]*)?$")


def _contact(raw: dict) -> Contact:
    hours = raw.get("hours") or {}
    if raw.get("email") and not _EMAIL.match(str(raw["email"])):
        raise DataError(f"Action plan, contact {raw.get('id', '?')}: {raw['email']!r} is not an email address.")
    if raw.get("phone") and not _PHONE.match(str(raw["phone"])):
        raise DataError(f"Action plan, contact {raw.get('id', '?')}: {raw['phone']!r} is not a phone number.")
    if raw.get("url") and not _URL.match(str(raw["url"])):
        raise DataError(f"Action plan, contact {raw.get('id', '?')}: {raw['url']!r} is not an https:// address.")
    try:
        return Contact(
            id=raw["id"], who=raw["who"], for_what=raw["for"], how=raw["how"], email=raw.get("email"),
            hours_text=hours.get("text"),
            opens=_clock(hours["from"]) if hours else None,
            closes=_clock(hours["to"]) if hours else None,
            source=raw.get("source", ""), phone=raw.get("phone"), url=raw.get("url"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise DataError(f"Action plan, contact {raw.get('id', '?')}: bad or missing {exc}.") from None


def parse_plan(raw: dict) -> ActionPlan:
    if not isinstance(raw, dict) or not isinstance(raw.get("commitments"), list):
        raise DataError("The action plan file needs a 'commitments' list.")
    commitments = tuple(_commitment(i, c) for i, c in enumerate(raw["commitments"]))
    ids = [c.id for c in commitments]
    dupes = sorted({cid for cid in ids if ids.count(cid) > 1})
    if dupes:
        raise DataError(f"Action plan: commitment ids used twice: {', '.join(dupes)}.")
    glossary = tuple((str(g["term"]), str(g["meaning"])) for g in raw.get("glossary", []))
    contacts = tuple(_contact(c) for c in raw.get("contacts", []))
    meeting_date = str(raw.get("meeting_date") or "")
    if meeting_date:
        try:
            date.fromisoformat(meeting_date + ("-01" if len(meeting_date) == 7 else ""))
        except ValueError:
            raise DataError(f"Action plan: meeting_date {meeting_date!r} is not a date "
                            "(YYYY-MM-DD or YYYY-MM).") from None
    return ActionPlan(raw.get("title", "Action plan"), raw.get("progress_dating", ""), commitments, glossary, contacts,
                      meeting_date)


def load_plan(path: Path) -> ActionPlan:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"The action plan {path} could not be read: {exc.strerror}.") from None
    except ValueError as exc:
        raise DataError(f"The action plan {Path(path).name} is not valid JSON: {exc}.") from None
    return parse_plan(raw)
