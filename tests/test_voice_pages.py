"""I felt unsafe here, the privacy notice and the one-tap verdicts, through AppTest: what a resident sees and
is told; the aggregate's table; the rising squares for staff only; a done commitment residents say is still a
problem on its lead team's list, on the review meeting's agenda and in the progress report."""
from __future__ import annotations

import time

import pytest

from geo.status import Progress
from geo.voice.voice_map import point_of
from tests.conftest import text_of
from tests.store_fixtures import COMMUNITY_SAFETY, HOTSPOT_MEMBER, OPERATOR, PLANNER, STAFF_PASSWORD

PAGE = "pages/feel_unsafe.py"


def _store(ward):
    from geo.commands import open_store
    from geo.settings import load

    return open_store(load(), ward)


@pytest.fixture
def voice_app(app, ward, monkeypatch):
    """The app started once (ward loaded), with a hotspot team member and Community Safety.  Every run
    comes from one address (AppTest has none of its own), as one phone's would."""
    from ui import voice_buttons, voice_form

    for module in (voice_buttons, voice_form):
        monkeypatch.setattr(module, "client_id", lambda: "203.0.113.50")
    app()
    with _store(ward) as store:
        for user in (HOTSPOT_MEMBER, COMMUNITY_SAFETY):
            store.accounts.add_user(OPERATOR, user.name, user.role, STAFF_PASSWORD, team=user.team)
    return app


def _send(at, *, site="george-mews", reasons=("badly_lit", "followed"), trap="", waited=True):
    from geo.voice.reasons import TimeOfDay, WhenFelt

    k = f"voice_{at.session_state['voice_form']}_"
    if site:
        at.selectbox(key=k + "site").set_value(site)
    for r in reasons:
        at.checkbox(key=k + r).check()
    at.radio(key=k + "time").set_value(TimeOfDay.AFTER_DARK)
    at.radio(key=k + "when").set_value(WhenFelt.THIS_MONTH)
    if trap:
        at.text_input(key=k + "trap").input(trap)
    if waited:  # as a person who took half a minute
        at.session_state["voice_opened"] = time.monotonic() - 30
    next(b for b in at.button if b.label == "Send my report").click()
    at.run()
    return k


def test_the_page_says_it_is_not_for_crimes_and_what_happens_to_a_report(voice_app):
    shown = text_of(voice_app(PAGE))
    assert "This is not a way to report a crime." in shown and "call 999" in shown and "101" in shown
    assert "We keep only the 100 m square" in shown and "for 365 days" in shown
    assert "only once 5 or more reports share it" in shown


def test_a_resident_reports_at_a_site_and_is_thanked_with_the_square_it_counts_in(voice_app, ward):
    at = voice_app(PAGE)
    _send(at)
    assert "Thank you. Your report is counted in the 100 m square at TQ" in text_of(at)
    assert at.session_state["voice_form"] == 1  # a fresh form for the next one
    with _store(ward) as store:
        assert store.voice.aggregate().total == 1


def test_a_second_report_at_the_same_spot_that_day_is_refused_in_a_sentence_and_keeps_the_choices(voice_app, ward):
    at = voice_app(PAGE)
    _send(at)
    k = _send(at)
    shown = text_of(at)
    assert "You have already told us about this spot today" in shown and "What you chose is still here." in shown
    assert at.checkbox(key=k + "badly_lit").value and at.selectbox(key=k + "site").value == "george-mews"
    with _store(ward) as store:
        assert store.voice.aggregate().total == 1


@pytest.mark.parametrize("options, words", [
    ({"waited": False}, "quicker than a person can choose"),
    ({"trap": "http://spam.example"}, "a box that is hidden from people was filled in"),
    ({"reasons": ()}, "Choose at least one reason you felt unsafe."),
    ({"site": ""}, "tap the map, or choose a site"),
])
def test_a_report_a_script_sent_or_one_missing_a_choice_is_refused_in_a_sentence(voice_app, ward, options, words):
    at = voice_app(PAGE)
    _send(at, **options)
    assert words in text_of(at)
    with _store(ward) as store:
        assert store.voice.aggregate().total == 0


def _five_at_george_mews(ward):
    with _store(ward) as store:
        for i in range(5):
            store.voice.report(f"203.0.113.{i}", reasons=["badly_lit", "followed"], time_of_day="after_dark",
                               when_felt="this_month", site_id="george-mews", seconds_open=20)
        store.voice.report("198.51.100.7", reasons=["rundown"], time_of_day="dusk", when_felt="earlier",
                           site_id="lindale-play-area", seconds_open=20)


