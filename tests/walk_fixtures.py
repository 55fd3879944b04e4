"""A ward with walks for the report, export, route and Open311 tests: one published
walk whose findings became a new commitment, progress on ST-8 and a closed item,
and things that must never be public beside it (an unpublished walk, a
partners-only photo, a design advisor's CPTED note, a partners-only design note,
the walkers' account names).

    walked = walk_the_ward(store)   # any store with accounts for the ACTORS' staff
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time

import pytest

from geo.plan.commitment_checks import NewCommitment
from geo.model import Annotation
from geo.status import Category, Role, Severity, Visibility
from geo.walks.walkabout import Parameter, Phase, Reason, RouteStop, StopEntry, Walk
from tests.photo_files import phone_jpeg
from tests.store_fixtures import COMMUNITY_SAFETY, CWG, PCDA, PLANNER

ROUTE = (RouteStop("george-mews", 0, 0, ""), RouteStop("clarkson-row", 0, 0, ""),
         RouteStop(None, -0.1395, 51.5275, "Path behind the estate office"))
DARK = {p: 1 for p in Parameter}
FORMULA = '=HYPERLINK("http://evil.example/","Click me")'
LAMPS = "Two lamps out on Clarkson Row"
BINS = "Bins block the path"
NEW = NewCommitment("short", "The rear of George Mews is dark.", ("Add two lamp columns.",),
                    "Camden Council street lighting", "By March 2027", "2027-03-31", ("lighting",))
# Never public, anywhere:
CPTED_NOTE = "PARTNERS-ONLY CPTED: a ladder is kept behind the bins"
PHOTO_CAPTION = "PARTNERS-ONLY photo: the keypad code on the gate"
DESIGN_NOTE = "PARTNERS-ONLY design note: the side gate code is 4321"
DRAFT_TITLE = "Draft walk nobody may see"
DRAFT_FINDING = "UNPUBLISHED finding: the draft walk's broken fence"
SECRETS = (CPTED_NOTE, PHOTO_CAPTION, DESIGN_NOTE, DRAFT_TITLE, DRAFT_FINDING)
NAMES = (CWG.name, PCDA.name, COMMUNITY_SAFETY.name, PLANNER.name)


@dataclass(frozen=True)
class Walked:
    walk: Walk  # published, complete
    draft: Walk  # never published
    commitment_id: str  # the new commitment the formula finding became


def _stop(seq, finding="", **changes) -> StopEntry:
    return StopEntry(seq, None, None, None, **{"scores": DARK, "finding": finding, **changes})


def walk_the_ward(store) -> Walked:
    walk = store.walks.plan(COMMUNITY_SAFETY, title="February walk after dark", on=date(2026, 2, 19),
                            starts=time(18, 30), phase=Phase.AFTER_DARK, route=ROUTE, follows=("st-8",),
                            invited=(Role.CWG, Role.PCDA))
    store.walks.set_attendance(CWG, walk.id, {Role.CWG: 4, Role.RESIDENT: 7}, expected_version=1)
    dark = store.walks.record_stop(CWG, walk.id, _stop(0, FORMULA, reasons=(Reason.BADLY_LIT, Reason.NO_CCTV),
                                                       felt_safe=False, priority=Severity.HIGH))
    lamps = store.walks.record_stop(PCDA, walk.id, _stop(1, LAMPS, cpted=((Category.NATURAL_SURVEILLANCE,
                                                                           CPTED_NOTE),)))
    bins = store.walks.record_stop(CWG, walk.id, _stop(2, BINS))
    store.walks.record_stop(CWG, walk.id, replace(_stop(None, scores={Parameter.FEELING: 2}), lon=-0.139,
                                                  lat=51.527))
    store.photos.add(CWG, walk.id, phone_jpeg(), PHOTO_CAPTION, stop_id=dark.id)
    commitment = store.walks.promote(COMMUNITY_SAFETY, dark.id, expected_version=1, commitment=NEW).outcome_ref
    store.walks.promote(COMMUNITY_SAFETY, lamps.id, expected_version=1, progress_on="st-8", progress=LAMPS)
    store.walks.close_finding(COMMUNITY_SAFETY, bins.id, expected_version=1, reason="Passed to waste services")
    walk = store.walks.complete(COMMUNITY_SAFETY, walk.id, expected_version=store.walks.walk(walk.id).version,
                                publish=True)

    draft = store.walks.plan(PLANNER, title=DRAFT_TITLE, on=date(2026, 3, 5), starts=time(14, 0),
                             phase=Phase.DAYLIGHT, route=ROUTE[:2])
    store.walks.record_stop(CWG, draft.id, _stop(0, DRAFT_FINDING))
    store.add_annotation(PCDA, Annotation(None, "george-mews", None, None, Category.LIGHTING, Severity.HIGH,
                                          DESIGN_NOTE, DESIGN_NOTE, Visibility.PARTNERS))
    return Walked(walk, store.walks.walk(draft.id), commitment)


@pytest.fixture
def walked(store) -> Walked:
    """The ward walked (walk_the_ward) on the test's store."""
    return walk_the_ward(store)
