"""A walkabout end to end, with touch at 390x844: a Community Safety officer plans a
three-stop walk; a CWG member records all three stops on a phone, one with a photo
carrying GPS EXIF; a finding becomes a new commitment and the walk is published; a
resident, in a separate context, sees the walk, the commitment on the action plan,
and the photo with no metadata left in it."""
from __future__ import annotations

import io

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e import driver
from tests.e2e.accounts import signed_in
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e

TITLE = "Phone walk after dark (e2e)"
ROUTE = ["George Mews", "Clarkson Row", "Threefields"]
FINDING = "The lamp at the mews entrance is out (e2e finding)."
CAPTION = "Broken lamp at the mews entrance"


@pytest.fixture(autouse=True, scope="module")
def _first_visit(ward_app, browser):
    driver.first_visit(browser, ward_app)


@pytest.fixture
def phone(phone_page):
    """A phone: its own offline browser context, touch and a 390x844 screen (tests/e2e/conftest.py)."""
    return phone_page


def photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (51.0, 31.0, 39.0), 3: "W", 4: (0.0, 8.0, 17.0)})
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (40, 40, 60)).save(out, "JPEG", exif=exif)
    data = out.getvalue()
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(0x8825)  # the test photo does carry GPS
    return data


TAP_HEIGHTS = """() => [...document.querySelectorAll(
    '.st-key-walk_stop_form [data-testid="stRadioOption"], .st-key-walk_stop_form [data-testid="stCheckbox"] label, '
    + '.st-key-walk_stop_form [data-testid="stButtonGroup"] button')]
    .map(el => [el.innerText.trim(), el.getBoundingClientRect().height])"""


def pick(page, label: str, option: str) -> None:
    """Add `option` to the multiselect labelled `label`."""
    box = page.get_by_role("combobox", name=label)
    driver.scroll_into_view(box)
    box.click()
    page.get_by_role("option", name=option, exact=True).click()
    page.keyboard.press("Escape")
    driver.wait_until_idle(page)


def score(page, parameter: str, words: str) -> None:
    """One tap on the score's pill (each level's words are the parameter's own)."""
    pill = page.get_by_role("radio", name=words, exact=True)
    for attempt in range(3):
        expect(pill).to_have_count(1)  # a rerun can show the old form's pill beside the new one for a moment
        try:
            driver.scroll_into_view(pill)
            pill.tap()
            break
        except driver.PlaywrightError as exc:  # that rerun began between the count and the tap: wait it out, tap again
            if "strict mode violation" not in str(exc) or attempt == 2:
                raise
            driver.wait_until_idle(page)
    driver.wait_until_idle(page)


