import json
from datetime import date, datetime

import pytest

from geo.errors import DataError
from geo.plan.action_plan import load_plan, parse_plan
from geo.status import Progress


def test_plan_has_every_commitment_of_the_seed(plan):
    assert [c.id for c in plan.in_term("short")] == [f"st-{i}" for i in range(1, 10)]
    assert [c.id for c in plan.in_term("long")] == ["lt-1", "lt-2", "lt-3"]
    walkabout = plan.commitment("st-8")
    assert walkabout.lead == "Community Safety & CWG"
    assert "5 sites are receiving improved/repaired lighting" in walkabout.latest_progress.text
    assert plan.commitment("st-3").progress == () and plan.commitment("st-3").status is Progress.NO_UPDATE
    assert len(plan.glossary) == 7


def test_target_dates_pass(plan):
    c = plan.commitment("st-1")
    assert not c.target_passed(date(2019, 4, 30))
    assert c.target_passed(date(2019, 5, 1))


@pytest.mark.parametrize(
    "clock, expected",
    [("15:59", False), ("16:00", True), ("23:30", True), ("03:59", True), ("04:00", False), ("12:00", False)],
)
def test_security_patrol_is_available_4pm_to_4am(plan, clock, expected):
    rsp = next(c for c in plan.contacts if c.id == "rsp")
    assert rsp.is_open(datetime.fromisoformat(f"2026-11-26T{clock}")) is expected


def test_contact_without_hours_is_unknown_not_closed(plan):
    snt = next(c for c in plan.contacts if c.id == "snt")
    assert snt.is_open(datetime(2026, 1, 1, 12)) is None


def test_community_safety_email_from_the_plan(plan):
    assert any(c.email == "communitysafety@camden.gov.uk" for c in plan.contacts)


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda p: p["commitments"][0].pop("lead"), "missing field 'lead'"),
        (lambda p: p["commitments"][0].update(status="finished"), "'finished' is not a valid Progress"),
        (lambda p: p["commitments"][0]["target"].update(by="April"), "Invalid isoformat"),
        (lambda p: p["commitments"][1].update(id="st-1"), "used twice: st-1"),
        (lambda p: p["contacts"][0].update(email="x)](javascript:alert(1)"), "is not an email address"),
        (lambda p: p.pop("commitments"), "needs a 'commitments' list"),
    ],
)
def test_bad_plan_files_are_refused_with_a_reason(ward, mutate, message):
    raw = json.loads(ward.path("plan").read_text())
    mutate(raw)
    with pytest.raises(DataError, match=message.replace("(", r"\(").replace(")", r"\)").replace("[", r"\[").replace("]", r"\]")):
        parse_plan(raw)


def test_unreadable_plan_file(tmp_path):
    (tmp_path / "plan.json").write_text("{not json")
    with pytest.raises(DataError, match="not valid JSON"):
        load_plan(tmp_path / "plan.json")


def test_the_meeting_date_says_when_residents_asked(plan):
    assert plan.meeting_date == "2019-01"


@pytest.mark.parametrize("value", ["January 2019", "2019-13"])
def test_a_meeting_date_that_is_not_a_date_is_refused(ward, value):
    raw = json.loads(ward.path("plan").read_text(encoding="utf-8"))
    raw["meeting_date"] = value
    with pytest.raises(DataError, match="meeting_date"):
        parse_plan(raw)


def test_contacts_say_where_they_come_from_in_words_and_carry_numbers_and_addresses(plan):
    contacts = {c.id: c for c in plan.contacts}
    assert plan.source_words(contacts["community-safety"]).startswith("the action plan's answer to \u201c")
    assert "st-" not in " ".join(plan.source_words(c) for c in plan.contacts).lower()
    assert contacts["police-non-emergency"].phone == "101"
    assert contacts["police-non-emergency"].url == "https://www.met.police.uk/ro/report/"
    assert contacts["council-report-it"].url == "https://www.camden.gov.uk/report-it"


@pytest.mark.parametrize("field, value, message", [
    ("phone", "call me", "is not a phone number"),
    ("url", "javascript:alert(1)", "is not an https:// address"),
    ("url", "http://example.org/", "is not an https:// address"),
])
def test_a_contact_with_a_bad_number_or_address_is_refused(plan, field, value, message):
    import json

    from geo.errors import DataError
    from geo.plan.action_plan import parse_plan
    from tests.conftest import ROOT

    raw = json.loads((ROOT / "data" / "action-plan.json").read_text())
    raw["contacts"][0][field] = value
    with pytest.raises(DataError, match=message):
        parse_plan(raw)
