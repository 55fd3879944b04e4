"""A gating case: one gate at a site, the path it closes, the stage it has reached and the items each
stage asked for (geo.gating.stages), with its consultations and representations as records.

`obstacles` says, in sentences, what stops a case being marked as having reached a stage; the store
refuses the move with them (geo.db.gating_store).  Residents read a case through `public_*`: the stage
in plain words, "Have your say by ..." while representations are open, counts and never names."""
from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time

from geo.gating.stages import (
    ITEMS, ORDER_TEXT, ORDER_YEARS_MAX, PARTNERS_ONLY, REVIEW_MONTHS, STATUTORY_CONSULTEES, Category, Consultee,
    Outcome, Stage,
)
from geo.clock import LONDON
from geo.model import Change, describe_date
from geo.status import Team


@dataclass(frozen=True)
class Consultation:
    id: int
    consultee: Consultee
    on: str  # ISO date
    addresses: int  # how many addresses were consulted (owners or occupiers, residents); public
    which: str  # which addresses or office: partners only
    response: str


@dataclass(frozen=True)
class Representation:
    id: int
    category: Category
    received_on: str  # ISO date
    gist: str
    considered: str  # how the council considered it; empty until it has
    name: str = ""  # never public
    address: str = ""  # never public


@dataclass(frozen=True)
class GatingCase:
    id: int
    site_id: str
    gate: str
    position: str
    closes: str
    stage: Stage
    items: Mapping[str, str] = field(default_factory=dict)
    consultations: tuple[Consultation, ...] = ()
    representations: tuple[Representation, ...] = ()
    version: int = 1
    has_notice_photo: bool = False  # a photo of the site notice is kept (geo.db.gating_store)

    @property
    def ref(self) -> str:
        """The case's public reference, in URLs and Open311: 'gate-3'."""
        return f"gate-{self.id}"

    def value(self, name: str) -> str:
        return self.items.get(name, "")

    def public_items(self) -> dict[str, str]:
        return {k: v for k, v in self.items.items() if v and k not in PARTNERS_ONLY}

    @property
    def order_text(self) -> str:
        """The proposed order's text: public, like every item of the notice, once recorded (its public history
        entry says so too); empty until then, and for a case that passed the notice before it was asked for."""
        return self.value(ORDER_TEXT)

    def representations_open(self, today: date) -> bool:
        """True while the notice is out and its period for representations has not closed."""
        close = self.value("representations_close")
        return self.stage is Stage.NOTICE and bool(close) and close >= today.isoformat()

    def counts(self) -> dict[Category, int]:
        """Representations by category: what the public is told of them."""
        found = Counter(r.category for r in self.representations)
        return {c: found[c] for c in Category if found[c]}

    @property
    def expires_on(self) -> str:
        return self.value("new_expiry") if self.stage is Stage.CONCLUDED else self.value("expires_on")

    @property
    def review_on(self) -> str:
        """The date the order comes up for review: REVIEW_MONTHS before it expires, or '' when not made."""
        expires = self.expires_on
        if not expires or not self.stage.reached(Stage.MADE) or self.value("outcome") == Outcome.DISCHARGED.value:
            return ""
        return months_before(date.fromisoformat(expires), REVIEW_MONTHS).isoformat()

    def review_due(self, today: date) -> bool:
        """In force (or extended) and within REVIEW_MONTHS of expiry: on the planning team's list of work."""
        return (self.stage in (Stage.IN_FORCE, Stage.REVIEW_DUE, Stage.CONCLUDED) and bool(self.review_on)
                and today.isoformat() >= self.review_on)


def months_before(day: date, months: int) -> date:
    month = day.month - months
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    return _clamped(year, month, day.day)


def years_after(day: date, years: int) -> date:
    return _clamped(day.year + years, day.month, day.day)


def _clamped(year: int, month: int, day: int) -> date:
    while True:
        try:
            return date(year, month, day)
        except ValueError:
            day -= 1


def stage_words(case: GatingCase, today: date) -> str:
    """The stage in plain words, as the site panel and the map say it."""
    if case.stage is Stage.NOTICE and not case.representations_open(today):
        return "Comments on the proposed order have closed; the council is considering them."
    if case.stage is Stage.IN_FORCE and case.expires_on:
        return (f"The gate is in force until {describe_date(case.expires_on)}; "
                f"it will be reviewed from {describe_date(case.review_on)}.")
    if case.stage is Stage.CONCLUDED and case.value("outcome"):
        return f"The order was {case.value('outcome')} on {describe_date(case.value('outcome_on'))}."
    return case.stage.plain


def reached_on(case: GatingCase, changes: Iterable[Change]) -> dict[Stage, datetime]:
    """When the case reached each stage, from the site's public history (geo.db.gating_store records
    "<gate>: <stage>" as it moves, and the plain words of the proposal when it opens)."""
    words = {f"{case.gate}: {s.label}": s for s in Stage} | {f"{case.gate}: {Stage.PROPOSED.plain}": Stage.PROPOSED}
    found: dict[Stage, datetime] = {}
    for c in changes:  # newest first: the earliest entry for a stage wins
        if c.field == "gating_case" and c.site_id == case.site_id and c.new in words:
            found[words[c.new]] = c.at
    return found


def review_notices(cases: Iterable[GatingCase], today: date) -> list[Change]:
    """For the feed: one entry per order come up for review, dated the day it did, newest first."""
    notices = []
    for case in cases:
        if case.review_due(today):
            words = (f"{case.gate}: the order is due for review; it expires on "
                     f"{describe_date(case.expires_on)}")
            at = datetime.combine(date.fromisoformat(case.review_on), time(0), tzinfo=LONDON)
            notices.append(Change(-case.id, at, "system", case.site_id, "gating_case", None, words, "",
                                  Team.SYSTEM, f"gating-review-{case.ref}-{case.review_on}"))
    return sorted(notices, key=lambda c: c.at, reverse=True)


