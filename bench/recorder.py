"""The walk recorder on a phone's slow link: `python -m bench.recorder`.

Starts the app (fresh SQLite, as `make run` serves it), makes a walker and a walk, and drives
Chromium at 390x844 with touch over the emulated link of bench.weight (1.6 Mbit/s down,
750 kbit/s up, 150 ms).  Reported:
- the first load: from navigation to the sign-in form, with bytes and responses;
- taps to record one whole stop (a route stop chosen for the walker, the nine scores, one reason,
  felt safe, one photo, Save), counted as the script taps them; the stop is then checked
  complete, so a tap the recorder needed and the script skipped would show;
- from "Save stop" to "Sent" for a stop with one 12-megapixel photo (shrunk on the phone);
- a reload with no connection at all: from navigation to the recorder ready."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from bench.page import ROOT
from bench.table import Row, format_table
from bench.weight import PHONE as LINK, Visit, _record

GOALS = {"first load": 6.0, "reload offline": 1.0}


def _photo(path: Path) -> Path:
    """A 12-megapixel JPEG with a phone photo's texture: a lit scene (gradients) and sensor noise."""
    from PIL import Image, ImageChops

    size = (4000, 3000)
    scene = Image.merge("RGB", (Image.linear_gradient("L").resize(size), Image.radial_gradient("L").resize(size),
                                Image.linear_gradient("L").rotate(90).resize(size)))
    noise = Image.effect_noise(size, 24).convert("RGB")
    ImageChops.add(scene, noise, scale=1.4).save(path, "JPEG", quality=92)
    return path


def run() -> list[Row]:
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e import driver, scenes, server
    from tests.e2e.accounts import add_account
    from tests.e2e.conftest import PHONE

    rows = []
    with tempfile.TemporaryDirectory() as tmp, \
            server.running(ROOT / "app.py", Path(tmp) / "state", env={"MAP_TILES": "none"}) as app:
        walk = scenes.plan(app, "Bench walk")
        account = add_account(app, "cwg")
        photo = _photo(Path(tmp) / "IMG_4000x3000.jpg")
        with sync_playwright() as playwright:
            context = playwright.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"), executable_path=driver.CHROMIUM, headless=True,
                args=driver.LAUNCH_ARGS, **PHONE)
            page = context.pages[0] if context.pages else context.new_page()
            visit = Visit(0.0)
            _record(context, page, visit, LINK)
            start = time.perf_counter()
            page.goto(f"{app.url}/recorder/")
            expect(page.locator("#sign-in")).to_be_visible(timeout=60_000)
            first = time.perf_counter() - start
            rows.append(Row("Recorder first load, 1.6 Mbit/s 150 ms", "", f"{first:.2f} s", goal="< 6 s",
                            met=first < GOALS["first load"]))
            page.wait_for_timeout(500)
            rows.append(Row("  its bytes and responses", "", f"{visit.wire / 1e3:.0f} kB, {len(visit.files)}"))

            form = page.locator("#sign-in-form")
            form.get_by_label("Account name").fill(account.name)
            form.get_by_label("Password").fill(account.password)
            form.get_by_role("button", name="Sign in").tap()
            expect(page.locator("#recording")).to_be_visible(timeout=60_000)
            page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=60_000)
            page.locator("#walk").select_option(str(walk.id))

            taps = 0

            def tap(locator):
                nonlocal taps
                locator.tap()
                taps += 1

            for i in range(9):
                tap(page.locator("#scores fieldset").nth(i).get_by_role("button").nth(1))
            tap(page.locator("#reasons").get_by_role("button", name="Badly lit"))
            tap(page.locator("#felt").get_by_role("button", name="Unsafe"))
            taps += 2  # "Add a photo", then the camera's shutter (the file is given as the camera would)
            page.locator("#photo-input").set_input_files(str(photo))
            expect(page.locator("#photos li")).to_have_count(1, timeout=60_000)
            start = time.perf_counter()
            tap(page.get_by_role("button", name="Save stop"))
            card = page.locator("#outbox .card").first
            expect(card.locator(".state")).to_have_text("Sent", timeout=120_000)
            sent = time.perf_counter() - start
            expect(card).to_contain_text("9 of 9 scored")
            rows.append(Row("Taps to record one stop", "", str(taps), goal="as few as it needs"))
            rows.append(Row("Save to sent, one 12 MP photo, 1.6 Mbit/s", "", f"{sent:.2f} s"))
            rows.append(Row(f"  the photo: {photo.stat().st_size / 1e6:.1f} MB taken, kept by the server as", "",
                            f"{_sent_photo_bytes(app, walk) / 1e3:.0f} kB"))

            context.set_offline(True)
            context.route(f"{app.url}/**", lambda route: route.abort("internetdisconnected"))
            start = time.perf_counter()
            page.reload()
            expect(page.locator("#recording")).to_be_visible(timeout=60_000)
            expect(page.locator("#outbox .card")).to_have_count(1)
            offline = time.perf_counter() - start
            rows.append(Row("Recorder reload with no connection", "", f"{offline:.2f} s", goal="< 1 s",
                            met=offline < GOALS["reload offline"]))
            context.close()
    return rows


def _sent_photo_bytes(app, walk) -> int:
    from tests.e2e import scenes

    with scenes.app_store(app) as store:
        [photo] = store.photos.of_walk(walk.id)
        return len(store.photos.staff_bytes(scenes.SETTER, photo.ref))


def main() -> int:
    print(format_table(run()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
