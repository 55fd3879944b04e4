"""I felt unsafe here, on phones (390x844, touch), each resident in a browser context of their own: five
report at George Mews from the site list and a square appears with 5 and their reasons; a sixth taps the
map at a lonely spot, and is counted only in the rest of the ward.  No websocket frame the server sends the
sixth phone, or a seventh that only looks, carries the point tapped (to 4 decimal places) or the moment.
Screenshots: the form filled in, and the aggregate layer with its table."""
from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect

from geo.voice.voice_map import COLOUR
from tests.e2e import driver

pytestmark = pytest.mark.e2e

PATH, TITLE = "/feel-unsafe", "I felt unsafe here"
MIN_SECONDS = 3  # VOICE_MIN_SECONDS' default: a person takes at least this long to choose
SQUARE = f'path.leaflet-interactive[fill="{COLOUR}"]'  # a published square on the map


@pytest.fixture(autouse=True, scope="module")
def _first_visit(ward_app, browser):
    driver.first_visit(browser, ward_app)


def _frames(phone) -> tuple[list[str], list[str]]:
    """(frames the server sent, frames the phone sent) on the page's websocket, as text."""
    received, sent = [], []

    def text(payload) -> str:
        return payload.decode("latin-1") if isinstance(payload, bytes) else payload

    phone.on("websocket", lambda ws: (ws.on("framereceived", lambda p: received.append(text(p))),
                                      ws.on("framesent", lambda p: sent.append(text(p)))))
    return received, sent


def _open(phone, app):
    driver.open_app(phone, app, PATH, TITLE)
    frame = driver.map_frame(phone)
    frame.wait_for_selector(".leaflet-container")
    return frame, time.monotonic()


def _fill(phone, *reasons: str) -> None:
    main = driver.main_area(phone)
    for reason in reasons:
        box = main.get_by_text(reason, exact=True)
        driver.scroll_into_view(box)
        box.tap()
    main.get_by_text("After dark", exact=True).tap()
    main.get_by_text("This month", exact=True).tap()


def _send(phone, opened: float) -> None:
    time.sleep(max(0.0, MIN_SECONDS + 0.5 - (time.monotonic() - opened)))  # at a person's pace, not a script's
    button = phone.get_by_role("button", name="Send my report")
    driver.scroll_into_view(button)
    button.tap()
    expect(phone.get_by_text("Thank you. Your report is counted in the 100 m square at")).to_be_visible(
        timeout=30_000)
    driver.wait_until_idle(phone)


def _table(phone) -> list[list[str]]:
    rows = driver.main_area(phone).get_by_test_id("stTable").last.locator("tbody tr")
    return [[c.strip() for c in r.locator("th, td").all_inner_texts()] for r in rows.all()]


