"""/photos/{ref}.jpg: a published walk photo, and /evidence/{ref}.jpg: a public progress entry's
evidence photo, for anyone.  A partners-only photo is answered exactly like one that does not
exist (404), so its ref says nothing."""
from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from web.resources import Resources

_REF = re.compile(r"[a-z0-9]{1,32}")
# Published photos do not change (a new photo gets a new ref), but one can be withdrawn: a day's cache.
CACHE = "public, max-age=86400"


def serve(request: Request, r: Resources) -> Response:
    return _jpeg(request, r.store.photos.public_bytes)


def serve_evidence(request: Request, r: Resources) -> Response:
    return _jpeg(request, r.store.plan_book.public_evidence)


def _jpeg(request: Request, public_bytes) -> Response:
    ref = request.path_params["ref"]
    data = public_bytes(ref) if _REF.fullmatch(ref) else None
    if data is None:
        return PlainTextResponse("No such photo.", status_code=404, headers={"Cache-Control": "no-store"})
    return Response(data, media_type="image/jpeg", headers={"Cache-Control": CACHE})
