"""A gating case on phones (390x844, touch): a planner records the consultation with MOPAC, gives notice
of the proposed order (refused until its text is recorded) and records two representations; a resident, in
a context of their own, reads the stage in plain words, "Have your say by ..." with how to respond and the
proposed order's text as typed (on the site panel and on its own page), and the counts, never a name or an
address; the planner records how each was considered and the decision, and the resident reads that."""
from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from geo import clock
from geo.gating.stages import Consultee, Stage
from geo.model import describe_date
from tests.e2e import driver, scenes
from tests.e2e.accounts import signed_in

pytestmark = pytest.mark.e2e

SITE, SITE_ID, GATE = "Tolmer's Square", "tolmers-square", "Square's east gate"
NAMES = ("Ann Example", "Bob Sample")
ADDRESSES = ("3 Tolmer's Square, NW1", "Unit 2, Hampstead Road")
EARLIER = {  # what the case recorded before the browser takes over: every item up to the access check
    "detrimental_effect": "Drug dealing in the passage at night.", "persistent": "Weekly reports since 2019.",
    "justified": "Lighting alone did not stop it.", "effect_adjoining": "Residents keep fobs.",
    "effect_locality": "Walkers use Hampstead Road.", "alternative_route": "Hampstead Road, one minute longer.",
    "dwellings_only_access": "0", "adjoining_access": "Fobs for every back door.", "premises_access": "None",
}
# The proposed order as the planner types it, a term a line; the markup in it is text to be shown as typed.
ORDER = ("Place: the passage from Hampstead Road to Tolmer's Square.",
         "Restriction: the gate is locked from 8pm to 6am; <b>no through route</b> at night.",
         "Exemptions: residents, utilities and the emergency services.",
         "Duration: 3 years from the day the order is made.")


@pytest.fixture(autouse=True, scope="module")
def _first_visit(ward_app, browser):
    driver.first_visit(browser, ward_app)


@pytest.fixture
def case(ward_app):
    """Tolmer's Square's east gate, access checked, with three of the four statutory consultations."""
    with scenes.app_store(ward_app) as store:
        case = store.gating.open_case(scenes.SETTER, SITE_ID, gate=GATE, position="At the Hampstead Road entrance",
                                      closes="The passage from Hampstead Road", problem="Dealing at night")
        for stage in (Stage.CONDITIONS, Stage.CONSIDERATIONS, Stage.ACCESS_CHECKED):
            names = [i.name for i in stage.step.items]
            case = store.gating.record_items(scenes.SETTER, case.id, {n: EARLIER[n] for n in names},
                                             expected_version=case.version)
            case = store.gating.advance(scenes.SETTER, case.id, expected_version=case.version)
        for consultee in (Consultee.POLICE, Consultee.COMMUNITY, Consultee.OWNERS):
            case = store.gating.add_consultation(scenes.SETTER, case.id, consultee, consulted_on="2026-11-02",
                                                 addresses=30 if consultee is Consultee.OWNERS else 0,
                                                 response="Supports a gate", expected_version=case.version)
        return case


def fill_date(page, label: str, value) -> None:
    """Type a date into Streamlit's date field (year, month and day segments), as a keyboard would."""
    field = page.get_by_role("group", name=label, exact=True)
    driver.scroll_into_view(field)
    field.get_by_role("spinbutton").first.click()
    page.keyboard.type(value.strftime("%Y%m%d"))
    page.keyboard.press("Tab")
    driver.wait_until_idle(page)


def press(page, name: str, sentence: str) -> None:
    button = page.get_by_role("button", name=name, exact=True)
    driver.scroll_into_view(button)
    button.tap()
    try:
        expect(page.get_by_text(sentence).first).to_be_visible(timeout=30_000)
    except AssertionError:
        driver.screenshot(page, "gating-case-phone-failed")
        said = page.get_by_test_id("stAlertContainer").all_inner_texts()
        raise AssertionError(f"after {name!r}, not {sentence!r} but: {said}") from None
    driver.wait_until_idle(page)


