"""Every page run through Streamlit's AppTest: what a person would see."""
from __future__ import annotations

from datetime import timedelta

import pytest
from streamlit.testing.v1 import AppTest

from geo import navigation
from geo.model import User
from geo.status import Role
from tests import public_pages
from tests.conftest import ROOT, SITE_NAMES, html_tables_of, html_tree, tap_maps, text_of, ward_with_names
from tests.store_fixtures import STAFF_PASSWORD, add_staff
from ui.chrome import SIGN_IN_OPEN_KEY

PLANNER = User("pat.planner", Role.PLANNING)
PCDA = User("dana.pcda", Role.PCDA)
ADMIN = User("ada.admin", Role.ADMIN)


def test_map_page_lists_every_site_with_its_statuses(app):
    at = app()
    shown = text_of(at)
    for name in SITE_NAMES:
        assert name in shown
    assert "Under review" in shown and "Confirmed to go ahead" in shown and "Concern raised" in shown
    assert "5 of 7 positions are approximate" in shown
    assert len(at.get("component_instance")) == 1  # the folium map


def test_choosing_a_site_opens_its_panel_with_commitments_and_progress(app):
    at = app()
    at.selectbox(key="site_choice").select("lindale-play-area").run()
    shown = text_of(at)
    assert "Lindale play area" in [s.value for s in at.subheader]
    assert "Confirmed to go ahead" in shown
    assert "ST-8" in shown
    assert "fencing of the play area outside Lindale (which is confirmed to go ahead)" in shown
    assert "Approximate position" in shown


def test_the_panel_offers_a_plain_link_to_share_the_site_not_a_navigation_item(app):
    at = app()
    at.selectbox(key="site_choice").select("lindale-play-area").run()
    links = [(a.get("href"), a.text) for e in at.html for a in html_tree(e.value).iter("a")]
    shared = "http://localhost:8501/map?site=lindale-play-area"  # WARD_PUBLIC_URL's default, not the Host
    assert links == [(shared, shared)]
    assert "Link to share Lindale play area:" in text_of(at)
    assert [p.proto.label for p in at.get("page_link")] == ["Report a problem at Lindale play area",
                                                           "I felt unsafe at Lindale play area"]


def test_a_click_on_the_map_chooses_the_site(app, monkeypatch):
    tap_maps(monkeypatch, 51.5267067, -0.138034)
    at = app()
    assert at.selectbox(key="site_choice").value == "george-mews"
    assert "George Mews" in [s.value for s in at.subheader]
    assert "Planning visited with residents in February 2019" in text_of(at)


def test_action_plan_page_shows_every_commitment_and_the_glossary(app, plan):
    at = app("pages/action_plan.py")
    shown = text_of(at)
    for c in plan.commitments:
        assert c.id.upper() in shown
        assert c.asked[:40] in shown
    assert "Review April 2019 (overdue)" in shown  # every 2019 target has passed without the work settled
    assert "Responsive Security Patrol" in shown and "4pm-4am" in shown
    links = [p.proto.label.replace("\\", "") for p in at.get("page_link")]
    assert "Lindale play area: lighting not recorded, fencing confirmed to go ahead" in links
    assert "George Mews: gating under review" in links


def test_report_page_says_who_to_contact_and_when(app):
    shown = text_of(app("pages/report_a_problem.py"))
    assert "communitysafety@camden.gov.uk" in shown
    assert "4pm-4am" in shown
    assert "Safer Neighbourhood Team" in shown
    assert "999" in shown
    assert "Available now" in shown or "Not available now" in shown


@pytest.mark.parametrize("spec", navigation.PUBLIC_PAGES, ids=[s.url_path for s in navigation.PUBLIC_PAGES])
def test_every_public_page_runs_and_shows_its_title(app, spec):
    assert [t.value.replace("\\", "") for t in app(spec.path).title] == [public_pages.title(spec)]


@pytest.mark.parametrize(
    "page, user, refusal",
    [
        ("pages/gating.py", None, "Only the planning team"),
        ("pages/gating.py", PCDA, "Only the planning team"),
        ("pages/positions.py", PCDA, "Only the planning team"),
        ("pages/annotations.py", PLANNER, "Only the Police Crime Prevention Design Advisor"),
        ("pages/admin.py", PLANNER, "Only administrators"),
    ],
)
def test_editor_pages_refuse_the_wrong_role(app, page, user, refusal):
    at = AppTest.from_file(str(ROOT / page), default_timeout=60)
    if user is not None:
        at.session_state["signed_in_user"] = user
    at.run()
    assert refusal in " ".join(e.value for e in at.error)


