"""History as people read it, on the site panel and What changed (ui/history_list.py), run
through AppTest: one entry per save in plain words, newest first, the team not the
sign-in name, and the first load told as the action plan's own record."""
from __future__ import annotations

import re
from datetime import UTC

from tests.conftest import history_of, text_of, ward_with_names
from tests.store_fixtures import PLANNER


def test_a_planners_save_reads_the_same_on_the_site_panel_what_changed_and_the_report(app, ward, plan):
    from datetime import datetime
    import re
    from html import unescape

    from geo.reports.progress_report import build_report
    from geo.commands import open_store
    from geo.reports.report_html import to_html
    from geo.model import GatingReview, describe_day
    from geo.settings import load
    from geo.status import Status

    app()  # first start: a fresh database, seeded
    with open_store(load(), ward, plan) as store:
        store.save_gating_review(PLANNER, "george-mews", status=Status.CONFIRMED, detail="Gates agreed in May.",
                                 review=GatingReview(consultation_date="2026-03-03"), expected_version=1,
                                 reason="Consultation closed")
        report = to_html(build_report(store.sites(), plan, ward, store.history(include_partners=False), [],
                                      since=None, generated=datetime.now(UTC), draw_map=False)).decode()
    today = describe_day(datetime.now(UTC))
    summary = ("Gating status changed from Under review to Confirmed to go ahead; gating details changed from "
               "\u201cPlanning visited with residents in February 2019 to review gating options and is gathering "
               f"evidence.\u201d to \u201cGates agreed in May.\u201d; gating status date changed from February 2019 "
               f"to {today}; resident consultation date set to 3 March 2026")
    sentences = ["Gating status changed from Under review to Confirmed to go ahead",
                 "Gating details changed from \u201cPlanning visited with residents in February 2019 to review gating "
                 "options and is gathering evidence.\u201d to \u201cGates agreed in May.\u201d",
                 f"Gating status date changed from February 2019 to {today}",
                 "Resident consultation date set to 3 March 2026"]

    resident = app()
    resident.selectbox(key="site_choice").select("george-mews").run()
    panel = history_of(resident)[0]
    changes = app("pages/changes.py")
    page = history_of(changes)[0]
    assert {k: panel[k] for k in ("who", "changes", "why")} == {
        "who": "Planning team", "changes": sentences, "why": "Consultation closed"}
    assert "; ".join([sentences[0], *(s[0].lower() + s[1:] for s in sentences[1:])]) == summary  # the same words
    assert page == {**panel, "site": "George Mews"}
    rows = [[unescape(re.sub(r"<[^>]+>", "", cell)) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", report, re.S)]
    assert [today, "George Mews", f"{summary} (Consultation closed)", "Planning team"] in rows
    for shown in (text_of(resident), text_of(changes), report):
        assert "pat.planner" not in shown
    # The first load reads as the plan's own record, in both views.
    plan_row = "Recorded in the 2019 action plan: gating under review as of February 2019"
    assert plan_row in text_of(resident)
    assert ["February 2019", "George Mews"] in [r[:2] for r in rows]


def test_history_reads_newest_first_with_the_time_in_london_and_the_team(app, ward, plan):
    from datetime import datetime

    from geo.commands import open_store
    from geo.model import GatingReview, describe_time
    from geo.settings import load
    from geo.status import Status

    app()
    with open_store(load(), ward, plan) as store:
        first = store.save_gating_review(PLANNER, "george-mews", status=Status.CONFIRMED, detail="Gates agreed.",
                                         review=GatingReview(), expected_version=1, reason="Meeting")
        store.save_gating_review(PLANNER, "george-mews", status=Status.IN_PROGRESS, detail="Gates agreed.",
                                 review=GatingReview(), expected_version=first.version, reason="Gates ordered")
        saved = [c.at for c in store.history("george-mews") if c.team.id == "planning"]
    resident = app()
    resident.selectbox(key="site_choice").select("george-mews").run()
    shown = history_of(resident)
    assert [(e["changes"][0], e["why"]) for e in shown] == [
        ("Gating status changed from Confirmed to go ahead to Work under way", "Gates ordered"),
        ("Gating status changed from Under review to Confirmed to go ahead", "Meeting"),
        ("Recorded in the 2019 action plan: gating under review as of February 2019", "")]
    assert shown[0]["when"] == describe_time(max(saved))  # e.g. "3 Mar 2026, 14:05", London time
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]{2} \d{4}, \d{2}:\d{2}", shown[0]["when"])
    assert datetime.fromisoformat(shown[0]["datetime"]).utcoffset() is not None
    assert {e["who"] for e in shown[:2]} == {"Planning team"}


def test_the_first_load_is_the_plans_own_record_not_a_change_on_the_day_of_start(app):
    from datetime import datetime

    from geo.model import describe_day, describe_time

    today = datetime.now(UTC)
    resident = app()  # the first start loads the ward's files today
    resident.selectbox(key="site_choice").select("george-mews").run()
    assert history_of(resident) == [{
        "site": "", "when": "February 2019", "datetime": "2019-02", "who": "The action plan",
        "changes": ["Recorded in the 2019 action plan: gating under review as of February 2019"], "why": ""}]
    assert "Last updated February 2019" in text_of(resident)
    assert f"Last updated {describe_day(today)}" not in text_of(resident)

    changes = app("pages/changes.py")
    assert history_of(changes) == []  # nothing in the last year: the load is not news
    assert "No changes in that period." in text_of(changes)
    changes.date_input[0].set_value(None).run()
    every = history_of(changes)
    assert len(every) == 7 and {e["who"] for e in every} == {"The action plan"}
    assert all(e["changes"][0].startswith("Recorded in the 2019 action plan") for e in every)
    day_of_start = describe_time(today)[:-7]  # "26 Nov 2026"
    assert not [e for e in every if e["when"].startswith(day_of_start) or "Site added" in " ".join(e["changes"])]


def test_what_changed_shows_the_newest_twenty_then_more_on_request(app, tmp_path, monkeypatch):
    monkeypatch.setenv("WARD_DATA_DIR", str(ward_with_names(tmp_path, [f"Block {i}" for i in range(45)])))
    at = app("pages/changes.py")
    at.date_input[0].set_value(None).run()
    assert len(history_of(at)) == 20
    assert "Showing the newest 20 of 45." in text_of(at)
    at.button(key="changes_shown_None_more").click().run()
    assert len(history_of(at)) == 40
    at.button(key="changes_shown_None_more").click().run()
    shown = history_of(at)
    assert len(shown) == 45 and "Showing the newest" not in text_of(at)
    assert not [b for b in at.button if b.key == "changes_shown_None_more"]
    assert len({e["site"] for e in shown}) == 45  # each site's record once, none repeated across pages


def test_what_changed_can_list_each_field_of_a_save_on_its_own_row(app, ward, plan):
    from geo.commands import open_store
    from geo.model import GatingReview
    from geo.settings import load
    from geo.status import Status

    app()
    with open_store(load(), ward, plan) as store:
        store.save_gating_review(PLANNER, "george-mews", status=Status.CONFIRMED, detail="Gates agreed in May.",
                                 review=GatingReview(consultation_date="2026-03-03"), expected_version=1)
    at = app("pages/changes.py")
    assert len(history_of(at)) == 1  # one save, one entry
    at.toggle[0].set_value(True).run()
    rows = next(t.value for t in at.table)
    shown = [(r["What"], r["From"], r["To"], r["Who"]) for _, r in rows.map(lambda v: v.replace("\\", "")).iterrows()]
    assert shown[0] == ("Gating status", "Under review", "Confirmed to go ahead", "Planning team")
    assert shown[-1] == ("Resident consultation date", "", "3 March 2026", "Planning team")
    assert len(shown) == 4


def test_crime_and_action_plan_pages_read_the_summary_not_every_count(app, monkeypatch):
    from geo.db import Store

    def every_count(_store):
        raise AssertionError("a page read every crime count")

    monkeypatch.setattr(Store, "crime_rows", every_count)
    crime = text_of(app("pages/crime.py"))
    assert "March 2024 to March 2026" in crime
    assert "Drug offences: 144 in the 12 months to March 2026, up from 129 in the year before." in crime
    assert "Not charted: March 2024" in crime
    plan = text_of(app("pages/action_plan.py"))
    assert "Ward crime context: Drug offences: 144 in the 12 months to March 2026" in plan
