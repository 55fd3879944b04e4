"""The walk recorder that works with no connection, and the JSON API it posts to.

    /recorder/                      the page (web/recorder/index.html) and its files; its service
                                    worker (sw.js) keeps them, so it opens with no connection
    GET    /api/session             who this cookie signs in, and the CSRF token for writes
    POST   /api/session             sign in: {"name", "password"} -> the cookie
    POST   /api/session/end         sign out
    POST   /api/session/claim       {"claim": code}: the cookie for a sign-in made on the Streamlit
                                    pages (ui/components/session_cookie), once
    GET    /api/recorder/walks      the walks this walker may record on, and the words to record in
    POST   /api/walks/{id}/stops    one stop and its photos (multipart: "stop" JSON, "photo_N" files
                                    with "photo_N_ref" and "photo_N_caption", and "track" JSON if the
                                    walker keeps one), saved once: a resend
                                    under the same ids is answered as the first time

The cookie (COOKIE) is Secure, HttpOnly and SameSite=Strict, and holds nothing but a random token
(geo.db.session_store).  Every write needs the session's CSRF token in X-CSRF-Token and an Origin
of this app.  Every answer is JSON with a sentence in "error" when something is refused; the page
shows that sentence.  Writes go through the same store and role checks as the Streamlit pages."""
from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

from anyio import to_thread
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from geo.db.session_store import ENDED
from geo.proxies import client_address, trusted
from geo.roles import may_record_on
from geo.errors import InvalidInput, PasswordChangeRequired, PermissionDenied, WardError
from geo.walks import recorder_form
from geo.walks.photo_cleaner import MAX_BYTES
from geo.walks.walkabout import PhotoUpload
from web.resources import Opener

COOKIE = "ward_session"
PAGE_DIR = Path(__file__).with_name("recorder")
FILES = {"": "index.html", "recorder.js": "recorder.js", "outbox.js": "outbox.js", "photos.js": "photos.js",
         "recorder.css": "recorder.css", "sw.js": "sw.js", "manifest.webmanifest": "manifest.webmanifest"}
BODY_MAX = MAX_BYTES  # a stop with its photos, shrunk on the phone: the photo limit covers them all
TOO_BIG = (f"This stop and its photos are more than {MAX_BYTES // (1024 * 1024)} MB together. "
           "Take fewer photos at this stop, or send them with the next one.")
NOT_SIGNED_IN = "You are not signed in on this phone. Sign in, and the stops waiting here will be sent."
NOT_FROM_HERE = "This request did not come from the app's own page, so it was refused."
CHOOSE_FIRST = ("Your password was reset by an administrator. Choose a new one on the app's pages "
                "(Staff sign-in), then sign in here.")
NO_STORE = {"Cache-Control": "no-store"}


def routes(opener: Opener) -> list[Route]:
    api = _Api(opener)
    return [
        Route("/recorder", lambda _r: RedirectResponse("/recorder/", 308), methods=["GET"]),
        Route("/recorder/{name:path}", _file, methods=["GET"]),
        Route("/api/session", api.session, methods=["GET", "POST"]),
        Route("/api/session/end", api.sign_out, methods=["POST"]),
        Route("/api/session/claim", api.claim, methods=["POST"]),
        Route("/api/recorder/walks", api.walks, methods=["GET"]),
        Route("/api/walks/{walk_id:int}/stops", api.stop, methods=["POST"]),
    ]


def _file(request: Request) -> Response:
    name = FILES.get(request.path_params["name"])
    if name is None:
        return JSONResponse({"error": "There is no such file in the walk recorder."}, 404, headers=NO_STORE)
    media = {".js": "text/javascript", ".webmanifest": "application/manifest+json"}.get(Path(name).suffix)
    # no-cache: the service worker keeps its own copy and asks for a fresh one whenever it can
    return FileResponse(PAGE_DIR / name, media_type=media, headers={"Cache-Control": "no-cache"})


def _error(sentence: str, status: int) -> JSONResponse:
    return JSONResponse({"error": sentence}, status, headers=NO_STORE)


def _same_origin(request: Request) -> bool:
    """A write must come from our own page: its Origin (or Referer) is this host."""
    origin = request.headers.get("origin") or request.headers.get("referer") or ""
    return urlsplit(origin).netloc == request.headers.get("host", "")