def test_planning_updates_george_mews_and_residents_see_it(app):
    at = app("pages/gating.py", PLANNER)
    at.selectbox(key="gating_site").select("george-mews").run()
    k = "gating_george-mews_v1_"
    at.selectbox(key=k + "status").select_index(3)  # Confirmed to go ahead
    at.text_input(key=k + "detail").input("Gates agreed with residents at the May meeting.")
    at.text_input(key=k + "reason").input("Consultation closed")
    at.button(key="FormSubmitter:" + k + "form-Save gating review").click().run()
    assert any("Saved" in s.value for s in at.success), [e.value for e in at.error]

    resident = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    resident.run()
    resident.selectbox(key="site_choice").select("george-mews").run()
    shown = text_of(resident)
    assert "Gates agreed with residents at the May meeting." in shown
    assert "Consultation closed" in shown  # the public timeline


PAYLOAD = "<script>alert('x')</script> **bold** `code` ${alert(1)} [link](javascript:alert(1)) :red[red]"


def raw_elements(at: AppTest) -> list[str]:
    """Every piece of Markdown the page sends, unescaped as Streamlit will render it."""
    parts = [e.value for kind in ("markdown", "caption", "info", "warning", "error", "success", "subheader")
             for e in getattr(at, kind)]
    parts += [e.label for e in at.expander]
    for table in at.table:
        parts += [str(v) for v in table.value.to_numpy().ravel()]
    return parts


def assert_shown_as_typed(at: AppTest) -> None:
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True})
    raw = [p for p in raw_elements(at) if "alert" in p]
    bodies = [e.value for e in at.html if "alert" in e.value]
    assert raw or bodies, "the payload should be shown somewhere"
    for part in raw:
        html = md.render(part)
        assert "<script" not in html and "javascript:alert" in html and 'href="javascript' not in html, part
        assert "**bold**" in html and "`code`" in html and ":red[red]" in html, part  # shown, not applied
    for body in bodies:  # history lists: HTML from a template
        assert "<script" not in body and "<a " not in body and 'href="javascript' not in body, body
        assert "<script>alert('x')</script> **bold**" in " ".join(html_tree(body).itertext())


def test_payloads_through_every_editor_field_show_exactly_as_typed(app, monkeypatch):
    at = app("pages/gating.py", PLANNER)
    at.selectbox(key="gating_site").select("threefields").run()
    k = "gating_threefields_v1_"
    at.text_input(key=k + "detail").input(PAYLOAD[:290])
    at.text_area(key=k + "note").input(PAYLOAD)
    at.text_input(key=k + "reason").input(PAYLOAD[:290])
    at.button(key="FormSubmitter:" + k + "form-Save gating review").click().run()
    assert any("Saved" in s.value for s in at.success), [e.value for e in at.error]
    case = "gc_new_threefields_"  # a gating case for a gate there (ui.gating_editor), every field the payload
    at.text_input(key=case + "gate").input(PAYLOAD[:100])
    for field in ("stands_at", "closes", "reason"):
        at.text_input(key=case + field).input(PAYLOAD[:290])
    at.text_area(key=case + "problem").input(PAYLOAD)
    at.button(key="FormSubmitter:" + case + "form-Open a case for this gate").click().run()
    assert any("A gating case for" in s.value for s in at.success), [e.value for e in at.error]

    tap_maps(monkeypatch, 51.53, -0.1425)  # Threefields
    notes = AppTest.from_file(str(ROOT / "pages/annotations.py"), default_timeout=60)
    notes.session_state["signed_in_user"] = PCDA
    notes.run()
    notes.text_area[0].input(PAYLOAD)
    notes.text_area[1].input(PAYLOAD)
    notes.radio[1].set_value(notes.radio[1].options[0])  # Public
    notes.button[0].click().run()
    assert any("Added a public note" in s.value for s in notes.success), [e.value for e in notes.error]

    resident = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    resident.run()
    assert resident.selectbox(key="site_choice").value == "threefields"  # the patched click
    assert_shown_as_typed(resident)
    shown = text_of(resident)
    assert "<script>alert('x')</script>" in shown  # the text itself, for a person to read
    resident.switch_page("pages/changes.py")
    resident.run()
    assert_shown_as_typed(resident)


