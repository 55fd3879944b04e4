"""web/compression.py: files go out brotli- or gzip-compressed, compressed once, and a changed file is never served stale."""
from __future__ import annotations

import gzip
import hashlib
import json
import os

import brotli
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from tests.asgi import get
from web.compression import ENCODERS, CompressedFiles, file_paths, served_folders

BUNDLE = ("var streamlit = " + "'a long and very repetitive bundle' + " * 2000 + "'';\n").encode()
BROWSER = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what Chromium sends
GZIP = {"Accept-Encoding": "gzip, deflate"}  # an older client or a proxy


@pytest.fixture
def files(tmp_path):
    (tmp_path / "index.abc123.js").write_bytes(BUNDLE)
    (tmp_path / "tiny.js").write_bytes(b"var x = 1;")
    (tmp_path / "font.woff2").write_bytes(os.urandom(4096))
    app = Starlette(
        routes=[Route("/healthz", lambda _r: PlainTextResponse("ok" * 1000)),
                Route("/opendata/requests.json", _open_data),
                Mount("/static", StaticFiles(directory=tmp_path)),
                Route("/{page:path}", _page)],
        middleware=[Middleware(CompressedFiles, folders={"/static/": tmp_path})],
    )
    return app, tmp_path


def _open_data(request):
    """Like an open-data route: a large document that varies with the query, with validators."""
    body = json.dumps({"query": str(request.query_params), "rows": ["a commitment"] * 500}).encode()
    return Response(body, media_type="application/json", headers={
        "ETag": 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"', "Last-Modified": "Wed, 02 Dec 2026 07:00:00 GMT"})


def _page(_request):
    """Like Streamlit's fallback: any other path answers the app's page, with a validator."""
    return Response("<html>" + "<p>the app</p>" * 200 + "</html>", media_type="text/html", headers={"ETag": '"page"'})


def _middleware(app) -> CompressedFiles:
    layer = app.middleware_stack
    while not isinstance(layer, CompressedFiles):
        layer = layer.app
    return layer


def test_a_browser_gets_the_bundle_in_brotli_smaller_than_gzip(files):
    app, _ = files
    reply = get(app, "/static/index.abc123.js", BROWSER)
    assert reply.headers["content-encoding"] == "br"
    assert brotli.decompress(reply.body) == BUNDLE
    assert int(reply.headers["content-length"]) == len(reply.body) < len(get(app, "/static/index.abc123.js", GZIP).body)


def test_a_script_bundle_arrives_gzipped_and_unpacks_to_the_file(files):
    app, _ = files
    reply = get(app, "/static/index.abc123.js", GZIP)
    assert reply.status == 200
    assert reply.headers["content-encoding"] == "gzip"
    assert "accept-encoding" in reply.headers["vary"].lower()
    assert int(reply.headers["content-length"]) == len(reply.body) < len(BUNDLE) / 10
    assert gzip.decompress(reply.body) == BUNDLE
    assert reply.headers["etag"].startswith('W/"')  # the same file in another encoding


def test_the_second_visitor_gets_the_same_bytes(files):
    app, _ = files
    assert get(app, "/static/index.abc123.js", GZIP).body == get(app, "/static/index.abc123.js", GZIP).body


def test_a_changed_file_is_compressed_again_never_served_stale(files):
    app, folder = files
    get(app, "/static/index.abc123.js", GZIP)
    changed = BUNDLE.replace(b"bundle", b"module")
    (folder / "index.abc123.js").write_bytes(changed)
    os.utime(folder / "index.abc123.js", (1, 1))  # a new modification time, as a new deploy gives
    assert gzip.decompress(get(app, "/static/index.abc123.js", GZIP).body) == changed


@pytest.mark.parametrize("path, headers", [
    ("/static/index.abc123.js", {}),                                   # the browser did not ask for gzip
    ("/static/index.abc123.js", {**GZIP, "Range": "bytes=0-99"}),      # a range of the file as it is
    ("/static/tiny.js", GZIP),                                         # too small to gain anything
    ("/static/font.woff2", GZIP),                                      # compressed already
])
def test_what_would_not_gain_goes_out_as_it_is(files, path, headers):
    app, folder = files
    reply = get(app, path, headers)
    assert "content-encoding" not in reply.headers
    assert reply.body in (BUNDLE[:100], (folder / path.rsplit("/", 1)[1]).read_bytes())


def test_answers_that_are_not_files_are_left_to_streamlit(files):
    app, _ = files
    reply = get(app, "/healthz", GZIP)
    assert "content-encoding" not in reply.headers and reply.text == "ok" * 1000


def test_open_data_and_made_up_paths_leave_the_bundle_cache_as_it_was(files, monkeypatch):
    app, _ = files
    assert get(app, "/static/index.abc123.js", BROWSER).headers["content-encoding"] == "br"
    cache = _middleware(app).cache
    kept = cache.keys()
    assert kept == [("/static/index.abc123.js", kept[0][1], "br")]
    for n in range(200):  # distinct query strings and paths, brotli only (Streamlit's gzip would not step in)
        reply = get(app, f"/opendata/requests.json?service_request_id=st-{n}", {"Accept-Encoding": "br"})
        assert reply.status == 200 and "content-encoding" not in reply.headers
        assert get(app, f"/made-up-{n}", {"Accept-Encoding": "br"}).status == 200
    assert cache.keys() == kept

    compressed = []
    monkeypatch.setitem(ENCODERS, "br", lambda raw: compressed.append(raw) or b"")
    reply = get(app, "/static/index.abc123.js", BROWSER)  # from the cache: nothing compressed again
    assert compressed == [] and brotli.decompress(reply.body) == BUNDLE


def test_only_files_in_the_folders_are_kept(tmp_path):
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "main.1a2b.js").write_text("x")
    (tmp_path / "index.html").write_text("<html></html>")
    assert file_paths({"/": tmp_path, "/app/static/": tmp_path / "js", "/gone/": tmp_path / "nothing"}) == {
        "/", "/index.html", "/js/main.1a2b.js", "/app/static/main.1a2b.js"}


def test_streamlits_bundles_and_page_are_among_the_kept_files():
    paths = file_paths(served_folders())
    assert "/" in paths and "/app/static/js/ward-map.js" in paths
    assert any(p.startswith("/static/js/") and p.endswith(".js") for p in paths)
    assert not any(p.startswith(("/opendata/", "/feeds/", "/open311/")) for p in paths)
