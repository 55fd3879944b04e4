"""Walks put into a running app's own database, for browser tests and scripts/screenshot.py.
The store is opened beside the app as a second instance would open it, and every write
goes through it as the command line's operator (an administrator with no account)."""
from __future__ import annotations

import io
from contextlib import contextmanager
from datetime import date, time
from collections.abc import Iterator

from geo.db import Store
from geo.roles import Operator
from geo.status import Role
from geo.walks.walkabout import Parameter, Phase, Reason, RouteStop, StopEntry, Walk
from geo.sites.ward import load_ward
from tests.e2e.server import ROOT, RunningApp

SETTER = Operator("e2e set-up")
ROUTE = (RouteStop("george-mews", 0, 0, ""), RouteStop("clarkson-row", 0, 0, ""),
         RouteStop("threefields", 0, 0, ""), RouteStop(None, -0.1395, 51.5275, "Path behind the estate office"))
PUBLISHED_TITLE = "Winter walk after dark (scene)"
TO_RECORD_TITLE = "Spring walk after dark (scene)"


@contextmanager
def app_store(app: RunningApp) -> Iterator[Store]:
    with Store.open(f"sqlite:///{app.state_dir / 'ward.db'}", load_ward(ROOT / "data")) as store:
        yield store


def plan(app: RunningApp, title: str, route=ROUTE, on: date = date(2026, 2, 19),
         invited=(Role.CWG, Role.PCDA)) -> Walk:
    """A walk the invited roles may record (geo.roles.may_record_on), as Plan a walk invites by default."""
    with app_store(app) as store:
        return store.walks.plan(SETTER, title=title, on=on, starts=time(18, 30), phase=Phase.AFTER_DARK, route=route,
                                invited=invited)


def complete(app: RunningApp, walk: Walk, *, publish: bool) -> None:
    with app_store(app) as store:
        store.walks.complete(SETTER, walk.id, expected_version=store.walks.walk(walk.id).version, publish=publish)


def published_walk(app: RunningApp) -> Walk:
    """A four-stop walk, every stop scored, one finding closed, one photo published: what residents see."""
    walk = plan(app, PUBLISHED_TITLE)
    with app_store(app) as store:
        for seq in range(len(ROUTE)):
            scores = {p: (seq + i) % 4 for i, p in enumerate(Parameter)}
            saved = store.walks.record_stop(SETTER, walk.id, StopEntry(
                seq, None, None, None, scores=scores, reasons=(Reason.BADLY_LIT,) if seq % 2 else (),
                felt_safe=seq % 2 == 0, why="Lamp out by the entrance; nobody about after 7 pm" if seq == 1 else "",
                finding="The lamp at the entrance is out" if seq == 1 else ""))
            if seq == 1:
                store.walks.close_finding(SETTER, saved.id, expected_version=saved.version,
                                          reason="Reported to street lighting, fixed the next week")
                photo = store.photos.add(SETTER, walk.id, _photo(), "The unlit entrance, from the street",
                                         stop_id=saved.id)
                store.photos.publish(SETTER, photo.ref)
        store.walks.set_attendance(SETTER, walk.id, {"cwg": 4, "resident": 7, "community_safety": 1},
                                   expected_version=store.walks.walk(walk.id).version)
    complete(app, walk, publish=True)
    return walk


def _photo() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (800, 600), (30, 34, 52))
    ImageDraw.Draw(image).rectangle((340, 120, 460, 600), fill=(90, 90, 100))  # a gate post in the dark
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()
