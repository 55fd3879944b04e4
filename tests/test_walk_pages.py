"""The walk pages run through AppTest: planning, recording stop by stop (each saved at
once, there for a new session after a dropped connection), resolving findings and the
public Walks page; every staff page refuses the roles that may not use it."""
from __future__ import annotations

import base64
import io
import json
import re
from datetime import date, time

import pytest
from PIL import Image
from streamlit.testing.v1 import AppTest

from geo.db import Store
from geo.records import STOP
from geo.settings import load
from geo.walks.geolocation import UNREADABLE
from geo.status import Role
from geo.walks.walkabout import Outcome, Parameter, Phase, RouteStop, StopEntry
from tests.conftest import ROOT, text_of
from tests.photo_files import phone_jpeg
from tests.store_fixtures import ADMIN, COMMUNITY_SAFETY, CWG, PCDA, PLANNER, add_staff

ROUTE = (RouteStop("george-mews", 0, 0, ""), RouteStop("clarkson-row", 0, 0, ""),
         RouteStop(None, -0.1395, 51.5275, "Path behind the estate office"))


@pytest.fixture
def walk_app(app, ward):
    """The app with accounts for a Community Safety officer and a CWG member too."""
    app()  # the first start loads the ward's sites
    with Store.open(load().database_url, ward, settings=load()) as store:
        add_staff(store, [COMMUNITY_SAFETY, CWG])
    return app


@pytest.fixture
def opened(walk_app, ward):
    """The app's database, opened as a second process would (the app keeps its own store)."""
    with Store.open(load().database_url, ward, settings=load()) as store:
        yield store


def _plan(store, **changes):
    kwargs = dict(title="February walk after dark", on=date(2026, 2, 19), starts=time(18, 30),
                  phase=Phase.AFTER_DARK, route=ROUTE, invited=(Role.CWG, Role.PCDA))
    return store.walks.plan(COMMUNITY_SAFETY, **{**kwargs, **changes})


@pytest.mark.parametrize("page, user, refusal", [
    ("pages/plan_walk.py", None, "Only Community Safety, the planning team or an administrator can plan"),
    ("pages/plan_walk.py", CWG, "Only Community Safety, the planning team or an administrator can plan"),
    ("pages/plan_walk.py", PCDA, "Only Community Safety, the planning team or an administrator can plan"),
    ("pages/record_walk.py", None, "Only walkers"),
    ("pages/after_walk.py", CWG, "can resolve walk findings"),
    ("pages/after_walk.py", PCDA, "can resolve walk findings"),
])
def test_walk_pages_refuse_the_wrong_role(walk_app, page, user, refusal):
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)  # as a forged request would, past the navigation
    if user is not None:
        at.session_state["signed_in_user"] = user
    at.run()
    assert refusal in " ".join(e.value for e in at.error).replace("\\", "")
    assert not at.button
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        walk_app(page, user)  # and the navigation does not offer it


def test_community_safety_plans_a_three_stop_walk_with_sunset_shown(walk_app, opened):
    at = walk_app("pages/plan_walk.py", COMMUNITY_SAFETY)
    at.text_input(key="plan_title").input("March walk after dark")
    at.date_input(key="plan_on").set_value(date(2026, 3, 12)).run()
    assert "Sunset in the ward on 12 March 2026: 17:59." in text_of(at)
    at.multiselect(key="plan_sites").select("threefields").select("george-mews").select("clarkson-row")
    at.multiselect(key="plan_follows").select("st-8")
    at.button(key="plan_save").click().run()
    assert "Planned: March walk after dark on 12 March 2026 at 18:30, 3 stops" in text_of(at)
    walk = opened.walks.walks()[0]
    assert [s.label for s in walk.route] == ["Threefields", "George Mews", "Clarkson Row"]
    assert walk.follows == ("st-8",) and walk.phase is Phase.AFTER_DARK


