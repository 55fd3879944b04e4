"""The app's own HTTP routes beside Streamlit's: a health check and the live open
data, read-only and with no sign-in, from the same store as the pages.

    /healthz                                  200 "ok", or 503 and why
    /opendata/sites.geojson                   the sites, RFC 7946, with public design notes
    /opendata/sites.csv                       the same as CSV
    /opendata/design-notes.geojson            public design-out-crime notes, RFC 7946
    /opendata/design-notes.csv                the same as CSV
    /opendata/action-plan.json                the action plan
    /opendata/action-plan.csv                 its commitments as CSV
    /opendata/walks.geojson                   published walks, each its route, RFC 7946
    /opendata/walk-stops.geojson              their recorded stops, RFC 7946 points
    /opendata/walk-stops.csv                  the same as CSV
    /opendata/gating-cases.json               each gate's gating case and its stages (no partners-only item)
    /opendata/proposed-orders/{ref}.html      a gating case's proposed order, for residents (geo.gating.order)
    /feeds/changes.atom                       what changed in the ward (Atom)
    /feeds/sites/{site_id}.atom               what changed at one site (Atom)
    /feeds/commitments/{commitment_id}.atom   what changed in one commitment of the plan (Atom)
    /open311/v2/services.json                 Open311 GeoReport v2: the plan's terms
    /open311/v2/requests.json                 ... its commitments and published walk findings
    /open311/v2/requests/{request_id}.json        (?status=, ?service_code=, ?service_request_id=a,b)
    /photos/{ref}.jpg                         a published walk photo (web/photos.py)
    /evidence/{ref}.jpg                       a public progress entry's evidence photo (web/photos.py)
    anything else at or under those prefixes  404 and a sentence, not the app's page

Only public things are ever read: annotations and history with
include_partners=False, and published walks (geo.walks.public_walks.published_walks).
Builders are pure functions in geo/; this module reads the store, picks the
dates the validators use and hands over."""
from __future__ import annotations

from datetime import datetime, time, UTC
from functools import partial
from urllib.parse import quote, urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from geo import clock
from geo.opendata import site_export as export
from geo.opendata import gating_export, open311
from geo.gating.case import review_notices
from geo.errors import WardError
from geo.opendata.feed import FeedLinks, changes_feed
from geo.opendata.catalogue import plan_document, sites_document, walk_stops_document, walks_document
from geo.opendata.walk_export import walk_stops_csv
from geo.walks.public_walks import published_walks
from web import photos
from web.resources import Opener, Resources
from web.responses import ATOM, CSV, GEOJSON, HTML, JSON, document, json_bytes

FEED_LIMIT = 500  # newest changes in a feed


def routes(opener: Opener) -> list[Route]:
    def endpoint(build):
        def handle(request: Request) -> Response:
            return build(request, opener.get())
        return handle

    def healthz(_request: Request) -> Response:
        try:
            opener.get().store.revision()
        except WardError as exc:
            return PlainTextResponse(f"The app is running but cannot serve the ward's data: {exc}", 503,
                                     headers={"Cache-Control": "no-store"})
        return PlainTextResponse("ok", headers={"Cache-Control": "no-store"})

    table = {
        "/opendata/sites.geojson": _sites_geojson,
        "/opendata/sites.csv": _sites_csv,
        "/opendata/design-notes.geojson": _notes_geojson,
        "/opendata/design-notes.csv": _notes_csv,
        "/opendata/action-plan.json": _plan_json,
        "/opendata/action-plan.csv": _plan_csv,
        "/opendata/walks.geojson": _walks_geojson,
        "/opendata/walk-stops.geojson": _walk_stops_geojson,
        "/opendata/walk-stops.csv": _walk_stops_csv,
        "/opendata/gating-cases.json": partial(_gating_json, opener.settings.public_url),
        "/opendata/proposed-orders/{ref}.html": _proposed_order,
        "/feeds/changes.atom": partial(_ward_feed, opener.settings.public_url),
        "/feeds/sites/{site_id}.atom": partial(_site_feed, opener.settings.public_url),
        "/feeds/commitments/{commitment_id}.atom": partial(_commitment_feed, opener.settings.public_url),
        "/open311/v2/services.json": _services,
        "/open311/v2/requests.json": partial(_requests, opener.settings.public_url),
        "/open311/v2/requests/{request_id}.json": partial(_request, opener.settings.public_url),
        "/photos/{ref}.jpg": photos.serve,
        "/evidence/{ref}.jpg": photos.serve_evidence,
    }
    return [Route("/healthz", healthz, methods=["GET"])] + [
        Route(path, endpoint(build), methods=["GET"]) for path, build in table.items()
    ] + [  # at and below our prefixes, an address none of the routes above knows is a 404, not the app's page
        Route(path, _no_such_document, methods=["GET"])
        for prefix in OUR_PREFIXES for path in (f"/{prefix}", f"/{prefix}/{{rest:path}}")
    ]


