"""The partner teams keep their own commitments, on phones (390x844, touch): the Safer
Neighbourhood Team marks ST-3 in progress, the hotspot team marks ST-1 done with a photo as
evidence, and a resident, in a context of their own, reads the change: the plan's counts,
the history naming the team and never the person, whom to call, and Open311 closed."""
from __future__ import annotations

import io
import json
import re
import urllib.request

import pytest
from PIL import Image
from playwright.sync_api import expect

from tests.e2e import driver
from tests.e2e.accounts import signed_in

pytestmark = pytest.mark.e2e

SNT_WORDS = "Two extra patrols a week on the estate since November (e2e)."
HOTSPOT_WORDS = "Patrols doubled; the stairwell at Clarkson Row is clear (e2e)."


@pytest.fixture(autouse=True, scope="module")
def _first_visit(ward_app, browser):
    driver.first_visit(browser, ward_app)


def _evidence_photo() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    exif.get_ifd(0x8825).update({1: "N", 2: (51.0, 31.0, 39.0), 3: "W", 4: (0.0, 8.0, 17.0)})
    out = io.BytesIO()
    Image.new("RGB", (640, 480), (90, 90, 90)).save(out, "JPEG", exif=exif)
    return out.getvalue()


def _our_commitments(phone, app, team: str | None, role: str = "partner"):
    driver.open_app(phone, app, "/report")
    driver.open_sidebar(phone)
    account = signed_in(phone, app, role, team)
    driver.open_sidebar(phone)
    driver.go_to(phone, "Our commitments", "Our commitments")
    driver.close_sidebar(phone)
    return account


def _set_status(phone, cid: str, status: str, words: str, photo: bytes | None = None) -> None:
    block = phone.locator(f".st-key-commitment_{cid}")
    tab = block.get_by_role("tab", name="Change status")
    driver.scroll_into_view(tab)
    tab.tap()
    panel = block.get_by_role("tabpanel").filter(has=phone.get_by_role("button", name="Save status"))
    panel.get_by_text(status, exact=True).tap()
    panel.get_by_label("What to say about it", exact=True).fill(words)
    if photo is not None:
        panel.locator('input[type="file"]').set_input_files(
            files=[{"name": "stairwell.jpg", "mimeType": "image/jpeg", "buffer": photo}])
        driver.wait_until_idle(phone)
    panel.get_by_role("button", name="Save status").tap()
    expect(block.get_by_text(f"{cid.upper()} is now “{status}”")).to_be_visible(timeout=30_000)
    driver.wait_until_idle(phone)


def _summary(page) -> str:
    return driver.main_area(page).locator("p").filter(has_text=re.compile(r"^\d+ commitments:")).inner_text()