def case_line(case: GatingCase, today: date) -> str:
    """One gate in a line, for the map's list of sites: 'North gate: ... Have your say by 16 December 2026.'"""
    say = (f" Have your say by {describe_date(case.value('representations_close'))}."
           if case.representations_open(today) else "")
    return f"{case.gate}: {stage_words(case, today)}{say}"


def site_lines(cases: Sequence[GatingCase], today: date) -> dict[str, str]:
    """Each site's gates, a line each: {site id: lines}."""
    found: dict[str, list[str]] = {}
    for case in cases:
        found.setdefault(case.site_id, []).append(case_line(case, today))
    return {site_id: " ".join(lines) for site_id, lines in found.items()}


def count_words(case: GatingCase) -> str:
    """'2 representations: 1 from adjoining occupiers, 1 from businesses.'"""
    counts = case.counts()
    total = sum(counts.values())
    if not total:
        return "No representations yet."
    parts = ", ".join(f"{n} from {c.plural}" for c, n in counts.items())
    return f"{total} representation{'s' if total != 1 else ''}: {parts}."


def obstacles(case: GatingCase, target: Stage, today: date) -> list[str]:
    """What stops `case` being marked as having reached `target`, in sentences; empty when nothing does.
    Every stage up to the target is checked again, so no later change slips an earlier test.  Only the items
    of a stage the case has already left are not asked for again: the store no longer takes them
    (geo.db.gating_store.record_items), so a case that left a stage before one of its items was declared
    (the proposed order's text, say) goes on rather than being stuck."""
    found: list[str] = []
    for stage in Stage:
        if stage is Stage.PROPOSED:
            continue
        if not _left(case, stage):
            found += [item.missing for item in stage.step.items if item.required and not case.value(item.name)]
        found += _RULES.get(stage, lambda _c, _t: [])(case, today)
        if stage is target:
            break
    return found


def _left(case: GatingCase, stage: Stage) -> bool:
    return case.stage.reached(stage) and case.stage is not stage


def _access(case: GatingCase, _today: date) -> list[str]:
    count = case.value("dwellings_only_access")
    if not count:
        return []
    if not count.isdigit():
        return [f"Write the number of dwellings whose only or principal access is this path as a number, "
                f"not '{count}'."]
    if int(count):
        return [f"An order may not restrict the only or principal access to a dwelling: {count} dwelling"
                f"{'s' if int(count) != 1 else ''} here would lose it, so this gate cannot close the path (s.64)."]
    return []


def _consulted(case: GatingCase, _today: date) -> list[str]:
    done = {c.consultee for c in case.consultations}
    return [f"Record the consultation with {c.label[0].lower()}{c.label[1:]} (s.72)."
            for c in STATUTORY_CONSULTEES if c not in done]


def _notice(case: GatingCase, _today: date) -> list[str]:
    notice, close = case.value("notice_on"), case.value("representations_close")
    if notice and close and close <= notice:
        return [f"Representations must close after the notice is given ({describe_date(notice)})."]
    return []


def _decided(case: GatingCase, today: date) -> list[str]:
    close = case.value("representations_close")
    found = []
    if close and close >= today.isoformat():
        found.append(f"Representations are open until {describe_date(close)}: every one made in that period must "
                     "be considered, so the decision waits until it closes.")
    found += [f"Say how the representation received on {describe_date(r.received_on)} "
              f"({r.category.label.lower()}) was considered." for r in case.representations if not r.considered]
    return found


def _published(case: GatingCase, _today: date) -> list[str]:
    return [] if case.has_notice_photo else ["Add a photo of the notice at or near the gate (SI 2014/2591)."]


def _made(case: GatingCase, _today: date) -> list[str]:
    return _expiry(case.value("made_on"), case.value("expires_on"), "made")


def _concluded(case: GatingCase, _today: date) -> list[str]:
    outcome, on = case.value("outcome"), case.value("outcome_on")
    if not outcome:
        return []
    if outcome not in {o.value for o in Outcome}:
        return [f"The outcome must be one of: {', '.join(o.value for o in Outcome)}; not '{outcome}'."]
    if outcome == Outcome.DISCHARGED.value:
        return []
    if not case.value("new_expiry"):
        return [f"Give the new expiry date of the {outcome} order."]
    return _expiry(on, case.value("new_expiry"), outcome)


def _expiry(start: str, expires: str, done: str) -> list[str]:
    if not (start and expires):
        return []
    latest = years_after(date.fromisoformat(start), ORDER_YEARS_MAX)
    if expires <= start:
        return [f"The order must expire after it is {done} ({describe_date(start)})."]
    if expires > latest.isoformat():
        return [f"An order lasts at most {ORDER_YEARS_MAX} years: one {done} on {describe_date(start)} must expire "
                f"by {describe_date(latest.isoformat())}, not {describe_date(expires)}."]
    return []


_RULES = {Stage.ACCESS_CHECKED: _access, Stage.CONSULTED: _consulted, Stage.NOTICE: _notice,
          Stage.DECIDED: _decided, Stage.MADE: _made, Stage.PUBLISHED: _published, Stage.CONCLUDED: _concluded}

__all__ = ["ITEMS", "Consultation", "GatingCase", "Representation", "count_words", "obstacles", "stage_words"]
