"""The walk recorder's JSON API (web/recorder.py): sign-in kept in a Secure, HttpOnly, SameSite
cookie, a CSRF token and our Origin on every write, and stops with their photos saved once however
often the phone resends them.  Every refusal is a sentence the phone can show."""
from __future__ import annotations

import json
import uuid

import pytest

from geo.db.accounts import DISABLED
from geo.errors import PermissionDenied
from geo.status import Role
from tests.asgi import get, post
from tests.photo_files import phone_jpeg
from tests.store_fixtures import ADMIN, COMMUNITY_SAFETY, CWG, STAFF_PASSWORD, add_staff
from tests.test_store_walks import plan_walk
from tests.test_web import served  # noqa: F401  (the app on a fresh store)

ORIGIN = {"origin": "http://testserver"}


@pytest.fixture
def app_walk(served):  # noqa: F811
    app, store = served
    add_staff(store, [COMMUNITY_SAFETY, CWG, ADMIN])
    return app, store, plan_walk(store)


def sign_in(app, name=CWG.name, password=STAFF_PASSWORD):
    reply = post(app, "/api/session", json.dumps({"name": name, "password": password}).encode(),
                 {"content-type": "application/json", **ORIGIN})
    return reply


def session(app):
    """(cookie header, csrf) for the CWG walker."""
    reply = sign_in(app)
    assert reply.status == 200, reply.text
    token = reply.headers["set-cookie"].split(";")[0]
    return {"cookie": token}, json.loads(reply.body)["csrf"]


