"""Every status vocabulary, defined once with its label, colour and shape.

Pages, maps, reports and exports ask these enums; nobody else compares
status strings.  Colours are from the Okabe-Ito palette (safe for colour
blindness) and every status also has its own shape, so colour is never the
only signal.
"""
from __future__ import annotations

from enum import Enum


class Topic(str, Enum):
    LIGHTING = "lighting"
    GATING = "gating"
    FENCING = "fencing"

    @property
    def label(self) -> str:
        return self.value.capitalize()


# Iterating an Enum class is slow (a generator each time); hot loops use this.
TOPICS: tuple[Topic, ...] = tuple(Topic)


class Status(str, Enum):
    """Where a site stands on one topic (lighting, gating or fencing)."""

    NOT_RECORDED = "not_recorded"
    CONCERN_RAISED = "concern_raised"
    UNDER_REVIEW = "under_review"
    CONFIRMED = "confirmed"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    NOT_GOING_AHEAD = "not_going_ahead"

    @property
    def label(self) -> str:
        return _STATUS_LOOK[self][0]

    @property
    def colour(self) -> str:
        return _STATUS_LOOK[self][1]

    @property
    def shape(self) -> str:
        return _STATUS_LOOK[self][2]

    @property
    def is_known(self) -> bool:
        return self is not Status.NOT_RECORDED

    @property
    def is_settled(self) -> bool:
        """True once nothing more is expected: done or decided against."""
        return self in (Status.DONE, Status.NOT_GOING_AHEAD)


# label, colour, shape (a name from geo.sites.symbols.SHAPES)
_STATUS_LOOK = {
    Status.NOT_RECORDED: ("Not recorded", "#6E6E6E", "ring"),
    Status.CONCERN_RAISED: ("Concern raised", "#D55E00", "triangle"),
    Status.UNDER_REVIEW: ("Under review", "#0072B2", "diamond"),
    Status.CONFIRMED: ("Confirmed to go ahead", "#CC79A7", "square"),
    Status.IN_PROGRESS: ("Work under way", "#E69F00", "hexagon"),
    Status.DONE: ("Done", "#009E73", "star"),
    Status.NOT_GOING_AHEAD: ("Not going ahead", "#000000", "cross"),
}


class Progress(str, Enum):
    """Where a commitment in the action plan stands, in honest words: "closed, not done" and
    "not ours" are not "done".  Those that settle it need a few words of why (`asks_for`)."""

    NO_UPDATE = "no_update"  # not started: nothing reported yet
    IN_PROGRESS = "in_progress"
    DONE = "done"
    PARTLY_DONE = "partly_done"
    CLOSED_NOT_DONE = "closed_not_done"
    NOT_OURS = "not_ours"  # another body is responsible: the words say which
    DROPPED = "dropped"
    NOT_FIXED = "not_fixed"  # marked done, then found on a re-walk not to be fixed
    PARTLY_FIXED = "partly_fixed"  # marked done, then found on a re-walk to be fixed only in part

    @property
    def label(self) -> str:
        return {
            Progress.NO_UPDATE: "Not started",
            Progress.IN_PROGRESS: "In progress",
            Progress.DONE: "Done",
            Progress.PARTLY_DONE: "Partly done",
            Progress.CLOSED_NOT_DONE: "Closed, not done",
            Progress.NOT_OURS: "Not ours: another body is responsible",
            Progress.DROPPED: "Dropped",
            Progress.NOT_FIXED: "Re-opened: not fixed",
            Progress.PARTLY_FIXED: "Re-opened: partly fixed",
        }[self]

    @property
    def asks_for(self) -> str:
        """What a team must say when it sets this status (kept as a progress entry), or '' for nothing."""
        return {
            Progress.DONE: "Evidence: what was done, and when",
            Progress.PARTLY_DONE: "What was done, and what is left",
            Progress.CLOSED_NOT_DONE: "Why it was closed without being done",
            Progress.NOT_OURS: "Which body is responsible, and how to reach it",
            Progress.DROPPED: "Why it was dropped",
        }.get(self, "")

    @property
    def is_reopened(self) -> bool:
        return self in (Progress.NOT_FIXED, Progress.PARTLY_FIXED)

    @property
    def is_settled(self) -> bool:
        """True once nothing more is expected of the lead teams: done, partly done, closed or dropped."""
        return self in (Progress.DONE, Progress.PARTLY_DONE, Progress.CLOSED_NOT_DONE, Progress.NOT_OURS,
                        Progress.DROPPED)


