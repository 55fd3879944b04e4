"""HTTP plumbing for the open-data routes: validators, conditional requests and
the licence header, so the routes read like the documents they serve.

Each document gets an ETag (a hash of its bytes, so it changes exactly when
the document does) and a Last-Modified (the newest public change, or the
plan file's date; see web.routes).  A request whose If-None-Match names the
ETag, or, without If-None-Match, whose If-Modified-Since is not older than
Last-Modified, is answered 304 with no body (RFC 9110 §13.2.2)."""
from __future__ import annotations

import hashlib
import json
from datetime import datetime, UTC
from email.utils import format_datetime, parsedate_to_datetime

from starlette.requests import Request
from starlette.responses import Response

JSON = "application/json; charset=utf-8"
GEOJSON = "application/geo+json; charset=utf-8"
CSV = "text/csv; charset=utf-8"
ATOM = "application/atom+xml; charset=utf-8"
HTML = "text/html; charset=utf-8"


def json_bytes(doc) -> bytes:
    return json.dumps(doc, ensure_ascii=False, indent=1).encode("utf-8")


def document(request: Request, body: bytes | str, media_type: str, *, last_modified: datetime,
             licence=None, status_code: int = 200) -> Response:
    """`body` with its validators, the licence as a Link header, readable from any origin;
    304 when the client already has it."""
    body = body.encode("utf-8") if isinstance(body, str) else body
    last_modified = last_modified.astimezone(UTC).replace(microsecond=0)
    headers = {
        # Weak: the same document may go out gzipped or not (Streamlit's gzip middleware).
        "ETag": 'W/"' + hashlib.sha256(body).hexdigest()[:32] + '"',
        "Last-Modified": format_datetime(last_modified, usegmt=True),
        "Cache-Control": "no-cache",  # keep a copy, but ask each time: the data is live
        "Access-Control-Allow-Origin": "*",  # open data, read without credentials
    }
    if licence is not None:
        headers["Link"] = f'<{licence.url}>; rel="license"'
    if status_code == 200 and _not_modified(request, headers["ETag"], last_modified):
        return Response(status_code=304, headers=headers)
    return Response(body, status_code=status_code, media_type=media_type, headers=headers)


def _not_modified(request: Request, etag: str, last_modified: datetime) -> bool:
    if_none_match = request.headers.get("if-none-match")
    if if_none_match is not None:
        tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
        return "*" in tags or etag.removeprefix("W/") in tags  # weak comparison
    since = request.headers.get("if-modified-since")
    if since is None:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False  # an unreadable date is ignored, as RFC 9110 says
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return last_modified <= when
