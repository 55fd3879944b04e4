"""Make a gating case's evidence packs on a fresh seeded database and picture their first pages:
George Mews' north gate walked to "Order made", with two representations and design notes.

    .venv/bin/python scripts/pack_screenshot.py      # artifacts/packs/: both packs (HTML, PDF) and
                                                     # artifacts/screenshots/pack-{public,partners}.png

The picture is the HTML pack in headless Chromium at an A4 page's width, its first page's height."""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.e2e import driver  # noqa: E402

OUT = ROOT / "artifacts" / "packs"
A4 = {"width": 794, "height": 1123}  # CSS pixels at 96 dpi


def main() -> int:
    from geo.db import Store
    from geo.db.seed import seed_from_ward
    from geo.gating import pack
    from geo.gating.stages import Category, Stage
    from geo.model import Annotation
    from geo.reports.report_html import to_html
    from geo.reports.report_pdf import to_pdf
    from geo.settings import load
    from geo.sites.ward import load_ward
    from geo.status import Category as NoteCategory, Severity, Visibility
    from tests.gating_fixtures import FILLED, TODAY, advance, walked_to
    from tests.store_fixtures import PCDA, PLANNER, add_staff

    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as state:
        settings = load({"STATE_DIR": state})
        ward = load_ward(ROOT / "data")
        with Store.open(settings.database_url, ward, settings=settings) as store:
            seed_from_ward(store, ward)
            add_staff(store, [PLANNER, PCDA])
            case = walked_to(store, Stage.NOTICE)
            case = store.gating.record_items(PLANNER, case.id, {**FILLED[Stage.NOTICE], "partner_note":
                                             "Caretaker holds the spare keys"}, expected_version=case.version)
            case = advance(store, case)
            for category, gist in ((Category.ADJOINING, "Deliveries must still reach the back doors"),
                                   (Category.BUSINESS, "Vans need the yard")):
                case = store.gating.add_representation(PLANNER, case.id, category, received_on="2026-09-10",
                                                       gist=gist, name="Ann Example", address="3 George Mews",
                                                       expected_version=case.version)
            for r in case.representations:
                case = store.gating.consider_representation(PLANNER, case.id, r.id, "Fobs for deliveries.",
                                                            expected_version=case.version)
            for stage in (Stage.DECIDED, Stage.MADE):
                case = store.gating.record_items(PLANNER, case.id, FILLED[stage], expected_version=case.version)
                case = advance(store, case)
            for text, visibility in (("The mews entrance is dark after 9pm", Visibility.PUBLIC),
                                     ("The back fence is climbable from the bins", Visibility.PARTNERS)):
                store.add_annotation(PCDA, Annotation(None, "george-mews", None, None, NoteCategory.ACCESS_CONTROL,
                                                      Severity.HIGH, text, "Gate at the building line", visibility))
            for partners, who in ((False, "public"), (True, "partners")):
                report = pack.build(case, pack.gather(store, case, partners=partners), partners=partners,
                                    ward=ward.name, today=TODAY)
                (OUT / f"pack-{who}.html").write_bytes(to_html(report))
                (OUT / f"pack-{who}.pdf").write_bytes(to_pdf(report))
    with sync_playwright() as playwright:
        browser = driver.launch(playwright)
        for who in ("public", "partners"):
            page = browser.new_page(viewport=A4)
            page.goto((OUT / f"pack-{who}.html").as_uri())
            out = driver.SCREENSHOTS / f"pack-{who}.png"
            out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(out))  # the viewport: the first page
            print(f"wrote {out} and {OUT / f'pack-{who}.pdf'}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
