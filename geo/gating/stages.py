"""The statutory route of a gating order, declared once as data: each stage a case reaches, the words
residents read for it, and the items it needs before a case may be marked as having reached it.

In England a council gates a public right of way with a Public Spaces Protection Order under the
Anti-social Behaviour, Crime and Policing Act 2014:
- s.59, the conditions: activities in a public place have had, or are likely to have, a detrimental
  effect on local quality of life; the effect is persistent or continuing and unreasonable; and it
  justifies the restrictions.
- s.64, restricting a highway: the council considers the likely effect on occupiers of adjoining or
  adjacent premises, on other persons in the locality, and for a through route whether a reasonably
  convenient alternative exists; it notifies potentially affected persons, tells them how to see a copy
  of the proposed order, sets the period for representations and considers those made.  An order may not
  restrict adjoining occupiers' access, the only or principal access to a dwelling, or access to
  business or recreational premises while they are normally used.
- s.72, consultation: the chief officer of police, the local policing body (in London, MOPAC), community
  representatives, and owners or occupiers of land in the area.
- SI 2014/2591 (the publication regulations): an order made, extended or varied is published on the
  council's website and on notices at or near the place; a discharge is publicised the same way.
- Duration: at most 3 years; it may be extended after a review.
Secured by Design: rear-access gates at the entrance, as near the front building line as possible.
"""
# Taken from the issue brief (issue 21), not re-checked against legislation.gov.uk: there is no internet
# here beyond package registries.  Check the Act and the regulations before relying on these words.
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from geo.fields import Date, Text
from geo.limits import TEXT_MAX

ORDER_YEARS_MAX = 3  # an order lasts at most three years (and an extension as long)
REVIEW_MONTHS = 3  # a case in force comes up for review this long before it expires
EARLIER_REVIEW_MAX = 8 * TEXT_MAX  # a migrated free-text review, every field of it in one item
ORDER_TEXT = "order_text"  # the notice's item holding the proposed order's text (geo.gating.order)
ORDER_TEXT_MAX = 10 * TEXT_MAX  # the proposed order's terms, as residents read them: a few printed pages
_LINE = 300


class Stage(str, Enum):
    """Where a case stands: the last stage it reached.  Stages come in this order."""

    PROPOSED = "proposed"
    CONDITIONS = "conditions"
    CONSIDERATIONS = "considerations"
    ACCESS_CHECKED = "access_checked"
    CONSULTED = "consulted"
    NOTICE = "notice"
    DECIDED = "decided"
    MADE = "made"
    PUBLISHED = "published"
    IN_FORCE = "in_force"
    REVIEW_DUE = "review_due"
    CONCLUDED = "concluded"  # extended, varied or discharged

    @property
    def step(self) -> Step:
        return STEPS[self]

    @property
    def label(self) -> str:
        return STEPS[self].name

    @property
    def plain(self) -> str:
        return STEPS[self].plain

    def next(self) -> Stage | None:
        order = list(Stage)
        i = order.index(self)
        return order[i + 1] if i + 1 < len(order) else None

    def reached(self, other: Stage) -> bool:
        """True when this stage is `other` or after it."""
        order = list(Stage)
        return order.index(self) >= order.index(other)


class Consultee(str, Enum):
    """Whom a council consults (s.72), and a neighbouring authority where the path crosses into its area."""

    POLICE = "police"
    MOPAC = "mopac"
    COMMUNITY = "community"
    OWNERS = "owners"
    NEIGHBOURING = "neighbouring"

    @property
    def label(self) -> str:
        return _CONSULTEES[self]


_CONSULTEES = {
    Consultee.POLICE: "The chief officer of police",
    Consultee.MOPAC: "The local policing body (MOPAC)",
    Consultee.COMMUNITY: "Community representatives",
    Consultee.OWNERS: "Owners or occupiers of land in the area",
    Consultee.NEIGHBOURING: "A neighbouring authority",
}
STATUTORY_CONSULTEES = (Consultee.POLICE, Consultee.MOPAC, Consultee.COMMUNITY, Consultee.OWNERS)


class Category(str, Enum):
    """Who made a representation: counted in public by these, never named."""

    ADJOINING = "adjoining"
    LOCAL = "local"
    BUSINESS = "business"
    STATUTORY = "statutory"

    @property
    def label(self) -> str:
        return _CATEGORIES[self][0]

    @property
    def plural(self) -> str:
        return _CATEGORIES[self][1]


