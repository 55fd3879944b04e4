"""Start the app on a fresh database, open a page in headless Chromium with no
internet, wait for the map to draw, and save a PNG of the whole page.

    .venv/bin/python scripts/screenshot.py                    # app.py, /, 7 features
    .venv/bin/python scripts/screenshot.py --path /plan --features 0 --out artifacts/screenshots/plan.png
    .venv/bin/python scripts/screenshot.py --tour             # every resident screen, phone and desktop

The tour first makes two planners' saves (so history has something to show),
then shoots each of TOUR on a 390x844 touch phone and at 1280x900, as
artifacts/screenshots/tour-{phone,desktop}-NAME.png.

On a phone (390x844, touch), with walks in the database first:

    .venv/bin/python scripts/screenshot.py --phone --scene walks --path /walks --features 12 \\
        --out artifacts/screenshots/walk-public-phone.png
    .venv/bin/python scripts/screenshot.py --phone --scene walks --sign-in cwg --link "Record a walk" \\
        --features 0 --out artifacts/screenshots/walk-recording-phone.png
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e import driver, scenes, server  # noqa: E402
from tests.e2e.accounts import signed_in  # noqa: E402
from tests.e2e.conftest import PHONE  # noqa: E402

# (name, path, map features to wait for)
TOUR = [
    ("map", "/", 7),
    ("site-panel", "/?site=george-mews", 7),
    ("action-plan", "/plan", 0),
    ("report-a-problem", "/report", 0),
    ("what-changed", "/changes", 0),
    ("crime", "/crime", 0),
]
SIZES = {"phone": PHONE, "desktop": {"viewport": {"width": 1280, "height": 900}}}
SCENES = {
    "walks": "a published four-stop walk (scores, a closed finding, a photo) and a walk waiting to be recorded",
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--script", type=Path, default=ROOT / "app.py", help="Streamlit script to run (default app.py)")
    parser.add_argument("--path", default="/", help="URL path to open (default /)")
    parser.add_argument("--features", type=int, default=7, help="map features to wait for; 0 means no map (default 7)")
    parser.add_argument("--out", type=Path, default=driver.SCREENSHOTS / "map.png", help="PNG to write")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1200)
    parser.add_argument("--phone", action="store_true", help="a 390x844 touch screen (ignores --width, --height)")
    parser.add_argument("--scene", choices=SCENES, help="put this in the database first: "
                        + "; ".join(f"{k}: {v}" for k, v in SCENES.items()))
    parser.add_argument("--sign-in", metavar="ROLE", help="sign in first, as a new account with this role (e.g. cwg)")
    parser.add_argument("--link", help="then follow this link in the sidebar (staff pages have no address of "
                        "their own); the page's title must be the link's words")
    parser.add_argument("--tour", action="store_true", help="shoot every resident screen at both sizes")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ward-screenshot-") as state, \
            server.running(args.script, Path(state)) as app, sync_playwright() as playwright:
        if args.scene == "walks":
            scenes.published_walk(app)
            scenes.plan(app, scenes.TO_RECORD_TITLE)
        if args.tour:
            _some_history(app)
        browser = driver.launch(playwright)
        driver.first_visit(browser, app)  # a new server's first visitor on another page gets "Page not found"
        if args.tour:
            for size, options in SIZES.items():
                for name, path, features in TOUR:
                    _shoot(browser, app, path, features, f"tour-{size}-{name}", options)
            browser.close()
            return 0
        screen = PHONE if args.phone else {"viewport": {"width": args.width, "height": args.height}}
        context, refused = driver.offline_context(browser, **screen)
        page = context.new_page()
        _open(page, app, args)
        if args.features:
            drawn = driver.wait_for_map(driver.map_frame(page), args.features)
            print(f"the map drew {drawn} features")
        driver.wait_until_idle(page)
        page.wait_for_timeout(500)  # let the last layout settle
        driver.screenshot(page, args.out.stem, to=args.out)
        browser.close()
    print(f"wrote {args.out} ({len(refused)} requests to other hosts refused)")
    return 0


def _open(page, app, args) -> None:
    if args.sign_in:
        if args.phone:  # the sidebar, and its sign-in box, starts folded away on a phone
            driver.open_app(page, app, "/report")
            driver.open_sidebar(page)
        signed_in(page, app, args.sign_in)
        if args.link:
            driver.open_sidebar(page)
            driver.go_to(page, args.link, args.link)
            if args.phone:
                driver.close_sidebar(page)
            return
    driver.open_app(page, app, args.path)


def _shoot(browser, app, path: str, features: int, out: Path | str, options: dict) -> None:
    """Open `path` and save the whole page (its main area's full height): to `out` if it is a Path,
    else as artifacts/screenshots/OUT.png."""
    context, refused = driver.offline_context(browser, **options)
    page = context.new_page()
    page.goto(app.url + "/" + path.lstrip("/"))
    if features:
        drawn = driver.wait_for_map(driver.map_frame(page), features)
        print(f"{path}: the map drew {drawn} features")
    page.get_by_role("heading", level=1).first.wait_for(state="visible", timeout=30_000)
    driver.wait_until_idle(page)
    page.wait_for_timeout(500)  # let the last layout settle
    out = driver.screenshot(page, out)
    context.close()
    print(f"wrote {out} ({len(refused)} requests to other hosts refused)")


def _some_history(app: server.RunningApp) -> None:
    """Two planners' saves at George Mews, through the store, as the Gating reviews page makes them."""
    from geo.commands import open_store
    from geo.model import GatingReview, User
    from geo.plan.action_plan import load_plan
    from geo.settings import load
    from geo.status import Role, Status, Topic
    from geo.sites.ward import load_ward
    from tests.e2e.accounts import add_account

    planner = User(add_account(app, "planning").name, Role.PLANNING)
    os.environ.update(STATE_DIR=str(app.state_dir), DATABASE_URL="")
    ward = load_ward(ROOT / "data")
    with open_store(load(), ward, load_plan(ward.path("plan"))) as store:
        site = store.site("george-mews")
        site = store.save_gating_review(
            planner, site.site_id, status=Status.UNDER_REVIEW, detail=site.state(Topic.GATING).detail,
            review=GatingReview(options="Two gates at the north end, or fob access for residents",
                                consultation_date="2026-03-03"),
            expected_version=site.version, reason="Options drawn up after the February walk")
        store.save_gating_review(
            planner, site.site_id, status=Status.CONFIRMED, detail="Gates agreed with residents in May.",
            review=GatingReview(options="Two gates at the north end, or fob access for residents",
                                consultation_date="2026-03-03", decision="Two gates at the north end"),
            expected_version=site.version, reason="Consultation closed")



if __name__ == "__main__":
    sys.exit(main())
