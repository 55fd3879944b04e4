"""Record a walk and Plan a walk in AppTest, as a walker at night meets them: a stale page after
its walk was completed elsewhere writes to no walk and says so; a stop's photos are all checked
before anything is saved; "All route stops recorded" is a state of its own that asks who came;
a walk the walker's role was not invited to is not offered; the plan form starts fresh."""
# ruff: noqa: F811  (each test takes the imported fixtures as parameters)
from __future__ import annotations

from datetime import date, time

from geo.status import Role
from tests.conftest import text_of
from tests.photo_files import phone_jpeg
from tests.store_fixtures import COMMUNITY_SAFETY, CWG, PCDA
from tests.test_photo_limits import broken_png
# The walk pages' fixtures, shared with tests/test_walk_pages.py: pytest finds them by their names here.
from tests.test_walk_pages import _fill_stop, _plan, opened, walk_app  # noqa: F401


def test_a_stale_page_writes_nothing_to_any_walk_once_its_walk_was_completed_elsewhere(walk_app, opened):
    other = _plan(opened, title="The other walk", on=date(2026, 2, 26))
    walk = _plan(opened)
    at = walk_app("pages/record_walk.py", CWG)
    at.selectbox(key="record_walk").set_value(walk.id).run()
    at.number_input(key=f"attend_{walk.id}_cwg").set_value(4)
    at.number_input(key="propose_lat").set_value(51.52731)
    at.number_input(key="propose_lon").set_value(-0.13702)
    at.number_input(key="propose_acc").set_value(6.0)
    at.run()
    opened.walks.complete(COMMUNITY_SAFETY, walk.id, expected_version=opened.walks.walk(walk.id).version,
                          publish=True)  # by someone else, while the walker's page still shows the walk
    at.button(key=f"attend_save_{walk.id}").click()
    at.button(key=f"propose_save_{walk.id}").click().run()
    assert not at.exception
    shown = text_of(at)
    assert f"Walk {walk.ref} (February walk after dark) was completed since this page showed it, so nothing you " \
           "tapped was saved to it or to any other walk." in shown
    assert "Attendance saved." not in shown and "Proposed." not in shown
    assert opened.walks.walk(walk.id).attendance == () and opened.walks.walk(other.id).attendance == ()
    assert opened.walks.proposals() == []
    assert at.selectbox(key="record_walk").value == other.id  # the page now shows the walk still open, by name


def test_a_stop_with_a_broken_photo_names_it_saves_nothing_and_keeps_the_form(walk_app, opened):
    walk = _plan(opened)
    at = walk_app("pages/record_walk.py", CWG)
    prefix = at.selectbox[1].key.removesuffix("seq")
    at.file_uploader(key=prefix + "photos").set_value([("gate.jpg", phone_jpeg(), "image/jpeg"),
                                                       ("lamp.png", broken_png(), "image/png"),
                                                       ("bin.png", broken_png(), "image/png")]).run()
    for i, caption in enumerate(("The new gate", "Lamp out", "Bins")):
        at.text_input(key=prefix + f"caption{i}").input(caption)
    _fill_stop(at, lighting=0, finding="Replace the lamp")
    assert not at.exception
    [error] = [e.value.replace("\\", "") for e in at.error]
    assert error.startswith("Nothing was saved yet. lamp.png is not a photo this app can read")
    assert "bin.png is not a photo this app can read" in error and "gate.jpg" not in error
    assert opened.walks.stops(walk.id) == [] and opened.photos.of_walk(walk.id) == []
    assert at.text_area(key=prefix + "finding").value == "Replace the lamp"  # what was typed is still there


def test_all_route_stops_recorded_is_its_own_state_and_asks_who_came(walk_app, opened):
    walk = _plan(opened)
    at = walk_app("pages/record_walk.py", CWG)
    for _ in walk.route:
        _fill_stop(at, lighting=1)
    assert "Saved Stop 3: Path behind the estate office." in text_of(at)
    assert [s.value for s in at.subheader] == ["All route stops recorded"]
    assert "Record a point not on the route" in [e.label for e in at.expander]  # the form folds away instead
    assert not any("Who came" in e.label for e in at.expander)  # attendance is not folded away
    at.number_input(key=f"attend_{walk.id}_cwg").set_value(4)
    at.number_input(key=f"attend_{walk.id}_resident").set_value(7)
    at.button(key=f"attend_save_{walk.id}").click().run()
    assert "Attendance saved." in text_of(at)
    assert dict(opened.walks.walk(walk.id).attendance) == {Role.CWG: 4, Role.RESIDENT: 7}


def test_a_walk_that_did_not_invite_the_walker_s_role_is_not_offered(walk_app, opened):
    _plan(opened, invited=(Role.CWG,))
    at = walk_app("pages/record_walk.py", PCDA)
    assert "No walk is waiting for you to record." in text_of(at)
    assert not [b for b in at.button if b.key.endswith("save")]


def test_the_plan_form_starts_fresh_after_a_save_and_a_second_identical_plan_is_refused(walk_app, opened):
    at = walk_app("pages/plan_walk.py", COMMUNITY_SAFETY)
    at.text_input(key="plan_title").input("March walk after dark")
    at.date_input(key="plan_on").set_value(date(2026, 3, 12))
    at.multiselect(key="plan_sites").select("threefields")
    at.button(key="plan_save").click().run()
    assert "Planned: March walk after dark on 12 March 2026 at 18:30, 1 stops" in text_of(at)
    assert at.text_input(key="plan_title").value == "" and at.multiselect(key="plan_sites").value == []
    at.text_input(key="plan_title").input("March walk after dark")  # typed again, as a second tap would send
    at.date_input(key="plan_on").set_value(date(2026, 3, 12))
    at.time_input(key="plan_starts").set_value(time(18, 30))
    at.button(key="plan_save").click().run()
    assert "is planned already; nothing new was planned" in " ".join(e.value for e in at.error).replace("\\", "")
    assert len(opened.walks.walks()) == 1
