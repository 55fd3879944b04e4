"""The local cluster (scripts/cluster.py: PostgreSQL, two app instances, nginx
from deploy/): through the proxy a planner's save on one instance is seen by a
resident on the other; each browser stays on one instance; the site stays up
when an instance stops; the bundles arrive gzipped; the map draws under the
security headers with nothing refused."""
from __future__ import annotations

import gzip
import os
import re
import subprocess
import sys
import time
import urllib.request

import pytest
from playwright.sync_api import expect

from scripts.cluster import start_cluster
from tests.e2e import driver
from tests.e2e.server import ROOT
from tests.e2e.test_resident import MAP_TITLE, SITES

pytestmark = pytest.mark.e2e

KEY = "ward_instance"  # nginx's sticky cookie (deploy/site.conf.j2)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    started = start_cluster(2, state=tmp_path_factory.mktemp("cluster"), env={"MAP_TILES": "none"})
    yield started
    started.stop()


def fetch(url: str, key: str | None = None, **headers) -> tuple[int, dict, bytes]:
    if key:
        headers["Cookie"] = f"{KEY}={key}"
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=60) as answer:
        return answer.status, {k.lower(): v for k, v in answer.headers.items()}, answer.read()


def served_by(cluster, key: str) -> set[str]:
    """The instances nginx sent the requests carrying `key` to, from its access log."""
    log = (cluster.state / "nginx-access.log").read_text()
    return set(re.findall(rf"key={re.escape(key)} upstream=([\d.:]+)", log))


def logged(cluster, key: str, timeout: float = 10.0) -> set[str]:
    """served_by, once nginx has written the line: it logs a request just after answering it."""
    deadline = time.monotonic() + timeout
    while not (found := served_by(cluster, key)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


@pytest.fixture(scope="module")
def keys(cluster) -> dict[str, str]:
    """A sticky key for each instance: {instance address: key}."""
    found: dict[str, str] = {}
    for n in range(64):
        key = f"probe{n:02d}"
        fetch(cluster.url + "/healthz", key)
        (address,) = logged(cluster, key)
        found.setdefault(address, key)
        if len(found) == len(cluster.instances):
            return found
    raise AssertionError(f"64 keys all went to {set(found)}")


def context_for(browser, cluster, key: str):
    context, _ = driver.offline_context(browser, viewport={"width": 1280, "height": 900})
    context.add_cookies([{"name": KEY, "value": key, "url": cluster.url}])
    return context


def add_planner(cluster) -> tuple[str, str]:
    name, password = "planner-cluster-e2e", "correct horse battery cluster"
    env = {**os.environ, "DATABASE_URL": cluster.database_url}
    subprocess.run([sys.executable, "-m", "geo", "users", "add", name, "--role", "planning", "--password-stdin"],
                   input=password + "\n", text=True, capture_output=True, cwd=ROOT, env=env, check=True, timeout=60)
    return name, password


def test_a_planners_save_on_one_instance_is_seen_by_a_resident_on_the_other(cluster, keys, browser):
    (first, planner_key), (second, resident_key) = keys.items()
    name, password = add_planner(cluster)
    planner = context_for(browser, cluster, planner_key).new_page()
    driver.open_app(planner, cluster, "/", MAP_TITLE)
    driver.open_app(planner, cluster, "/report", "How to report a problem")
    driver.sign_in(planner, name, password)
    summary = "Gates ordered for Lindale (cluster test)."
    driver.save_gating_review(planner, "Lindale play area", status="Work under way", **{
        "Gating details": summary,
        "Reason for the change": "Consultation finished"})
    expect(planner.get_by_text("Saved. Lindale play area gating is now “Work under way”")).to_be_visible()

    resident = context_for(browser, cluster, resident_key).new_page()
    driver.open_app(resident, cluster, "/", MAP_TITLE)
    driver.choose(resident, "Choose a site to see its details", "Lindale play area")
    expect(driver.main_area(resident).get_by_text(summary).first).to_be_visible()

    # Every request of each browser, its websocket included, reached its own instance only.
    assert served_by(cluster, planner_key) == {first}
    assert served_by(cluster, resident_key) == {second}
    assert "/_stcore/stream" in (cluster.state / "nginx-access.log").read_text()
    # And each instance's open data has the save.
    for child in cluster.instances:
        assert summary.encode() in fetch(f"http://{child.address}/opendata/sites.geojson")[2]


def test_the_main_bundle_arrives_gzipped_and_is_kept_by_the_proxy(cluster):
    page = fetch(cluster.url + "/")[2].decode()
    (bundle,) = re.findall(r'/static/js/index\.[\w-]+\.js', page)
    status, headers, body = fetch(cluster.url + bundle, **{"Accept-Encoding": "gzip"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert gzip.decompress(body).startswith(b"") and len(gzip.decompress(body)) > 3 * len(body)
    assert "immutable" in headers["cache-control"]
    assert fetch(cluster.url + bundle, **{"Accept-Encoding": "gzip"})[1]["x-cache"] == "HIT"


def test_the_map_draws_through_the_proxy_under_the_security_headers(cluster, browser):
    context = context_for(browser, cluster, "map-visitor")
    page = context.new_page()
    refused: list[str] = []
    page.on("console", lambda m: m.type == "error" and ("Content Security Policy" in m.text or "Refused" in m.text)
            and refused.append(m.text))
    documents = []
    page.on("response", lambda r: r.request.resource_type == "document" and documents.append(r))
    driver.open_app(page, cluster, "/", MAP_TITLE)
    assert driver.wait_for_map(driver.map_frame(page), SITES, driver.SITE_MARKER) == SITES
    assert refused == []
    assert len(documents) >= 2  # the page and the map's frame
    for response in documents:
        assert "default-src 'self'" in response.headers["content-security-policy"], response.url
        assert response.headers["x-frame-options"] == "SAMEORIGIN"
    context.close()


def test_with_one_instance_stopped_the_site_is_still_served(cluster, keys):
    address, key = next(iter(keys.items()))
    cluster.stop_instance(next(i for i, c in enumerate(cluster.instances) if c.address == address))
    for path in ["/", "/healthz", "/opendata/sites.geojson", "/map"]:
        for _ in range(3):
            assert fetch(cluster.url + path, key)[0] == 200, path
    assert fetch(cluster.url + "/", "someone-new")[0] == 200
