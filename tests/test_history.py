"""geo/history.py: the recorded history in plain words, one entry per save."""
from __future__ import annotations

from datetime import date, datetime, UTC

import pytest

from geo.history import Audience, entries
from geo.model import Annotation, Change, GatingReview, describe_day, describe_time
from geo.status import Category, Severity, Status, Team, Visibility
from tests.store_fixtures import ADMIN, PCDA, PLANNER

AT = datetime(2026, 11, 26, 9, 52, tzinfo=UTC)
STAFF_NAMES = ("pat.planner", "dana.pcda", "ada.admin")


def change(field, old, new, *, id=1, at=AT, actor="pat.planner", site_id="george-mews", reason="",
           team=Team.PLANNING, save_id="s1") -> Change:
    return Change(id, at, actor, site_id, field, old, new, reason, team, save_id)


@pytest.mark.parametrize("moment, time_words, day_words", [
    (datetime(2026, 11, 26, 9, 52, tzinfo=UTC), "26 Nov 2026, 09:52", "26 November 2026"),
    (datetime(2026, 7, 1, 8, 5, tzinfo=UTC), "1 Jul 2026, 09:05", "1 July 2026"),  # summer time
    (datetime(2026, 6, 30, 23, 30, tzinfo=UTC), "1 Jul 2026, 00:30", "1 July 2026"),  # the next day there
])
def test_recorded_moments_are_said_in_london_time(moment, time_words, day_words):
    assert describe_time(moment) == time_words
    assert describe_day(moment) == day_words


@pytest.mark.parametrize("field, old, new, words", [
    ("gating.status", "under_review", "confirmed", "Gating status changed from Under review to Confirmed to go ahead"),
    ("lighting.as_of", "2019-03", "2026-11-26", "Lighting status date changed from March 2019 to 26 November 2026"),
    ("fencing.detail", "Old words.", "", "Fencing details cleared (was \u201cOld words.\u201d)"),
    ("fencing.commitments", "st-8", "st-8, lt-2", "Fencing commitments changed from \u201cST-8\u201d to \u201cST-8, LT-2\u201d"),
    ("gating_review.consultation_date", "", "2026-03-03", "Resident consultation date set to 3 March 2026"),
    ("gating_review.consultation_with", "", "Residents", "Consulted with set to \u201cResidents\u201d"),
    ("gating_review.next_review", "2026-06-01", "", "Next gating review date cleared (was 1 June 2026)"),
    ("gating_review.options", None, "Two gates", "Gating options considered set to \u201cTwo gates\u201d"),
    ("position", "approximate", "confirmed", "Position changed from \u201cApproximate: "
     "placed by hand, to be confirmed on site\u201d to \u201cConfirmed by the planning team\u201d"),
    ("location", "-0.138034,51.5267067", "-0.1381,51.5268",
     "Position on the map (latitude, longitude) changed from \u201c51.52671, -0.13803\u201d to \u201c51.52680, -0.13810\u201d"),
    ("name", "Lindale", "Lindale play area", "Site name changed from \u201cLindale\u201d to \u201cLindale play area\u201d"),
    ("confidence", "low", "high", "Position confidence changed from \u201clow\u201d to \u201chigh\u201d"),
    ("position_source", "", "survey", "Position source set to \u201csurvey\u201d"),
    ("site", None, "Lindale play area", "Site added: Lindale play area"),
    ("site", "Lindale play area", None, "Site removed: Lindale play area"),
    ("annotation", None, "#3 Lighting, High: dark", "Design-out-crime observation added: #3 Lighting, High: dark"),
    ("crime_counts", "0 counts for these months", "12 counts for 2026-04 to 2026-04",
     "Recorded crime figures changed from \u201c0 counts for these months\u201d to \u201c12 counts for 2026-04 to 2026-04\u201d"),
    ("account alice", None, "planning, active", "Account alice set to \u201cplanning, active\u201d"),
])
def test_every_field_and_code_is_said_in_words(field, old, new, words):
    [entry] = entries([change(field, old, new)], [])
    assert entry.summary == words
    assert words.startswith(entry.lines[0].label + " ")


