"""Imports are bounded (geo.sites.gis_worker, geo.sites.gpkg_tables): a GeoPackage or zipped
Shapefile is read in a worker process with limits on time, memory, layers and features, a
GeoPackage's views and triggers are never run, and a file past a limit is refused with a
sentence while the app goes on answering (/healthz, asked from another thread meanwhile)."""
from __future__ import annotations

import os
import threading
import time

import pandas
import pytest
from starlette.applications import Starlette

import web
from geo.errors import DataError
from geo.sites import gis
from geo.sites.gis_worker import ReadLimits, read_bounded
from geo.sites.sites_file import check_site_file
from tests.asgi import get
from tests.gis_files import endless_view_gpkg, multipoint_bomb_zip, sqlite_gpkg

LIMITS = ReadLimits()


@pytest.fixture
def app(store_settings):
    options = web.options(store_settings)
    app = Starlette(routes=options["routes"], middleware=options["middleware"],
                    exception_handlers=options["exception_handlers"])
    assert get(app, "/healthz").status == 200  # the store is opened (and seeded) before the clock starts
    yield app
    options["lifespan"].__self__.close()


@pytest.fixture
def check(plan, ward):
    return lambda data, name: check_site_file(data, name, commitment_ids=plan.ids, boundary=ward.boundary)


PROMPT = 0.5  # seconds: an answer slower than this, while a file is read, counts as the app held up


def _while_serving(app, job):
    """Run `job` on a thread of its own, asking the app for /healthz meanwhile.
    (what job returned, its seconds, how many /healthz asked while it ran answered "ok" promptly)
    An answer asked during the job counts even if the job ended first: a refusal can take less time
    than one answer on a busy machine, and an app held up by the job answers late, not fast."""
    done: dict = {}

    def run():
        start = time.monotonic()
        done["result"] = job()
        done["seconds"] = time.monotonic() - start

    worker = threading.Thread(target=run)
    worker.start()
    answered = 0
    while worker.is_alive():
        asked = time.monotonic()
        reply = get(app, "/healthz")
        if reply.status == 200 and reply.text == "ok" and time.monotonic() - asked < PROMPT:
            answered += 1
        time.sleep(0.05)
    worker.join()
    return done["result"], done["seconds"], answered


def _errors(result) -> list[str]:
    assert result.sites == ()
    return [str(e) for e in result.errors]


def test_the_geopackage_whose_sites_layer_is_an_endless_view_is_refused_while_the_app_answers(app, check, sites):
    data = endless_view_gpkg(gis.to_gpkg(sites))
    assert len(data) < 200_000
    result, seconds, answered = _while_serving(app, lambda: check(data, "sites.gpkg"))
    assert _errors(result) == [
        "sites.gpkg: the layer 'sites' is a database view, not a table, and views are not run on import; "
        "export the sites layer from your GIS again as a plain table."]
    assert seconds < LIMITS.seconds and answered >= 1


def test_a_shapefile_that_unzips_to_500_mb_is_refused_while_the_app_answers(app, check):
    data = multipoint_bomb_zip(31_250_000)  # 500 MB of points, about 3 MB zipped
    assert len(data) < 5_000_000
    result, seconds, answered = _while_serving(app, lambda: check(data, "bomb.zip"))
    assert _errors(result) == ["bomb.zip unzips to over 209 MB; a ward's sites are far smaller."]
    assert seconds < LIMITS.seconds and answered >= 1


def test_a_192_mb_feature_within_the_size_and_feature_limits_is_stopped_by_the_memory_limit(app, check):
    # Unbounded, this one feature took 55 s and 5.5 GB to read: enough to take an instance down.
    data = multipoint_bomb_zip(12_000_000)
    result, seconds, answered = _while_serving(app, lambda: check(data, "bomb.zip"))
    assert _errors(result) == [
        "bomb.zip needed more than the 1024 MB of memory an import may use, so reading it was stopped and "
        "nothing was changed. A ward's sites file is far smaller: export just the sites layer from your GIS "
        "and try again."]
    assert seconds < LIMITS.seconds and answered >= 1


