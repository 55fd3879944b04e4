"""web/: the health check, the live open-data routes and the security headers,
called in-process through the same routes, middleware and exception handlers
st.App is given (web.options), on a fresh SQLite store."""
from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
import pytest
from starlette.applications import Starlette

import web
from geo.opendata.feed import ATOM
from geo.model import Annotation
from geo.settings import load as load_settings
from geo.sites.sites_file import check_sites
from geo.status import Category, Severity, Status, Visibility
from tests.asgi import get
from geo.history import entries
from tests.store_fixtures import DATA_DIR, PCDA, PLANNER, add_staff
from web.headers import content_security_policy, tile_source

SECRET = "PARTNERS-ONLY: the side gate code is 4321"
PUBLIC_NOTE = "The rear passage has no working lamp."
OGL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
ROUTES = {
    "/opendata/sites.geojson": "application/geo+json",
    "/opendata/sites.csv": "text/csv",
    "/opendata/design-notes.geojson": "application/geo+json",
    "/opendata/design-notes.csv": "text/csv",
    "/opendata/action-plan.json": "application/json",
    "/opendata/action-plan.csv": "text/csv",
    "/opendata/walks.geojson": "application/geo+json",
    "/opendata/walk-stops.geojson": "application/geo+json",
    "/opendata/walk-stops.csv": "text/csv",
    "/opendata/gating-cases.json": "application/json",
    "/opendata/proposed-orders/gate-1.html": "text/html",  # George Mews' first case: its order not yet published
    "/feeds/changes.atom": "application/atom+xml",
    "/feeds/sites/george-mews.atom": "application/atom+xml",
    "/open311/v2/services.json": "application/json",
    "/open311/v2/requests.json": "application/json",
    "/open311/v2/requests/st-8.json": "application/json",
    "/open311/v2/requests/gate-1.json": "application/json",  # George Mews' first gating case, from the first start
}


def _serve(settings):
    options = web.options(settings)
    app = Starlette(routes=options["routes"], middleware=options["middleware"],
                    exception_handlers=options["exception_handlers"])
    return app, options["lifespan"].__self__  # the Opener behind the lifespan


@pytest.fixture
def served(store_settings, fast_hashing, _templates):
    # Migrated already (a copy of the test process's migrated database), not yet seeded: the app's
    # first start seeds it.  Migrating from nothing is tests/test_migrations.py's, and cost 0.2 s a test.
    assert _templates.sqlite_copy(store_settings.state_dir / "ward.db") == store_settings.database_url
    app, opener = _serve(store_settings)
    add_staff(opener.get().store, [PCDA, PLANNER])  # every write re-reads its author's account
    yield app, opener.get().store
    opener.close()


def _note(observation: str, visibility: Visibility) -> Annotation:
    return Annotation(None, "george-mews", None, None, Category.LIGHTING, Severity.HIGH, observation,
                      observation, visibility)


@pytest.fixture
def noted(served):
    """The app after the design advisor added one public and one partners-only note."""
    app, store = served
    store.add_annotation(PCDA, _note(PUBLIC_NOTE, Visibility.PUBLIC))
    store.add_annotation(PCDA, _note(SECRET, Visibility.PARTNERS))
    return served


def test_the_health_check_says_ok_when_the_database_answers(served):
    reply = get(served[0], "/healthz")
    assert (reply.status, reply.text) == (200, "ok")


def test_without_a_database_the_routes_answer_503_with_a_sentence(tmp_path):
    settings = load_settings({"STATE_DIR": str(tmp_path), "WARD_DATA_DIR": str(DATA_DIR),
                              "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/ward"})
    app, opener = _serve(settings)
    health, data = get(app, "/healthz"), get(app, "/opendata/sites.geojson")
    assert health.status == 503 and "cannot be reached" in health.text
    assert data.status == 503 and data.text.startswith("The database cannot be reached just now")
    assert "Traceback" not in health.text + data.text
    opener.close()


@pytest.mark.parametrize("path, media_type", ROUTES.items())
def test_every_route_serves_its_document_with_validators_and_licence(noted, path, media_type):
    reply = get(noted[0], path)
    assert reply.status == 200, reply.text
    assert reply.headers["content-type"].startswith(media_type)
    assert reply.headers["etag"] and reply.headers["last-modified"].endswith("GMT")
    assert reply.headers["link"] == f'<{OGL}>; rel="license"'
    assert reply.headers["access-control-allow-origin"] == "*"
    assert SECRET not in reply.text  # nothing partners-only, anywhere


@pytest.mark.parametrize("path", ROUTES)
def test_a_client_with_the_current_copy_gets_304(noted, path):
    first = get(noted[0], path)
    by_etag = get(noted[0], path, {"If-None-Match": first.headers["etag"]})
    by_date = get(noted[0], path, {"If-Modified-Since": first.headers["last-modified"]})
    assert (by_etag.status, by_etag.body) == (304, b"") and by_etag.headers["etag"] == first.headers["etag"]
    assert by_date.status == 304
    assert get(noted[0], path, {"If-None-Match": '"something-else"'}).status == 200
    assert get(noted[0], path, {"If-Modified-Since": "Mon, 01 Jan 2018 00:00:00 GMT"}).status == 200