class Position(str, Enum):
    """How much a site's position on the map can be trusted."""

    SOURCED = "sourced"
    APPROXIMATE = "approximate"
    CONFIRMED = "confirmed"

    @property
    def label(self) -> str:
        return {
            Position.SOURCED: "From a public source, not checked on site",
            Position.APPROXIMATE: "Approximate: placed by hand, to be confirmed on site",
            Position.CONFIRMED: "Confirmed by the planning team",
        }[self]

    @property
    def is_approximate(self) -> bool:
        return self is Position.APPROXIMATE


class Role(str, Enum):
    RESIDENT = "resident"
    PLANNING = "planning"
    PCDA = "pcda"
    ADMIN = "admin"
    COMMUNITY_SAFETY = "community_safety"  # the council's Community Safety team: they lead walks
    CWG = "cwg"  # a Community Working Group member: a resident representative who takes part in walks
    PARTNER = "partner"  # a member of a partner team (geo.plan.teams): updates the commitments it leads

    @property
    def label(self) -> str:
        return {
            Role.RESIDENT: "Resident",
            Role.PLANNING: "Planning team",
            Role.PCDA: "Police Crime Prevention Design Advisor",
            Role.ADMIN: "Administrator",
            Role.COMMUNITY_SAFETY: "Community Safety team",
            Role.CWG: "Community Working Group member",
            Role.PARTNER: "Partner team member",
        }[self]

    def people(self, n: int) -> str:
        """How many came in this role: "7 residents", "1 from the Planning team"."""
        if self in (Role.PLANNING, Role.COMMUNITY_SAFETY):
            return f"{n} from the {self.label}"
        noun = "resident" if self is Role.RESIDENT else self.label
        return f"{n} {noun}" + ("" if n == 1 else "s")


class Team(str, Enum):
    """Who made a change, as the public history names them: a team, never a person.
    The history stores it beside each entry; the values of the staff teams are Role's."""

    RESIDENT = "resident"
    PLANNING = "planning"
    PCDA = "pcda"
    ADMIN = "admin"
    COMMUNITY_SAFETY = "community_safety"
    CWG = "cwg"
    PARTNER = "partner"  # a partner team whose entry names no team (never written: accounts of the role have one)
    SYSTEM = "system"  # the app itself: the first load of the ward's files
    STAFF = "staff"  # entries recorded before the team was kept

    @classmethod
    def of(cls, role: Role) -> Team:
        return cls(role.value)

    @property
    def id(self) -> str:
        """As geo.plan.teams.PartnerTeam.id: history entries name either."""
        return self.value

    @property
    def label(self) -> str:
        return {
            Team.RESIDENT: "Resident",
            Team.PLANNING: "Planning team",
            Team.PCDA: "Design advisor",
            Team.ADMIN: "Administrator",
            Team.COMMUNITY_SAFETY: "Community Safety team",
            Team.CWG: "Community Working Group",
            Team.PARTNER: "Partner team",
            Team.SYSTEM: "System",
            Team.STAFF: "Staff",
        }[self]


class Category(str, Enum):
    """Crime prevention through environmental design (CPTED) headings."""

    NATURAL_SURVEILLANCE = "natural_surveillance"
    ACCESS_CONTROL = "access_control"
    TERRITORIAL_REINFORCEMENT = "territorial_reinforcement"
    MAINTENANCE = "maintenance_and_management"
    LIGHTING = "lighting"
    PHYSICAL_PROTECTION = "physical_protection"
    ACTIVITY = "activity"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()


class Severity(str, Enum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class Visibility(str, Enum):
    PUBLIC = "public"
    PARTNERS = "partners"

    @property
    def label(self) -> str:
        return "Public" if self is Visibility.PUBLIC else "Partners only"
