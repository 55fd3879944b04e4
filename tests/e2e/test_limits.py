"""Oversized requests through the real server (uvicorn server:app with `make run`'s flags, as
tests/e2e/server.py starts it): a 168 kB query string gets 414 and its sentence, not a reset
connection; a URL just under the limit is still answered; over-large headers get 431.  And two
addresses that must not answer the public: Streamlit's metrics, and an unknown open-data path."""
from __future__ import annotations

import http.client
from urllib.parse import urlsplit

from web.request_limits import TOO_LARGE, TOO_LONG, URL_LIMIT


def _get(app, target: str, headers: dict[str, str] | None = None) -> tuple[int, str]:
    address = urlsplit(app.url)
    connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
    try:
        connection.request("GET", target, headers=headers or {})
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8")
    finally:
        connection.close()


def test_a_168_kb_query_string_gets_414_and_a_sentence(ward_app):
    assert _get(ward_app, "/opendata/sites.geojson?q=" + "a" * 168_000) == (414, TOO_LONG)


def test_a_url_just_under_the_limit_is_still_answered(ward_app):
    target = "/healthz?q=" + "a" * (URL_LIMIT - len("/healthz?q=") - 10)
    assert _get(ward_app, target) == (200, "ok")


def test_headers_of_100_kb_get_431_and_a_sentence(ward_app):
    assert _get(ward_app, "/healthz", {"Cookie": "a=" + "b" * 100_000}) == (431, TOO_LARGE)


def test_streamlits_metrics_are_refused_to_a_visitor_through_a_proxy(ward_app):
    from web.private import NOT_FOUND

    assert _get(ward_app, "/_stcore/metrics", {"X-Forwarded-For": "203.0.113.9"}) == (404, NOT_FOUND)


def test_an_unknown_open_data_address_is_404_not_the_apps_page(ward_app):
    from web.routes import NO_SUCH_DOCUMENT

    assert _get(ward_app, "/opendata/no-such-file.json") == (404, NO_SUCH_DOCUMENT)
