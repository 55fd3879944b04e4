"""Headless Chromium for the browser tests and scripts/screenshot.py: launching
it offline, and finding the map streamlit-folium draws in its iframe."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"  # Debian's; Playwright's own browser download cannot work here
# No internet: every host but this machine goes through a proxy that is not there (port 9, discard),
# so the request fails at once.  Not Playwright's request routing: that turns the browser's cache
# off, and every page load fetched and compiled all of Streamlit's scripts again.  Chromium never
# sends localhost or 127.0.0.0/8 to a proxy.
NO_INTERNET = "--proxy-server=http://127.0.0.1:9"
LAUNCH_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", NO_INTERNET,
]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
# The map's frame, before and after the map's script names it ("Ward safety map: 7 sites").
MAP_TITLE_PREFIX = "Ward safety map"
MAP_IFRAME = f'iframe[title="streamlit_folium.st_folium"], iframe[title^="{MAP_TITLE_PREFIX}"]'
# What Leaflet draws for a feature: an SVG path (polygons, circle markers) or a marker icon.
FEATURES = ".leaflet-interactive, .leaflet-marker-icon"


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)


def offline_context(browser, **options):
    """A browser context in which every request to a host other than this machine
    fails (the browser is launched with NO_INTERNET), so a test proves the page
    works with no internet.  Returns the context and the list it appends each
    such URL to."""
    context = browser.new_context(**options)
    refused: list[str] = []
    context.on("request", lambda request: None if is_local(request.url) else refused.append(request.url))
    return context, refused


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS


def map_frame(page, timeout: float = 30_000):
    """The frame inside streamlit-folium's iframe (the first map on the page)."""
    return page.wait_for_selector(MAP_IFRAME, state="attached", timeout=timeout).content_frame()


def wait_for_map(frame, count: int, selector: str = FEATURES, timeout: float = 30_000) -> int:
    """Wait until Leaflet has drawn at least `count` features in `frame` and every
    stylesheet and image there has loaded; return how many features it drew.
    On a timeout, fail with what was drawn and which files did not load."""
    try:
        frame.wait_for_function(
            """([selector, count]) =>
                document.querySelectorAll(selector).length >= count
                && [...document.querySelectorAll('link[rel="stylesheet"]')].every(link => link.sheet)
                && [...document.images].every(img => img.complete)""",
            arg=[selector, count], timeout=timeout,
            polling=100,  # not "raf": Chromium sometimes stops animation frames in the map's iframe
        )
    except PlaywrightTimeoutError:
        drawn, failed, pending = frame.evaluate(
            """selector => [document.querySelectorAll(selector).length,
                performance.getEntriesByType("resource")
                    .filter(r => !r.responseStatus || r.responseStatus >= 400)
                    .map(r => `${r.responseStatus || "failed"} ${r.name}`),
                [...document.images].filter(img => !img.complete).map(img => `image ${img.src}`)
                    .concat([...document.querySelectorAll('link[rel="stylesheet"]')]
                        .filter(link => !link.sheet).map(link => `stylesheet ${link.href}`))]""",
            selector,
        )
        raise AssertionError(
            f"the map drew {drawn} of {count} features in {timeout / 1000:.0f}s; "
            f"still loading: {pending or 'nothing'}; files that did not load: {failed or 'none'}"
        ) from None
    return frame.evaluate("selector => document.querySelectorAll(selector).length", selector)


def wait_for_maps(page, count: int = 1) -> None:
    """Wait until every map on the page (there may be none) has drawn at least `count` features."""
    frames = page.locator(MAP_IFRAME)
    for i in range(frames.count()):
        wait_for_map(frames.nth(i).element_handle().content_frame(), count)


def broken_images(frame) -> list[str]:
    """Images from this machine in `frame` that loaded with nothing to show.
    (Map tiles from other hosts are refused offline, so they are left out.)"""
    srcs = frame.evaluate("[...document.images].filter(i => i.complete && !i.naturalWidth).map(i => i.src)")
    return [src for src in srcs if is_local(src)]


SCREENSHOTS = Path(__file__).resolve().parent.parent.parent / "artifacts" / "screenshots"