def test_a_new_point_clicked_on_the_map_joins_the_route(walk_app, opened, monkeypatch):
    import streamlit_folium

    monkeypatch.setattr(streamlit_folium, "st_folium", lambda *a, **k: {"last_clicked": {"lat": 51.5275,
                                                                                          "lng": -0.1395}})
    at = walk_app("pages/plan_walk.py", ADMIN)
    at.text_input(key="plan_point_name").input("Path behind the estate office").run()
    at.button(key="plan_add_point").click().run()
    assert "1. Path behind the estate office" in text_of(at)
    at.text_input(key="plan_title").input("Point walk")
    at.button(key="plan_save").click().run()
    assert opened.walks.walks()[0].route == (
        RouteStop(None, -0.1395, 51.5275, "Path behind the estate office"),)


def _fill_stop(at, *, lighting: int, finding: str = ""):
    prefix = next(r.key for r in at.pills if r.key.endswith(Parameter.LIGHTING.value)).removesuffix("lighting")
    for p in Parameter:
        at.pills(key=prefix + p.value).set_value(lighting if p is Parameter.LIGHTING else 2)
    at.checkbox(key=prefix + "badly_lit").check()
    at.radio(key=prefix + "felt").set_value("Unsafe")
    at.text_area(key=prefix + "why").input("Lamp out, nobody about")
    at.text_area(key=prefix + "finding").input(finding)
    at.button(key=prefix + "save").click().run()
    return at


def test_stops_are_saved_at_once_and_a_new_session_finds_them_and_offers_stop_3(walk_app, opened):
    walk = _plan(opened)
    at = walk_app("pages/record_walk.py", CWG)
    assert "Stop 1 of 3: George Mews" in at.selectbox[1].format_func(at.selectbox[1].value)
    _fill_stop(at, lighting=0, finding="Replace the lamp at the mews entrance")
    assert "Saved Stop 1: George Mews." in text_of(at)
    assert [s.route_seq for s in opened.walks.stops(walk.id)] == [0]  # saved before the next stop began
    _fill_stop(at, lighting=1)
    assert "Saved Stop 2: Clarkson Row." in text_of(at)
    del at  # the phone's connection drops: a new session, same walker
    again = walk_app("pages/record_walk.py", CWG)
    stops = opened.walks.stops(walk.id)
    assert [(s.route_seq, s.scores[Parameter.LIGHTING]) for s in stops] == [(0, 0), (1, 1)]
    assert stops[0].finding == "Replace the lamp at the mews entrance" and stops[0].felt_safe is False
    seq = again.selectbox[1]
    assert seq.format_func(seq.value) == "Stop 3 of 3: Path behind the estate office"
    shown = text_of(again)
    assert "2 of 3 route stops recorded" in shown and "0: No lighting" in shown and "1: Little lighting" in shown


def test_a_photo_ticked_as_something_good_is_kept_so_and_labelled_on_the_public_walk_page(walk_app, opened):
    walk = _plan(opened)
    at = walk_app("pages/record_walk.py", CWG)
    prefix = at.selectbox[1].key.removesuffix("seq")
    at.file_uploader(key=prefix + "photos").set_value([("gate.jpg", phone_jpeg(), "image/jpeg"),
                                                       ("lamp.jpg", phone_jpeg(), "image/jpeg")]).run()
    good = STOP["good_feature"]
    assert [c.label for c in at.checkbox if c.key.startswith(prefix + "good")] == [
        f"{good.label} (gate.jpg)", f"{good.label} (lamp.jpg)"]
    at.text_input(key=prefix + "caption0").input("The new gate works")
    at.checkbox(key=prefix + "good0").check()
    at.text_input(key=prefix + "caption1").input("Lamp out by the gate")
    _fill_stop(at, lighting=1)
    assert "2 photo(s) added." in text_of(at)
    photos = opened.photos.of_walk(walk.id)
    assert [(p.caption, p.good_feature) for p in photos] == [("The new gate works", True),
                                                             ("Lamp out by the gate", False)]
    for p in photos:
        opened.photos.publish(COMMUNITY_SAFETY, p.ref)
    opened.walks.complete(COMMUNITY_SAFETY, walk.id, expected_version=1, publish=True)
    public = "".join(h.proto.body for h in walk_app("pages/walks.py").get("html"))
    assert f"<strong class=\"walk-photo-good\">{good.shown_as}:</strong> Photo 1: The new gate works" in public
    assert public.count(good.shown_as) == 1  # the lamp that is out is not labelled good


