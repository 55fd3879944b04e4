"""Browser test fixtures: the app under test, headless Chromium, and a page
that cannot reach the internet.

    serve_app(script)  starts a Streamlit script once per session (fresh STATE_DIR)
    fixture_app        tests/e2e/fixture_app.py, running (a RunningApp: .url, .state_dir, .log)
    ward_app           the real app.py, running
    published_walk     a walk published in ward_app (tests/e2e/scenes.py), for the Walks page to show
    browser            Debian's Chromium, headless
    page               a context and its page, warm from an earlier test but wiped of it (tests/e2e/warm.py;
                       the fresh_browser mark gives a new one); requests to other hosts are refused
    new_page           makes more pages like it, each in a context of its own (another person)
    new_phone          the same, each on a 390x844 touch screen
    refused_requests   the URLs that page tried to fetch from other hosts
    phone_page         like `page`, on a 390x844 touch screen (and phone_refused_requests)

A failed test that used `page` leaves a screenshot in artifacts/screenshots/."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect, sync_playwright

from tests.e2e import driver, scenes, server, warm

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


@pytest.fixture(scope="session")
def _warm(browser):
    """Contexts kept between tests (tests/e2e/warm.py): a desktop window and a phone."""
    pools = {"desktop": warm.Pool(browser, viewport=VIEWPORT), "phone": warm.Pool(browser, **PHONE)}
    yield pools
    for pool in pools.values():
        pool.close()


class _Borrowed:
    """The people (warm.Person) one test takes with a `kind` browser, each another: call it for a
    person's page (new_page, new_phone), or person() for the warm.Person.  They go back to the pool
    after the test, unless it failed (then they are closed, as are those of a test marked
    fresh_browser, which are made for it)."""

    def __init__(self, request, kind: str):
        self.pool = request.getfixturevalue("_warm")[kind]
        self.node = request.node
        self.fresh = self.node.get_closest_marker("fresh_browser") is not None
        self.taken: list[warm.Person] = []

    def person(self) -> warm.Person:
        self.taken.append(self.pool.new() if self.fresh else self.pool.take())
        return self.taken[-1]

    def __call__(self):
        return self.person().page

    def leave(self, page) -> None:
        """The person with this page is done: their browser goes back to the pool now (wiped), for
        the test's next person, who is someone else to the app as a new browser would be."""
        person = next(person for person in self.taken if person.page == page)
        self.taken.remove(person)
        self._return(person, reusable=True)

    def give_back(self) -> None:
        passed = not self.node.stash.get(FAILED, False)
        for person in self.taken:
            self._return(person, reusable=passed)

    def _return(self, person: warm.Person, *, reusable: bool) -> None:
        if self.fresh:
            person.context.close()
        else:
            self.pool.give_back(person, reusable=reusable)


@pytest.fixture
def _desktop(request):
    borrowed = _Borrowed(request, "desktop")
    yield borrowed.person()
    borrowed.give_back()


@pytest.fixture
def _phone(request):
    borrowed = _Borrowed(request, "phone")
    yield borrowed.person()
    borrowed.give_back()


@pytest.fixture
def page(_desktop):
    return _desktop.page


@pytest.fixture
def phone_page(_phone):
    return _phone.page


@pytest.fixture
def phone_refused_requests(_phone) -> list[str]:
    return _phone.refused


@pytest.fixture
def new_page(request):
    """Call it for a page in a browser context of its own, offline like `page`: another
    person, with their own cookies and Streamlit session.  new_page.leave(page): that person is
    done, and their browser may serve the next call."""
    borrowed = _Borrowed(request, "desktop")
    yield borrowed
    borrowed.give_back()


@pytest.fixture
def new_phone(request):
    """Like new_page, on a 390x844 touch screen: another person's phone each call."""
    borrowed = _Borrowed(request, "phone")
    yield borrowed
    borrowed.give_back()


@pytest.fixture
def refused_requests(_desktop) -> list[str]:
    return _desktop.refused


FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        item.stash[FAILED] = True  # its browser contexts are closed, not kept for the next test
    funcargs = getattr(item, "funcargs", {})
    page = funcargs.get("page") or funcargs.get("phone_page")
    if report.when == "call" and report.failed and page is not None and not page.is_closed():
        driver.screenshot(page, f"{item.name}-failed")
    return report