def screenshot(page, name: str | Path, *, tallest: int = 8000, to: Path | None = None) -> Path:
    """Save the whole page as artifacts/screenshots/NAME.png (git-ignored), or to `to` (or NAME if
    it is a Path).  A Streamlit page scrolls inside its main area, not the document, so the
    window is made as tall as that area (up to `tallest` pixels) for the shot."""
    path = to or (name if isinstance(name, Path) else SCREENSHOTS / f"{name}.png")
    path.parent.mkdir(parents=True, exist_ok=True)
    size = page.viewport_size
    height = page.evaluate("() => document.querySelector('[data-testid=\"stMain\"]')?.scrollHeight || 0")
    if not size or height <= size["height"]:
        page.screenshot(path=str(path), full_page=True)
        return path
    page.set_viewport_size({"width": size["width"], "height": min(height, tallest)})
    try:
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)
    return path


# --- Streamlit pages: reruns are asynchronous, so wait on what a user would see ---

SITE_MARKER = ".leaflet-marker-icon.ward-site"
NOTE_MARKER = ".leaflet-marker-icon.ward-note"


def wait_until_idle(page, timeout: float = 30_000) -> None:
    """Wait until the app is connected, no script run is in progress and every
    widget has replaced its loading placeholder (Streamlit fetches the code of
    date inputs, download buttons, charts... on first use).  Call it after the
    text an action produces has appeared, not instead of waiting for it: just
    after a click the next run may not have started yet."""
    page.wait_for_selector(
        '[data-testid="stApp"][data-test-connection-state="CONNECTED"][data-test-script-state="notRunning"]',
        state="attached", timeout=timeout,
    )
    # Nor any element left over from the run before (Streamlit shows it, marked stale, until
    # the new run has drawn its own): a locator could otherwise find the old and the new.
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stSkeleton\"], [data-stale=\"true\"]')",
        polling=100, timeout=timeout)


_visited: set[str] = set()


def first_visit(browser, app) -> None:
    """Open the app's default page once per server, in a context of its own.
    Streamlit showed a "Page not found" dialog over the right page when a new
    server's first visitor arrived on another page's address
    (streamlit/streamlit#9992); web.navigation_from_app_py has fixed that, and
    tests/e2e/test_first_session.py proves it, so this is now only a warm-up."""
    if app.url in _visited:
        return
    context, _ = offline_context(browser)
    try:
        page = context.new_page()
        open_app(page, app, "/")
    finally:
        context.close()
    _visited.add(app.url)


def open_app(page, app, path: str = "/", heading: str | None = None) -> None:
    """Go to `path` and wait for the page's title (its h1) to show."""
    page.goto(app.url + "/" + path.lstrip("/"))
    title = page.get_by_role("heading", level=1, name=heading) if heading else page.get_by_role("heading", level=1)
    title.first.wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)


def main_area(page):
    return page.get_by_test_id("stMain")


def scroll_into_view(locator) -> None:
    """Scroll `locator` into view and let the scroll events fire.  Streamlit's
    select boxes close their list on any scroll, so a click that scrolls first
    can open the list and see it shut straight away.  A rerun that replaces the
    element mid-scroll (Streamlit redraws a form after a save) is tried again."""
    for attempt in range(3):
        try:
            locator.scroll_into_view_if_needed()
            break
        except PlaywrightError as exc:
            if "not attached" not in str(exc) or attempt == 2:
                raise
    locator.page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")


def choose(page, label: str, option: str, *, attempts: int = 3) -> None:
    """Pick `option` in the Streamlit select box labelled `label`, by mouse."""
    box = page.get_by_role("combobox", name=label, exact=True)  # "Site", not "Site here, if it is one"
    item = page.get_by_role("option", name=option, exact=True)
    for attempt in range(attempts):
        scroll_into_view(box)
        box.click()
        try:
            item.click(timeout=3_000)
        except PlaywrightTimeoutError:
            if attempt == attempts - 1:
                raise
            page.keyboard.press("Escape")
            continue
        break
    expect(box).to_have_value(option)


def open_expander(page, title: str, shows) -> None:
    """Open the expander called `title` until `shows` (a locator inside it) is visible once the app is idle.
    A rerun that lands just after the tap (a component's first answer, under load) can draw the expander
    anew, closed: it is opened again."""
    summary = page.get_by_test_id("stExpander").filter(has_text=title).locator("summary")
    for attempt in range(3):
        wait_until_idle(page)
        if shows.is_visible():
            return
        scroll_into_view(summary)
        summary.click()
        try:
            expect(shows).to_be_visible(timeout=10_000)
        except AssertionError:
            if attempt == 2:
                raise
    wait_until_idle(page)
    expect(shows).to_be_visible()


def sign_in(page, name: str, password: str) -> None:
    """Fill in and send the sidebar's staff sign-in form (whatever the outcome)."""
    sidebar = page.get_by_test_id("stSidebar")
    sidebar.get_by_text("Staff sign-in").click()
    sidebar.get_by_label("Account name", exact=True).fill(name)
    sidebar.get_by_label("Password", exact=True).fill(password)
    sidebar.get_by_role("button", name="Sign in").click()