OUR_PREFIXES = ("opendata", "feeds", "open311", "photos", "evidence")


NO_SUCH_DOCUMENT = "There is no open-data document at this address. The app's Open data page (/data) lists them all."


def _no_such_document(_request: Request) -> Response:
    return PlainTextResponse(NO_SUCH_DOCUMENT, status_code=404, headers={"Cache-Control": "no-store"})


def unavailable(_request: Request, exc: Exception) -> Response:
    """The answer when the ward's data cannot be read just now (st.App exception handler)."""
    return PlainTextResponse(str(exc), status_code=503, headers={"Retry-After": "60"})


# --- dates for Last-Modified ---------------------------------------------------


def _changed(r: Resources) -> datetime:
    """When the public data last changed: the newest public history entry."""
    newest = r.store.history(limit=1)
    return newest[0].at if newest else datetime(1970, 1, 1, tzinfo=UTC)


def _plan_changed(r: Resources) -> datetime:
    """The plan file's date, the newest public change (commitments are written in the store),
    or today's start, whichever is latest: `target_passed` is judged against today."""
    today = datetime.combine(clock.today(), time(0), tzinfo=clock.LONDON).astimezone(UTC)
    return max(r.plan_modified, _changed(r), today)


def _public(r: Resources):
    return r.store.sites(), r.store.annotations(include_partners=False)


# --- /opendata -------------------------------------------------------------------


def _sites_geojson(request: Request, r: Resources) -> Response:
    doc = sites_document(*_public(r), r.ward)
    return document(request, json_bytes(doc), GEOJSON, last_modified=_changed(r), licence=r.ward.licence)


def _sites_csv(request: Request, r: Resources) -> Response:
    body = export.export_sites_csv(*_public(r))
    return document(request, body, CSV, last_modified=_changed(r), licence=r.ward.licence)


def _notes_geojson(request: Request, r: Resources) -> Response:
    doc = export.export_annotations_geojson(*_public(r))
    return document(request, json_bytes(doc), GEOJSON, last_modified=_changed(r), licence=r.ward.licence)


def _notes_csv(request: Request, r: Resources) -> Response:
    body = export.export_annotations_csv(r.store.annotations(include_partners=False))
    return document(request, body, CSV, last_modified=_changed(r), licence=r.ward.licence)


def _plan_json(request: Request, r: Resources) -> Response:
    doc = plan_document(r.plan, r.ward, clock.today())
    return document(request, json_bytes(doc), JSON, last_modified=_plan_changed(r), licence=r.ward.licence)


def _plan_csv(request: Request, r: Resources) -> Response:
    body = export.export_plan_csv(r.plan, clock.today())
    return document(request, body, CSV, last_modified=_plan_changed(r), licence=r.ward.licence)


def _walks_geojson(request: Request, r: Resources) -> Response:
    doc = walks_document(published_walks(r.store.walks), r.ward)
    return document(request, json_bytes(doc), GEOJSON, last_modified=_changed(r), licence=r.ward.licence)


def _walk_stops_geojson(request: Request, r: Resources) -> Response:
    doc = walk_stops_document(published_walks(r.store.walks), r.store.sites(), r.ward)
    return document(request, json_bytes(doc), GEOJSON, last_modified=_changed(r), licence=r.ward.licence)


def _walk_stops_csv(request: Request, r: Resources) -> Response:
    body = walk_stops_csv(published_walks(r.store.walks), r.store.sites())
    return document(request, body, CSV, last_modified=_changed(r), licence=r.ward.licence)


def _gating_json(public_url: str, request: Request, r: Resources) -> Response:
    doc = gating_export.cases_document(r.store.gating.cases(), r.store.sites(), r.store.history(), r.ward,
                                       clock.today(), public_url=public_url)
    return document(request, json_bytes(doc), JSON, last_modified=_plan_changed(r), licence=r.ward.licence)


def _proposed_order(request: Request, r: Resources) -> Response:
    from geo.gating import order
    from geo.reports.report_html import to_html

    ref = request.path_params["ref"]
    case = next((c for c in r.store.gating.cases() if c.ref == ref), None)
    if case is None:
        return PlainTextResponse(f"There is no gating case '{ref}'.", status_code=404,
                                 headers={"Cache-Control": "no-store"})
    today = clock.today()
    report = order.build(case, site_name=r.store.site(case.site_id).name, ward=r.ward.name, today=today,
                         contacts=order.ways_to_respond(r.plan.contacts, r.ward.representations_contacts))
    return document(request, to_html(report), HTML, last_modified=_plan_changed(r), licence=r.ward.licence)


