"""The walk recorder in the field, on a phone (390x844, touch): opened once online and signed in,
then three stops with GPS-tagged photos recorded with no connection, the page reloaded, the
browser closed and opened again on the same profile, and the connection back.  Exactly three
stops and three photos arrive, the photos carry no metadata, and each stop went from "On this
phone only" to "Sent" where the walker could see it."""
from __future__ import annotations

import io
import urllib.request

import pytest
from playwright.sync_api import expect

from tests.e2e import driver, scenes
from tests.e2e.accounts import add_account, users
from tests.e2e.conftest import PHONE
from tests.photo_files import phone_jpeg



def _phone(browser, profile, **options):
    """A phone's browser on a profile kept on disk: closing it and opening it again keeps its
    service worker, IndexedDB and cookies, as a real phone's browser does.  Launched by the
    session's Playwright (the `browser` fixture's), as a second one cannot run beside it.  No other
    host answers it (driver.LAUNCH_ARGS)."""
    context = browser.browser_type.launch_persistent_context(
        str(profile), executable_path=driver.CHROMIUM, headless=True, args=driver.LAUNCH_ARGS, **PHONE, **options)
    return context, (context.pages[0] if context.pages else context.new_page())


def _offline(context, app_url, on: bool):
    """No connection at all: the browser offline, and the app's host unreachable as well."""
    context.set_offline(on)
    if on:
        context.route(f"{app_url}/**", lambda route: route.abort("internetdisconnected"))
    else:
        context.unroute(f"{app_url}/**")


def _sign_in(page, account):
    form = page.locator("#sign-in-form")
    form.get_by_label("Account name").fill(account.name)
    form.get_by_label("Password").fill(account.password)
    form.get_by_role("button", name="Sign in").tap()
    expect(page.locator("#recording")).to_be_visible()


def _record_stop(page, n: int, photo_path):
    route = page.locator("#route")
    expect(route.get_by_role("button", pressed=True)).to_contain_text(f"Stop {n + 1} of")
    page.locator("#scores fieldset").nth(0).get_by_role("button", name="1: Little lighting").tap()
    page.locator("#scores fieldset").nth(8).get_by_role("button").nth(n % 4).tap()
    page.locator("#reasons").get_by_role("button", name="Badly lit").tap()
    page.locator("#photo-input").set_input_files(str(photo_path))
    expect(page.locator("#photos li")).to_have_count(1)
    page.get_by_label("What should change here").fill(f"Finding at stop {n + 1}")
    page.get_by_role("button", name="Save stop").tap()
    expect(page.locator("#notice")).to_contain_text(f"Saved stop {n + 1}")
    expect(page.locator("#notice")).to_be_in_viewport()
    expect(page.locator("#outbox .card")).to_have_count(n + 1)


def _cards(page, state_words: str, count: int):
    cards = page.locator("#outbox .card")
    expect(cards).to_have_count(count)
    for i in range(count):
        expect(cards.nth(i).locator(".state")).to_have_text(state_words, timeout=30_000)


def test_three_stops_recorded_offline_through_a_reload_and_a_closed_browser_arrive_once(ward_app, browser, tmp_path):
    walk = scenes.plan(ward_app, "Recorder walk, offline (e2e)")
    account = add_account(ward_app, "cwg")
    photo = tmp_path / "IMG_2041.jpg"
    photo.write_bytes(phone_jpeg(1200, 900))
    profile = tmp_path / "phone-profile"
    context, page = _phone(browser, profile)
    page.goto(f"{ward_app.url}/recorder/")
    _sign_in(page, account)
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=30_000)
    page.locator("#walk").select_option(str(walk.id))

    _offline(context, ward_app.url, True)
    expect(page.locator("#connection")).to_contain_text("No connection")
    for n in range(3):
        _record_stop(page, n, photo)
    _cards(page, "On this phone only", 3)
    driver.screenshot(page, "recorder-offline-queued-phone")

    page.reload()  # still offline: the service worker serves the page, IndexedDB the stops
    _cards(page, "On this phone only", 3)
    context.close()

    context, page = _phone(browser, profile)  # the browser opened again, still offline
    _offline(context, ward_app.url, True)
    page.goto(f"{ward_app.url}/recorder/")
    _cards(page, "On this phone only", 3)

    _offline(context, ward_app.url, False)
    _cards(page, "Sent", 3)
    driver.screenshot(page, "recorder-sent-phone")
    context.close()

    with scenes.app_store(ward_app) as store:
        stops = store.walks.stops(walk.id)
        photos = store.photos.of_walk(walk.id)
        assert [s.finding for s in stops] == ["Finding at stop 1", "Finding at stop 2", "Finding at stop 3"]
        assert [s.route_seq for s in stops] == [0, 1, 2]
        assert len(photos) == 3 and {p.stop_id for p in photos} == {s.id for s in stops}
        for p in photos:
            store.photos.publish(scenes.SETTER, p.ref)
        for s in stops:
            store.walks.close_finding(scenes.SETTER, s.id, expected_version=s.version, reason="Seen to")
        store.walks.complete(scenes.SETTER, walk.id, expected_version=store.walks.walk(walk.id).version,
                             publish=True)
    for p in photos:
        served = urllib.request.urlopen(f"{ward_app.url}/photos/{p.ref}.jpg", timeout=30).read()
        _assert_no_metadata(served)
        assert p.width * p.height <= 2_000_000