def test_design_advisor_notes_public_and_partners_only(app, monkeypatch):
    tap_maps(monkeypatch, 51.5267067, -0.138034)
    for text, visibility in (("Hedge blocks sight lines", 0), ("Partners only: CCTV blind spot", 1)):
        at = AppTest.from_file(str(ROOT / "pages/annotations.py"), default_timeout=60)
        at.session_state["signed_in_user"] = PCDA
        at.run()
        at.text_area[0].input(text)
        at.radio[1].set_value(at.radio[1].options[visibility])
        at.button[0].click().run()
        assert at.success, [e.value for e in at.error]
    resident = app()
    shown = text_of(resident)
    assert "Hedge blocks sight lines" in shown
    assert "CCTV blind spot" not in shown


def _notes_page(user: User, monkeypatch) -> AppTest:
    tap_maps(monkeypatch, 51.5267067, -0.138034)  # George Mews
    at = AppTest.from_file(str(ROOT / "pages/annotations.py"), default_timeout=60)
    at.session_state["signed_in_user"] = user
    return at.run()


def test_a_new_note_is_partners_only_unless_the_advisor_chooses_public(app, monkeypatch):
    from geo.status import Visibility

    app()
    at = _notes_page(PCDA, monkeypatch)
    assert at.radio(key="new_note_visibility").value is Visibility.PARTNERS
    at.text_area(key="new_note_observation").input("Rear gate code is written on the wall")
    at.button(key="FormSubmitter:note_form-Add note").click().run()
    assert any("Added a partners only note about George Mews." in s.value.replace("\\", "") for s in at.success)
    resident = app()  # the patched click opens George Mews, where a public note would show
    assert "George Mews" in [s.value for s in resident.subheader]
    assert "Rear gate code" not in text_of(resident)


def test_the_author_withdraws_a_note_and_it_leaves_every_public_page(app, monkeypatch):
    app()
    at = _notes_page(PCDA, monkeypatch)
    at.text_area(key="new_note_observation").input("Hedge hides the path from the windows")
    at.radio(key="new_note_visibility").set_value(at.radio(key="new_note_visibility").options[0])  # Public
    at.button(key="FormSubmitter:note_form-Add note").click().run()
    resident = app()
    resident.selectbox(key="site_choice").select("george-mews").run()
    assert "Hedge hides the path" in text_of(resident)

    assert at.selectbox(key="notes_edit_choice").value is None
    at.selectbox(key="notes_edit_choice").select_index(0).run()
    note_id = at.selectbox(key="notes_edit_choice").value
    k = f"note_{note_id}_"
    at.button(key=f"FormSubmitter:{k}form-Withdraw this note").click().run()
    assert any("Reason for the change is required" in e.value for e in at.error)  # no reason, nothing withdrawn
    at.text_input(key=k + "reason").input("Names a resident's window")
    at.button(key=f"FormSubmitter:{k}form-Withdraw this note").click().run()
    assert any("no longer shown anywhere public" in s.value for s in at.success), [e.value for e in at.error]
    assert not at.exception and "withdrawn" in text_of(at)  # staff still see it, marked

    resident = app()
    resident.selectbox(key="site_choice").select("george-mews").run()
    assert "Hedge hides the path" not in text_of(resident)
    resident.switch_page("pages/changes.py")
    assert "Hedge hides the path" not in text_of(resident.run())


