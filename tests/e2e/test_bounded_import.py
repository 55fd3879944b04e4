"""An administrator uploads a hostile GeoPackage (its sites layer a view over an endless
recursive query) on the Administration page: the page says why it was refused, nothing is
changed, and the app answers /healthz meanwhile (geo/sites/gis_worker.py)."""
from __future__ import annotations

import threading
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from geo.sites import gis
from geo.sites.gis_worker import LIMITS
from tests.e2e import accounts, driver
from tests.gis_files import endless_view_gpkg

pytestmark = pytest.mark.e2e

REFUSAL = ("the layer 'sites' is a database view, not a table, and views are not run on import; export the "
           "sites layer from your GIS again as a plain table.")


def _health_while(app, running: threading.Event) -> list[int]:
    answers: list[int] = []

    def ask():
        while running.is_set():
            try:
                with urllib.request.urlopen(app.url + "/healthz", timeout=10) as reply:
                    answers.append(reply.status)
            except OSError:
                answers.append(0)  # no answer: the test fails on it
            time.sleep(0.2)

    threading.Thread(target=ask, daemon=True).start()
    return answers


def test_an_endless_view_geopackage_is_refused_on_the_admin_page_while_the_app_answers(ward_app, page, sites):
    driver.first_visit(page.context.browser, ward_app)
    accounts.signed_in(page, ward_app, "admin")
    driver.go_to(page, "Administration", "Administration")  # a reload would start a new session
    page.get_by_role("tab", name="Import sites").click()
    running = threading.Event()
    running.set()
    answers = _health_while(ward_app, running)
    started = time.monotonic()
    try:
        page.get_by_label("Sites file").get_by_test_id("stFileUploaderDropzoneInput").set_input_files(files=[{
            "name": "sites.gpkg", "mimeType": "application/octet-stream",
            "buffer": endless_view_gpkg(gis.to_gpkg(sites))}])
        expect(driver.main_area(page).get_by_text(REFUSAL)).to_be_visible(timeout=LIMITS.seconds * 1000)
        seconds = time.monotonic() - started
    finally:
        running.clear()
    assert seconds < LIMITS.seconds and answers and set(answers) == {200}
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_role("button", name="Apply the import")).to_have_count(0)
    driver.screenshot(page, "import-endless-view-refused")