def test_one_save_is_one_entry_listing_every_field_newest_first(store):
    review = GatingReview(options="Two gates", consultation_date="2026-03-03", consultation_with="Residents")
    store.save_gating_review(PLANNER, "george-mews", status=Status.CONFIRMED, detail="Gates agreed.", review=review,
                             expected_version=1, reason="Meeting")
    store.save_gating_review(PLANNER, "george-mews", status=Status.IN_PROGRESS, detail="Gates agreed.",
                             review=review, expected_version=2, reason="Ordered")
    today = describe_day(datetime.now(UTC))
    newest, first, plan = entries(store.history("george-mews"), store.sites())
    assert (newest.summary, newest.reason) == (
        "Gating status changed from Confirmed to go ahead to Work under way", "Ordered")
    assert first.summary == (
        "Gating status changed from Under review to Confirmed to go ahead; gating details changed from "
        "\u201cPlanning visited with residents in February 2019 to review gating options and is gathering "
        "evidence.\u201d to \u201cGates agreed.\u201d; gating status date changed from February 2019 to "
        f"{today}; gating options considered set to \u201cTwo gates\u201d; resident consultation date set to 3 March 2026; "
        "consulted with set to \u201cResidents\u201d")
    assert [line.label for line in first.lines] == [
        "Gating status", "Gating details", "Gating status date", "Gating options considered", "Resident consultation date", "Consulted with"]
    assert (first.lines[0].old, first.lines[0].new) == ("Under review", "Confirmed to go ahead")
    assert (first.site, first.who, first.reason) == ("George Mews", "Planning team", "Meeting")
    assert first.when_text == describe_time(first.when) and first.when.tzinfo is not None
    assert plan.from_plan


def test_rows_from_before_save_ids_are_grouped_by_moment_actor_site_and_reason():
    old = dict(save_id=None, team=Team.STAFF)
    rows = [
        change("gating.detail", "a", "b", id=3, reason="Meeting", **old),
        change("gating.status", "under_review", "confirmed", id=2, reason="Meeting", **old),
        change("gating.status", "concern_raised", "under_review", id=1, reason="Visit", **old),
    ]
    later, earlier = entries(rows, [])
    assert [line.label for line in later.lines] == ["Gating status", "Gating details"]  # in the order recorded
    assert later.reason == "Meeting" and earlier.reason == "Visit"
    assert later.who == earlier.who == "Staff"


def test_the_first_load_is_the_plans_own_record_dated_by_the_plan(store):
    shown = entries(store.history(), store.sites())
    assert len(shown) == 7 and all(e.from_plan and e.who == "The action plan" and e.reason == "" for e in shown)
    by_site = {e.site: e for e in shown}
    george = by_site["George Mews"]
    assert george.summary == "Recorded in the 2019 action plan: gating under review as of February 2019"
    assert (george.when_text, george.day_text) == ("February 2019", "February 2019")
    assert george.when == datetime.fromisoformat("2019-02-01T00:00:00+00:00")
    assert [(line.label, line.new) for line in george.lines] == [
        ("Lighting status", "Not recorded, as of March 2019"), ("Gating status", "Under review, as of February 2019"),
        ("Fencing status", "Not recorded, as of March 2019")]
    assert by_site["Lindale play area"].summary == (
        "Recorded in the 2019 action plan: fencing confirmed to go ahead as of March 2019")
    assert [e.site for e in shown][-1] == "Tolmer's Square"  # January 2019: the oldest record comes last


def test_the_plans_record_keeps_the_plans_values_after_later_changes(store):
    store.save_gating_review(PLANNER, "george-mews", status=Status.CONFIRMED, detail="Gates agreed.",
                             review=GatingReview(), expected_version=1)
    newest, plan = entries(store.history("george-mews"), store.sites())
    assert newest.summary.startswith("Gating status changed from Under review to Confirmed to go ahead")
    assert plan.summary == "Recorded in the 2019 action plan: gating under review as of February 2019"
    assert plan.when_text == "February 2019"