def test_five_residents_make_a_square_and_a_lonely_sixth_is_counted_only_in_the_ward(ward_app, new_phone):
    for i in range(5):
        phone = new_phone()
        _, opened = _open(phone, ward_app)
        driver.choose(phone, "Or choose a site instead", "George Mews")
        _fill(phone, "Badly lit", "Being followed")
        if i == 0:
            assert driver.overflowing(phone) == {"document": 0, "main": 0, "wide": []}
            driver.screenshot(phone, "voice-form-phone")
        _send(phone, opened)
        new_phone.leave(phone)  # the next resident's is another phone to the app (its browser wiped)

    sixth = new_phone()
    received, sent = _frames(sixth)
    frame, opened = _open(sixth, ward_app)
    expect(frame.locator(SQUARE)).to_have_count(1)
    expect(frame.locator(".voice-count")).to_have_text("5")
    mapped = sixth.locator(driver.MAP_IFRAME).first
    mapped.evaluate("el => el.scrollIntoView({block: 'center'})")
    box = mapped.bounding_box()
    sixth.touchscreen.tap(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.25)  # the ward's north-west
    expect(sixth.get_by_text(re.compile(r"Where: 100 m square at TQ \d{3} \d{3}, as you tapped"))).to_be_visible(
        timeout=30_000)
    tapped = _tapped_point(sent)
    mapped.evaluate("el => el.scrollIntoView({block: 'center'})")
    driver.wait_for_map(driver.map_frame(sixth), 1)  # redrawn with the square chosen
    sixth.screenshot(path=str(driver.SCREENSHOTS / "voice-tapped-phone.png"))
    _fill(sixth, "Rundown")
    _send(sixth, opened)
    moment = datetime.now(UTC)
    rows = _table(sixth)
    assert [r[1] for r in rows] == ["5", "1", "6"]
    assert rows[0][0].startswith("100 m square at TQ") and rows[0][2] == "Badly lit 5 · Being followed 5"
    assert rows[1][0].startswith("Elsewhere in the ward") and "Rundown" not in " ".join(sum(rows, []))
    new_phone.leave(sixth)  # what it sent and received is kept in `sent` and `received`

    seventh = new_phone()  # someone who only looks
    seen, _ = _frames(seventh)
    frame, _ = _open(seventh, ward_app)
    expect(frame.locator(SQUARE)).to_have_count(1)  # the lonely report makes no square of its own
    expect(frame.locator(".voice-count")).to_have_text("5")
    seventh.locator(driver.MAP_IFRAME).first.evaluate("el => el.scrollIntoView({block: 'center'})")
    seventh.screenshot(path=str(driver.SCREENSHOTS / "voice-aggregate-phone.png"))  # the layer, as the phone shows it
    driver.screenshot(seventh, "voice-aggregate-page-phone")  # the whole page, its table included

    assert _leaks(sent, tapped, moment)  # the search finds the point where it is: in what the phone itself sent
    assert len(received) > 10 and len(seen) > 10
    assert _leaks(received + seen, tapped, moment) == []


def _tapped_point(sent: list[str]) -> tuple[float, float]:
    """The point the sixth phone's tap sent to the server (st_folium's value, in a BackMsg)."""
    for frame in reversed(sent):
        found = re.search(r'"last_clicked"\s*:\s*(\{[^}]*\})', frame.replace('\\"', '"'))
        if found:
            point = json.loads(found.group(1))
            return point["lng"], point["lat"]
    raise AssertionError("the tap on the map never reached the server")


def _leaks(frames: list[str], point: tuple[float, float], moment: datetime) -> list[str]:
    lon, lat = point
    four = [re.escape(f"{v:.4f}") + "|" + re.escape(f"{int(v * 1e4) / 1e4:.4f}") for v in (lon, lat)]
    pattern = re.compile(f"(?:{four[0]})\\d*[^0-9]{{1,24}}(?:{four[1]})|(?:{four[1]})\\d*[^0-9]{{1,24}}(?:{four[0]})")
    minutes = {(moment + timedelta(minutes=d)).strftime("%Y-%m-%dT%H:%M") for d in (-1, 0)}
    return [f"frame {i}: {hit}" for i, f in enumerate(frames)
            for hit in ([pattern.search(f) and "the point"] + [m for m in minutes if m in f]) if hit]


def test_a_resident_taps_still_a_problem_on_the_plan_on_a_phone(ward_app, new_phone):
    phone = new_phone()
    driver.open_app(phone, ward_app, "/plan", "Partnership Action Plan")
    button = phone.locator(".st-key-verdict_plan_st-1_still_a_problem").get_by_role("button")
    driver.scroll_into_view(button)
    assert button.bounding_box()["height"] >= 44
    button.tap()
    expect(phone.get_by_text('Thank you: counted as "Still a problem".')).to_be_visible(timeout=30_000)
    expect(phone.get_by_text("Residents so far: 1 says still a problem").first).to_be_visible()
    assert driver.overflowing(phone) == {"document": 0, "main": 0, "wide": []}