def _workers() -> list[int]:
    """This process's children that are gis workers."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as stat, open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                parent = int(stat.read().rsplit(")", 1)[1].split()[1])
                if parent == os.getpid() and b"geo.sites.gis_worker" in cmdline.read():
                    found.append(int(pid))
        except (OSError, ValueError):
            continue
    return found


def test_a_worker_past_its_time_is_stopped_with_a_sentence_and_leaves_no_process(sites):
    start = time.monotonic()
    with pytest.raises(DataError) as refused:
        read_bounded(gis.to_gpkg(sites), "gpkg", "slow.gpkg", ReadLimits(seconds=0.3))  # less than its start-up
    assert time.monotonic() - start < 3
    assert str(refused.value) == (
        "slow.gpkg took longer than 0.3 seconds to read, so reading it was stopped and nothing was changed. "
        "A ward's sites file is far smaller: export just the sites layer from your GIS and try again.")
    assert _workers() == []


def test_a_layer_with_more_features_than_the_limit_is_refused_before_it_is_read(sites):
    for write, kind in ((gis.to_gpkg, "gpkg"), (gis.to_shapefile_zip, "zip")):
        with pytest.raises(DataError, match=r"holds 7 features, more than the 5 an import takes"):
            read_bounded(write(sites), kind, f"sites.{kind}", ReadLimits(features=5))


def test_a_geopackage_with_too_many_layers_is_refused(sites, check, tmp_path):
    path = tmp_path / "many.gpkg"
    frame = gis.sites_frame(sites[:1])
    for i in range(LIMITS.layers + 1):
        frame.to_file(path, layer=f"layer_{i}", engine="pyogrio")
    assert _errors(check(path.read_bytes(), "many.gpkg")) == [
        "many.gpkg holds more than 10 layers; a sites file holds one, the sites layer: export the sites layer "
        "from your GIS again as a plain table."]


def test_a_layer_without_geometry_gets_a_sentence(check, tmp_path):
    import pyogrio

    path = tmp_path / "table.gpkg"
    pyogrio.write_dataframe(pandas.DataFrame({"site_id": ["george-mews"], "name": ["George Mews"]}), path,
                            layer="sites", driver="GPKG")
    assert _errors(check(path.read_bytes(), "table.gpkg")) == [
        "table.gpkg: the layer 'sites' has no geometry, so no site has a position; export the sites from your "
        "GIS as a point layer."]


HOSTILE_SCHEMAS = {
    "a computed column": (
        "ALTER TABLE sites ADD COLUMN big TEXT GENERATED ALWAYS AS (printf('%.*c', 400000000, 'x')) VIRTUAL;",
        "sites.gpkg: the layer 'sites' has computed columns (big), which are not run on import; export the "
        "sites layer from your GIS again as a plain table."),
    "gpkg_contents as a view": (
        "ALTER TABLE gpkg_contents RENAME TO contents_stored; CREATE VIEW gpkg_contents AS "
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT c.* FROM contents_stored c, n;",
        "sites.gpkg could not be read as a GeoPackage; it may be damaged, or another kind of file."),
}


@pytest.mark.parametrize("script, says", HOSTILE_SCHEMAS.values(), ids=list(HOSTILE_SCHEMAS))
def test_a_schema_that_would_run_code_on_reading_is_refused(sites, check, script, says):
    result = check(sqlite_gpkg(gis.to_gpkg(sites), script), "sites.gpkg")
    assert _errors(result) == [says]


def test_triggers_and_other_views_are_dropped_unrun_and_the_sites_still_import(sites, check):
    endless = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n"
    script = (f"CREATE VIEW spare AS {endless};"
              f"CREATE TRIGGER on_read AFTER UPDATE ON gpkg_contents BEGIN SELECT * FROM spare; END;")
    result = check(sqlite_gpkg(gis.to_gpkg(sites), script), "sites.gpkg")
    assert result.ok and list(result.sites) == sites