def test_publishing_a_note_over_someone_elses_newer_edit_keeps_what_was_typed(app, monkeypatch, ward, plan):
    from geo.commands import open_store
    from geo.settings import load

    app()
    at = _notes_page(PCDA, monkeypatch)
    at.text_area(key="new_note_observation").input("Dark corner by the bins")
    at.button(key="FormSubmitter:note_form-Add note").click().run()
    at.selectbox(key="notes_edit_choice").select_index(0).run()
    note_id = at.selectbox(key="notes_edit_choice").value
    k = f"note_{note_id}_"
    with open_store(load(), ward, plan) as store:  # an administrator saves first
        store.edit_annotation(ADMIN, note_id, expected_version=1, reason="Typo", observation="Dark corner by the bin store")
    at.text_area(key=k + "observation").input("Dark corner by the bins; lamp out")
    at.radio(key=k + "visibility").set_value(at.radio(key=k + "visibility").options[0])  # Public
    at.text_input(key=k + "reason").input("Checked again")
    at.button(key=f"FormSubmitter:{k}form-Save changes").click().run()
    assert any("was changed by ada.admin" in e.value.replace("\\", "") for e in at.error)
    assert at.text_area(key=k + "observation").value == "Dark corner by the bins; lamp out"  # kept
    assert "lamp out" not in text_of(app())

    at.button(key=k + "reload").click().run()
    assert at.text_area(key=k + "observation").value == "Dark corner by the bin store"
    at.radio(key=k + "visibility").set_value(at.radio(key=k + "visibility").options[0])
    at.text_input(key=k + "reason").input("Safe to share")
    at.button(key=f"FormSubmitter:{k}form-Save changes").click().run()
    assert any("it is public" in s.value for s in at.success), [e.value for e in at.error]
    assert "Dark corner by the bin store" in text_of(app())


def test_another_advisor_gets_no_controls_for_someone_elses_note(app, monkeypatch):
    app()
    at = _notes_page(PCDA, monkeypatch)
    at.text_area(key="new_note_observation").input("Bins block the fire exit")
    at.button(key="FormSubmitter:note_form-Add note").click().run()
    from geo.db import Store
    from geo.settings import load

    olu = User("olu.pcda", Role.PCDA)
    with Store.open(load().database_url) as store:  # a second advisor, with an account of their own
        add_staff(store, [olu])
    other = _notes_page(olu, monkeypatch)
    assert "Bins block the fire exit" in text_of(other)
    assert not [s for s in other.selectbox if s.key == "notes_edit_choice"]
    admin = _notes_page(ADMIN, monkeypatch)
    assert admin.selectbox(key="notes_edit_choice").options


def test_admin_page_lists_accounts_and_offers_imports(app):
    at = app("pages/admin.py", ADMIN)
    assert [t.label for t in at.tabs] == ["Accounts", "Teams", "Action plan spreadsheet", "Import sites",
                                         "Import crime figures", "Reports"]
    assert "Add an account" in text_of(at)


def test_open_data_page_offers_every_download(app):
    at = app("pages/open_data.py")
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == ["Sites as GeoJSON", "Sites as CSV", "Sites as GeoPackage", "Sites as Shapefile (zip)",
                      "Design notes as GeoJSON", "Design notes as CSV", "Action plan as CSV",
                      "Walks as GeoJSON", "Walk stops as GeoJSON", "Walk stops as CSV"]


def test_open_data_page_prepares_the_progress_report_in_both_formats(app):
    at = app("pages/open_data.py")
    next(b for b in at.button if b.label == "Prepare the progress report").click().run()
    assert not at.exception, [e.value for e in at.exception]
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[-2:] == ["Download the report (PDF)", "Download the report (HTML)"]
    html, pdf = at.session_state["public_report_files"]
    assert pdf.startswith(b"%PDF-") and html.startswith(b"<!DOCTYPE html>")


def _sign_in_box_alone():
    from ui.chrome import sign_in_box

    sign_in_box()


def sign_in_box_opened() -> AppTest:
    """The sidebar's sign-in box alone, opened as a staff member's tap on "Staff sign-in" opens it."""
    at = AppTest.from_function(_sign_in_box_alone, default_timeout=60).run()
    at.session_state[SIGN_IN_OPEN_KEY] = True
    return at.run()


def test_a_closed_sign_in_box_draws_no_form_so_a_residents_visit_fetches_no_text_input_code(app):
    app()
    at = AppTest.from_function(_sign_in_box_alone, default_timeout=60).run()
    assert [e.label for e in at.sidebar.expander] == ["Staff sign-in"]
    assert not at.sidebar.text_input and not at.sidebar.button
    at.session_state[SIGN_IN_OPEN_KEY] = True
    assert len(at.run().sidebar.text_input) == 2