def test_a_walk_planned_recorded_on_a_phone_promoted_and_published(ward_app, page, phone, new_page):
    signed_in(page, ward_app, "community_safety")
    driver.go_to(page, "Plan a walk", "Plan a walk")
    page.get_by_label("Walk title").fill(TITLE)
    page.get_by_label("Walk title").press("Enter")
    driver.wait_until_idle(page)
    for name in ROUTE:
        pick(page, "Sites on the route, in the order you choose them", name)
    page.get_by_role("button", name="Plan this walk").click()
    expect(page.get_by_text(f"Planned: {TITLE}")).to_be_visible()

    # A CWG member on a phone, stop by stop.
    driver.open_app(phone, ward_app, "/report")
    driver.open_sidebar(phone)
    cwg = signed_in(phone, ward_app, "cwg")
    assert cwg
    driver.open_sidebar(phone)
    driver.go_to(phone, "Record a walk", "Record a walk")
    driver.close_sidebar(phone)
    heights = phone.evaluate(TAP_HEIGHTS)
    assert len(heights) == 9 * 4 + 3 + 3 + 7  # nine scores (a row of pills each), felt safe, priority, the reasons
    assert [(words, h) for words, h in heights if h < 44] == []  # every choice a comfortable tap
    assert driver.overflowing(phone) == {"document": 0, "main": 0, "wide": []}
    for i, name in enumerate(ROUTE, 1):
        expect(phone.get_by_role("combobox", name="Stop")).to_have_value(f"Stop {i} of 3: {name}")
        score(phone, "Lighting", "0: No lighting" if i == 1 else "2: Enough lighting")
        score(phone, "Feeling", "1: Uncomfortable")
        phone.get_by_test_id("stCheckbox").filter(has_text="Badly lit").click()
        driver.wait_until_idle(phone)
        if i == 1:
            phone.get_by_label("What should change here (a finding to follow up)").fill(FINDING)
            phone.locator('input[type="file"]').set_input_files(
                files=[{"name": "lamp.jpg", "mimeType": "image/jpeg", "buffer": photo_with_gps()}])
            caption = phone.get_by_label("Photo caption (lamp.jpg)")
            caption.fill(CAPTION)
            caption.press("Enter")
            driver.wait_until_idle(phone)
            driver.screenshot(phone, "walk-recording-phone")
        phone.get_by_role("button", name="Save stop").click()
        expect(phone.get_by_text(f"Saved Stop {i}: {name}.")).to_be_visible()
        driver.wait_until_idle(phone)
    expect(phone.get_by_text("3 of 3 route stops recorded")).to_be_visible()

    # After the walk: the finding becomes a commitment; the photo and the walk are published.
    driver.go_to(page, "After the walk", "After the walk")
    page.get_by_label("We will do", exact=True).fill("Replace the lamp.")
    page.get_by_label("Lead officer or team").fill("Camden Council street lighting")
    for part, value in (("year", "2027"), ("month", "03"), ("day", "31")):
        page.get_by_role("spinbutton", name=f"{part}, Target date").click()
        page.keyboard.type(value)
    page.keyboard.press("Tab")
    driver.wait_until_idle(page)
    page.get_by_role("button", name="Make it a commitment").click()
    expect(page.get_by_text("added to the action plan.")).to_be_visible()
    driver.wait_until_idle(page)
    preview = driver.main_area(page).get_by_role("img", name=CAPTION)  # staff see it before it is public
    expect(preview).to_be_visible()
    assert preview.get_attribute("src").startswith("data:image/jpeg;base64,")
    expect(page.get_by_text(f"Photo 1: {CAPTION} (partners only)")).to_be_visible()
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Photo 1 is published: the public sees it once the walk is published.")).to_be_visible()
    driver.wait_until_idle(page)
    page.get_by_role("button", name="Complete the walk").click()
    expect(page.get_by_text("The walk is complete and published.")).to_be_visible()

    # A resident, in a context of their own, on a phone too.
    resident = new_page()
    resident.set_viewport_size(PHONE["viewport"])
    driver.open_app(resident, ward_app, "/walks", "Walks")
    main = driver.main_area(resident)
    expect(main.get_by_text("New commitment ST-", exact=False).first).to_be_visible()
    expect(main.get_by_text(FINDING).first).to_be_visible()
    image = main.get_by_role("img", name=CAPTION)
    expect(image).to_be_visible()
    route_map = driver.map_frame(resident)  # drawn with no internet: the route line, and each stop numbered
    driver.wait_for_map(route_map, len(ROUTE) + 1, ".ward-route, .ward-route-stop")
    expect(route_map.locator(".ward-route")).to_have_count(1)
    expect(route_map.locator(".ward-route-stop")).to_have_count(len(ROUTE))
    expect(route_map.locator(".ward-route-number")).to_have_text(["1", "2", "3"])
    driver.wait_until_idle(resident)
    assert driver.overflowing(resident) == {"document": 0, "main": 0, "wide": []}
    driver.screenshot(resident, "walk-public-phone")
    assert cwg.name not in main.inner_text()
    answer = resident.request.get(ward_app.url + image.get_attribute("src"))
    assert answer.ok and answer.headers["content-type"] == "image/jpeg"
    served = Image.open(io.BytesIO(answer.body()))
    assert dict(served.getexif()) == {} and not served.getexif().get_ifd(0x8825) and not served.info.get("exif")

    driver.open_app(resident, ward_app, "/plan")
    expect(driver.main_area(resident).get_by_text(FINDING).first).to_be_visible()