_CATEGORIES = {
    Category.ADJOINING: ("Adjoining occupier", "adjoining occupiers"),
    Category.LOCAL: ("Other local person", "other local people"),
    Category.BUSINESS: ("Business", "businesses"),
    Category.STATUTORY: ("Statutory body", "statutory bodies"),
}


class Outcome(str, Enum):
    EXTENDED = "extended"
    VARIED = "varied"
    DISCHARGED = "discharged"


@dataclass(frozen=True)
class Item:
    """One thing a stage needs: its field (name, label, limit), the sentence a refusal says when it is
    missing, whether the public may read it, and whether it is required."""

    field: Text | Date
    missing: str
    public: bool = True
    required: bool = True

    @property
    def name(self) -> str:
        return self.field.name


@dataclass(frozen=True)
class Step:
    name: str  # the stage's name, as staff say it
    plain: str  # the stage in plain words, for residents
    items: tuple[Item, ...] = ()
    source: str = ""  # where the stage comes from: the Act's section or good practice


def _text(name: str, label: str, missing: str, *, public: bool = True, required: bool = True,
          limit: int = TEXT_MAX, help: str = "") -> Item:
    return Item(Text(name, label, limit, lines=limit > _LINE, help=help), missing, public, required)


def _date(name: str, label: str, missing: str, *, required: bool = True) -> Item:
    return Item(Date(name, label), missing, True, required)


