"""The HTML progress report in a real browser, at a phone's width: nothing
scrolls sideways, no table squeezes its words letter by letter, no word runs
past its card's edge, and nothing is fetched from anywhere."""
from __future__ import annotations

from datetime import date, datetime, UTC

import pytest

from geo.crime.offences import load_crime_file
from geo.reports.progress_report import build_report
from geo.reports.report_html import to_html
from tests.e2e import driver

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
NARROWEST_TEXT = 150  # px: a cell's text box on a phone is at least this wide


@pytest.fixture(scope="module")
def report_page(sites, plan, ward):
    report = build_report(sites, plan, ward, [], [], since=date(2026, 1, 1),
                          generated=datetime(2026, 11, 26, 10, 5, tzinfo=UTC),
                          crime_rows=load_crime_file(ward.path("crime"), ward.code))
    return to_html(report).decode("utf-8")


def test_the_report_reads_on_a_phone(browser, report_page):
    context, refused = driver.offline_context(browser, viewport=PHONE)
    try:
        page = context.new_page()
        page.set_content(report_page, wait_until="load")
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        widths = page.evaluate("""() => [...document.querySelectorAll('td > div')]
            .map(div => div.getBoundingClientRect().width)""")
        assert len(widths) > 100 and min(widths) >= NARROWEST_TEXT, sorted(widths)[:5]
        spilling = page.evaluate("""() => [...document.querySelectorAll('td')]
            .filter(td => td.scrollWidth > td.clientWidth + 1).map(td => td.textContent.slice(0, 60))""")
        assert spilling == []  # a long word (an email address) wraps inside its card, not past its edge
        labels = page.evaluate("""() => [...document.querySelector('table').querySelectorAll('td')]
            .slice(0, 7).map(td => getComputedStyle(td, '::before').content)""")
        assert labels == ['"Ref"', '"You asked"', '"We will do"', '"Lead officer or team"', '"Target date"',
                          '"Progress update"', '"Status"']
        assert page.evaluate("document.images[0].complete && document.images[0].naturalWidth > 0")
        driver.screenshot(page, "report-html-phone")
        assert refused == []
    finally:
        context.close()


def _walked(sites) -> list:
    """A published walk of the first three sites, every stop scored, with findings, as plain data."""
    from datetime import time

    from geo.status import Role, Severity
    from geo.walks.public_walks import PublicWalk
    from geo.walks.walkabout import Outcome, Parameter, Phase, Reason, RouteStop, StopRecord, Walk

    route = tuple(RouteStop(s.site_id, s.lon, s.lat, s.name) for s in sites[:3])
    walk = Walk(1, "k3m9qa", "February walk after dark", date(2026, 2, 19), time(18, 30), Phase.AFTER_DARK, route,
                follows=("st-8",), attendance=((Role.CWG, 4), (Role.RESIDENT, 7)), published=True, completed=True)
    stops = tuple(StopRecord(i, s.site_id, s.lon, s.lat, scores={p: i % 4 for p in Parameter},
                             reasons=(Reason.BADLY_LIT, Reason.RESTRICTED_VISIBILITY), felt_safe=False,
                             priority=Severity.HIGH, finding="Add lighting along the whole of the rear passage",
                             id=i + 1, walk_id=1, outcome=Outcome.PROGRESS, outcome_ref="st-8")
                  for i, s in enumerate(route))
    return [PublicWalk(walk, stops)]


def test_the_walks_section_reads_on_a_phone(browser, sites, plan, ward):
    report = build_report(sites, plan, ward, [], [], since=None, generated=datetime(2026, 11, 26, 10, 5, tzinfo=UTC),
                          walks=_walked(sites), draw_map=False)
    context, refused = driver.offline_context(browser, viewport=PHONE)
    try:
        page = context.new_page()
        page.set_content(to_html(report).decode("utf-8"), wait_until="load")
        page.locator("h3", has_text="February walk after dark").scroll_into_view_if_needed()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        widths = page.evaluate("""() => [...document.querySelectorAll('h3 ~ .table-wrap td > div')]
            .map(div => div.getBoundingClientRect().width)""")
        assert len(widths) == 9 and min(widths) >= NARROWEST_TEXT, sorted(widths)[:5]
        labels = page.evaluate("""() => [...document.querySelector('h3 ~ .table-wrap').querySelectorAll('td')]
            .slice(0, 3).map(td => getComputedStyle(td, '::before').content)""")
        assert labels == ['"Stop"', '"Scores (0 to 3)"', '"Finding and what it became"']
        driver.screenshot(page, "report-walks-phone")
        assert refused == []
    finally:
        context.close()
