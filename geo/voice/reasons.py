"""What a resident can say about a place, declared once: police.uk StreetSafe's fixed reasons (no free
text), the time of day, whether it was this month, and the one-tap verdicts on a commitment or site."""
from __future__ import annotations

from enum import Enum

from geo.walks.walkabout import Reason as PlaceReason  # the walkabout's StreetSafe reasons about the place


class Kind(str, Enum):
    PLACE = "place"
    BEHAVIOUR = "behaviour"

    @property
    def label(self) -> str:
        return {Kind.PLACE: "About the place", Kind.BEHAVIOUR: "What someone did"}[self]


class UnsafeReason(str, Enum):
    """StreetSafe's reasons: the place's own (as on a walkabout stop, same values and words), then behaviour."""

    NO_CCTV = PlaceReason.NO_CCTV.value
    BADLY_LIT = PlaceReason.BADLY_LIT.value
    ISOLATED = PlaceReason.ISOLATED.value
    BLIND_SPOTS = PlaceReason.BLIND_SPOTS.value
    RESTRICTED_VISIBILITY = PlaceReason.RESTRICTED_VISIBILITY.value
    RUNDOWN = PlaceReason.RUNDOWN.value
    DRUGS_OR_ALCOHOL = PlaceReason.DRUGS_OR_ALCOHOL.value
    HARASSED_BY_STRANGER = "harassed_by_stranger"
    HARASSED_BY_GROUP = "harassed_by_group"
    FOLLOWED = "followed"
    OTHER_HARASSMENT = "other_harassment"

    @property
    def kind(self) -> Kind:
        return Kind.PLACE if self.value in PlaceReason._value2member_map_ else Kind.BEHAVIOUR

    @property
    def label(self) -> str:
        if self.kind is Kind.PLACE:
            return PlaceReason(self.value).label
        return {
            UnsafeReason.HARASSED_BY_STRANGER: "Verbal harassment by a stranger",
            UnsafeReason.HARASSED_BY_GROUP: "Verbal harassment by a group",
            UnsafeReason.FOLLOWED: "Being followed",
            UnsafeReason.OTHER_HARASSMENT: "Other harassment",
        }[self]


class TimeOfDay(str, Enum):
    DAYLIGHT = "daylight"
    DUSK = "dusk"
    AFTER_DARK = "after_dark"

    @property
    def label(self) -> str:
        return {TimeOfDay.DAYLIGHT: "In daylight", TimeOfDay.DUSK: "At dusk", TimeOfDay.AFTER_DARK: "After dark"}[self]


class WhenFelt(str, Enum):
    THIS_MONTH = "this_month"
    EARLIER = "earlier"

    @property
    def label(self) -> str:
        return {WhenFelt.THIS_MONTH: "This month", WhenFelt.EARLIER: "Earlier than this month"}[self]


class Verdict(str, Enum):
    """A resident's one tap on a commitment marked done or in progress, or on a site."""

    STILL_A_PROBLEM = "still_a_problem"
    LOOKS_FIXED = "looks_fixed"

    @property
    def label(self) -> str:
        return {Verdict.STILL_A_PROBLEM: "Still a problem", Verdict.LOOKS_FIXED: "Looks fixed now"}[self]
