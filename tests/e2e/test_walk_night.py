"""One thumb, at night, on a phone (390x844, touch): a walker records a two-stop walk with
one tap per score, sees each "Saved" notice where they are looking, reaches "All route stops
recorded" and is asked who came there; the stops recorded so far are cards that fit the screen,
on After the walk too.  When the walk is completed elsewhere, the stale page writes to no walk and
says so.  Plan a walk starts fresh after a save, and a second identical plan is refused."""
from __future__ import annotations

from datetime import date

import pytest
from playwright.sync_api import expect

from geo.walks.public_walks import walk_heading
from geo.walks.walkabout import RouteStop
from tests.e2e import driver, scenes
from tests.e2e.accounts import signed_in
from tests.e2e.test_accessibility import axe_violations

pytestmark = pytest.mark.e2e

TITLE = "Night thumb walk (e2e)"
ROUTE = (RouteStop("george-mews", 0, 0, ""), RouteStop("clarkson-row", 0, 0, ""))
FITS = {"document": 0, "main": 0, "wide": []}
SEEN = """el => { const r = el.getBoundingClientRect(), x = r.left + 10, y = r.top + r.height / 2;
    const top = document.elementFromPoint(x, y);
    return r.top >= 0 && r.bottom <= innerHeight && !!top && (el.contains(top) || top.contains(el)); }"""


@pytest.fixture(autouse=True, scope="module")
def _first_visit(ward_app, browser):
    driver.first_visit(browser, ward_app)


@pytest.fixture
def walk(ward_app):
    planned = scenes.plan(ward_app, TITLE, route=ROUTE, on=date(2026, 3, 5))
    yield planned
    with scenes.app_store(ward_app) as store:
        if not store.walks.walk(planned.id).completed:
            scenes.complete(ward_app, planned, publish=False)


def on_phone(phone, app, role: str, page: str):
    driver.open_app(phone, app, "/report")
    driver.open_sidebar(phone)
    account = signed_in(phone, app, role)
    driver.open_sidebar(phone)
    driver.go_to(phone, page, page)
    driver.close_sidebar(phone)
    return account


def tap(phone, locator) -> None:
    driver.scroll_into_view(locator)
    locator.tap()
    driver.wait_until_idle(phone)


def notice_xpath(i: int, name: str) -> str:
    return f'//*[@data-testid="stAlert"]//p[contains(., "Saved Stop {i}: {name}.")]'


def attendance(app, walk_id: int):
    with scenes.app_store(app) as store:
        return {w.id: w.attendance for w in store.walks.walks()}, store.walks.proposals()


def test_a_walk_recorded_with_one_thumb_and_a_stale_page_that_writes_nowhere(ward_app, walk, phone_page, new_phone):
    phone = phone_page
    on_phone(phone, ward_app, "cwg", "Record a walk")
    driver.choose(phone, "Walk", walk_heading(walk))
    assert axe_violations(phone) == []  # the pills and the rest of the form, serious or critical
    for i, name in enumerate(("George Mews", "Clarkson Row"), 1):
        expect(phone.get_by_role("combobox", name="Stop")).to_have_value(f"Stop {i} of 2: {name}")
        for words in ("1: Little lighting", "1: Uncomfortable", "0: Deserted"):
            pill = phone.get_by_role("radio", name=words, exact=True)
            expect(pill).to_have_count(1)  # not the old form's pill, shown for a moment during a rerun
            tap(phone, pill)  # one tap a score
            expect(pill).to_have_attribute("aria-checked", "true")
        tap(phone, phone.get_by_role("button", name="Save stop"))
        notice = phone.get_by_text(f"Saved Stop {i}: {name}.")
        expect(notice).to_be_in_viewport()  # where the walker is looking, not five screens up
        notice.page.wait_for_function(f"() => ({SEEN})(document.evaluate({notice_xpath(i, name)!r}, document, null, "
                                      "9, null).singleNodeValue)", timeout=5_000)  # and not under the header bar
        if i == 1:
            phone.screenshot(path=driver.SCREENSHOTS / "walk-night-saved.png")  # what the phone's screen shows
            expect(phone.get_by_role("radio", name="1: Little lighting", exact=True)).to_have_attribute(
                "aria-checked", "false")  # a fresh form for the next stop

    main = driver.main_area(phone)
    expect(main.get_by_role("heading", name="All route stops recorded")).to_be_visible()
    expect(phone.get_by_label("A point not on the route")).to_have_count(0)  # no empty latitude box
    cwg = phone.get_by_label("Community Working Group member", exact=True)
    expect(cwg).to_be_visible()  # attendance asked for here, not folded away
    cwg.fill("4")
    cwg.press("Enter")
    driver.wait_until_idle(phone)
    tap(phone, phone.get_by_role("button", name="Save attendance"))
    expect(phone.get_by_text("Attendance saved.")).to_be_visible()
    cards = phone.locator('[class*="st-key-stop_card_"]')
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Stop: Stop 1: George Mews")
    expect(cards.first).to_contain_text("Lighting: 1: Little lighting")
    assert driver.overflowing(phone) == FITS
    assert axe_violations(phone) == []
    driver.screenshot(phone, "walk-night-all-recorded")

    # Someone else completes the walk while the phone still shows it; then the walker taps Save again.
    before = attendance(ward_app, walk.id)
    scenes.complete(ward_app, walk, publish=False)
    tap(phone, phone.get_by_role("button", name="Save attendance"))  # the page as it was: no rerun since
    expect(phone.get_by_text(f"Walk {walk.ref} ({TITLE}) was completed since this page showed it, so nothing you "
                             "tapped was saved to it or to any other walk.")).to_be_visible()
    expect(phone.get_by_text("Attendance saved.")).to_have_count(0)
    assert attendance(ward_app, walk.id) == before  # this walk and every other one as they were

    safety = new_phone()
    on_phone(safety, ward_app, "community_safety", "After the walk")
    driver.choose(safety, "Walk", walk_heading(walk))
    expect(safety.locator('[class*="st-key-stop_card_"]')).to_have_count(2)
    assert driver.overflowing(safety) == FITS
    driver.screenshot(safety, "walk-night-after-the-walk")


def test_plan_a_walk_starts_fresh_after_a_save_and_refuses_the_same_walk_twice(ward_app, phone_page):
    phone = phone_page
    on_phone(phone, ward_app, "community_safety", "Plan a walk")
    title = "Twice-tapped walk (e2e)"
    for attempt in range(2):
        box = phone.get_by_label("Walk title")
        expect(box).to_have_value("")  # fresh, the second time too
        box.fill(title)
        box.press("Enter")
        driver.wait_until_idle(phone)
        tap(phone, phone.get_by_role("button", name="Plan this walk"))
        if attempt == 0:
            expect(phone.get_by_text(f"Planned: {title}")).to_be_visible()
    expect(phone.get_by_text("is planned already; nothing new was planned.", exact=False)).to_be_visible()
    driver.screenshot(phone, "walk-plan-refused-twice", tallest=1600)
    with scenes.app_store(ward_app) as store:
        same = [w for w in store.walks.walks() if w.title == title]
    assert len(same) == 1
    scenes.complete(ward_app, same[0], publish=False)
