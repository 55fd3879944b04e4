"""Streamlit's /_stcore/metrics, on the app as uvicorn serves it, answers only this machine's
own monitoring (web/private.py): no spelling of its address reaches it through a proxy or from
another address, and our own open-data prefixes answer an unknown address with 404 and a
sentence (web/routes.py), never the app's page."""
from __future__ import annotations

import http.client
from urllib.parse import urlsplit

import pytest

from web.routes import NO_SUCH_DOCUMENT, OUR_PREFIXES

pytestmark = pytest.mark.e2e

METRICS_SPELLINGS = ["/_stcore/metrics", "/_stcore/metrics/", "/_stcore/metrics//", "/_stcore%2Fmetrics",
                     "/_stcore/%6detrics", "/%5Fstcore/metrics", "/_stcore/metrics?families=session_events",
                     "/_stcore/metrics%3F", "//_stcore/metrics", "/_stcore//metrics", "/_STCORE/metrics",
                     "/_stcore/Metrics", "/_stcore/./metrics", "/_stcore/x/../metrics", "/_stcore/metrics%20"]
THROUGH_A_PROXY = {"X-Forwarded-For": "203.0.113.9"}


def _ask(app, method: str, path: str, headers: dict | None = None, source: str = "127.0.0.1"):
    parts = urlsplit(app.url)
    connection = http.client.HTTPConnection("127.0.0.1", parts.port, timeout=30, source_address=(source, 0))
    try:
        headers = {"Host": f"127.0.0.1:{parts.port}", **(headers or {})}
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)  # the path as written
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type") or "", response.read()
    finally:
        connection.close()


def _is_metrics(answer) -> bool:
    status, kind, body = answer
    return status == 200 and ("openmetrics" in kind or b"# TYPE" in body)


def test_this_machines_monitoring_reads_the_metrics(ward_app):
    assert _is_metrics(_ask(ward_app, "GET", "/_stcore/metrics"))


@pytest.mark.parametrize("path", METRICS_SPELLINGS)
@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_no_spelling_of_the_metrics_address_reaches_them_through_a_proxy_or_from_elsewhere(ward_app, method, path):
    for headers, source in ((THROUGH_A_PROXY, "127.0.0.1"), ({"Forwarded": "for=203.0.113.9"}, "127.0.0.1"),
                            ({"Host": "map.example.gov.uk"}, "127.0.0.1"),  # a proxy that adds no header
                            ({}, "127.0.0.2")):  # a tunnel or proxy on another loopback address
        answer = _ask(ward_app, method, path, headers, source)
        assert not _is_metrics(answer), (method, path, headers, source, answer[:2])
        assert answer[0] != 204  # not even Streamlit's answer to a browser's OPTIONS


@pytest.mark.parametrize("prefix", OUR_PREFIXES)
def test_an_unknown_address_at_or_under_our_prefixes_is_404_with_a_sentence(ward_app, prefix):
    for path in (f"/{prefix}", f"/{prefix}/", f"/{prefix}/no-such-thing.txt"):
        status, kind, body = _ask(ward_app, "GET", path)
        assert (status, body.decode()) == (404, NO_SUCH_DOCUMENT), path
        assert kind.startswith("text/plain")
