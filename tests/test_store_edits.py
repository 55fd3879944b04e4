"""The store's guard on site edits: a save built on an older version is refused
with the record as saved now (site and gating review), and a save that would
change nothing is reported, not passed off as saved.  Runs on SQLite, and on
PostgreSQL too when DATABASE_URL is set."""
from __future__ import annotations

import pytest

from geo.errors import StaleEdit, Unchanged
from geo.model import GatingReview, SiteRecord
from geo.status import Status, Topic
from tests.store_fixtures import ADMIN, PLANNER

DECISION = GatingReview(options="Two gates or fob access", evidence="Survey of 40 homes",
                        consultation_date="2026-01-15", consultation_with="Residents' association",
                        decision="Gate both ends; residents get fobs.", next_review="2026-06-01",
                        note="Agreed at the January meeting.")


def save(store, actor, version, *, status=Status.CONFIRMED, detail="Gates agreed.", review=DECISION, reason=""):
    return store.save_gating_review(actor, "george-mews", status=status, detail=detail, review=review,
                                    expected_version=version, reason=reason)


def test_an_editor_opens_the_site_and_its_review_at_one_version(store):
    opened = store.site_record("george-mews")
    assert opened == SiteRecord(store.site("george-mews"), GatingReview())
    save(store, PLANNER, opened.version)
    after = store.site_record("george-mews")
    assert (after.version, after.review, after.site.state(Topic.GATING).detail) == (2, DECISION, "Gates agreed.")


def test_a_stale_edit_carries_the_current_site_and_gating_review(store):
    opened_by_ada = store.site_record("george-mews")
    save(store, PLANNER, store.site_record("george-mews").version)
    with pytest.raises(StaleEdit) as stale:
        save(store, ADMIN, opened_by_ada.version, status=Status.NOT_GOING_AHEAD, detail="Ada's update.",
             review=GatingReview(options="Ada's options"))
    assert stale.value.current == store.site("george-mews")
    assert stale.value.review == DECISION  # what Ada's save would have overwritten, decision included
    assert store.gating_review("george-mews") == DECISION


def test_a_move_over_a_newer_review_carries_that_review_too(store):
    save(store, PLANNER, 1)
    with pytest.raises(StaleEdit) as stale:
        store.move_site(ADMIN, "george-mews", -0.1381, 51.5268, confirmed=True, expected_version=1)
    assert stale.value.review.decision == DECISION.decision
    assert stale.value.current.version == 2


def test_saving_what_was_opened_is_reported_as_unchanged_and_records_nothing(store):
    opened = store.site_record("george-mews")
    gating = opened.site.state(Topic.GATING)
    with pytest.raises(Unchanged, match="Nothing to save: no field differs from what is saved."):
        save(store, PLANNER, opened.version, status=gating.status, detail=gating.detail, review=opened.review)
    assert store.site_record("george-mews") == opened  # the status keeps its date; the version stays
    assert store.history("george-mews") == [c for c in store.history("george-mews") if c.field == "site"]


def test_a_move_to_where_the_site_is_is_reported_as_unchanged(store):
    site = store.site("threefields")
    with pytest.raises(Unchanged):
        store.move_site(PLANNER, "threefields", site.lon, site.lat, confirmed=False, expected_version=site.version)
    assert store.site("threefields") == site


def test_a_review_change_keeps_the_status_date_and_an_empty_note_keeps_the_last_note(store):
    before = store.site("george-mews").state(Topic.GATING)
    site = save(store, PLANNER, 1, status=before.status, detail=before.detail, review=DECISION)
    assert site.state(Topic.GATING) == before  # only the review changed: the status is as old as it was
    later = GatingReview(**{**DECISION.__dict__, "decision": "Gate the north end only.", "note": ""})
    save(store, PLANNER, 2, status=before.status, detail=before.detail, review=later)
    assert store.gating_review("george-mews").note == DECISION.note
    fields = [c.field for c in store.history("george-mews")]
    assert fields.count("gating_review.note") == 1 and fields.count("gating_review.decision") == 2
    assert "gating.as_of" not in fields