def planner_on_the_case(phone, app) -> None:
    driver.open_app(phone, app, "/report")
    driver.open_sidebar(phone)
    signed_in(phone, app, "planning")
    driver.open_sidebar(phone)
    driver.go_to(phone, "Gating reviews", "Gating reviews")
    driver.close_sidebar(phone)
    driver.choose(phone, "Site", SITE)
    expect(phone.get_by_role("heading", name=f"{GATE}: Access check")).to_be_visible()


def representation(phone, who: str, gist: str, name: str, address: str) -> None:
    driver.choose(phone, "Who made it", who)
    phone.get_by_label("Gist of the representation", exact=True).fill(gist)
    phone.get_by_label("Name of who made it (never public)", exact=True).fill(name)
    phone.get_by_label("Their address (never public)", exact=True).fill(address)
    press(phone, "Record this representation", "The representation is recorded")


def consider(phone, gist: str, who: str, words: str) -> None:
    """Say how one representation was considered; the notice names which (the one before said the same words)."""
    block = phone.get_by_test_id("stExpander").filter(has_text=gist)
    box = block.get_by_label("How the representation was considered", exact=True)
    driver.open_expander(phone, gist, box)
    box.fill(words)
    button = block.get_by_role("button", name="Save how it was considered")
    driver.scroll_into_view(button)
    driver.wait_until_idle(phone)
    button.tap()
    expect(phone.get_by_text(f"received on {describe_date(clock.today().isoformat())} ({who}) was considered is "
                             "recorded")).to_be_visible(timeout=30_000)
    driver.wait_until_idle(phone)


def resident_panel(phone, app):
    driver.open_app(phone, app, f"/?site={SITE_ID}", "Regent's Park ward safety map")
    main = driver.main_area(phone)
    expect(main.get_by_role("heading", name=SITE, exact=True)).to_be_visible()
    return main


