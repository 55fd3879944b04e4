"""Walkabouts: the vocabularies a walk is recorded in, and walks, stops and
findings as plain data.  Runs without a database; geo.db.walk_store keeps them.

- Safetipin's nine parameters, each scored 0 to 3 with words for each level;
  feeling is the outcome, the other eight its causes.
- police.uk StreetSafe's reasons for a place feeling unsafe.
- Design-out-crime (CPTED) headings: geo.status.Category, CPTED_HEADINGS.
- Sunset for the ward on a date (NOAA's solar formula), to plan walks after dark.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, UTC
from enum import Enum

from geo.clock import LONDON
from geo.status import Category, Role, Severity, Team

LEVELS = (0, 1, 2, 3)


class Phase(str, Enum):
    """When a walk is meant to be walked: audits walk the same route by day and after dark."""

    DAYLIGHT = "daylight"
    DUSK = "dusk"
    AFTER_DARK = "after_dark"

    @property
    def label(self) -> str:
        return {Phase.DAYLIGHT: "Daylight", Phase.DUSK: "Dusk", Phase.AFTER_DARK: "After dark"}[self]


class Parameter(str, Enum):
    """Safetipin's nine parameters."""

    LIGHTING = "lighting"
    OPENNESS = "openness"
    VISIBILITY = "visibility"
    PEOPLE = "people"
    SECURITY = "security"
    WALK_PATH = "walk_path"
    PUBLIC_TRANSPORT = "public_transport"
    GENDER_USAGE = "gender_usage"
    FEELING = "feeling"  # the outcome; the others are its causes

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def levels(self) -> tuple[str, str, str, str]:
        """The words for scores 0, 1, 2 and 3."""
        return _LEVEL_WORDS[self]

    def describe(self, score: int) -> str:
        return f"{score}: {self.levels[score]}"


_LEVEL_WORDS = {
    Parameter.LIGHTING: ("No lighting", "Little lighting", "Enough lighting", "Bright"),
    Parameter.OPENNESS: ("Not open: cannot see ahead", "Partly open", "Mostly open", "Open: can see all around"),
    Parameter.VISIBILITY: ("No windows or shops overlook it", "A few overlook it", "Some overlook it",
                           "Many windows and shops overlook it"),
    Parameter.PEOPLE: ("Deserted", "Few people", "Some people", "Crowded"),
    Parameter.SECURITY: ("No police, guards or CCTV", "Little security", "Some security", "Security in sight"),
    Parameter.WALK_PATH: ("No path", "Poor path", "Fair path", "Good path"),
    Parameter.PUBLIC_TRANSPORT: ("None within 10 minutes", "Over 5 minutes away", "Within 5 minutes",
                                 "Within 2 minutes"),
    Parameter.GENDER_USAGE: ("No women or children around", "Few women or children", "Some women and children",
                             "Many women and children"),
    Parameter.FEELING: ("Frightening", "Uncomfortable", "Comfortable", "Safe"),
}
PARAMETERS: tuple[Parameter, ...] = tuple(Parameter)


class Reason(str, Enum):
    """police.uk StreetSafe's reasons for a place feeling unsafe."""

    NO_CCTV = "no_cctv"
    BADLY_LIT = "badly_lit"
    ISOLATED = "isolated"
    BLIND_SPOTS = "blind_spots"
    RESTRICTED_VISIBILITY = "restricted_visibility"
    RUNDOWN = "rundown"
    DRUGS_OR_ALCOHOL = "drugs_or_alcohol"

    @property
    def label(self) -> str:
        return {
            Reason.NO_CCTV: "No CCTV", Reason.BADLY_LIT: "Badly lit", Reason.ISOLATED: "Empty or isolated",
            Reason.BLIND_SPOTS: "Blind spots", Reason.RESTRICTED_VISIBILITY: "Restricted visibility",
            Reason.RUNDOWN: "Rundown", Reason.DRUGS_OR_ALCOHOL: "Signs of drug or alcohol use",
        }[self]


# Design-out-crime survey headings, in the order a survey writes them.
CPTED_HEADINGS: tuple[Category, ...] = (
    Category.NATURAL_SURVEILLANCE, Category.ACCESS_CONTROL, Category.TERRITORIAL_REINFORCEMENT,
    Category.PHYSICAL_PROTECTION, Category.ACTIVITY, Category.MAINTENANCE,
)

# Who can be invited, by role: the walk's own roles and the partners.
INVITABLE: tuple[Role, ...] = (Role.CWG, Role.RESIDENT, Role.COMMUNITY_SAFETY, Role.PLANNING, Role.PCDA)