def test_a_walker_records_a_stop_off_the_route_and_proposes_a_position(walk_app, opened):
    walk = _plan(opened)
    at = walk_app("pages/record_walk.py", PCDA)
    prefix = at.selectbox[1].key.removesuffix("seq")
    at.selectbox[1].set_value(-1).run()
    at.selectbox(key=prefix + "site").set_value("threefields").run()
    at.text_area(key=prefix + "cpted_natural_surveillance").input("No windows overlook the path")
    at.button(key=prefix + "save").click().run()
    saved = opened.walks.stops(walk.id)[0]
    assert saved.route_seq is None and saved.site_id == "threefields" and saved.cpted
    at.number_input(key="propose_lat").set_value(51.52731)
    at.number_input(key="propose_lon").set_value(-0.13702)
    at.number_input(key="propose_acc").set_value(6.0)
    at.selectbox(key=f"propose_site_{walk.id}").set_value("threefields")
    at.button(key=f"propose_save_{walk.id}").click().run()
    assert [p.site_id for p in opened.walks.proposals()] == ["threefields"]


def _answer_from_the_phone(at, key: str, value) -> None:
    """What the "Use my location" frame would send: its value for the component `key`, as JSON
    (AppTest cannot run the frame, so the message is made here, as a forged one would be)."""
    component = next(e for e in at.get("component_instance") if e.key == key)
    states = at._tree.get_widget_states()
    state = states.widgets.add()
    state.id, state.json_value = component.proto.id, json.dumps(value)
    at._run(states)


@pytest.mark.parametrize("forged", [{"lat": 10 ** 400, "lon": -0.137, "accuracy": 5, "n": 1},
                                    {"error": ["denied"], "n": 1}, [51.5, -0.13, 5]])
def test_a_forged_location_answer_is_a_sentence_on_the_page_not_an_exception(walk_app, opened, forged):
    _plan(opened)
    at = walk_app("pages/record_walk.py", CWG)
    _answer_from_the_phone(at, "propose_locate", forged)
    assert not at.exception
    assert [w.value.replace("\\", "") for w in at.warning] == [UNREADABLE]
    assert at.number_input(key="propose_lat").value is None  # nothing was filled in


def test_the_phones_answer_fills_the_position_fields(walk_app, opened):
    _plan(opened)
    at = walk_app("pages/record_walk.py", CWG)
    _answer_from_the_phone(at, "propose_locate", {"lat": 51.52731, "lon": -0.13702, "accuracy": 6.04, "n": 1})
    assert not at.exception
    assert [at.number_input(key=k).value for k in ("propose_lat", "propose_lon", "propose_acc")] == \
        [51.52731, -0.13702, 6.0]


def test_after_the_walk_a_finding_becomes_a_commitment_and_residents_see_the_walk(walk_app, opened):
    walk = _plan(opened)
    found = opened.walks.record_stop(CWG, walk.id, StopEntry(
        2, None, None, None, scores={p: 1 for p in Parameter}, finding="Light the path behind the estate office"))
    pid = opened.walks.propose_position(CWG, walk.id, "threefields", -0.13702, 51.52731, 6.5)
    at = walk_app("pages/after_walk.py", COMMUNITY_SAFETY)
    k = f"finding_{found.id}_1_"
    at.text_area(key=k + "will_do").input("Add two lamp columns.")
    at.text_input(key=k + "lead").input("Camden Council street lighting")
    at.text_input(key=k + "target_text").input("By March 2027")
    at.date_input(key=k + "target_by").set_value(date(2027, 3, 31))
    at.button(key=k + "save").click().run()
    promoted = opened.walks.stops(walk.id)[0]
    assert f"Commitment {promoted.outcome_ref.upper()} added to the action plan." in text_of(at)
    assert not any(b.key == f"proposal_{pid}_Confirm" for b in at.button)  # planners decide positions
    at.button(key=f"after_complete_{walk.id}").click().run()
    assert "The walk is complete and published." in text_of(at)

    public = walk_app("pages/walks.py")
    shown = text_of(public)
    assert "Stop 3: Path behind the estate office" in shown and "1: Little lighting" in shown
    assert f"New commitment {promoted.outcome_ref.upper()} in the action plan" in shown
    assert "cora.cwg" not in shown
    plan_page = text_of(walk_app("pages/action_plan.py"))
    assert "Light the path behind the estate office" in plan_page