def test_a_planner_records_consultation_representations_and_a_decision_and_a_resident_reads_them(
        ward_app, case, new_phone):
    today = clock.today()
    close = today + timedelta(days=14)
    planner, resident = new_phone(), new_phone()
    planner_on_the_case(planner, ward_app)

    driver.choose(planner, "Consulted", "The local policing body (MOPAC)")
    planner.get_by_label("Their response", exact=True).fill("MOPAC supports the order.")
    press(planner, "Record this consultation", "The consultation with the local policing body (MOPAC) is recorded")
    press(planner, "Mark “Consultation”", f"{GATE} is now at “Consultation”")

    fill_date(planner, "Notice given on", today - timedelta(days=7))
    planner.get_by_label("Where to see a copy of the proposed order", exact=True).fill(
        "Crowndale Centre reception, 218 Eversholt Street")
    fill_date(planner, "Representations close on", close)
    press(planner, "Save these items", "items are recorded")
    press(planner, "Mark “Notice and representations”",  # refused: the order's text is missing
          "cannot be marked “Notice and representations” yet. Record the text of the proposed order")
    expect(planner.get_by_label("Where to see a copy of the proposed order", exact=True)).to_have_value(
        "Crowndale Centre reception, 218 Eversholt Street")  # what was saved is still on the form
    order = planner.get_by_label("Text of the proposed order", exact=True)
    driver.scroll_into_view(order)
    order.fill("\n".join(ORDER))
    press(planner, "Save these items", "items are recorded")
    expect(planner.get_by_label("Text of the proposed order", exact=True)).to_have_value("\n".join(ORDER))
    press(planner, "Mark “Notice and representations”", f"{GATE} is now at “Notice and representations”")
    representation(planner, "Adjoining occupier", "Worried about deliveries", NAMES[0], ADDRESSES[0])
    representation(planner, "Business", "Vans need to reach the yard", NAMES[1], ADDRESSES[1])
    expect(planner.get_by_text("2 representations: 1 from adjoining occupiers, 1 from businesses.")).to_be_visible()
    driver.screenshot(planner, "gating-case-phone")

    main = resident_panel(resident, ward_app)
    expect(main.get_by_text(f"{GATE} (At the Hampstead Road entrance): The proposed order has been published")
           ).to_be_visible()
    say = f"Have your say by {describe_date(close.isoformat())}."
    expect(main.get_by_text(say, exact=True)).to_be_visible()
    row = main.get_by_role("row").filter(has_text=SITE).filter(has_text=GATE)
    expect(row).to_contain_text(f"{GATE}: The proposed order has been published")  # the map's list of sites
    expect(row).to_contain_text(say)
    expect(main.get_by_text("To respond: Community Safety Team (Camden Council).")).to_be_visible()
    expect(main.get_by_text("See a copy of the proposed order: Crowndale Centre reception, 218 Eversholt Street."))\
        .to_be_visible()
    expect(main.get_by_text("2 representations: 1 from adjoining occupiers, 1 from businesses.")).to_be_visible()
    expect(main.get_by_text(f"{GATE}: Notice and representations").first).to_be_visible()  # the public history
    proposed = main.get_by_test_id("stExpander").filter(has_text=f"The proposed order for {GATE}")
    for term in ORDER:  # each term a paragraph, the markup as typed
        expect(proposed.get_by_text(term, exact=True)).to_be_visible()
    expect(proposed.locator("b")).to_have_count(0)
    link = proposed.get_by_role("link", name="Read the proposed order on a page of its own")
    href = link.get_attribute("href")
    assert href == f"/opendata/proposed-orders/{case.ref}.html"
    driver.scroll_into_view(main.get_by_text(say, exact=True))
    resident.screenshot(path=str(driver.SCREENSHOTS / "gating-resident-proposed-order.png"))  # the phone's screen
    driver.screenshot(resident, "gating-resident-phone")
    page_text = main.inner_text()
    assert not [w for w in (*NAMES, *ADDRESSES, "Worried about deliveries") if w in page_text]
    assert driver.overflowing(resident) == {"document": 0, "main": 0, "wide": []}

    document = new_phone()  # the order's own page, as the link opens it
    document.goto(ward_app.url + href)
    expect(document.get_by_role("heading", level=1, name=f"Proposed order: {GATE} at {SITE}")).to_be_visible()
    for term in (*ORDER, f"Have your say by {describe_date(close.isoformat())}."):
        expect(document.get_by_text(term, exact=True)).to_be_visible()
    expect(document.locator("main b")).to_have_count(0)
    driver.screenshot(document, "gating-proposed-order-page")
    assert document.evaluate("() => document.documentElement.scrollWidth") <= 390

    consider(planner, "Worried about deliveries", "adjoining occupier", "Deliveries by fob; accepted.")
    consider(planner, "Vans need to reach the yard", "business", "A gate wide enough for vans, by code.")
    fill_date(planner, "Representations close on", today - timedelta(days=1))
    planner.get_by_label("Decision", exact=True).fill("Make the order: gate the east entrance.")
    fill_date(planner, "Decided on", today)
    planner.get_by_label("Decided by (team or committee)", exact=True).fill("Cabinet member for community safety")
    press(planner, "Save these items", "items are recorded")
    press(planner, "Mark “Decision”", f"{GATE} is now at “Decision”")

    main = resident_panel(resident, ward_app)
    expect(main.get_by_text(f"{GATE} (At the Hampstead Road entrance): Comments have closed and the council "
                            "has decided.")).to_be_visible()
    expect(main.get_by_text("2 representations: 1 from adjoining occupiers, 1 from businesses.")).to_be_visible()
    expect(main.get_by_text("Have your say by")).to_have_count(0)
    # the order's box goes with "Have your say"; the stage history carries on (it keeps what the notice said)
    expect(main.get_by_test_id("stExpander").filter(has_text=f"The proposed order for {GATE}")).to_have_count(0)
    page_text = main.inner_text()
    assert not [w for w in (*NAMES, *ADDRESSES) if w in page_text]