class Outcome(str, Enum):
    """What became of a finding.  OPEN until it is promoted or closed."""

    OPEN = "open"
    COMMITMENT = "commitment"  # a new commitment in the action plan
    PROGRESS = "progress"  # a progress entry on an existing commitment
    SITE = "site"  # a new site on the map
    CLOSED = "closed"  # closed with a reason

    @property
    def is_resolved(self) -> bool:
        return self is not Outcome.OPEN

    @property
    def in_plan(self) -> bool:
        """A new commitment, or progress on one: the finding lives on in the action plan."""
        return self in (Outcome.COMMITMENT, Outcome.PROGRESS)

    @property
    def label(self) -> str:
        """What the finding becomes, as the resolver picks it."""
        return {
            Outcome.OPEN: "Still to be decided",
            Outcome.COMMITMENT: "A new commitment in the action plan",
            Outcome.PROGRESS: "A progress entry on an existing commitment",
            Outcome.SITE: "A new site on the map",
            Outcome.CLOSED: "Closed, with a reason",
        }[self]


class Proposal(str, Enum):
    PENDING = "pending"
    CONFIRMED = "confirmed"
    REJECTED = "rejected"


@dataclass(frozen=True)
class RouteStop:
    """A stop on the planned route: an existing site, or a point (lon, lat WGS84) with a label."""

    site_id: str | None
    lon: float
    lat: float
    label: str


@dataclass(frozen=True)
class Walk:
    id: int
    ref: str  # random: the public's name for the walk
    title: str
    on: date
    starts: time
    phase: Phase
    route: tuple[RouteStop, ...]
    follows: tuple[str, ...] = ()  # commitment ids it follows up
    invited: tuple[Role, ...] = ()
    repeats: int | None = None  # the walk whose route it repeats
    attendance: tuple[tuple[Role, int], ...] = ()  # by role and count: never names
    published: bool = False
    completed: bool = False
    version: int = 1
    team: Team = Team.COMMUNITY_SAFETY  # who organised it: the team that planned it


@dataclass(frozen=True)
class StopEntry:
    """What a walker records at one stop; the store adds who (by team) and when."""

    route_seq: int | None  # the route stop, or None for a point not on the route
    site_id: str | None
    lon: float | None
    lat: float | None
    scores: dict[Parameter, int] = field(default_factory=dict)  # parameters left out were not scored
    reasons: tuple[Reason, ...] = ()
    felt_safe: bool | None = None
    why: str = ""
    positives: str = ""
    priority: Severity = Severity.MEDIUM
    cpted: tuple[tuple[Category, str], ...] = ()  # the design advisor's observations
    finding: str = ""  # what should change here: a finding to resolve after the walk


@dataclass(frozen=True)
class StopRecord(StopEntry):
    id: int = 0
    walk_id: int = 0
    team: Team = Team.STAFF  # who recorded it, as a team
    recorded_at: datetime | None = None
    outcome: Outcome = Outcome.OPEN
    outcome_ref: str = ""  # the commitment or site id it became
    outcome_reason: str = ""
    version: int = 1

    @property
    def has_finding(self) -> bool:
        return bool(self.finding)

    @property
    def unresolved(self) -> bool:
        return self.has_finding and not self.outcome.is_resolved

    @property
    def resolutions(self) -> tuple[Outcome, ...]:
        """What this finding may become: a new site only when it is at no site yet."""
        return tuple(o for o in Outcome if o.is_resolved and (o is not Outcome.SITE or not self.site_id))


@dataclass(frozen=True)
class PositionProposal:
    """A site's position as a walker's phone reported it (lon, lat WGS84), waiting for a planner."""

    id: int
    walk_id: int
    site_id: str
    lon: float
    lat: float
    accuracy_m: float
    state: Proposal
    team: Team  # who proposed it, as a team
    at: datetime


@dataclass(frozen=True)
class Photo:
    """A walk photo as listed: never its bytes (the store serves those by ref, checking who may see them)."""

    ref: str  # random: /photos/{ref}.jpg once published
    number: int  # 1, 2, ... within the walk
    walk_id: int
    stop_id: int | None
    caption: str
    good_feature: bool
    published: bool
    width: int
    height: int


@dataclass(frozen=True)
class PhotoUpload:
    """A photo as the walker sends it, before it is checked and re-encoded."""

    data: bytes
    caption: str = ""
    good_feature: bool = False
    client_ref: str | None = None  # made on the phone, so a resend is recognised
    name: str = "the photo"  # how the walker knows it: its file name, or "photo 2"