def test_sign_in_through_the_sidebar_and_out_again(app):
    app()  # a fresh database for this test, with pat.planner's account
    # The sign-in box on its own: AppTest drops sidebar elements of an st.navigation
    # entry point on a rerun (Streamlit 1.67), though a browser keeps them.
    at = sign_in_box_opened()

    def sign_in(password):
        name, secret = at.sidebar.text_input
        name.input("pat.planner")
        secret.input(password)
        at.sidebar.button[0].click().run()

    sign_in("wrong password!")
    assert "Wrong name or password." in [e.value.replace("\\", "") for e in at.sidebar.error]  # as shown, Markdown escapes removed
    assert "signed_in_user" not in at.session_state

    sign_in(STAFF_PASSWORD)
    assert at.session_state["signed_in_user"].role is Role.PLANNING
    assert any("Signed in as" in m.value for m in at.sidebar.markdown)

    at.sidebar.button(key="sign_out").click().run()
    assert "signed_in_user" not in at.session_state
    assert not any("Signed in as" in m.value for m in at.sidebar.markdown)


def test_admin_imports_sites_after_a_preview_and_a_refused_file_changes_nothing(app, ward):
    import json

    at = app("pages/admin.py", ADMIN)
    at.file_uploader(key="sites_upload").set_value(("broken.geojson", b'{"type": "FeatureCo', "application/json"))
    at.run()
    assert any("refused and nothing was changed" in e.value for e in at.error)

    doc = json.loads(ward.path("sites").read_text())
    doc["features"][6]["properties"]["fencing_status"] = "done"
    doc["features"][6]["properties"]["fencing_detail"] = "Fence finished."
    del doc["features"][5]  # Clarkson Row
    at.file_uploader(key="sites_upload").set_value(("new.geojson", json.dumps(doc).encode(), "application/json"))
    at.run()
    preview = at.table[-1].value.to_numpy().tolist()
    assert ["changed", "lindale\\-play\\-area"] in preview and ["removed", "clarkson\\-row"] in preview
    shown = [row["Site"].removesuffix(" (approximate position)") for row in html_tables_of(app())[0]]
    assert shown == SITE_NAMES  # the map's table: nothing applied yet

    at.text_input(key="sites_reason").input("Fencing done; Clarkson Row dropped")
    at.button(key="sites_apply").click().run()
    assert any("Imported" in s.value for s in at.success), [e.value for e in at.error]
    shown = text_of(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run())
    assert "Clarkson Row" not in shown and "Done (since" in shown


def test_admin_imports_a_geopackage_and_refuses_a_zip_without_a_shapefile(app, sites):
    from dataclasses import replace

    from geo.sites import gis

    at = app("pages/admin.py", ADMIN)
    at.file_uploader(key="sites_upload").set_value(("notes.zip", b"PK\x05\x06" + bytes(18), "application/zip"))
    at.run()
    assert any("refused and nothing was changed" in e.value for e in at.error)
    assert "notes.zip holds no .shp file" in text_of(at)

    renamed = [replace(sites[0], name="George Mews car park"), *sites[1:]]
    at.file_uploader(key="sites_upload").set_value(("sites.gpkg", gis.to_gpkg(renamed), "application/octet-stream"))
    at.run()
    assert not at.error and not at.warning
    assert ["changed", "george\\-mews"] in at.table[-1].value.to_numpy().tolist()
    at.button(key="sites_apply").click().run()
    assert any("Imported" in s.value for s in at.success), [e.value for e in at.error]
    assert "George Mews car park" in text_of(AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run())


def test_admin_crime_import_refuses_another_layout_and_keeps_what_was_loaded(app):
    at = app("pages/admin.py", ADMIN)
    at.file_uploader(key="crime_upload").set_value(("other.csv", b"Borough,Count\nCamden,3\n", "text/csv"))
    at.run()
    message = " ".join(e.value for e in at.error)
    assert "missing columns" in message and "MajorText" in message and "Nothing already loaded was changed" in message
    crime = app("pages/crime.py")
    assert "to March 2026" in text_of(crime)


def test_planning_moves_a_site_and_confirms_it(app):
    at = app("pages/positions.py", PLANNER)
    at.selectbox(key="positions_site").select("threefields").run()
    k = "position_threefields_v1_"
    at.number_input(key=k + "lat").set_value(51.5301)
    at.checkbox(key=k + "confirmed").check()
    at.text_input(key=k + "reason").input("Checked on site")
    at.button(key="FormSubmitter:" + k + "form-Save position").click().run()
    assert any("history keeps the old position" in s.value for s in at.success), [e.value for e in at.error]
    resident = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert "4 of 7 positions are approximate" in text_of(resident)


