"""Start the app on a fresh database, open a page in headless Chromium with no
internet, wait for the map to draw, and save a PNG.

    .venv/bin/python scripts/screenshot.py                    # app.py, /, 7 features
    .venv/bin/python scripts/screenshot.py --path /plan --features 0 --out artifacts/screenshots/plan.png
"""
from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e import driver, server  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--script", type=Path, default=ROOT / "app.py", help="Streamlit script to run (default app.py)")
    parser.add_argument("--path", default="/", help="URL path to open (default /)")
    parser.add_argument("--features", type=int, default=7, help="map features to wait for; 0 means no map (default 7)")
    parser.add_argument("--out", type=Path, default=driver.SCREENSHOTS / "map.png", help="PNG to write")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=1200)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="ward-screenshot-") as state, \
            server.running(args.script, Path(state)) as app, sync_playwright() as playwright:
        browser = driver.launch(playwright)
        context, refused = driver.offline_context(browser, viewport={"width": args.width, "height": args.height})
        page = context.new_page()
        page.goto(app.url + "/" + args.path.lstrip("/"))
        if args.features:
            drawn = driver.wait_for_map(driver.map_frame(page), args.features)
            print(f"the map drew {drawn} features")
        else:
            page.wait_for_load_state("networkidle")
        page.wait_for_timeout(500)  # let the last layout settle
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out), full_page=True)
        browser.close()
    print(f"wrote {args.out} ({len(refused)} requests to other hosts refused)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