def test_everyone_sees_the_square_of_five_with_its_reasons_and_the_lonely_one_only_in_the_ward(voice_app, ward):
    _five_at_george_mews(ward)
    at = voice_app(PAGE)
    rows = at.table[0].value
    assert list(rows["Reports"]) == ["5", "1", "6"]
    assert rows["Area"].iloc[0].startswith("100 m square at TQ")
    assert rows["What they said"].iloc[0] == "Badly lit 5 · Being followed 5"
    assert rows["What they said"].iloc[1] == "Shown once 5 or more share a place"  # not the lonely one's "Rundown"
    assert "Rundown" not in text_of(at)
    assert "Rising (staff only)" not in text_of(at)


def test_signed_in_staff_also_see_the_rising_squares(voice_app, ward):
    _five_at_george_mews(ward)
    at = voice_app(PAGE, PLANNER)
    table = at.table[1].value
    assert "Rising (staff only)" in text_of(at)
    assert (table["Last 4 weeks"].iloc[0], table["4 weeks before"].iloc[0]) == ("5", "0")


def test_a_tap_on_the_map_is_a_point_and_anything_else_is_none():
    assert point_of({"last_clicked": {"lat": 51.5287, "lng": -0.1412}}) == (-0.1412, 51.5287)
    assert point_of({"last_clicked": None}) is None
    assert point_of({"last_clicked": {"lat": "north"}}) is None
    assert point_of(None) is None


def test_the_privacy_notice_gives_article_13s_items(voice_app):
    shown = text_of(voice_app("pages/privacy.py"))
    for words in ("London Borough of Camden", "communitysafety@camden.gov.uk", "Data Protection Officer",
                  "Article 6(1)(e)", "Who sees what", "deleted 365 days after it arrived", "Your rights",
                  "Information Commissioner", "nothing is decided about you by a computer",
                  "Nothing is sent outside the United Kingdom", "Your address itself is never stored"):
        assert words in shown, words


def _verdict(at, cid: str, label: str):
    next(b for b in at.button if b.label == label and f"verdict_plan_{cid}_" in (b.key or "")).click()
    at.run()


def test_a_resident_taps_still_a_problem_on_the_plan_and_sees_the_count(voice_app):
    at = voice_app("pages/action_plan.py")
    _verdict(at, "st-1", "Still a problem")
    shown = text_of(at)
    assert 'Thank you: counted as "Still a problem".' in shown
    assert "Residents so far: 1 says still a problem, 0 say it looks fixed now." in shown
    _verdict(at, "st-1", "Looks fixed now")
    assert "You have already told us about ST-1 today" in text_of(at)
    assert not any("verdict_plan_st-3_" in (b.key or "") for b in at.button)  # not started: not asked


def test_still_a_problem_three_times_on_a_done_commitment_flags_it_for_its_team_the_review_and_the_report(
        voice_app, ward):
    from datetime import date, datetime, UTC

    from geo.reports.progress_report import build_report

    with _store(ward) as store:
        store.set_commitment_status(HOTSPOT_MEMBER, "st-1", Progress.DONE, expected_version=1,
                                    words="Patrols doubled through 2026; open drug use reports fell.")
        for i in range(3):
            store.voice.give_verdict(f"203.0.113.{i}", "still_a_problem", commitment_id="st-1")
        report = build_report(store.sites(), store.plan(), ward, [], [], since=date(2026, 1, 1), draw_map=False,
                              generated=datetime.now(UTC), voice=store.voice.summary(date(2026, 1, 1)))
    flag = "3 residents say this is still a problem since it was marked done"
    ours = voice_app("pages/our_commitments.py", HOTSPOT_MEMBER)
    assert flag in text_of(ours)
    review = voice_app("pages/review.py", COMMUNITY_SAFETY)
    review.toggle[0].set_value(True).run()
    assert review.expander[0].label.startswith("ST-1 · Done · residents say still a problem")
    assert flag in text_of(review)
    told = report.section("What residents told us")
    assert told.tables[-1].column("Commitment") == ["ST-1"]
    assert told.tables[-1].column("Still a problem") == ["3"]
    assert "back on the review agenda" in told.tables[-1].column("")[0]
    from geo.reports.report_html import to_html
    from geo.reports.report_pdf import to_pdf

    assert "<h2>What residents told us</h2>" in to_html(report).decode("utf-8")
    assert to_pdf(report).startswith(b"%PDF")


def test_a_resident_says_a_site_still_has_a_problem_from_its_panel(voice_app):
    at = voice_app()
    at.selectbox(key="site_choice").select("george-mews").run()
    next(b for b in at.button if b.key == "verdict_site_george-mews_still_a_problem").click()
    at.run()
    shown = text_of(at)
    assert 'Thank you: counted as "Still a problem".' in shown and "Is this place fixed?" in shown
    assert "Residents so far: 1 says still a problem, 0 say it looks fixed now." in shown