def test_refusals_quoting_an_uploaded_file_name_show_it_as_typed(app):
    from markdown_it import MarkdownIt

    at = app("pages/admin.py", ADMIN)
    name = "[x](javascript:alert(1)) **b**.csv"
    at.file_uploader(key="crime_upload").set_value((name, b"Borough,Count\nCamden,3\n", "text/csv"))
    at.run()
    shown = MarkdownIt("commonmark").render(at.error[0].value)
    assert "missing columns" in shown and name in shown  # the name as typed, not a link or bold
    assert 'href="javascript' not in shown and "<strong>" not in shown


# --- user and file text stays text ----------------------------------------------

def test_a_site_name_with_markdown_is_shown_as_typed_not_as_a_link_or_image(app, tmp_path, monkeypatch):
    from markdown_it import MarkdownIt

    hostile = "![x](https://evil.example/x.png) [Report crime here](https://evil.example/)"
    monkeypatch.setenv("WARD_DATA_DIR", str(ward_with_names(tmp_path, [hostile])))
    at = app()
    at.selectbox(key="site_choice").select("site-0").run()
    heading = at.subheader[0].value
    rendered = MarkdownIt().render(heading)
    assert "<a " not in rendered and "<img" not in rendered
    assert hostile in heading.replace("\\", "")


def test_a_long_table_downloads_no_spreadsheet_formula(app, tmp_path, monkeypatch):
    names = [f'=HYPERLINK("https://evil.example/{i}","Click") @SUM(1) +1' for i in range(60)]
    monkeypatch.setenv("WARD_DATA_DIR", str(ward_with_names(tmp_path, names)))
    for page in ("pages/map.py", "pages/changes.py"):
        at = app(page)
        if page == "pages/changes.py":  # every change, the plan's own records of the 60 sites included, as a table
            at.date_input[0].set_value(None).run()
            at.toggle[0].set_value(True).run()
        else:  # the map page draws its grid once it is asked for
            at.session_state["sites_page_open"] = True
            at.run()
        assert at.dataframe, f"{page}: 60 rows should be a data grid"
        cells = [str(v) for v in at.dataframe[0].value.to_numpy().ravel()]
        assert any("HYPERLINK" in c for c in cells)
        assert not [c for c in cells if c.startswith(("=", "+", "-", "@"))]


def test_a_database_outage_shows_a_plain_page_and_recovers_by_itself(app, monkeypatch):
    import socket

    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))  # a port nobody listens on
    port = closed.getsockname()[1]
    closed.close()
    monkeypatch.setenv("DATABASE_URL", f"postgresql://ward@127.0.0.1:{port}/ward")
    at = app()
    shown = text_of(at)
    assert "The map is unavailable just now" in shown and "999" in shown
    assert not at.error and not at.exception
    monkeypatch.delenv("DATABASE_URL")  # the database is back
    at.run()
    assert not at.exception
    assert "George Mews" in text_of(at)


CRIME_GROUPS = ["Drug offences", "Violence against the person", "Burglary", "Arson and criminal damage", "Robbery",
                "Theft, including vehicle crime"]


def test_crime_page_draws_one_small_chart_per_offence_group_each_with_its_numbers(app):
    import json

    at = app("pages/crime.py")
    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert [c["description"] for c in charts] == [f"{g}: offences recorded each month" for g in CRIME_GROUPS]
    assert at.get("vega_lite_chart")[0].proto.alt == (
        "Line chart: Drug offences, offences recorded each month. The numbers are in the table below.")
    assert not [c for c in charts if {"color", "strokeDash"} & set(c["encoding"])]  # one line each: no legend
    assert [m.value.replace("\\", "") for m in at.markdown if m.value.startswith("**")] == [f"**{g}**" for g in CRIME_GROUPS]
    shown = text_of(at)
    assert "1,399 in the 12 months to March 2026, down from 1,520 in the year before." in shown  # under Theft
    assert [e.label.replace("\\", "") for e in at.expander] == [f"{g}: the numbers" for g in CRIME_GROUPS]
    drugs = at.table[0].value.map(lambda v: v.replace("\\", ""))
    assert list(drugs.columns) == ["Month", "Offences recorded"] and len(drugs) == 24  # March 2024 is not charted
    assert drugs.iloc[0].tolist() == ["April 2024", "8"] and drugs.iloc[-1].tolist() == ["March 2026", "8"]

    at.multiselect[0].set_value(["Burglary"]).run()
    assert [json.loads(c.proto.spec)["description"] for c in at.get("vega_lite_chart")] == [
        "Burglary: offences recorded each month"]