def test_a_public_change_gives_new_validators_and_a_partners_only_one_does_not(served):
    app, store = served
    before = get(app, "/opendata/sites.geojson")
    store.add_annotation(PCDA, _note(SECRET, Visibility.PARTNERS))
    unchanged = get(app, "/opendata/sites.geojson", {"If-None-Match": before.headers["etag"]})
    assert unchanged.status == 304 and unchanged.headers["last-modified"] == before.headers["last-modified"]
    store.save_gating_review(PLANNER, "george-mews", status=Status.IN_PROGRESS, detail="Gates ordered.",
                             review=store.gating_review("george-mews"), expected_version=1)
    after = get(app, "/opendata/sites.geojson", {"If-None-Match": before.headers["etag"]})
    assert after.status == 200 and after.headers["etag"] != before.headers["etag"]
    assert "Gates ordered." in after.text


def test_the_sites_route_passes_the_projects_own_validator(noted, ward, plan):
    doc = json.loads(get(noted[0], "/opendata/sites.geojson").body)
    checked = check_sites(doc, commitment_ids=plan.ids, boundary=ward.boundary)
    assert checked.ok, checked.describe()
    assert len(checked.sites) == 7 and doc["license"]["url"] == OGL
    george = next(f for f in doc["features"] if f["id"] == "george-mews")
    assert [a["observation"] for a in george["properties"]["annotations"]] == [PUBLIC_NOTE]


def _entries(reply) -> list[ET.Element]:
    feed = ET.fromstring(reply.body)
    assert feed.tag == f"{{{ATOM}}}feed"
    return feed.findall(f"{{{ATOM}}}entry")


def test_the_feeds_have_one_entry_per_public_change(noted):
    app, store = noted
    store.move_site(PLANNER, "george-mews", -0.1381, 51.5268, confirmed=True, expected_version=1)
    ward_feed, site_feed = get(app, "/feeds/changes.atom"), get(app, "/feeds/sites/george-mews.atom")
    staff_only = [c for c in store.history(include_partners=True) if not c.field.startswith("account ")]
    assert len(staff_only) == len(store.history()) + 1  # the partners-only note
    assert len(_entries(ward_feed)) == len(entries(store.history(), store.sites()))  # one per public save
    assert len(_entries(site_feed)) == len(entries(store.history("george-mews"), store.sites()))
    assert PUBLIC_NOTE in ward_feed.text and PLANNER.name not in ward_feed.text and PCDA.name not in site_feed.text


@pytest.fixture
def public_at(store_settings, fast_hashing):
    """The app configured with a public address of its own (WARD_PUBLIC_URL)."""
    from dataclasses import replace

    app, opener = _serve(replace(store_settings, public_url="https://map.example.gov.uk"))
    yield app
    opener.close()


@pytest.mark.parametrize("path, self_link, page", [
    ("/feeds/changes.atom", "https://map.example.gov.uk/feeds/changes.atom", "https://map.example.gov.uk/changes"),
    ("/feeds/sites/george-mews.atom?x=1", "https://map.example.gov.uk/feeds/sites/george-mews.atom",
     "https://map.example.gov.uk/map?site=george-mews"),
])
def test_a_forged_host_gets_feed_links_to_the_configured_address_only(public_at, path, self_link, page):
    reply = get(public_at, path, {"Host": "evil.example.net", "X-Forwarded-Host": "evil.example.net"})
    assert reply.status == 200 and "evil" not in reply.text
    feed = ET.fromstring(reply.body)
    links = {(link.get("rel"), link.get("href")) for link in feed.iter(f"{{{ATOM}}}link")}
    assert ("self", self_link) in links and ("alternate", page) in links
    assert {href for rel, href in links if rel != "license"} == {self_link, page}


def test_a_feed_for_no_such_site_is_404(served):
    reply = get(served[0], "/feeds/sites/no-such-site.atom")
    assert reply.status == 404 and "no-such-site" in reply.text


def test_open311_requests_come_from_the_plan_and_the_store(served):
    app, store = served
    store.move_site(PLANNER, "george-mews", -0.1381, 51.5268, confirmed=True, expected_version=1)
    st8 = json.loads(get(app, "/open311/v2/requests/st-8.json").body)
    assert [r["service_request_id"] for r in st8] == ["st-8"]
    assert (st8[0]["long"], st8[0]["lat"]) == (-0.1381, 51.5268)  # the site's position now
    long_term = json.loads(get(app, "/open311/v2/requests.json?service_code=long&status=open").body)
    assert [r["service_request_id"] for r in long_term] == ["lt-1", "lt-2", "lt-3"]
    some = json.loads(get(app, "/open311/v2/requests.json?service_request_id=st-1,st-9").body)
    assert [r["service_request_id"] for r in some] == ["st-1", "st-9"]


