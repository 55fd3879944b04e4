"""pages/map.py at 10,000 sites: a resident still finds and opens any site, by name, number,
link or a tap, and the page sends a search's matches and a page of the table, never
every site in every widget.  (Speed goals live in `make bench`; these are sizes.)"""
from __future__ import annotations

import shutil

import pytest

from geo.status import Status
from tests.conftest import SITE_NAMES, html_tables_of, tap_maps, text_of
from ui.show import PAGE_ROWS
from ui.site_picker import LIST_ALL_UP_TO, MATCHES

STATUS_LABELS = {s.label for s in Status}

MANY = 10_000


@pytest.fixture(scope="module")
def many_sites_db(tmp_path_factory, ward):
    """An SQLite file holding MANY synthetic sites (bench/sites.py), made once for the module."""
    from bench.sites import synthetic_sites
    from bench.store import seed_store

    folder = tmp_path_factory.mktemp("many-sites")
    seed_store(folder, synthetic_sites(ward, MANY))
    return folder / "ward.db"


@pytest.fixture
def many(app, tmp_path, many_sites_db):
    """`app` on a copy of that database (residents only: the staff accounts are not in it)."""
    for stale in tmp_path.glob("ward.db*"):
        stale.unlink()
    shutil.copy(many_sites_db, tmp_path / "ward.db")
    return app


def _site(n: int) -> tuple[str, str]:
    """The id and name of synthetic site number n."""
    return f"bench-{n:05d}", f"Bench site {n}"


def test_seven_sites_are_all_listed_with_no_search_box(app):
    at = app()
    assert at.selectbox(key="site_choice").options == SITE_NAMES
    assert not [t for t in at.text_input if t.key == "site_choice_search"]
    assert not at.number_input and not at.dataframe  # the whole table, as a phone shows it today
    # ...as HTML: a phone's first visit fetches none of Streamlit's table (Arrow) code for it
    assert not at.table
    (table,) = html_tables_of(at)
    assert [row["Site"].removesuffix(" (approximate position)") for row in table] == SITE_NAMES
    assert all(row[topic].split(" (since ")[0] in STATUS_LABELS for row in table for topic in ("Lighting", "Fencing"))
    assert LIST_ALL_UP_TO >= 7


def test_at_10000_sites_a_resident_finds_a_site_by_its_number_or_name_and_opens_it(many):
    at = many()
    assert len(at.selectbox(key="site_choice").options) == MATCHES  # not 10,000
    at.text_input(key="site_choice_search").input("9876").run()
    assert at.selectbox(key="site_choice").options[0] == "9876. Bench site 9876"
    at.selectbox(key="site_choice").select(_site(9876)[0]).run()
    assert at.subheader[0].value == "Bench site 9876"
    assert "Number 9876 on the map" in text_of(at)

    at.text_input(key="site_choice_search").input("bench SITE 1234").run()
    options = at.selectbox(key="site_choice").options
    assert options == ["9876. Bench site 9876", "1234. Bench site 1234"]  # the open site stays listed
    at.selectbox(key="site_choice").select(_site(1234)[0]).run()
    assert at.subheader[0].value == "Bench site 1234"

    at.text_input(key="site_choice_search").input("no such place").run()
    assert "No site's name or number matches \"no such place\"" in text_of(at)


def test_at_10000_sites_a_link_or_a_tap_opens_a_site_far_down_the_list(many, monkeypatch):
    at = many()
    at.query_params["site"] = _site(MANY)[0]
    at.run()
    assert at.selectbox(key="site_choice").value == _site(MANY)[0]
    assert at.subheader[0].value == _site(MANY)[1]

    from geo.db import Store
    from geo.settings import load

    with Store.open(load().database_url) as store:
        far = next(s for s in store.sites() if s.site_id == _site(7777)[0])
    tap_maps(monkeypatch, far.lat, far.lon)
    tapped = many()
    assert tapped.selectbox(key="site_choice").value == _site(7777)[0]
    assert "7777. Bench site 7777" in tapped.selectbox(key="site_choice").options


def test_at_10000_sites_the_table_is_shown_a_page_at_a_time_once_asked_for(many):
    at = many()
    assert not at.dataframe  # the grid's code would hold the map up: drawn only once its box is opened
    assert "Show all 10,000 sites, 100 at a time" in [e.label for e in at.expander]
    at.session_state["sites_page_open"] = True
    at.run()
    assert len(at.dataframe[0].value) == PAGE_ROWS
    assert "Sites 1 to 100 of 10,000" in text_of(at)
    last = -(-MANY // PAGE_ROWS)
    at.number_input(key="sites_page").set_value(last).run()
    shown = at.dataframe[0].value
    assert shown["Site"].str.startswith("Bench site 10000").any()
    assert f"Sites {MANY - PAGE_ROWS + 1:,} to {MANY:,} of {MANY:,}" in text_of(at)


def test_at_10000_sites_the_map_sends_under_100_bytes_a_site(many):
    at = many()
    (component,) = at.get("component_instance")
    sent = len(component.proto.json_args.encode("utf-8"))
    assert sent / MANY < 100, f"{sent:,} bytes for {MANY:,} sites"


def _map_script(at) -> str:
    (component,) = at.get("component_instance")
    return component.proto.json_args


def test_a_public_note_reaches_the_shared_map_at_once_and_leaves_it_when_withdrawn(app):
    """The map is rendered once per data revision and shared: a note written must still show next run."""
    from geo.db import Store
    from geo.model import Annotation
    from geo.settings import load
    from geo.status import Category, Severity, Visibility
    from tests.store_fixtures import PCDA

    assert "Broken lamp by the bins" not in _map_script(app())
    with Store.open(load().database_url) as store:
        note = store.add_annotation(PCDA, Annotation(None, "george-mews", None, None, Category.LIGHTING,
                                                     Severity.HIGH, "Broken lamp by the bins", "",
                                                     Visibility.PUBLIC))
    assert "Broken lamp by the bins" in _map_script(app())
    with Store.open(load().database_url) as store:
        store.withdraw_annotation(PCDA, note.id, expected_version=note.version, reason="Mended")
    assert "Broken lamp by the bins" not in _map_script(app())