def test_a_finding_at_no_site_can_become_one_and_a_refusal_is_the_site_editor_s_sentence(walk_app, opened):
    walk = _plan(opened)
    at_site = opened.walks.record_stop(CWG, walk.id, StopEntry(0, None, None, None, finding="Gate left open"))
    off_site = opened.walks.record_stop(CWG, walk.id, StopEntry(2, None, None, None, finding="Dark path nobody maps"))
    at = walk_app("pages/after_walk.py", COMMUNITY_SAFETY)
    assert at.radio(key=f"finding_{at_site.id}_1_how").options == [
        o.label for o in (Outcome.COMMITMENT, Outcome.PROGRESS, Outcome.CLOSED)]
    k = f"finding_{off_site.id}_1_"
    at.radio(key=k + "how").set_value(Outcome.SITE).run()
    at.text_input(key=k + "name").input("george  MEWS")
    at.button(key=k + "save").click().run()
    assert not at.exception
    assert "Site ids must be unique; used more than once: george-mews." in text_of(at)
    at.text_input(key=k + "name").input("Estate office path")
    at.button(key=k + "save").click().run()
    assert "Estate office path is on the map now, its position approximate." in text_of(at)
    assert opened.site("estate-office-path").name == "Estate office path"


def test_staff_see_each_photo_and_its_caption_before_publishing_it_and_residents_only_published_ones(
        walk_app, opened):
    walk = _plan(opened)
    hidden = opened.photos.add(CWG, walk.id, phone_jpeg(), "Lamp <b>out</b> by the gate")
    shown = opened.photos.add(CWG, walk.id, phone_jpeg(), "The new gate works")
    at = walk_app("pages/after_walk.py", COMMUNITY_SAFETY)
    previews = [h.proto.body for h in at.get("html") if "walk-photo-preview" in h.proto.body]
    assert "Photo 1: Lamp &lt;b&gt;out&lt;/b&gt; by the gate (partners only)" in previews[0]  # the caption, as text
    assert "Photo 2: The new gate works (partners only)" in previews[1]
    for preview in previews:  # a thumbnail inside the page, never an address anyone could fetch
        data = re.search(r'src="data:image/jpeg;base64,([^"]+)"', preview).group(1)
        with Image.open(io.BytesIO(base64.b64decode(data))) as thumb:
            assert thumb.format == "JPEG" and max(thumb.size) == 320
        assert "/photos/" not in preview and hidden.ref not in preview
    at.button(key=f"publish_{shown.ref}").click().run()
    assert "Photo 2 is published: the public sees it once the walk is published." in text_of(at)
    at.button(key=f"after_complete_{walk.id}").click().run()

    public = "".join(h.proto.body for h in walk_app("pages/walks.py").get("html"))
    assert f'src="/photos/{shown.ref}.jpg"' in public and "The new gate works" in public
    assert hidden.ref not in public and "Lamp" not in public and "data:image" not in public


