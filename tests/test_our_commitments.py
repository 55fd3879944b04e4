"""The "Our commitments" page, through AppTest: a partner team member sees the commitments
their team leads, most pressing first, and updates them; a stale form is refused and keeps
what was typed; residents then read the change, named by the team, with its contact."""
from __future__ import annotations

from datetime import date

import pytest

from geo.plan.action_plan import Commitment
from geo.plan.our_commitments import due_words, led_by
from geo.status import Progress
from tests.conftest import text_of
from tests.store_fixtures import HOTSPOT_MEMBER, OPERATOR, SNT_OFFICER, STAFF_PASSWORD

PAGE = "pages/our_commitments.py"


def _commitment(cid: str, target: date, status=Progress.IN_PROGRESS, leads=("snt",)) -> Commitment:
    return Commitment(cid, "short", "Asked", ("Do",), "Lead", "By then", target, (), (), status, 1, leads)


def test_the_teams_commitments_come_overdue_first_then_due_soon_and_settled_last():
    today = date(2026, 12, 2)
    found = led_by([
        _commitment("st-1", date(2027, 6, 1)), _commitment("st-2", date(2026, 12, 20)),
        _commitment("st-3", date(2026, 1, 1), Progress.DONE), _commitment("st-4", date(2026, 11, 1)),
        _commitment("st-5", date(2026, 11, 1), leads=("hotspot",)),
    ], "snt", today)
    assert [c.id for c in found] == ["st-4", "st-2", "st-1", "st-3"]
    assert [due_words(c, today) for c in found] == ["Overdue since 1 November 2026", "Due in 18 days", "", ""]


@pytest.fixture
def team_app(app, ward):
    """The app started once (so it has loaded the ward's teams), with two partner team accounts."""
    from geo.commands import open_store
    from geo.settings import load

    app()
    with open_store(load(), ward) as store:
        for user in (SNT_OFFICER, HOTSPOT_MEMBER):
            store.accounts.add_user(OPERATOR, user.name, user.role, STAFF_PASSWORD, team=user.team)
    return app


def _shown(at) -> str:
    return text_of(at).replace("**", "")


def _submit(at, cid: str, label: str) -> None:
    """Press a form's button of this commitment: its key names the commitment (upd_st-3_v1_...)."""
    next(b for b in at.button if b.label == label and f"upd_{cid}_" in (b.key or "")).click()
    at.run()


def _store(ward):
    from geo.commands import open_store
    from geo.settings import load

    return open_store(load(), ward)


def test_an_snt_officer_sees_only_the_commitments_their_team_leads(team_app):
    at = team_app(PAGE, SNT_OFFICER)
    shown = _shown(at)
    assert "Regent's Park Safer Neighbourhood Team (police) leads 2 commitments" in shown
    assert "ST-3 · Not started (overdue)" in shown and "LT-1 · In progress (overdue)" in shown
    assert "ST-1 ·" not in shown  # the hotspot team's


def test_marking_in_progress_with_words_is_saved_shown_beside_the_form_and_named_by_team(team_app, ward):
    at = team_app(PAGE, SNT_OFFICER)
    k = f"upd_st-3_v{at.session_state['commitments_opened']['st-3']}_"
    at.radio(key=k + "status").set_value(Progress.IN_PROGRESS)
    at.text_area(key=k + "status_words").input("Two extra patrols a week since November.")
    _submit(at, "st-3", "Save status")
    assert not at.exception
    assert "ST-3 is now “In progress”; residents see it on the action plan now." in _shown(at)
    with _store(ward) as store:
        c = store.commitment("st-3")
        assert c.status is Progress.IN_PROGRESS
        assert c.latest_progress.text == "In progress: Two extra patrols a week since November."
        entry = store.history()[0]
        assert (entry.team.label, entry.commitment_id) == ("Regent's Park Safer Neighbourhood Team (police)", "st-3")


def test_done_without_evidence_is_refused_with_a_sentence_and_nothing_is_saved(team_app, ward):
    at = team_app(PAGE, SNT_OFFICER)
    k = "upd_st-3_v1_"
    at.radio(key=k + "status").set_value(Progress.DONE)
    _submit(at, "st-3", "Save status")
    assert "Nothing was saved: “Done” needs a few words. Evidence: what was done, and when?" in _shown(at)
    with _store(ward) as store:
        assert store.commitment("st-3").status is Progress.NO_UPDATE