def test_since_leaves_out_what_is_older_the_plans_records_included(store):
    store.save_gating_review(PLANNER, "george-mews", status=Status.CONFIRMED, detail="Gates agreed.",
                             review=GatingReview(), expected_version=1)
    assert len(entries(store.history(), store.sites(), since=date(2019, 1, 1))) == 8
    recent = entries(store.history(), store.sites(), since=date(2020, 1, 1))
    assert [e.site for e in recent] == ["George Mews"]
    assert entries(store.history(), store.sites(), since=date(2999, 1, 1)) == []


def test_the_public_is_told_the_team_and_never_the_sign_in_name(store):
    store.save_gating_review(PLANNER, "george-mews", status=Status.CONFIRMED, detail="Gates agreed.",
                             review=GatingReview(), expected_version=1)
    store.move_site(PLANNER, "threefields", -0.1427, 51.53, confirmed=True, expected_version=1)
    store.add_annotation(PCDA, Annotation(None, "george-mews", None, None, Category.LIGHTING, Severity.HIGH,
                                          "Dark corner.", "", Visibility.PUBLIC))
    store.replace_crime(ADMIN, [("Theft", "Shoplifting", "2026-04", 3)], "April figures")

    public = entries(store.history(), store.sites())
    assert [e.who for e in public[:4]] == ["Administrator", "Design advisor", "Planning team", "Planning team"]
    assert public[0].site == "Ward-wide"
    assert not any(name in repr(public) for name in STAFF_NAMES)
    assert not any(name in repr(store.sites()) for name in STAFF_NAMES)  # the position's source names the team

    staff = entries(store.history(), store.sites(), audience=Audience.STAFF)
    assert [e.who for e in staff[:4]] == ["ada.admin (Administrator)", "dana.pcda (Design advisor)",
                                          "pat.planner (Planning team)", "pat.planner (Planning team)"]
    assert staff[-1].who == "The action plan"


def test_each_change_of_a_save_is_also_a_sentence_of_its_own(store):
    store.save_gating_review(PLANNER, "george-mews", status=Status.CONFIRMED, detail="Gates agreed.",
                             review=GatingReview(consultation_date="2026-03-03"), expected_version=1, reason="Meeting")
    today = describe_day(datetime.now(UTC))
    saved, plan = entries(store.history("george-mews"), store.sites())
    assert saved.sentences == (
        "Gating status changed from Under review to Confirmed to go ahead",
        "Gating details changed from \u201cPlanning visited with residents in February 2019 to review gating options "
        "and is gathering evidence.\u201d to \u201cGates agreed.\u201d",
        f"Gating status date changed from February 2019 to {today}",
        "Resident consultation date set to 3 March 2026",
    )
    assert saved.summary == "; ".join([saved.sentences[0], *(s[0].lower() + s[1:] for s in saved.sentences[1:])])
    assert plan.sentences == ("Recorded in the 2019 action plan: gating under review as of February 2019",)


def test_a_moved_target_and_new_lead_teams_read_in_words(store):
    from geo.history import entries
    from tests.store_fixtures import COMMUNITY_SAFETY, SNT_OFFICER

    store.plan_book.move_target(SNT_OFFICER, "st-3", "2027-03-31", expected_version=1,
                                reason="Waiting for the new sergeant.")
    store.plan_book.set_leads(COMMUNITY_SAFETY, "st-3", ["snt", "community_safety"])
    leads, moved = entries(store.history(), store.sites())[:2]
    assert moved.summary == "Target date changed from 30 April 2019 to 31 March 2027"
    assert moved.who == "Regent's Park Safer Neighbourhood Team (police)"
    assert leads.summary == ("Lead teams changed from \u201cRegent's Park Safer Neighbourhood Team (police)\u201d to "
                             "\u201cRegent's Park Safer Neighbourhood Team (police), Community Safety team\u201d")