def _gating_requests(public_url: str, r: Resources) -> list[dict]:
    return gating_export.requests(r.store.gating.cases(), r.store.sites(), r.store.history(), r.ward, clock.today(),
                                  public_url=public_url)


# --- /feeds ----------------------------------------------------------------------


def _ward_feed(public_url: str, request: Request, r: Resources) -> Response:
    """Links from WARD_PUBLIC_URL, never from the request's Host: a forged Host stays out of the feed."""
    return _feed(request, r, None, FeedLinks(f"{public_url}/feeds/changes.atom", f"{public_url}/changes"))


def _with_reviews_due(r: Resources, changes: list, site_id: str | None) -> list:
    """The history, with an entry for each gating order come up for review (geo.gating.case.review_notices)."""
    due = review_notices(r.store.gating.cases(site_id), clock.today())
    return sorted([*changes, *due], key=lambda c: c.at, reverse=True)[:FEED_LIMIT]


def _site_feed(public_url: str, request: Request, r: Resources) -> Response:
    site_id = request.path_params["site_id"]
    if site_id not in {s.site_id for s in r.store.sites()}:
        return PlainTextResponse(f"There is no site with the id '{site_id}'.", status_code=404)
    links = FeedLinks(f"{public_url}/feeds/sites/{quote(site_id)}.atom",
                      f"{public_url}/map?{urlencode({'site': site_id})}")
    return _feed(request, r, site_id, links)


def _commitment_feed(public_url: str, request: Request, r: Resources) -> Response:
    cid = request.path_params["commitment_id"]
    if cid not in r.store.plan().ids:
        return PlainTextResponse("There is no such commitment in the action plan.", status_code=404)
    links = FeedLinks(f"{public_url}/feeds/commitments/{quote(cid)}.atom",
                      f"{public_url}/plan?{urlencode({'commitment': cid})}")
    changes = r.store.history(commitment_id=cid, limit=FEED_LIMIT)  # public only
    body = changes_feed(changes, ward=r.ward, sites=r.store.sites(), links=links, commitment_id=cid)
    return document(request, body, ATOM, last_modified=_changed(r), licence=r.ward.licence)


def _feed(request: Request, r: Resources, site_id: str | None, links: FeedLinks) -> Response:
    changes = r.store.history(site_id, limit=FEED_LIMIT)  # public only: include_partners defaults to False
    changes = _with_reviews_due(r, changes, site_id)
    body = changes_feed(changes, ward=r.ward, sites=r.store.sites(), links=links, site_id=site_id)
    return document(request, body, ATOM, last_modified=_changed(r), licence=r.ward.licence)


# --- /open311/v2 -----------------------------------------------------------------


def _open311(request: Request, r: Resources, doc, status_code: int = 200) -> Response:
    modified = max(_plan_changed(r), _changed(r))
    return document(request, json_bytes(doc), JSON, last_modified=modified, licence=r.ward.licence,
                    status_code=status_code)


def _services(request: Request, r: Resources) -> Response:
    gating = [gating_export.service()] if r.store.gating.cases() else []
    return _open311(request, r, open311.services(r.plan, published_walks(r.store.walks), gating))


def _requests(public_url: str, request: Request, r: Resources) -> Response:
    query = request.query_params
    status = query.get("status") or None
    if status is not None and status not in open311.STATUSES:
        return _open311(request, r, open311.error(400, f"status must be open or closed, not '{status}'."), 400)
    ids = {i.strip() for i in query["service_request_id"].split(",")} if query.get("service_request_id") else None
    found = open311.service_requests(r.plan, r.store.sites(), r.ward, walks=published_walks(r.store.walks), ids=ids,
                                     status=status, service_code=query.get("service_code") or None,
                                     reviews=r.store.reviews.reviews(), more=_gating_requests(public_url, r))
    return _open311(request, r, found)


def _request(public_url: str, request: Request, r: Resources) -> Response:
    request_id = request.path_params["request_id"]
    found = open311.service_requests(r.plan, r.store.sites(), r.ward, walks=published_walks(r.store.walks),
                                     ids={request_id}, reviews=r.store.reviews.reviews(),
                                     more=_gating_requests(public_url, r))
    if not found:
        return _open311(request, r, open311.error(404, f"There is no service request '{request_id}'."), 404)
    return _open311(request, r, found)