def test_admin_crime_import_refuses_months_to_come_and_files_too_large(app):
    from geo import clock
    from ui.imports import MAX_BYTES

    at = app("pages/admin.py", ADMIN)
    future = (clock.today().replace(day=28) + timedelta(days=7)).strftime("%Y%m")
    csv = (f"MajorText,MinorText,WardName,WardCode,LookUp_BoroughName,{future}\n"
           "BURGLARY,RESIDENTIAL,Regent's Park,E05013668,Camden,3\n")
    at.file_uploader(key="crime_upload").set_value(("next.csv", csv.encode(), "text/csv"))
    at.run()
    message = " ".join(e.value for e in at.error).replace("\\", "")
    assert f"column {future} is for" in message and "has not started yet" in message
    assert "Nothing already loaded was changed" in message

    big = b"x" * (MAX_BYTES + 1024 * 1024)
    at.file_uploader(key="crime_upload").set_value(("huge.csv", big, "text/csv"))
    at.run()
    message = " ".join(e.value for e in at.error).replace("\\", "")
    assert "That file is 21.0 MB; the most an import can take is 20 MB" in message
    assert "Nothing already loaded was changed" in message


def test_many_import_warnings_are_one_box_listing_twenty(app, ward):
    import json

    doc = json.loads(ward.path("sites").read_text())
    west, south, _, _ = ward.boundary.bounds
    template = doc["features"][0]
    for i in range(30):  # just outside the ward: a warning each, not an error
        feature = json.loads(json.dumps(template))
        feature["properties"].update(site_id=f"outside-{i}", name=f"Outside {i}")
        feature["id"] = f"outside-{i}"
        feature["geometry"]["coordinates"] = [round(west - 0.002, 6), round(south - 0.002 - i / 10000, 6)]
        doc["features"].append(feature)
    at = app("pages/admin.py", ADMIN)
    at.file_uploader(key="sites_upload").set_value(("many.geojson", json.dumps(doc).encode(), "application/json"))
    at.run()
    assert len(at.warning) == 1, [e.value for e in at.error]
    box = at.warning[0].value.replace("\\", "")
    assert box.startswith("30 warnings; the import can still go ahead")
    assert box.count("outside the ward boundary") == 20 and "and 10 more warnings like these." in box


def test_report_page_offers_calls_and_online_reporting_and_no_internal_ids(app):
    at = app("pages/report_a_problem.py")
    links = {b.proto.label: b.proto.url for b in at.get("link_button")}
    assert links["Call 999"] == "tel:999" and links["Call 101"] == "tel:101"
    assert "https://www.camden.gov.uk/report-it" in links.values()
    assert "https://www.met.police.uk/ro/report/" in links.values()
    assert "st-6" not in text_of(at).lower() and "From: st" not in text_of(at)


def test_the_site_panel_reads_each_gates_case_and_links_to_report_and_share(app):
    from geo.commands import open_store
    from geo.plan.action_plan import load_plan
    from geo.settings import load
    from geo.sites.ward import load_ward

    app()
    ward = load_ward(ROOT / "data")
    with open_store(load(), ward, load_plan(ward.path("plan"))) as store:
        store.gating.open_case(PLANNER, "george-mews", gate="South gate", position="At the Osnaburgh Street end",
                               closes="The mews from Osnaburgh Street", problem="Dealing at night")
    at = app()
    at.selectbox(key="site_choice").select("george-mews").run()
    shown = text_of(at)
    assert "South gate** (At the Osnaburgh Street end): A gate has been proposed here" in shown
    assert "South gate: A gate has been proposed here" in shown  # the public history: its first stage
    assert "Last updated" in shown and "Number 1 on the map" in shown
    links = {p.proto.label.replace("\\", ""): p.proto.query_string for p in at.get("page_link")}
    assert links["Report a problem at George Mews"] == "site=george-mews"
    assert at.query_params["site"] == ["george-mews"] or at.query_params["site"] == "george-mews"
