"""A gating case walked through the stages, for the gating tests: the items each stage needs (FILLED),
and helpers to open a case at George Mews, advance it, and walk it to just before a stage."""
from __future__ import annotations

from datetime import date

import pytest

from geo.errors import InvalidInput
from geo.gating.stages import STATUTORY_CONSULTEES, Consultee, Stage
from tests.photo_files import phone_jpeg
from tests.store_fixtures import PLANNER

TODAY = date(2026, 12, 2)
# The proposed order's text as a planner types it: a line a term, one with markup to be shown as typed.
ORDER_TEXT = ("The London Borough of Camden (George Mews) Public Spaces Protection Order 2026.\n"
              "Place: George Mews from Albany Street to the north end.\n"
              "Restriction: the gate is locked from 8pm to 6am; <b>no through route</b> at night.\n"
              "Exemptions: residents, their visitors, utilities and the emergency services.\n"
              "Duration: 3 years from the day it is made.")

# For each stage after the proposal: the items to record before it can be reached.
FILLED = {
    Stage.CONDITIONS: {"detrimental_effect": "Drug dealing at night in the mews.",
                       "persistent": "Reported every week since January 2019.",
                       "justified": "Lighting alone did not stop it."},
    Stage.CONSIDERATIONS: {"effect_adjoining": "Residents keep fobs.", "effect_locality": "Walkers use Albany Street.",
                           "alternative_route": "Albany Street, two minutes longer."},
    Stage.ACCESS_CHECKED: {"dwellings_only_access": "0", "adjoining_access": "Each back door has a fob.",
                           "premises_access": "None"},
    Stage.CONSULTED: {},
    Stage.NOTICE: {"notice_on": "2026-09-01", "proposed_order": "Crowndale Centre reception, and camden.gov.uk",
                   "order_text": ORDER_TEXT, "representations_close": "2026-10-01"},
    Stage.DECIDED: {"decision": "Gate the north end.", "decided_on": "2026-10-20", "decided_by": "Cabinet member"},
    Stage.MADE: {"made_on": "2026-11-01", "expires_on": "2029-10-31", "exemptions": "Residents, utilities, LFB",
                 "key_holders": "Residents: 24 fobs; utilities: 3 keys"},
    Stage.PUBLISHED: {"web_published_on": "2026-11-02", "notice_photo": "Notice on the lamp post at the gate"},
    Stage.IN_FORCE: {"in_force_from": "2026-11-03"},
    Stage.REVIEW_DUE: {"review_started_on": "2026-11-20", "review_findings": "Reports down from 12 to 2 a month."},
    Stage.CONCLUDED: {"outcome": "extended", "outcome_on": "2026-11-30", "new_expiry": "2029-11-29",
                      "outcome_published_on": "2026-12-01"},
}


def opened(store, **items):
    case = store.gating.open_case(PLANNER, "george-mews", gate="North gate", position="At the mews entrance",
                                  closes="George Mews from Albany Street", problem="Dealing at night")
    if items:
        case = store.gating.record_items(PLANNER, case.id, items, expected_version=case.version)
    return case


def advance(store, case):
    return store.gating.advance(PLANNER, case.id, expected_version=case.version, today=TODAY)


def refused(store, case, *sentences):
    with pytest.raises(InvalidInput) as raised:
        advance(store, case)
    for sentence in sentences:
        assert sentence in str(raised.value)
    assert store.gating.case(case.id) == case  # nothing moved
    return str(raised.value)


def consult_all(store, case):
    for consultee in STATUTORY_CONSULTEES:
        case = store.gating.add_consultation(PLANNER, case.id, consultee, consulted_on="2026-08-01",
                                             addresses=40 if consultee is Consultee.OWNERS else 0,
                                             response="Supports a gate", expected_version=case.version)
    return case



def walked_to(store, stage: Stage):
    """A case walked to just before `stage`, every item up to it recorded."""
    case = opened(store)
    while case.stage.next() is not stage:
        target = case.stage.next()
        if target is Stage.CONSULTED:
            case = consult_all(store, case)
        if target is Stage.PUBLISHED:
            case = store.gating.add_notice_photo(PLANNER, case.id, phone_jpeg(), expected_version=case.version)
        if FILLED[target]:
            case = store.gating.record_items(PLANNER, case.id, FILLED[target], expected_version=case.version)
        case = advance(store, case)
    return case
