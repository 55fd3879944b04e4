"""Shared fixtures: the repository's own ward data, test data (tests/data/), and the app run in AppTest."""
from __future__ import annotations

from pathlib import Path

import pytest

from geo.plan.action_plan import load_plan
from geo.sites.ward import load_ward
from tests.store_fixtures import *  # noqa: F401,F403  (store, db_url, actors, ...)
from tests.store_fixtures import ADMIN, PCDA, PLANNER, add_staff
from tests.walk_fixtures import walked  # noqa: F401  (a fixture: the ward walked on the test's store)

ROOT = Path(__file__).resolve().parent.parent
TEST_DATA = ROOT / "tests" / "data"

SITE_NAMES = [
    "George Mews",
    "Exmouth Mews",
    "Tolmer's Square",
    "Mornington Street",
    "Threefields",
    "Clarkson Row",
    "Lindale play area",
]


@pytest.fixture(autouse=True, scope="session")
def _components_scanned_once():
    """Each new AppTest scans every installed package's metadata for Streamlit components (0.25 s,
    a third of a small page test); the packages cannot change during a run, so the first answer is
    kept.  (Streamlit is imported here for it, once per test process.)"""
    from functools import cache

    from streamlit.components.v2 import manifest_scanner

    scan = manifest_scanner.scan_component_manifests
    manifest_scanner.scan_component_manifests = cache(scan)
    yield
    manifest_scanner.scan_component_manifests = scan


@pytest.fixture(autouse=True)
def _close_the_process_stores():
    """Each test's pages and routes open their own database's store (geo.process); close them after."""
    from geo import process

    yield
    process.close_all()


@pytest.fixture(scope="session")
def ward():
    return load_ward(ROOT / "data")


@pytest.fixture(scope="session")
def plan(ward):
    return load_plan(ward.path("plan"))


@pytest.fixture
def cli_env(monkeypatch, tmp_path):
    """Commands read settings from the environment: a fresh SQLite file under tmp_path."""
    from geo.settings import load

    monkeypatch.setenv("STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setenv("WARD_DATA_DIR", str(ROOT / "data"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return load()


@pytest.fixture
def app(tmp_path, monkeypatch, fast_hashing, _templates):
    """A fresh app on a fresh SQLite database holding accounts for PLANNER, PCDA and ADMIN
    (password STAFF_PASSWORD); call it with a page and an optional signed-in user.
    Streamlit is imported here, not at the top, so tests of geo/ never load it."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from geo.db import Store
    from geo.settings import load

    monkeypatch.setenv("STATE_DIR", str(tmp_path))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("MAP_TILES", "none")
    st.cache_resource.clear()
    url = _templates.sqlite_copy(tmp_path / "ward.db")  # migrated already; the app's start finds it so
    assert url == load().database_url
    with Store.open(url) as store:  # accounts only: the app's first start loads the sites
        add_staff(store, [PLANNER, PCDA, ADMIN])

    def run(page: str | None = None, user=None) -> AppTest:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
        if user is not None:
            at.session_state["signed_in_user"] = user
        at.run()
        if page:
            at.switch_page(page)
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    yield run
    st.cache_resource.clear()


def text_of(at) -> str:
    """Every piece of text an AppTest run shows, Markdown escapes removed."""
    parts = [e.value for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                                  "error", "success") for e in getattr(at, kind)]
    parts += [e.label for e in at.expander]
    for table in at.table:
        parts += [str(v) for v in table.value.to_numpy().ravel()] + [str(c) for c in table.value.columns]
    parts += [" ".join(html_tree(e.value).itertext()) for e in at.html]
    return "\n".join(parts).replace("\\", "")


VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def html_tree(body: str):
    """st.html's body as an ElementTree element (a <div> around it), its <style> left out."""
    from html.parser import HTMLParser
    from xml.etree.ElementTree import TreeBuilder

    class Builder(HTMLParser):
        def __init__(self):
            super().__init__(convert_charrefs=True)
            self.tree = TreeBuilder()
            self.in_style = False

        def handle_starttag(self, tag, attrs):
            self.in_style = tag == "style"
            self.tree.start(tag, {k: v or "" for k, v in attrs})
            if tag in VOID:
                self.tree.end(tag)

        def handle_endtag(self, tag):
            self.in_style = False
            if tag not in VOID:
                self.tree.end(tag)

        def handle_data(self, data):
            if not self.in_style:
                self.tree.data(data)

    builder = Builder()
    builder.tree.start("div", {})
    builder.feed(body)
    builder.close()
    builder.tree.end("div")
    return builder.tree.close()


def tap_maps(monkeypatch, lat: float, lng: float) -> None:
    """Every map on a page answers as if tapped at (lat, lng): AppTest cannot click a map.  The
    resident map goes through ui.map_component, the staff maps through st_folium itself."""
    import streamlit_folium

    from ui import map_component

    tapped = {"last_clicked": {"lat": lat, "lng": lng}}
    monkeypatch.setattr(streamlit_folium, "st_folium", lambda *a, **k: tapped)
    monkeypatch.setattr(map_component, "show", lambda *a, **k: tapped)


def html_tables_of(at) -> list[list[dict[str, str]]]:
    """The HTML tables an AppTest run shows (ui/show.py, table_html), as a person reads them: a list
    of rows each, a row a dict from column heading to the cell's text."""
    found = []
    for element in at.html:
        for table in html_tree(element.value).iterfind(".//div[@class='ward-table']/table"):
            heads = ["".join(th.itertext()) for th in table.iterfind("thead/tr/th")]
            found.append([dict(zip(heads, ("".join(td.itertext()) for td in tr.iterfind("td")), strict=True))
                          for tr in table.iterfind("tbody/tr")])
    return found


def history_of(at) -> list[dict]:
    """The history lists an AppTest run shows (ui/history_list.py), as a person reads them: one dict
    per entry, newest first, with its site (if shown), when, who, changes (one sentence each) and why."""
    found = []
    for element in at.html:
        for block in html_tree(element.value).iterfind(".//ol[@class='ward-history']/li"):
            texts = {p.get("class"): "".join(p.itertext()).strip() for p in block.iterfind("p")}
            meta = block.find("p[@class='ward-history-meta']")
            found.append({
                "site": texts.get("ward-history-site", ""),
                "when": meta.find("time").text,
                "datetime": meta.find("time").get("datetime"),
                "who": texts["ward-history-meta"].split(" · ", 1)[1],
                "changes": ["".join(li.itertext()) for li in block.iterfind("ul/li")],
                "why": texts.get("ward-history-why", "").removeprefix("Why: "),
            })
    return found


@pytest.fixture(scope="session")
def sites(ward, plan):
    from geo.sites.sites_file import load_sites

    return load_sites(ward, plan)


def ward_with_names(tmp_path, names: list[str]):
    """A copy of the ward's data folder whose sites file has these names (the first site repeated)."""
    import json
    import shutil

    folder = tmp_path / "ward"
    shutil.copytree(ROOT / "data", folder)
    doc = json.loads((folder / "sites.geojson").read_text(encoding="utf-8"))
    first = doc["features"][0]
    features = []
    for i, name in enumerate(names):
        feature = json.loads(json.dumps(first))
        feature["properties"].update(site_id=f"site-{i}", name=name)
        feature.pop("id", None)
        features.append(feature)
    doc["features"] = features
    (folder / "sites.geojson").write_text(json.dumps(doc), encoding="utf-8")
    return folder
