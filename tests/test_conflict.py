"""geo.sites.conflict: what another editor changed, field by field, in words."""
from __future__ import annotations

from dataclasses import replace

import pytest

from geo.sites.conflict import FieldChange, changed_fields
from geo.model import GatingReview, SiteRecord, TopicState
from geo.status import Position, Status, Topic


@pytest.fixture
def opened(ward_sites) -> SiteRecord:
    return SiteRecord(ward_sites[0], GatingReview(options="Two gates", decision="", next_review="2026-06-01"))


def with_gating(record: SiteRecord, **changes) -> SiteRecord:
    site = record.site
    return replace(record, site=site.with_state(Topic.GATING, replace(site.state(Topic.GATING), **changes)))


def with_review(record: SiteRecord, **changes) -> SiteRecord:
    return replace(record, review=replace(record.review, **changes))


def test_nothing_changed_lists_nothing(opened):
    assert changed_fields(opened, opened) == []
    assert changed_fields(opened, replace(opened, site=replace(opened.site, version=9))) == []


@pytest.mark.parametrize("change, expected", [
    (lambda r: with_gating(r, status=Status.DONE), ("Gating status", "Under review", "Done")),
    (lambda r: with_gating(r, detail="Gates fitted."),
     ("Gating details",
      "Planning visited with residents in February 2019 to review gating options and is gathering evidence.",
      "Gates fitted.")),
    (lambda r: with_gating(r, as_of="2026-05-04"), ("Gating status date", "February 2019", "4 May 2026")),
    (lambda r: with_gating(r, commitments=("st-4",)), ("Gating commitments", "ST-4; ST-8", "ST-4")),
    (lambda r: with_review(r, options=""), ("Gating options considered", "Two gates", "(empty)")),
    (lambda r: with_review(r, evidence="Survey"), ("Gating evidence gathered", "(empty)", "Survey")),
    (lambda r: with_review(r, consultation_date="2026-01-15"),
     ("Resident consultation date", "(empty)", "15 January 2026")),
    (lambda r: with_review(r, consultation_with="Residents"), ("Consulted with", "(empty)", "Residents")),
    (lambda r: with_review(r, decision="Gate both ends."), ("Gating decision", "(empty)", "Gate both ends.")),
    (lambda r: with_review(r, next_review=""), ("Next gating review date", "1 June 2026", "(empty)")),
    (lambda r: with_review(r, note="Agreed."), ("Gating progress note", "(empty)", "Agreed.")),
    (lambda r: replace(r, site=replace(r.site, name="George Mews car park")),
     ("Site name", "George Mews", "George Mews car park")),
    (lambda r: replace(r, site=replace(r.site, lat=51.5268)),
     ("Position on the map (latitude, longitude)", "51.52671, -0.13803", "51.52680, -0.13803")),
    (lambda r: replace(r, site=replace(r.site, position=Position.CONFIRMED)),
     ("Position", "From a public source, not checked on site", "Confirmed by the planning team")),
], ids=lambda v: v[0] if isinstance(v, tuple) else "")
def test_each_changed_field_is_listed_old_and_new_in_words(opened, change, expected):
    assert changed_fields(opened, change(opened)) == [FieldChange(*expected)]


def test_every_field_another_editor_changed_is_listed_in_form_order(opened):
    gating = opened.site.state(Topic.GATING)
    newer = replace(opened, site=opened.site.with_state(
        Topic.GATING, TopicState(Status.CONFIRMED, "Gates agreed.", "2026-05-04", gating.commitments)))
    newer = with_review(newer, evidence="Survey", decision="Gate both ends.", note="Agreed at the meeting.")
    assert [c.label for c in changed_fields(opened, newer)] == [
        "Gating status", "Gating details", "Gating status date", "Gating evidence gathered", "Gating decision",
        "Gating progress note"]
    back = changed_fields(newer, opened)
    assert [(c.old, c.new) for c in back][-2] == ("Gate both ends.", "(empty)")


def test_a_tiny_move_is_listed_even_when_it_rounds_to_the_same_words(opened):
    moved = replace(opened, site=replace(opened.site, lon=opened.site.lon + 1e-9))
    assert [c.label for c in changed_fields(opened, moved)] == ["Position on the map (latitude, longitude)"]