def test_a_walk_completed_but_kept_back_is_offered_for_publishing_not_completing_again(walk_app, opened):
    walk = _plan(opened)
    at = walk_app("pages/after_walk.py", COMMUNITY_SAFETY)
    at.checkbox(key=f"after_publish_{walk.id}").uncheck().run()
    at.button(key=f"after_complete_{walk.id}").click().run()
    assert "The walk is complete." in text_of(at) and "No walk has been published yet." in text_of(walk_app("pages/walks.py"))

    at = walk_app("pages/after_walk.py", COMMUNITY_SAFETY)
    button = at.button(key=f"after_complete_{walk.id}")
    assert button.label == "Publish the walk on the Walks page" and not button.disabled
    assert not any(c.key == f"after_publish_{walk.id}" for c in at.checkbox)
    button.click().run()
    assert "The walk is published." in text_of(at)
    assert "No walk has been published yet." not in text_of(walk_app("pages/walks.py"))
    assert at.button(key=f"after_complete_{walk.id}").disabled


def test_a_planner_confirms_a_proposed_position_after_the_walk(walk_app, opened):
    walk = _plan(opened)
    pid = opened.walks.propose_position(CWG, walk.id, "threefields", -0.13702, 51.52731, 6.5)
    at = walk_app("pages/after_walk.py", PLANNER)
    at.button(key=f"proposal_{pid}_Confirm").click().run()
    assert "Position confirmed." in text_of(at)
    assert (opened.site("threefields").lat, opened.site("threefields").lon) == (51.52731, -0.13702)


def test_the_walks_page_says_when_nothing_is_published(walk_app, opened):
    _plan(opened)  # planned, not published
    assert "No walk has been published yet." in text_of(walk_app("pages/walks.py"))


def test_the_site_panel_shows_before_and_after_scores_from_published_walks_only(walk_app, opened):
    def walked(on, lighting, publish):
        walk = _plan(opened, on=on)
        opened.walks.record_stop(CWG, walk.id, StopEntry(1, None, None, None, scores={
            p: lighting if p is Parameter.LIGHTING else 2 for p in Parameter}))
        opened.walks.complete(COMMUNITY_SAFETY, walk.id, expected_version=1, publish=publish)

    walked(date(2026, 2, 19), 1, True)
    walked(date(2026, 6, 1), 0, False)  # never published: not shown
    walked(date(2026, 10, 15), 3, True)
    at = walk_app()
    at.selectbox(key="site_choice").select("clarkson-row").run()
    shown = text_of(at)
    assert "Scores from walkabouts" in shown
    table = at.table[0].value.rename(columns=lambda c: c.replace("\\", "")).map(lambda v: v.replace("\\", ""))
    rows = {r["Parameter"]: r for r in table.to_dict("records")}
    assert rows["Lighting"]["2026-02-19 after dark"] == "1: Little lighting"
    assert rows["Lighting"]["2026-10-15 after dark"] == "3: Bright" and rows["Lighting"]["Change"] == "+2"
    assert "2026-06-01 after dark" not in rows["Lighting"]


def test_the_public_progress_report_has_the_published_walk_and_nothing_else(walk_app, opened):
    from tests.walk_fixtures import NAMES, SECRETS, walk_the_ward

    walk_the_ward(opened)
    at = walk_app("pages/open_data.py")
    next(b for b in at.button if b.label == "Prepare the progress report").click().run()
    html = at.session_state["public_report_files"][0].decode("utf-8")
    assert "<h3>February walk after dark</h3>" in html and "Progress on commitment ST-8" in html
    assert not [s for s in SECRETS + NAMES if s in html]


def test_progress_on_an_existing_commitment_offers_the_sites_own_commitments_first():
    from geo.plan.action_plan import Commitment
    from geo.status import Progress
    from ui.walk_findings import site_commitments_first

    plan = [Commitment(x, "short", "", (), "", "", None, (), (), Progress.NO_UPDATE) for x in ("st-1", "st-4", "st-9")]
    assert site_commitments_first(plan, ("st-9", "st-4")) == ["st-9", "st-4", "st-1"]
    assert site_commitments_first(plan, ("gone-1",)) == ["st-1", "st-4", "st-9"]