STEPS: dict[Stage, Step] = {
    Stage.PROPOSED: Step("Proposal and evidence", "A gate has been proposed here; the council is gathering evidence.", (
        _text("problem", "What is happening on the path", "Say what is happening on the path that a gate would stop."),
        _text("options", "Options considered", "", required=False),
        _text("evidence", "Evidence gathered", "", required=False,
              help="Walk scores, crime figures and design notes at the site are linked in the pack: "
                   "no need to retype them."),
        _text("partner_note", "Partners-only note", "", public=False, required=False),
        _text("earlier_review", "Earlier gating review (before cases)", "", required=False, limit=EARLIER_REVIEW_MAX),
    ), "Good practice"),
    Stage.CONDITIONS: Step("The s.59 conditions", "The council has checked the legal tests for an order.", (
        _text("detrimental_effect", "Detrimental effect on local quality of life",
              "Record how activities on the path have had, or are likely to have, a detrimental effect on local "
              "quality of life (s.59)."),
        _text("persistent", "Persistent or continuing, and unreasonable",
              "Record why the effect is persistent or continuing, and unreasonable (s.59)."),
        _text("justified", "Why it justifies the restrictions",
              "Record why the effect justifies the restrictions a gate would bring (s.59)."),
    ), "Anti-social Behaviour, Crime and Policing Act 2014, s.59"),
    Stage.CONSIDERATIONS: Step("The s.64 considerations",
                               "The council has weighed up the effect on neighbours, other people and other routes.", (
        _text("effect_adjoining", "Effect on occupiers of adjoining or adjacent premises",
              "Record the likely effect on occupiers of adjoining or adjacent premises (s.64)."),
        _text("effect_locality", "Effect on other people in the locality",
              "Record the likely effect on other persons in the locality (s.64)."),
        _text("alternative_route", "Alternative route",
              "Say whether the path is a through route and, if it is, whether a reasonably convenient alternative "
              "route exists (s.64)."),
    ), "Anti-social Behaviour, Crime and Policing Act 2014, s.64"),
    Stage.ACCESS_CHECKED: Step("Access check", "The council has checked that no home loses its only way in.", (
        _text("dwellings_only_access", "Dwellings whose only or principal access is this path (a number)",
              "Count the dwellings whose only or principal access is this path (0 if none).", limit=6),
        _text("adjoining_access", "How adjoining occupiers keep their access",
              "Say how occupiers of adjoining premises keep their access (s.64)."),
        _text("premises_access", "Business or recreational premises",
              "Say which business or recreational premises the path serves, and how they keep access while "
              "normally used (write 'None' if there are none)."),
    ), "Anti-social Behaviour, Crime and Policing Act 2014, s.64"),
    Stage.CONSULTED: Step("Consultation",
                          "The police, MOPAC, community representatives and landowners have been consulted.",
                          (), "Anti-social Behaviour, Crime and Policing Act 2014, s.72"),
    Stage.NOTICE: Step("Notice and representations",
                       "The proposed order has been published: anyone affected can comment on it.", (
        _date("notice_on", "Notice given on", "Give the date people affected were told of the proposed order."),
        _text("proposed_order", "Where to see a copy of the proposed order",
              "Say where people can see a copy of the proposed order (s.64).", limit=_LINE),
        _text(ORDER_TEXT, "Text of the proposed order",
              "Record the text of the proposed order (the place, the restrictions, the hours, the exemptions and "
              "how long it would last), so residents can read it while representations are open (s.64).",
              limit=ORDER_TEXT_MAX,
              help="As the council publishes it: the place, the restrictions, the hours, the exemptions and the "
                   "proposed duration. Residents read it on the site's page, in the public pack and at "
                   "/opendata/proposed-orders/."),
        _date("representations_close", "Representations close on",
              "Set the last day for representations (s.64)."),
    ), "Anti-social Behaviour, Crime and Policing Act 2014, s.64"),
    Stage.DECIDED: Step("Decision", "Comments have closed and the council has decided.", (
        _text("decision", "Decision", "Record the decision and why it was made."),
        _date("decided_on", "Decided on", "Give the date of the decision."),
        _text("decided_by", "Decided by (team or committee)", "Say which team or committee decided.", limit=_LINE),
    ), "Anti-social Behaviour, Crime and Policing Act 2014, s.64"),
    Stage.MADE: Step("Order made", "The council has made the order; it is being published.", (
        _date("made_on", "Order made on", "Give the date the order was made."),
        _date("expires_on", "Order expires on", "Give the date the order expires (at most 3 years after it is made)."),
        _text("exemptions", "Exemptions (who keeps access)",
              "Say who keeps access through the gate: residents, utilities and the emergency services."),
        _text("key_holders", "Key holders, by category and count (never names)",
              "Record the key holders by category and count (never names), e.g. 'Residents: 24 fobs'.",
              public=False, help="Partners only: never in the public pack."),
    ), "Anti-social Behaviour, Crime and Policing Act 2014, ss.59 and 64"),
    Stage.PUBLISHED: Step("Publication",
                          "The order is published on the council's website and on a notice at the gate.", (
        _date("web_published_on", "Published on the council's website on",
              "Give the date the order was published on the council's website (SI 2014/2591)."),
        _text("notice_photo", "Caption of the site notice's photo",
              "Say where the notice at or near the gate is, as the photo's caption.", limit=_LINE),
    ), "SI 2014/2591"),
    Stage.IN_FORCE: Step("In force", "The gate is in place and the order is in force.", (
        _date("in_force_from", "In force from", "Give the date the order came into force."),
    ), "Anti-social Behaviour, Crime and Policing Act 2014"),
    Stage.REVIEW_DUE: Step("Review", "The order is being reviewed before it expires.", (
        _date("review_started_on", "Review started on", "Give the date the review started."),
        _text("review_findings", "What the review found", "Record what the review found."),
    ), "Anti-social Behaviour, Crime and Policing Act 2014"),
    Stage.CONCLUDED: Step("Extended, varied or discharged", "The order has been extended, varied or discharged.", (
        _text("outcome", "Outcome: extended, varied or discharged",
              "Say whether the order was extended, varied or discharged.", limit=16),
        _date("outcome_on", "Outcome on", "Give the date it was extended, varied or discharged."),
        _date("new_expiry", "New expiry (extended or varied)", "", required=False),
        _date("outcome_published_on", "Publicised on",
              "Give the date the outcome was publicised on the website and at the gate (SI 2014/2591)."),
    ), "Anti-social Behaviour, Crime and Policing Act 2014; SI 2014/2591"),
}

ITEMS: dict[str, Item] = {item.name: item for step in STEPS.values() for item in step.items}
ANY_STAGE = ("options", "evidence", "partner_note")  # notes kept up to date whatever stage a case is at
PARTNERS_ONLY = frozenset(name for name, item in ITEMS.items() if not item.public)


def stage_of(name: str) -> Stage:
    """The stage an item belongs to."""
    for stage, step in STEPS.items():
        if any(i.name == name for i in step.items):
            return stage
    raise KeyError(name)
