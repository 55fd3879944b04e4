"""Lighting and fencing kept like gating (geo.db.topic_store): a change is made under one of the
site's commitments for that topic, by a team that leads it (or the plan's editors), with its
review, its history and, with a note, a progress entry; the map's layer shows it."""
from __future__ import annotations

import json

import pytest

from geo.errors import InvalidInput, PermissionDenied, StaleEdit
from geo.history import entries
from geo.records import KEPT_TOPICS, TOPIC_REVIEW
from geo.sites.mapview import site_payload
from geo.status import Status, Topic
from tests.store_fixtures import COMMUNITY_SAFETY, CWG, HOTSPOT_MEMBER, PLANNER

REVIEW = {"asked": "Residents asked for the lamp at the mews entrance to be fixed.",
          "ordered": "A new LED lantern.", "ordered_by": "Camden street lighting", "done_on": "2026-11-20",
          "asset_ref": "LC-0412", "evidence": "Seen lit on the November re-walk."}


def _save(store, actor, *, site="george-mews", topic=Topic.LIGHTING, commitment="st-8", **options):
    site_version = store.site(site).version
    return store.save_topic_review(actor, site, topic, status=options.pop("status", Status.DONE),
                                   detail=options.pop("detail", "New lamp at the mews entrance."),
                                   review=options.pop("review", REVIEW), commitment_id=commitment,
                                   expected_version=options.pop("version", site_version), **options)


def test_a_lead_team_sets_lighting_done_with_its_review_history_and_progress(store):
    saved = _save(store, CWG, note="Lamp LC-0412 replaced and lit.", reason="November re-walk")
    assert saved.state(Topic.LIGHTING).status is Status.DONE
    assert store.topic_review("george-mews", Topic.LIGHTING) == REVIEW
    words = [e.summary for e in entries(store.history("george-mews"), store.sites())][0]
    assert "Lighting status changed from Not recorded to Done" in words
    assert "lighting: lamp or asset reference set to \u201cLC-0412\u201d" in words
    assert "lighting: done on set to 20 November 2026" in words
    assert store.commitment("st-8").latest_progress.text == "Lamp LC-0412 replaced and lit."


def _lighting_on_the_map(store, site_id: str) -> str:
    payload = json.loads(site_payload(store.sites()))
    index = payload["sites"]["id"].index(site_id)
    return payload["statuses"][payload["sites"]["status"]["lighting"][index]]["label"]


def test_the_maps_lighting_layer_shows_the_new_status(store):
    assert _lighting_on_the_map(store, "george-mews") == Status.NOT_RECORDED.label
    _save(store, COMMUNITY_SAFETY)
    assert _lighting_on_the_map(store, "george-mews") == Status.DONE.label
    assert _lighting_on_the_map(store, "exmouth-mews") == Status.NOT_RECORDED.label


def test_a_team_that_does_not_lead_the_commitment_is_refused_and_nothing_changes(store):
    before = store.site("george-mews")
    with pytest.raises(PermissionDenied, match="ST-8 is led by"):
        _save(store, HOTSPOT_MEMBER)
    with pytest.raises(PermissionDenied):
        _save(store, PLANNER)  # planning leads ST-4, not ST-8
    assert store.site("george-mews") == before


def test_the_change_must_name_one_of_the_sites_commitments_for_the_topic(store):
    with pytest.raises(InvalidInput, match="one of George Mews's lighting commitments \\(ST-8\\)"):
        _save(store, COMMUNITY_SAFETY, commitment="st-4")


def test_fencing_is_kept_the_same_way_and_gating_keeps_its_own_editor(store):
    saved = _save(store, COMMUNITY_SAFETY, site="lindale-play-area", topic=Topic.FENCING, status=Status.IN_PROGRESS,
                  detail="Fence posts in; panels next week.")
    assert saved.state(Topic.FENCING).status is Status.IN_PROGRESS
    assert set(KEPT_TOPICS) == {Topic.LIGHTING, Topic.FENCING}
    with pytest.raises(InvalidInput, match="Gating has an editor of its own"):
        _save(store, COMMUNITY_SAFETY, topic=Topic.GATING)


def test_a_stale_save_and_an_over_long_field_are_refused(store):
    opened = store.site("george-mews").version
    _save(store, COMMUNITY_SAFETY)
    with pytest.raises(StaleEdit):
        _save(store, COMMUNITY_SAFETY, version=opened, detail="Another detail.")
    field = TOPIC_REVIEW["asset_ref"]
    with pytest.raises(InvalidInput, match=field.label):
        _save(store, COMMUNITY_SAFETY, review={**REVIEW, "asset_ref": "x" * (field.limit + 1)}, detail="Other.")


def test_the_page_saves_lighting_through_the_form_and_says_where_it_shows(app, ward):
    from geo.commands import open_store
    from geo.settings import load
    from tests.conftest import text_of
    from tests.store_fixtures import OPERATOR, STAFF_PASSWORD

    app()  # the first start loads the ward and its teams
    with open_store(load(), ward) as store:
        store.accounts.add_user(OPERATOR, CWG.name, CWG.role, STAFF_PASSWORD)
    at = app("pages/site_statuses.py", CWG)
    at.selectbox(key="kept_site").select("george-mews").run()
    version = at.session_state["edit_opened"]["george-mews"].version
    k = f"kept_lighting_george-mews_v{version}_"
    at.selectbox(key=k + "status").select(Status.DONE)
    at.text_input(key=k + "asset_ref").input("LC-0412")
    next(b for b in at.button if b.label == "Save lighting").click()
    at.run()
    assert "Saved. George Mews lighting is now “Done”; the map's lighting layer shows it." in text_of(at)
    with open_store(load(), ward) as store:
        assert store.site("george-mews").state(Topic.LIGHTING).status is Status.DONE
        assert store.topic_review("george-mews", Topic.LIGHTING)["asset_ref"] == "LC-0412"