def test_a_save_over_a_newer_change_is_refused_and_keeps_what_was_typed(team_app, ward):
    at = team_app(PAGE, SNT_OFFICER)
    with _store(ward) as store:  # a colleague marks it in progress after this page opened
        store.set_commitment_status(SNT_OFFICER, "st-3", Progress.IN_PROGRESS, expected_version=1)
    k = "upd_st-3_v1_"
    at.radio(key=k + "status").set_value(Progress.DROPPED)
    at.text_area(key=k + "status_words").input("The extra resources were refused.")
    _submit(at, "st-3", "Save status")
    assert "ST-3 was changed since you opened it; it is now “In progress”. Nothing was saved." in _shown(at)
    assert at.text_area(key=k + "status_words").value == "The extra resources were refused."
    with _store(ward) as store:
        assert store.commitment("st-3").status is Progress.IN_PROGRESS
    at.button(key="reload_st-3").click()
    at.run()
    assert not at.error


def test_moving_a_target_needs_a_reason_and_then_shows_as_a_slip_on_the_plan(team_app, ward):
    at = team_app(PAGE, SNT_OFFICER)
    k = "upd_st-3_v1_"
    at.date_input(key=k + "target_by").set_value(date(2027, 3, 31))
    _submit(at, "st-3", "Move target")
    assert any("Reason for the change is required" in e.value for e in at.error)
    at.text_input(key=k + "target_reason").input("Waiting for the new sergeant.")
    _submit(at, "st-3", "Move target")
    resident = team_app("pages/action_plan.py")
    assert "Target moved once: April 2019, then March 2027" in _shown(resident)


def test_the_plan_shows_whom_to_call_beside_each_commitment(app):
    shown = _shown(app("pages/action_plan.py"))
    assert "- Community Safety team: Email: communitysafety@camden.gov.uk" in shown
    assert ("Regent's Park Safer Neighbourhood Team (police): Not known: the plan gives no public contact "
            "for this team.") in shown


def test_a_team_that_leads_nothing_is_told_so(app):
    from tests.test_pages import PCDA

    at = app(PAGE, PCDA)
    assert "Your team leads no commitment yet." in _shown(at)


def test_evidence_loses_its_metadata_and_a_partners_only_update_stays_with_partners(store):
    from geo.status import Visibility
    from tests.photo_files import phone_jpeg
    from PIL import Image
    import io

    store.set_commitment_status(HOTSPOT_MEMBER, "st-1", Progress.DONE, expected_version=1,
                                words="Patrols doubled; see the cleared stairwell.", evidence=phone_jpeg())
    store.add_progress(HOTSPOT_MEMBER, "st-1", "2026-12-01", "Names of two repeat users passed to outreach.",
                       visibility=Visibility.PARTNERS)
    public = store.commitment("st-1")
    assert [e.text for e in public.progress][-1] == "Done: Patrols doubled; see the cleared stairwell."
    ref = public.progress[-1].evidence
    served = Image.open(io.BytesIO(store.plan_book.public_evidence(ref)))
    assert not served.getexif() and "exif" not in served.info
    partners = store.commitment("st-1", include_partners=True)
    assert partners.progress[-1].visibility is Visibility.PARTNERS
    assert all("repeat users" not in c.new for c in store.history() if c.new)


def test_a_commitments_own_link_shows_it_alone_with_its_feed(app):
    from streamlit.testing.v1 import AppTest  # noqa: F401  (the app fixture runs AppTest)

    at = app("pages/action_plan.py")
    at.query_params["commitment"] = "st-3"
    at.run()
    shown = _shown(at)
    assert "ST-3 · Not started (overdue)" in shown and "ST-1 ·" not in shown
    assert "Follow ST-3 (Atom feed)" in shown
    at.query_params["commitment"] = "st-99"
    at.run()
    assert "That link names a commitment the plan does not have" in _shown(at) and "ST-1 ·" in _shown(at)


def test_the_plans_summary_counts_what_there_is_and_leaves_out_empty_kinds(app):
    shown = _shown(app("pages/action_plan.py"))
    summary = next(line for line in shown.splitlines() if line.startswith("12 commitments:"))
    assert summary == "12 commitments: 0 done · 0 in progress · 12 overdue"  # every 2019 target has passed