def open_map(page, app, path: str = "/", heading: str | None = None, sites: int = 7):
    """Open a page that shows the ward map and wait until its `sites` site markers are drawn;
    returns the map's frame."""
    open_app(page, app, path, heading)
    frame = map_frame(page)
    wait_for_map(frame, sites, SITE_MARKER)
    return frame


def save_gating_review(page, site: str, *, status: str | None = None, **fields: str) -> None:
    """As a signed-in planner: open Gating reviews, choose `site` (and `status`), fill each
    field (label=value, e.g. **{"Gating decision": "..."}), save, and wait for "Saved."."""
    go_to(page, "Gating reviews", "Gating reviews")
    choose(page, "Site", site)
    if status:
        choose(page, "Gating status", status)
    for label, value in fields.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="Save gating review").click()
    expect(page.get_by_text(f"Saved. {site} gating is now")).to_be_visible()


def go_to(page, link: str, heading: str) -> None:
    """Follow a sidebar navigation link and wait for the new page's title."""
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=link).click()
    page.get_by_role("heading", level=1, name=heading).wait_for(state="visible", timeout=30_000)
    wait_until_idle(page)


def open_sidebar(page) -> None:
    """On a phone the sidebar starts folded away: open it."""
    if not page.get_by_test_id("stSidebarNav").is_visible():
        page.get_by_test_id("stExpandSidebarButton").click()
        expect(page.get_by_test_id("stSidebarNav")).to_be_visible()


def close_sidebar(page) -> None:
    """On a phone the open sidebar covers the page: fold it away."""
    sidebar = page.get_by_test_id("stSidebar")
    if sidebar.get_attribute("data-collapsed") == "false":
        sidebar.hover()
        page.get_by_test_id("stSidebarCollapseButton").locator("button").click()
        expect(sidebar).to_have_attribute("data-collapsed", "true")


OVERFLOWING = """() => {
    const width = document.documentElement.clientWidth;
    const page = document.querySelector('[data-testid="stMain"]');
    const wide = [...page.querySelectorAll("*")].filter(el => el.getBoundingClientRect().right > width + 0.5)
        .map(el => `${el.tagName.toLowerCase()} ${el.getAttribute("data-testid") || ""} "${(el.innerText || "").slice(0, 40)}"`);
    return {document: document.documentElement.scrollWidth - width, main: page.scrollWidth - page.clientWidth,
            wide: wide.slice(0, 10)};
}"""


def overflowing(page) -> dict:
    """How far the page reaches past the window's right edge (document and main area, in pixels:
    0 on a page that fits) and up to ten elements that stick out.  For phones."""
    return page.evaluate(OVERFLOWING)


# --- the map in its iframe ---

def site_marker(frame, site_id: str):
    return frame.locator(f'{SITE_MARKER}[data-site-id="{site_id}"]')


def choose_layer(frame, name: str) -> None:
    """Switch the map to the base layer `name` ("Fencing status") in the layer control."""
    frame.get_by_role("radio", name=name).check()


def click_marker(page, frame, site_id: str) -> None:
    """Click a site marker.  The map's iframe is first scrolled wholly into view:
    otherwise Playwright scrolls Streamlit's main area during the click and the
    click lands beside the marker."""
    page.locator(MAP_IFRAME).first.evaluate("el => el.scrollIntoView({block: 'center'})")
    site_marker(frame, site_id).click()


FOCUSED = """() => {
    let el = document.activeElement;
    while (el && el.tagName === "IFRAME" && el.contentDocument) { el = el.contentDocument.activeElement; }
    return el ? {tag: el.tagName, label: el.getAttribute("aria-label") || "", site: el.getAttribute("data-site-id") || "",
                 testid: el.getAttribute("data-testid") || "", text: (el.textContent || "").trim().slice(0, 80)} : null;
}"""


def focused(page) -> dict:
    """What has the keyboard focus, looking inside iframes: tag, aria-label, data-site-id, data-testid, text."""
    return page.evaluate(FOCUSED)


def tab_until(page, matches, *, limit: int = 60, key: str = "Tab") -> dict:
    """Press Tab (or `key`) until `matches(focused(page))` is true; fail after `limit` presses."""
    seen = []
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        if now and matches(now):
            return now
        seen.append(now and (now["label"] or now["testid"] or now["tag"]))
    raise AssertionError(f"{limit} presses of {key} never reached the element; focus went through {seen}")
