"""The first session after a server start is like any other: a visitor arriving on a shared
link to a page that is not the map sees that page with no "Page not found" dialog, and signs in
at the first try.  Before the fix Streamlit ran that first session as a pages/-folder app
(web.navigation_from_app_py), so the dialog showed and the first sign-in was dropped.

Each test starts its own server: only a fresh one has a first session."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e import accounts, driver, server
from tests.e2e.conftest import PHONE

pytestmark = pytest.mark.e2e


@pytest.fixture
def fresh_app(tmp_path):
    with server.running(server.ROOT / "app.py", tmp_path / "state") as app:
        yield app


@pytest.fixture
def first_phone(browser):
    context, _ = driver.offline_context(browser, **PHONE)
    yield context.new_page()
    context.close()


def test_the_first_visitor_after_a_start_signs_in_at_the_first_try(fresh_app, first_phone):
    account = accounts.add_account(fresh_app, "planning")
    driver.open_app(first_phone, fresh_app, *accounts.SIGN_IN_PAGE)  # a shared link, not the map
    expect(first_phone.get_by_role("dialog")).to_have_count(0)  # no "Page not found" over the page
    driver.open_sidebar(first_phone)
    driver.sign_in(first_phone, account.name, account.password)
    sidebar = first_phone.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text(f"Signed in as {account.name}")).to_be_visible(timeout=15_000)
    expect(first_phone.get_by_role("heading", level=1, name=accounts.SIGN_IN_PAGE[1])).to_be_visible()
    driver.screenshot(first_phone, "first-session-signed-in")