def multipart(stop: dict, photos=(), track=None) -> tuple[bytes, str]:
    boundary = "----recorder" + uuid.uuid4().hex
    parts = [('form-data; name="stop"', "application/json", json.dumps(stop).encode())]
    if track is not None:
        parts.append(('form-data; name="track"', "application/json", json.dumps(track).encode()))
    for n, (ref, data) in enumerate(photos):
        parts.append((f'form-data; name="photo_{n}"; filename="IMG_{n}.jpg"', "image/jpeg", data))
        parts.append((f'form-data; name="photo_{n}_ref"', "text/plain", ref.encode()))
        parts.append((f'form-data; name="photo_{n}_caption"', "text/plain", b"Lamp out"))
    body = b"".join(f"--{boundary}\r\nContent-Disposition: {d}\r\nContent-Type: {t}\r\n\r\n".encode() + data + b"\r\n"
                    for d, t, data in parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def a_stop(ref="stop-0001-aaaa", seq=0):
    return {"client_ref": ref, "route_seq": seq, "scores": {"lighting": 1, "feeling": 0}, "reasons": ["badly_lit"],
            "felt_safe": False, "why": "Dark corner", "finding": "Two lamps out", "priority": "high",
            "phone_time": "2026-02-19T19:05:00Z", "phone_fix": {"lat": 51.52731, "lon": -0.13702, "accuracy": 8.5}}


def send(app, walk_id, headers, csrf, stop=None, photos=(), extra=None, track=None):
    body, kind = multipart(stop or a_stop(), photos, track)
    return post(app, f"/api/walks/{walk_id}/stops", body,
                {**headers, **ORIGIN, "content-type": kind, "x-csrf-token": csrf, **(extra or {})})


def test_signing_in_sets_a_secure_httponly_samesite_cookie_and_nothing_in_the_address(app_walk):
    app, _store, _walk = app_walk
    reply = sign_in(app)
    cookie = reply.headers["set-cookie"]
    assert reply.status == 200 and json.loads(reply.body)["name"] == CWG.name
    for attribute in ("HttpOnly", "Secure", "SameSite=strict", "Path=/", "expires="):
        assert attribute.lower() in cookie.lower()
    assert reply.headers["cache-control"] == "no-store"
    headers = {"cookie": cookie.split(";")[0]}
    assert json.loads(get(app, "/api/session", headers).body)["signed_in"] is True
    assert json.loads(get(app, "/api/session").body) == {"signed_in": False}


def test_a_wrong_password_is_a_sentence_and_sets_no_cookie(app_walk):
    reply = sign_in(app_walk[0], password="not the password at all")
    assert reply.status == 403 and "set-cookie" not in reply.headers
    assert json.loads(reply.body)["error"] == "Wrong name or password."


def test_the_walks_a_walker_may_record_on_come_with_the_words_to_record_in(app_walk):
    app, store, walk = app_walk
    plan_walk(store, title="Planning's own walk", invited=(Role.PLANNING,))
    headers, _csrf = session(app)
    doc = json.loads(get(app, "/api/recorder/walks", headers).body)
    assert [w["title"] for w in doc["walks"]] == [walk.title]  # not the walk that did not invite the CWG
    assert [r["label"] for r in doc["walks"][0]["route"]][0] == "George Mews"
    assert len(doc["parameters"]) == 9 and doc["parameters"][0]["levels"][0] == "No lighting"
    assert get(app, "/api/recorder/walks").status == 401


def test_a_stop_and_its_photo_sent_twice_are_kept_once(app_walk):
    app, store, walk = app_walk
    headers, csrf = session(app)
    photos = [("photo-0001-aaaa", phone_jpeg())]
    first = send(app, walk.id, headers, csrf, photos=photos)
    again = send(app, walk.id, headers, csrf, photos=photos)  # the acknowledgement was lost: the phone resends
    assert (first.status, again.status) == (201, 200), (first.text, again.text)
    assert json.loads(first.body)["stop_id"] == json.loads(again.body)["stop_id"]
    assert json.loads(again.body)["resent"] is True
    [kept] = store.walks.stops(walk.id)
    assert kept.finding == "Two lamps out" and len(store.photos.of_walk(walk.id)) == 1
    assert store.walks.stamps(ADMIN, walk.id)[kept.id].accuracy_m == 8.5


@pytest.mark.parametrize("extra, why", [
    ({"x-csrf-token": ""}, "out of date"),
    ({"x-csrf-token": "a-token-from-some-other-page"}, "out of date"),
    ({"origin": "https://evil.example"}, "did not come from the app"),
])
def test_a_write_without_its_token_or_from_another_site_is_refused_and_nothing_written(app_walk, extra, why):
    app, store, walk = app_walk
    headers, csrf = session(app)
    reply = send(app, walk.id, headers, csrf, extra=extra)
    assert reply.status == 403 and why in json.loads(reply.body)["error"]
    assert store.walks.stops(walk.id) == []


def test_a_disabled_account_s_queued_stops_are_refused_with_a_sentence_and_nothing_written(app_walk):
    app, store, walk = app_walk
    headers, csrf = session(app)
    store.accounts.disable_user(ADMIN, CWG.name)
    reply = send(app, walk.id, headers, csrf)
    assert reply.status == 403 and json.loads(reply.body)["error"] == DISABLED
    assert store.walks.stops(walk.id) == []


def test_a_reset_ends_the_sign_in_at_once(app_walk):
    app, store, walk = app_walk
    headers, csrf = session(app)
    store.accounts.reset_password(ADMIN, CWG.name)
    reply = send(app, walk.id, headers, csrf)
    assert reply.status == 401 and "Sign in again" in json.loads(reply.body)["error"]
    assert store.walks.stops(walk.id) == []


def test_a_stale_recorder_after_its_walk_was_completed_writes_nothing_anywhere(app_walk):
    app, store, walk = app_walk
    other = plan_walk(store, title="Another walk")
    headers, csrf = session(app)
    store.walks.complete(COMMUNITY_SAFETY, walk.id, expected_version=walk.version, publish=True)
    reply = send(app, walk.id, headers, csrf)
    assert reply.status == 422 and f"Walk {walk.ref} is complete" in json.loads(reply.body)["error"]
    assert store.walks.stops(walk.id) == [] and store.walks.stops(other.id) == []


def test_a_stop_too_big_is_refused_before_it_is_read(app_walk):
    app, store, walk = app_walk
    headers, csrf = session(app)
    big = send(app, walk.id, headers, csrf, photos=[("photo-0001-aaaa", b"\xff" * (16 * 1024 * 1024))])
    assert big.status == 413 and "MB" in json.loads(big.body)["error"]
    assert store.walks.stops(walk.id) == []


@pytest.mark.parametrize("stop, why", [
    ({"client_ref": "stop-0001-aaaa", "route_seq": 0}, "time your phone gave"),
    ({**a_stop(), "scores": {"lighting": 7}}, "scored 0, 1, 2 or 3"),
    ({**a_stop(), "route_seq": 99}, "no stop 99"),
    ({**a_stop(), "client_ref": "<script>"}, "not one this app makes"),
])
def test_a_bad_stop_gets_a_sentence(app_walk, stop, why):
    app, store, walk = app_walk
    headers, csrf = session(app)
    reply = send(app, walk.id, headers, csrf, stop=stop)
    assert reply.status == 422 and why in json.loads(reply.body)["error"], reply.text
    assert store.walks.stops(walk.id) == []


def test_the_recorder_page_and_its_files_are_served_from_the_app_itself(app_walk):
    app = app_walk[0]
    page = get(app, "/recorder/")
    assert page.status == 200 and 'src="/recorder/recorder.js"' in page.text
    for name in ("recorder.js", "outbox.js", "photos.js", "sw.js", "recorder.css", "manifest.webmanifest"):
        assert get(app, f"/recorder/{name}").status == 200, name
    assert get(app, "/recorder/../app.py").status == 404 and get(app, "/recorder/secrets.toml").status == 404
    assert "http" not in page.text.replace('"http-equiv"', "")  # nothing from another host


def test_a_one_time_code_from_the_pages_sets_the_cookie_once(app_walk):
    app, store, _walk = app_walk
    code = store.sessions.offer(CWG)
    body = json.dumps({"claim": code}).encode()
    first = post(app, "/api/session/claim", body, {"content-type": "application/json", **ORIGIN})
    assert first.status == 200 and "httponly" in first.headers["set-cookie"].lower()
    again = post(app, "/api/session/claim", body, {"content-type": "application/json", **ORIGIN})
    assert again.status == 403 and "set-cookie" not in again.headers and json.loads(again.body)["error"]
    cookie = {"cookie": first.headers["set-cookie"].split(";")[0]}
    assert json.loads(get(app, "/api/session", cookie).body)["name"] == CWG.name


def test_where_the_phone_was_and_its_time_never_reach_a_public_route(app_walk):
    from tests.test_web import ROUTES

    app, store, walk = app_walk
    headers, csrf = session(app)
    stop = {**a_stop(), "phone_fix": {"lat": 51.527777, "lon": -0.138888, "accuracy": 7.25},
            "phone_time": "2026-02-19T19:04:59Z"}
    track = [{"at": "2026-02-19T19:03:11Z", "lat": 51.526666, "lon": -0.137777, "accuracy": 6.5}]
    assert send(app, walk.id, headers, csrf, stop=stop, track=track).status == 201
    assert [p.lat for p in store.walks.track(ADMIN, walk.id)] == [51.526666]
    [kept] = store.walks.stops(walk.id)
    store.walks.close_finding(COMMUNITY_SAFETY, kept.id, expected_version=kept.version, reason="Seen to")
    store.walks.complete(COMMUNITY_SAFETY, walk.id, expected_version=store.walks.walk(walk.id).version, publish=True)
    for path in [*ROUTES, "/open311/v2/requests.json?service_code=walk-finding"]:
        reply = get(app, path)
        assert reply.status == 200, path
        for secret in ("51.5277", "-0.1388", "19:04:59", "7.25", "51.5266", "-0.1377", "19:03:11"):
            assert secret not in reply.text, (path, secret)
    assert "Two lamps out" in get(app, "/opendata/walk-stops.csv").text  # the stop itself is public


def test_the_track_is_kept_once_for_partners_only_and_unreadable_points_are_left_out(app_walk):
    app, store, walk = app_walk
    headers, csrf = session(app)
    track = [{"at": "2026-02-19T19:01:00Z", "lat": 51.5271, "lon": -0.1371, "accuracy": 9},
             {"at": "not a time", "lat": 51.5272, "lon": -0.1372, "accuracy": 9},
             {"at": "2026-02-19T19:02:00Z", "lat": "north", "lon": -0.1372, "accuracy": 9},
             {"at": "2026-02-19T19:03:00Z", "lat": 51.5273, "lon": -0.1373, "accuracy": 5000},
             {"at": "2026-02-19T19:04:00Z", "lat": 51.5274, "lon": -0.1374, "accuracy": 4}]
    assert send(app, walk.id, headers, csrf, track=track).status == 201
    assert send(app, walk.id, headers, csrf, track=track).status == 200  # a resend adds no points
    assert [(p.lat, p.accuracy_m) for p in store.walks.track(ADMIN, walk.id)] == [(51.5271, 9), (51.5274, 4)]
    with pytest.raises(PermissionDenied):
        store.walks.track(CWG, walk.id)


def test_a_stop_with_one_good_and_two_broken_photos_resent_is_one_stop_one_photo_and_two_refusals_named(app_walk):
    from tests.test_stop_unit import BROKEN_PNG, NOT_AN_IMAGE

    app, store, walk = app_walk
    headers, csrf = session(app)
    photos = [("photo-good-0001", phone_jpeg()), ("photo-bad-0002", BROKEN_PNG), ("photo-bad-0003", NOT_AN_IMAGE)]
    first = json.loads(send(app, walk.id, headers, csrf, photos=photos).body)
    again = json.loads(send(app, walk.id, headers, csrf, photos=photos).body)  # the phone resends
    assert (first["photos"], again["photos"], again["resent"]) == (1, 1, True)
    assert len(first["refused"]) == 2 and all(r.startswith("IMG_") and r.endswith(".") for r in first["refused"])
    assert len(store.walks.stops(walk.id)) == 1 and len(store.photos.of_walk(walk.id)) == 1