@dataclass(frozen=True)
class PhoneStamp:
    """Where and when the phone was when the walker saved a stop: the time always, the position
    only with the walker's consent.  Partners only, never public."""

    phone_time: datetime  # aware
    lat: float | None = None
    lon: float | None = None
    accuracy_m: float | None = None


@dataclass(frozen=True)
class TrackPoint:
    """One point of the walk's track as a walker's phone kept it: partners only, never public."""

    at: datetime  # aware
    lat: float
    lon: float
    accuracy_m: float


TRACK_MAX = 2000  # points sent with one stop: two hours at one every four seconds


@dataclass(frozen=True)
class SavedStop:
    """What saving a stop did: the stop, the photos now kept with it, the photos refused (each a
    sentence naming it), and whether this was a resend of a stop already kept."""

    stop: StopRecord
    photos: tuple[Photo, ...] = ()
    refused: tuple[str, ...] = ()
    resent: bool = False


@dataclass(frozen=True)
class SiteScores:
    """One walk's scores at one site: a column of the site's before-and-after table."""

    walk_ref: str
    on: date
    phase: Phase
    scores: dict[Parameter, int]


def score_table(history: list[SiteScores]) -> list[dict[str, str]]:
    """Rows (one per parameter) with a column per walk, oldest first, and the change from first to last."""
    rows = []
    for p in PARAMETERS:
        row = {"Parameter": p.label}
        values = []
        for s in history:
            score = s.scores.get(p)
            row[f"{s.on.isoformat()} {s.phase.label.lower()}"] = "" if score is None else p.describe(score)
            if score is not None:
                values.append(score)
        row["Change"] = "" if len(values) < 2 else f"{values[-1] - values[0]:+d}"
        rows.append(row)
    return rows


# --- sunset -------------------------------------------------------------------------

def sunset(on: date, lat: float, lon: float) -> time | None:
    """Local (Europe/London) sunset on `on` at (lat, lon), WGS84, to the minute, by NOAA's
    solar equations (accurate to about a minute at London's latitude).  None if the sun does
    not set that day."""
    jd = on.toordinal() + 1721424.5 + 0.5  # Julian day at noon UTC
    century = (jd - 2451545.0) / 36525.0
    mean_long = (280.46646 + century * (36000.76983 + century * 0.0003032)) % 360
    mean_anom = 357.52911 + century * (35999.05029 - 0.0001537 * century)
    ecc = 0.016708634 - century * (0.000042037 + 0.0000001267 * century)
    m = math.radians(mean_anom)
    centre = (math.sin(m) * (1.914602 - century * (0.004817 + 0.000014 * century))
              + math.sin(2 * m) * (0.019993 - 0.000101 * century) + math.sin(3 * m) * 0.000289)
    omega = 125.04 - 1934.136 * century
    app_long = mean_long + centre - 0.00569 - 0.00478 * math.sin(math.radians(omega))
    obliq = (23 + (26 + (21.448 - century * (46.815 + century * (0.00059 - century * 0.001813))) / 60) / 60
             + 0.00256 * math.cos(math.radians(omega)))
    decl = math.asin(math.sin(math.radians(obliq)) * math.sin(math.radians(app_long)))
    y = math.tan(math.radians(obliq / 2)) ** 2
    l0 = math.radians(mean_long)
    eq_time = 4 * math.degrees(y * math.sin(2 * l0) - 2 * ecc * math.sin(m) + 4 * ecc * y * math.sin(m)
                               * math.cos(2 * l0) - 0.5 * y * y * math.sin(4 * l0) - 1.25 * ecc * ecc * math.sin(2 * m))
    phi = math.radians(lat)
    cos_ha = (math.cos(math.radians(90.833)) / (math.cos(phi) * math.cos(decl)) - math.tan(phi) * math.tan(decl))
    if not -1 <= cos_ha <= 1:
        return None
    minutes = 720 - 4 * (lon - math.degrees(math.acos(cos_ha))) - eq_time  # UTC minutes after midnight
    moment = datetime(on.year, on.month, on.day, tzinfo=UTC) + timedelta(minutes=round(minutes))
    return moment.astimezone(LONDON).time().replace(second=0, microsecond=0)


def suggested_phase(starts: time, sun_sets: time | None) -> Phase:
    """The phase a walk starting at `starts` falls in: dusk within half an hour either side of sunset."""
    if sun_sets is None:
        return Phase.DAYLIGHT
    delta = (datetime.combine(date.min, starts) - datetime.combine(date.min, sun_sets)).total_seconds() / 60
    return Phase.DUSK if abs(delta) <= 30 else Phase.AFTER_DARK if delta > 0 else Phase.DAYLIGHT
