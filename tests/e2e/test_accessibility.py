"""Accessibility in a real browser: axe-core on every public page (the page
and the map inside its iframe), and every site's details reached with the
keyboard alone."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.e2e import driver, server
from tests.public_pages import MAP_PATH, PUBLIC_PAGES

pytestmark = pytest.mark.e2e

AXE_JS = server.ROOT / "node_modules" / "axe-core" / "axe.min.js"  # npm devDependency; `make setup` installs it
FAILING_IMPACTS = ("serious", "critical")
SITES = {
    "george-mews": "George Mews", "exmouth-mews": "Exmouth Mews", "tolmers-square": "Tolmer's Square",
    "mornington-street": "Mornington Street", "threefields": "Threefields", "clarkson-row": "Clarkson Row",
    "lindale-play-area": "Lindale play area",
}
MAP_TITLE = "Regent's Park ward safety map"
SITE_LIST = "Choose a site to see its details"

# Nodes left out of the axe run: the narrowest selector, and why.  Keep it short.
EXCLUDED: list[tuple[str, str]] = []


@pytest.fixture(autouse=True, scope="module")
def _first_visit(ward_app, browser):
    driver.first_visit(browser, ward_app)


def axe_violations(target) -> list[dict]:
    """Run axe-core in `target` (a page or a frame) on its own document; return
    the serious and critical violations."""
    if not AXE_JS.exists():
        pytest.fail(f"{AXE_JS.relative_to(server.ROOT)} is missing: run `make setup`.")
    if not target.evaluate("() => typeof window.axe === 'object'"):
        target.add_script_tag(path=str(AXE_JS))
    context = {"exclude": [[selector] for selector, _ in EXCLUDED]} if EXCLUDED else None
    found = target.evaluate(
        "async ([context, options]) => (await axe.run(context || document, options)).violations",
        [context, {"iframes": False, "resultTypes": ["violations"]}],
    )
    return [v for v in found if v["impact"] in FAILING_IMPACTS]


def describe(violations: list[dict], where: str) -> str:
    lines = [f"{len(violations)} serious or critical axe violation(s) in {where}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"    at {' '.join(map(str, node['target']))}: {node['html'][:160]}")
            lines.append(f"       {summary[:400]}")
    return "\n".join(lines)


def _map_drawn(page):
    frame = driver.map_frame(page)
    driver.wait_for_map(frame, len(SITES), driver.SITE_MARKER)
    return frame


def _chart_drawn(page):
    # Vega draws in steps; wait until the points are in, so axe sees the finished chart.
    page.locator('[data-testid="stVegaLiteChart"] svg .role-mark path').first.wait_for(state="attached")
    return None


def _site_chosen(page):
    frame = _map_drawn(page)
    driver.choose(page, SITE_LIST, "Tolmer's Square")
    expect(driver.main_area(page).get_by_role("heading", name="Tolmer's Square", exact=True)).to_be_visible()
    return frame


def _sign_in_open(page):
    if not page.get_by_test_id("stSidebar").get_by_text("Staff sign-in").is_visible():  # folded on a phone
        page.get_by_test_id("stExpandSidebarButton").click()
    page.get_by_test_id("stSidebar").get_by_text("Staff sign-in").click()
    expect(page.get_by_test_id("stSidebar").get_by_role("button", name="Sign in")).to_be_visible()
    return None


def _any_map_drawn(page):
    driver.wait_for_maps(page)
    return driver.map_frame(page) if page.locator(driver.MAP_IFRAME).count() else None


def _route_drawn(page):
    frame = driver.map_frame(page)
    driver.wait_for_map(frame, 2, ".ward-route, .ward-route-stop")  # the line and a stop, at least
    return frame


# What to wait for or do first on a public page, by its address (else: any map drawn).
PREPARE = {MAP_PATH: _map_drawn, "/crime": _chart_drawn, "/walks": _route_drawn}
PAGES = [
    # (id, path, title, prepare; returns the map frame, if any): every public page, two after a click
    *[(name, path, title, PREPARE.get(path, _any_map_drawn)) for name, path, title in PUBLIC_PAGES],
    ("map-with-a-site-chosen", MAP_PATH, MAP_TITLE, _site_chosen),
    ("staff-sign-in-form", "/report", "How to report a problem", _sign_in_open),
]


SIZES = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("size", list(SIZES))
@pytest.mark.parametrize("name, path, title, prepare", PAGES, ids=[p[0] for p in PAGES])
def test_public_pages_have_no_serious_axe_violations(ward_app, published_walk, page, name, path, title, prepare,
                                                      size):
    page.set_viewport_size(SIZES[size])
    driver.open_app(page, ward_app, path, title)
    frame = prepare(page)
    driver.wait_until_idle(page)
    failures = []
    for target, where in [(page, f"{path} ({name})"), (frame, f"the map iframe on {path} ({name})")]:
        if target is not None:
            violations = axe_violations(target)
            if violations:
                failures.append(describe(violations, f"{where} at {size} size"))
    assert not failures, "\n\n".join(failures)


def test_every_sites_details_open_from_the_site_list_by_keyboard(ward_app, page):
    driver.open_app(page, ward_app, "/", MAP_TITLE)
    _map_drawn(page)
    driver.tab_until(page, lambda el: el["tag"] == "INPUT" and el["label"] == SITE_LIST)
    main = driver.main_area(page)
    for name in SITES.values():
        page.keyboard.press("ControlOrMeta+A")  # replace whatever the box shows
        page.keyboard.type(name)
        page.keyboard.press("Enter")
        expect(main.get_by_role("heading", name=name, exact=True)).to_be_visible()
        expect(main.get_by_text("Commitments behind these statuses")).to_be_visible()
        driver.wait_until_idle(page)
        if driver.focused(page)["label"] != SITE_LIST:  # the rerun may move focus; Tab back to the list
            driver.tab_until(page, lambda el: el["tag"] == "INPUT" and el["label"] == SITE_LIST)


def test_every_sites_details_open_from_its_map_marker_by_keyboard(ward_app, page):
    driver.open_app(page, ward_app, "/", MAP_TITLE)
    _map_drawn(page)
    main = driver.main_area(page)
    opened = []
    for _ in SITES:
        marker = driver.tab_until(page, lambda el: el["site"] in SITES and el["site"] not in opened)
        page.keyboard.press("Enter")
        expect(main.get_by_role("heading", name=SITES[marker["site"]], exact=True)).to_be_visible()
        driver.wait_until_idle(page)
        opened.append(marker["site"])
    assert sorted(opened) == sorted(SITES)