def test_lead_teams_update_their_commitments_on_phones_and_a_resident_reads_it(ward_app, new_phone):
    resident = new_phone()
    driver.open_app(resident, ward_app, "/plan", "Partnership Action Plan")
    before = _summary(resident)

    snt_phone = new_phone()
    snt = _our_commitments(snt_phone, ward_app, "snt")
    expect(snt_phone.get_by_text("ST-1 ·")).to_have_count(0)  # the hotspot team's, not theirs
    assert driver.overflowing(snt_phone) == {"document": 0, "main": 0, "wide": []}
    _set_status(snt_phone, "st-3", "In progress", SNT_WORDS)
    shown = snt_phone.evaluate("""() => [...document.querySelectorAll(
        '.st-key-commitment_st-3 [data-testid="stRadioOption"]')]
        .map(el => el.getBoundingClientRect().height).filter(h => h > 0)""")
    assert len(shown) >= 9 and min(shown) >= 44  # the nine statuses, each a comfortable tap
    driver.screenshot(snt_phone, "our-commitments-phone")

    hotspot_phone = new_phone()
    hotspot = _our_commitments(hotspot_phone, ward_app, "hotspot")
    _set_status(hotspot_phone, "st-1", "Done", HOTSPOT_WORDS, photo=_evidence_photo())

    # The resident, on their own phone: the counts moved, the history names teams, whom to call.
    driver.open_app(resident, ward_app, "/plan", "Partnership Action Plan")
    after = _summary(resident)
    assert after != before and "1 done" in after, (before, after)
    st1 = driver.main_area(resident).get_by_text("ST-1 · Done.")
    expect(st1).to_be_visible()
    expander = driver.main_area(resident).locator('[data-testid="stExpander"]').filter(has_text="Whom to call").first
    expander.get_by_text("What we will do, whom to call, and progress").tap()
    expect(driver.main_area(resident).get_by_text("Camden Council Hotspot Team").first).to_be_visible()
    evidence = driver.main_area(resident).get_by_role("img", name="Evidence photo for this update")
    expect(evidence).to_be_visible()
    assert driver.broken_images(resident) == []
    driver.screenshot(resident, "action-plan-phone")

    driver.open_app(resident, ward_app, "/changes", "What changed")
    history = driver.main_area(resident).inner_text()
    assert "Regent's Park Safer Neighbourhood Team (police)" in history and "Camden Council Hotspot Team" in history
    assert snt.name not in history and hotspot.name not in history
    assert SNT_WORDS in history

    with urllib.request.urlopen(f"{ward_app.url}/open311/v2/requests/st-1.json", timeout=10) as reply:
        request = json.load(reply)[0]
    assert request["status"] == "closed" and request["status_notes"] == f"Done: {HOTSPOT_WORDS}"
    assert hotspot.name not in json.dumps(request)


def _app_store(app):
    """The running app's own store (its SQLite file in STATE_DIR), as a walker's phone would write to it."""
    from geo.db import Store
    from geo.settings import load
    from geo.sites.ward import load_ward
    from tests.e2e.server import ROOT

    settings = load({"STATE_DIR": str(app.state_dir), "DATABASE_URL": ""})
    return Store.open(settings.database_url, load_ward(ROOT / "data"), settings=settings)


def test_a_re_walk_not_fixed_reopens_a_commitment_marked_done_in_the_app(ward_app, new_phone):
    from datetime import date, time

    from geo.model import User
    from geo.status import Role
    from geo.walks.walkabout import Parameter, Phase, RouteStop, StopEntry
    from tests.e2e.accounts import add_account

    safety_phone = new_phone()
    safety = _our_commitments(safety_phone, ward_app, None, "community_safety")
    _set_status(safety_phone, "st-8", "Done", "Ten residents joined the Resident Safety Panel (e2e).")

    walker = add_account(ward_app, "cwg")
    organiser, recorder = User(safety.name, Role.COMMUNITY_SAFETY), User(walker.name, Role.CWG)
    with _app_store(ward_app) as store:  # the re-walk, recorded and promoted as the walk pages do
        walk = store.walks.plan(organiser, title="Re-walk (e2e)", on=date(2026, 12, 1), starts=time(18, 30),
                                phase=Phase.AFTER_DARK, route=(RouteStop("george-mews", 0, 0, ""),))
        found = store.walks.record_stop(recorder, walk.id, StopEntry(
            0, None, None, None, scores={Parameter.LIGHTING: 1}, finding="The panel's lamp is still out (e2e)"))
        store.walks.promote(organiser, found.id, expected_version=found.version, progress_on="st-8",
                            progress="The lamp is still out", reopen="not_fixed")

    resident = new_phone()
    driver.open_app(resident, ward_app, "/plan?commitment=st-8", "Partnership Action Plan")
    expect(driver.main_area(resident).get_by_text("ST-8 · Re-opened: not fixed")).to_be_visible()
    driver.open_map(resident, ward_app, "/?site=george-mews", None)
    expect(driver.main_area(resident).get_by_text("Re-opened: not fixed").first).to_be_visible()
    with urllib.request.urlopen(f"{ward_app.url}/open311/v2/requests/st-8.json", timeout=10) as reply:
        request = json.load(reply)[0]
    assert request["status"] == "open" and request["status_notes"].startswith("Re-opened: not fixed")