class _Api:
    def __init__(self, opener: Opener):
        self._opener = opener

    def _store(self):
        return self._opener.get().store

    async def _signed_in(self, request: Request, *, write: bool):
        """(store, user, token), or an error response: not signed in, or a write without its token."""
        store = await to_thread.run_sync(self._store)
        token = request.cookies.get(COOKIE)
        user = await to_thread.run_sync(store.sessions.resume, token)
        if user is None:
            if not token:
                return _error(NOT_SIGNED_IN, 401)
            why = await to_thread.run_sync(store.sessions.why_not, token)
            return _error(why, 401 if why == ENDED else 403)  # a disabled account's stops are refused
        if write:
            if not _same_origin(request):
                return _error(NOT_FROM_HERE, 403)
            try:
                await to_thread.run_sync(store.sessions.check_csrf, token, request.headers.get("x-csrf-token"))
            except PermissionDenied as exc:
                return _error(str(exc), 403)
        return store, user, token

    async def session(self, request: Request) -> Response:
        if request.method == "POST":
            return await self._sign_in(request)
        store = await to_thread.run_sync(self._store)
        token = request.cookies.get(COOKIE)
        user = await to_thread.run_sync(store.sessions.resume, token)
        if user is None:
            return JSONResponse({"signed_in": False, **({"error": ENDED} if token else {})}, headers=NO_STORE)
        csrf = await to_thread.run_sync(store.sessions.csrf, token)
        return JSONResponse(_who(user, csrf), headers=NO_STORE)

    async def _sign_in(self, request: Request) -> Response:
        if not _same_origin(request):
            return _error(NOT_FROM_HERE, 403)
        try:
            doc = json.loads(await _body(request, 4096))
            name, password = doc["name"], doc["password"]
            if not isinstance(name, str) or not isinstance(password, str):
                raise TypeError
        except (ValueError, KeyError, TypeError, _TooBig):
            return _error("Type your account name and password, then tap Sign in.", 400)
        store = await to_thread.run_sync(self._store)
        peer = request.client.host if request.client else ""
        client = client_address(peer, request.headers.get("x-forwarded-for"),
                                trusted(self._opener.settings.trusted_proxies)) or "unknown"
        try:
            user = await to_thread.run_sync(lambda: store.accounts.authenticate(name.strip(), password,
                                                                                 client=client))
            token, csrf, ends = await to_thread.run_sync(store.sessions.begin, user)
        except PasswordChangeRequired:
            return _error(CHOOSE_FIRST, 403)
        except WardError as exc:
            return _error(str(exc), 403)
        response = JSONResponse(_who(user, csrf), headers=NO_STORE)
        _set_cookie(response, token, ends)
        return response

    async def claim(self, request: Request) -> Response:
        if not _same_origin(request):
            return _error(NOT_FROM_HERE, 403)
        try:
            code = json.loads(await _body(request, 1024))["claim"]
        except (ValueError, KeyError, TypeError, _TooBig):
            code = None
        store = await to_thread.run_sync(self._store)
        claimed = await to_thread.run_sync(store.sessions.claim, code)
        if claimed is None:
            return _error("This sign-in could not be kept on this browser; it lasts until the page is reloaded.", 403)
        token, _csrf, ends = claimed
        response = JSONResponse({"kept": True}, headers=NO_STORE)
        _set_cookie(response, token, ends)
        return response

    async def sign_out(self, request: Request) -> Response:
        checked = await self._signed_in(request, write=True)
        if isinstance(checked, Response):
            return checked
        store, _user, token = checked
        await to_thread.run_sync(store.sessions.end, token)
        response = JSONResponse({"signed_in": False}, headers=NO_STORE)
        response.delete_cookie(COOKIE, path="/", secure=True, httponly=True, samesite="strict")
        return response

    async def walks(self, request: Request) -> Response:
        checked = await self._signed_in(request, write=False)
        if isinstance(checked, Response):
            return checked
        store, user, _token = checked

        def read():
            walks = [w for w in store.walks.walks() if not w.completed and may_record_on(user, w.invited)]
            return [recorder_form.walk_document(w, store.walks.stops(w.id)) for w in walks]

        return JSONResponse({"walks": await to_thread.run_sync(read), **recorder_form.vocabulary()},
                            headers=NO_STORE)

    async def stop(self, request: Request) -> Response:
        checked = await self._signed_in(request, write=True)
        if isinstance(checked, Response):
            return checked
        store, user, _token = checked
        try:
            await _body(request, BODY_MAX)
            form = await request.form(max_files=recorder_form.MAX_PHOTOS, max_fields=4 * recorder_form.MAX_PHOTOS + 4,
                                      max_part_size=BODY_MAX)
            client_ref, entry, stamp = recorder_form.read_stop(json.loads(form.get("stop") or "null"))
            track = recorder_form.read_track(json.loads(form.get("track") or "null"))
            photos = await _photos(form)
        except _TooBig:
            return _error(TOO_BIG, 413)
        except InvalidInput as exc:
            return _error(str(exc), 422)
        except (ValueError, HTTPException):  # not JSON, or a form Starlette could not read (too many parts)
            return _error("The stop the phone sent could not be read.", 400)
        try:
            saved = await to_thread.run_sync(lambda: store.walks.save_stop(
                user, request.path_params["walk_id"], entry, photos, client_ref=client_ref, stamp=stamp,
                track=track))
        except PermissionDenied as exc:
            return _error(str(exc), 403)
        except WardError as exc:
            return _error(str(exc), 422)
        return JSONResponse({"stop_id": saved.stop.id, "resent": saved.resent, "photos": len(saved.photos),
                             "refused": list(saved.refused)}, 200 if saved.resent else 201, headers=NO_STORE)


def _set_cookie(response: Response, token: str, ends) -> None:
    response.set_cookie(COOKIE, token, expires=ends, path="/", secure=True, httponly=True, samesite="strict")


def _who(user, csrf: str | None) -> dict:
    return {"signed_in": True, "name": user.name, "role": user.role.label, "csrf": csrf}


class _TooBig(Exception):
    pass


async def _body(request: Request, limit: int) -> bytes:
    """The request's body, read at most `limit` bytes: _TooBig past that (Content-Length or not)."""
    declared = request.headers.get("content-length")
    if declared is not None and (not declared.isdigit() or int(declared) > limit):
        raise _TooBig
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise _TooBig
        chunks.append(chunk)
    body = b"".join(chunks)
    request._body = body  # noqa: SLF001 - Starlette's form() reads the body we have already read
    return body


async def _photos(form) -> list[PhotoUpload]:
    photos = []
    for n in range(recorder_form.MAX_PHOTOS):
        part = form.get(f"photo_{n}")
        if part is None or isinstance(part, str):
            continue
        photos.append(PhotoUpload(await part.read(), str(form.get(f"photo_{n}_caption") or ""),
                                  client_ref=str(form.get(f"photo_{n}_ref") or "") or None,
                                  name=part.filename or f"photo {n + 1}"))
    return photos
