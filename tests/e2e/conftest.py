"""Browser test fixtures: the app under test, headless Chromium, and a page
that cannot reach the internet.

    serve_app(script)  starts a Streamlit script once per session (fresh STATE_DIR)
    fixture_app        tests/e2e/fixture_app.py, running (a RunningApp: .url, .state_dir, .log)
    ward_app           the real app.py, running
    published_walk     a walk published in ward_app (tests/e2e/scenes.py), for the Walks page to show
    browser            Debian's Chromium, headless
    page               a fresh context and page; requests to other hosts are refused
    new_page           makes more pages like it, each in a context of its own (another person)
    new_phone          the same, each on a 390x844 touch screen
    refused_requests   the URLs that page tried to fetch from other hosts
    phone_page         like `page`, on a 390x844 touch screen (and phone_refused_requests)

A failed test that used `page` leaves a screenshot in artifacts/screenshots/."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e import driver, scenes, server

FIXTURE_APP = Path(__file__).with_name("fixture_app.py")
VIEWPORT = {"width": 1280, "height": 900}
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}

# Playwright's 5 s for an expectation is short for a Streamlit rerun on a loaded 2-core CI
# machine (two workers, each with its app and Chromium): a wait, never a weaker check.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def serve_app(tmp_path_factory):
    if not (server.ROOT / "static" / "vendor").is_dir():
        pytest.fail("static/vendor/ is missing, so no map can draw: run `make setup`.")
    started: dict[Path, server.RunningApp] = {}

    def serve(script: Path) -> server.RunningApp:
        script = Path(script).resolve()
        if script not in started:
            started[script] = server.start(script, tmp_path_factory.mktemp(f"state-{script.stem}"))
        return started[script]

    yield serve
    for app in started.values():
        server.stop(app)


@pytest.fixture(scope="session")
def fixture_app(serve_app) -> server.RunningApp:
    return serve_app(FIXTURE_APP)


@pytest.fixture(scope="session")
def ward_app(serve_app) -> server.RunningApp:
    return serve_app(server.ROOT / "app.py")


@pytest.fixture(scope="session")
def published_walk(ward_app):
    return scenes.published_walk(ward_app)


@pytest.fixture(scope="session")
def browser():
    if not Path(driver.CHROMIUM).exists():
        pytest.fail(f"{driver.CHROMIUM} is missing: run `make browser`.")
    with sync_playwright() as playwright:
        chromium = driver.launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture
def _offline(browser):
    context, refused = driver.offline_context(browser, viewport=VIEWPORT)
    yield context, refused
    context.close()


@pytest.fixture
def page(_offline):
    return _offline[0].new_page()


@pytest.fixture
def _offline_phone(browser):
    context, refused = driver.offline_context(browser, **PHONE)
    yield context, refused
    context.close()


@pytest.fixture
def phone_page(_offline_phone):
    return _offline_phone[0].new_page()


@pytest.fixture
def phone_refused_requests(_offline_phone) -> list[str]:
    return _offline_phone[1]


@pytest.fixture
def new_page(browser):
    """Call it for a page in a browser context of its own, offline like `page`: another
    person, with their own cookies and Streamlit session."""
    yield from _pages(browser, viewport=VIEWPORT)


@pytest.fixture
def new_phone(browser):
    """Like new_page, on a 390x844 touch screen: another person's phone each call."""
    yield from _pages(browser, **PHONE)


def _pages(browser, **options):
    contexts = []

    def make():
        context, _ = driver.offline_context(browser, **options)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def refused_requests(_offline) -> list[str]:
    return _offline[1]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    funcargs = getattr(item, "funcargs", {})
    page = funcargs.get("page") or funcargs.get("phone_page")
    if report.when == "call" and report.failed and page is not None and not page.is_closed():
        driver.screenshot(page, f"{item.name}-failed")
    return report