@pytest.mark.parametrize("path, status", [
    ("/open311/v2/requests/st-99.json", 404),
    ("/open311/v2/requests.json?status=pending", 400),
])
def test_open311_errors_are_the_specs_error_list(served, path, status):
    reply = get(served[0], path)
    assert reply.status == status
    [error] = json.loads(reply.body)
    assert error["code"] == status and error["description"]


def test_every_response_carries_the_security_headers(served):
    for path in ("/healthz", "/opendata/sites.csv", "/no-such-route"):
        headers = get(served[0], path).headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["x-frame-options"] == "SAMEORIGIN"
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
        assert "frame-ancestors 'self'" in headers["content-security-policy"]
        assert headers["permissions-policy"] == "geolocation=(self)"


def _directives(policy: str) -> dict[str, list[str]]:
    return {d.split()[0]: d.split()[1:] for d in policy.split("; ")}


def test_the_policy_allows_only_the_apps_origin_and_the_tile_host():
    policy = _directives(content_security_policy("OpenStreetMap"))
    assert policy["default-src"] == ["'self'"]
    assert policy["img-src"] == ["'self'", "data:", "https://tile.openstreetmap.org"]
    for directive in ("script-src", "style-src", "font-src", "connect-src", "frame-src", "frame-ancestors"):
        assert not [s for s in policy[directive] if s.startswith(("http", "*", "ws"))], directive
    assert "'unsafe-eval'" not in policy["script-src"] and policy["object-src"] == ["'none'"]


@pytest.mark.parametrize("tiles, source", [
    ("OpenStreetMap", "https://tile.openstreetmap.org"),
    ("none", None),
    ("https://{s}.tiles.example.org/{z}/{x}/{y}.png", "https://*.tiles.example.org"),
])
def test_the_tile_host_is_the_one_map_tiles_names(tiles, source):
    assert tile_source(tiles) == source
    assert ("https://" in _directives(content_security_policy(tiles))["img-src"][-1]) is (source is not None)


def test_a_ward_without_a_licence_sends_no_licence_link(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(DATA_DIR, data)
    config = json.loads((data / "ward.json").read_text(encoding="utf-8"))
    del config["open_data_licence"]
    (data / "ward.json").write_text(json.dumps(config), encoding="utf-8")
    app, opener = _serve(load_settings({"STATE_DIR": str(tmp_path / "state"), "WARD_DATA_DIR": str(data)}))
    reply = get(app, "/opendata/action-plan.json")
    opener.close()
    assert reply.status == 200 and "link" not in reply.headers
    assert "license" not in json.loads(reply.body) and json.loads(reply.body)["attribution"]


@pytest.mark.parametrize("path", ["/opendata/nope.json", "/opendata/sites.geojson/extra", "/opendata/",
                                  "/feeds/nope.atom", "/open311/v2/nope.json", "/photos/a/b.jpg",
                                  "/opendata", "/feeds", "/open311", "/photos", "/evidence", "/evidence/a.png"])
def test_an_unknown_open_data_address_is_404_with_a_sentence_not_the_apps_page(served, path):
    from web.routes import NO_SUCH_DOCUMENT

    reply = get(served[0], path)
    assert (reply.status, reply.text) == (404, NO_SUCH_DOCUMENT)
    assert reply.headers["content-type"].startswith("text/plain")


def _metrics_app():
    from starlette.middleware import Middleware
    from starlette.responses import PlainTextResponse
    from starlette.routing import Route

    from web.private import PrivatePaths

    return Starlette(routes=[Route("/_stcore/metrics", lambda _r: PlainTextResponse("# sessions 3"))],
                     middleware=[Middleware(PrivatePaths)])


HERE = {"host": "127.0.0.1:8501"}  # what `curl http://127.0.0.1:8501/_stcore/metrics` sends


@pytest.mark.parametrize("client, headers, status", [
    ("127.0.0.1", HERE, 200),                                 # this machine's monitoring
    ("127.0.0.1", {"host": "localhost:8501"}, 200),
    ("::1", {"host": "[::1]:8501"}, 200),
    ("127.0.0.1", {**HERE, "X-Forwarded-For": "203.0.113.9"}, 404),  # a visitor through nginx on this machine
    ("127.0.0.1", {**HERE, "Forwarded": "for=203.0.113.9"}, 404),
    ("127.0.0.1", {**HERE, "X-Real-IP": "203.0.113.9"}, 404),  # a proxy that says so another way
    ("127.0.0.1", {"host": "map.example.gov.uk"}, 404),      # a proxy that adds nothing but passes the public name
    ("127.0.0.2", HERE, 404),                                 # a tunnel or proxy on another loopback address
    ("203.0.113.9", HERE, 404),                               # anyone else
    ("10.0.0.7", {}, 404),
])
def test_streamlits_metrics_answer_only_this_machine(client, headers, status):
    from web.private import NOT_FOUND

    reply = get(_metrics_app(), "/_stcore/metrics", headers, client=client)
    assert (reply.status, reply.text) == (status, "# sessions 3" if status == 200 else NOT_FOUND)
    if status == 404:
        assert get(_metrics_app(), "/_stcore/metrics/", headers, client=client).status == 404
