"""Lighting and fencing are kept like gating, on a phone (390x844, touch): a member of the team
that leads ST-8 (Community Safety) marks Lindale play area's fencing done with a reason, and a
resident, in a context of their own, taps the site on the map and reads "Fencing: Done"."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e import driver
from tests.e2e.accounts import signed_in

pytestmark = pytest.mark.e2e

MAP_TITLE = "Regent's Park ward safety map"
REASON = "Fence finished and checked on the re-walk (e2e)."


def test_a_lead_team_marks_fencing_done_and_a_resident_sees_it_on_the_map(ward_app, new_phone):
    partner = new_phone()
    driver.open_app(partner, ward_app, "/report")
    driver.open_sidebar(partner)
    signed_in(partner, ward_app, "partner", "community_safety")
    driver.open_sidebar(partner)
    driver.go_to(partner, "Lighting and fencing", "Lighting and fencing")
    driver.close_sidebar(partner)
    main = driver.main_area(partner)
    main.get_by_text("Fencing", exact=True).tap()
    driver.choose(partner, "Site", "Lindale play area")
    driver.choose(partner, "Fencing status", "Done")
    main.get_by_label("Reason for the change", exact=True).fill(REASON)
    save = main.get_by_role("button", name="Save fencing")
    driver.scroll_into_view(save)
    save.tap()
    expect(main.get_by_text("Lindale play area fencing is now “Done”")).to_be_visible(timeout=30_000)
    driver.screenshot(partner, "lighting-fencing-saved-phone")

    resident = new_phone()
    frame = driver.open_map(resident, ward_app, "/", MAP_TITLE)
    box = driver.site_marker(frame, "lindale-play-area").bounding_box()
    resident.touchscreen.tap(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    panel = driver.main_area(resident)
    expect(panel.get_by_role("heading", name="Lindale play area", exact=True)).to_be_visible()
    expect(panel.get_by_text("Fencing:", exact=True).first.locator("xpath=..")).to_contain_text("Done")