def _assert_no_metadata(jpeg: bytes):
    from PIL import Image

    image = Image.open(io.BytesIO(jpeg))
    assert image.format == "JPEG"
    assert not image.getexif() and "comment" not in image.info and "exif" not in image.info
    for marker in (b"Exif", b"GPS", b"taken on the walk", b"PhoneMaker"):
        assert marker not in jpeg


def test_a_disabled_walker_s_queued_stops_are_refused_with_a_sentence_on_the_phone(ward_app, browser, tmp_path):
    walk = scenes.plan(ward_app, "Recorder walk, disabled (e2e)")
    account = add_account(ward_app, "cwg")
    photo = tmp_path / "IMG_1.jpg"
    photo.write_bytes(phone_jpeg())
    context, page = _phone(browser, tmp_path / "profile")
    page.goto(f"{ward_app.url}/recorder/")
    _sign_in(page, account)
    page.locator("#walk").select_option(str(walk.id))
    _offline(context, ward_app.url, True)
    _record_stop(page, 0, photo)
    users(ward_app, "disable", account.name)
    _offline(context, ward_app.url, False)
    card = page.locator("#outbox .card").first
    expect(card.locator(".state")).to_have_text("Refused", timeout=30_000)
    expect(card.locator(".why")).to_have_text("This account has been disabled; an administrator can enable it "
                                              "again.")
    context.close()
    with scenes.app_store(ward_app) as store:
        assert store.walks.stops(walk.id) == [] and store.photos.of_walk(walk.id) == []


def test_with_consent_a_point_off_the_route_is_placed_where_the_phone_is_and_the_track_kept(ward_app, browser,
                                                                                          tmp_path):
    walk = scenes.plan(ward_app, "Recorder walk, positions (e2e)")
    account = add_account(ward_app, "cwg")
    here = {"latitude": 51.52755, "longitude": -0.13845, "accuracy": 6}
    context, page = _phone(browser, tmp_path / "profile", geolocation=here, permissions=["geolocation"])
    page.goto(f"{ward_app.url}/recorder/")
    _sign_in(page, account)
    page.locator("#walk").select_option(str(walk.id))
    page.get_by_role("button", name="A point not on the route (where my phone is)").tap()
    page.get_by_label("Keep where my phone is with each stop").check()
    page.get_by_label("Keep my route as the walk's track").check()
    expect(page.locator("#position-note")).to_contain_text("within 6 m")
    page.get_by_label("What should change here").fill("A dark cut-through")
    page.get_by_role("button", name="Save stop").tap()
    expect(page.locator("#outbox .card .state").first).to_have_text("Sent", timeout=30_000)
    context.close()
    with scenes.app_store(ward_app) as store:
        [stop] = store.walks.stops(walk.id)
        assert (stop.route_seq, stop.lat, stop.lon) == (None, 51.52755, -0.13845)
        assert store.walks.stamps(scenes.SETTER, walk.id)[stop.id].accuracy_m == 6
        assert [(p.lat, p.lon) for p in store.walks.track(scenes.SETTER, walk.id)] == [(51.52755, -0.13845)]


@pytest.mark.parametrize("path", ["/recorder/"])
def test_the_recorder_asks_nothing_of_another_host(ward_app, phone_page, phone_refused_requests, path):
    phone_page.goto(f"{ward_app.url}{path}")
    expect(phone_page.locator("#sign-in")).to_be_visible()
    assert phone_refused_requests == []


def test_a_sign_in_on_the_pages_survives_a_reload_on_a_phone_and_signing_out_ends_it(ward_app, phone_page):
    page = phone_page
    account = add_account(ward_app, "cwg")
    driver.open_app(page, ward_app, "/report", "How to report a problem")
    driver.open_sidebar(page)
    driver.sign_in(page, account.name, account.password)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"Signed in as {account.name}")).to_be_visible()
    _until_cookie(page)

    driver.open_app(page, ward_app, "/record-walk", "Record a walk")  # a new session: a reload, a reopened tab
    expect(page.get_by_text("Page not found")).to_have_count(0)
    driver.open_sidebar(page)
    expect(sidebar.get_by_text(f"Signed in as {account.name}")).to_be_visible()

    page.goto(f"{ward_app.url}/recorder/")  # the recorder signs in with the same cookie
    expect(page.locator("#recording")).to_be_visible()
    expect(page.locator("#who")).to_contain_text(account.name)

    driver.open_app(page, ward_app, "/report", "How to report a problem")
    driver.open_sidebar(page)
    sidebar.get_by_role("button", name="Sign out").click()
    expect(sidebar.get_by_text("Staff sign-in")).to_be_visible()
    driver.open_app(page, ward_app, "/report", "How to report a problem")
    driver.open_sidebar(page)
    expect(sidebar.get_by_text("Staff sign-in")).to_be_visible()


def _until_cookie(page, timeout_s: float = 20):
    """The one-time code has become the cookie (HttpOnly: only the browser context can see it)."""
    import time

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if any(c["name"] == "ward_session" and c["httpOnly"] for c in page.context.cookies()):
            return
        page.wait_for_timeout(200)
    raise AssertionError("The sign-in cookie was never set.")
