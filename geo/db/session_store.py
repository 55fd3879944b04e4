"""Sign-ins that last the walk: a session kept in the browser's cookie, for the walk recorder
(web/recorder.py) and the Streamlit pages alike (ui/chrome.py).

    token, csrf = store.sessions.begin(user)        # after a right password
    user = store.sessions.resume(token)             # None: expired, ended, or the account changed
    store.sessions.check_csrf(token, csrf)          # every write
    store.sessions.end(token)                       # sign out

The cookie holds a random token; the database keeps only its SHA-256, so a copy of the database
signs nobody in.  Each session has a CSRF token too (the synchronizer-token pattern): the page
reads it from /api/session (same origin only) and sends it with every write.  A session:
- expires after the evening: at ENDS_AT (London) on the morning after it began, or MIN_HOURS
  after it began if that is later;
- ends at once when the account is disabled, reset (its password changes: `credential` is the
  password's fingerprint when the session began), made to change its password, or deleted;
- is checked against the database on every use, never remembered by a process.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, time, timedelta, UTC

from sqlalchemy import delete, insert, select

from geo import clock
from geo.db.engine import Database
from geo.db.rows import iso_utc, read_time
from geo.db.accounts import DISABLED
from geo.db.tables import sign_in_sessions as s, users
from geo.errors import PermissionDenied
from geo.model import User
from geo.status import Role

ENDS_AT = time(4, 0)  # London time: a walk is over by then
MIN_HOURS = 4  # a sign-in late at night still lasts a walk
ENDED = "Your sign-in has ended (it lasts one evening, and ends when an administrator changes your account). " \
        "Sign in again."
CLAIM = "claim "  # a code from offer: never a session's credential, so resume never accepts one
CLAIM_SECONDS = 120
BAD_CSRF = "This page's form is out of date or did not come from this app. Reload the page and try again."


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def credential(password_hash: str) -> str:
    """The account's password as the session remembers it: a reset or a new password changes it."""
    return hashlib.sha256(("session " + password_hash).encode()).hexdigest()


def expiry(began: datetime) -> datetime:
    """When a session begun at `began` (aware) ends, as UTC: the next ENDS_AT in London, or
    MIN_HOURS after it began if that is later."""
    local = began.astimezone(clock.LONDON)
    end = datetime.combine(local.date(), ENDS_AT, tzinfo=clock.LONDON)
    if end <= local:
        end = datetime.combine(local.date() + timedelta(days=1), ENDS_AT, tzinfo=clock.LONDON)
    return max(end, local + timedelta(hours=MIN_HOURS)).astimezone(UTC)


class Sessions:
    def __init__(self, db: Database):
        self._db = db

    def begin(self, user: User, now: datetime | None = None) -> tuple[str, str, datetime]:
        """A new session for an account that has just signed in: (cookie token, CSRF token, expiry)."""
        now = now or clock.utc_now()
        token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
        ends = expiry(now)
        with self._db.write() as conn:
            row = conn.execute(select(users).where(users.c.name == user.name)).first()
            if row is None or row.disabled or row.must_change_password:
                raise PermissionDenied(ENDED)
            conn.execute(delete(s).where(s.c.expires_at < iso_utc(now)))  # the expired, swept as we go
            conn.execute(insert(s).values(token_hash=_digest(token), csrf=csrf, name=row.name,
                                          credential=credential(row.password_hash), started_at=iso_utc(now),
                                          expires_at=iso_utc(ends)))
        return token, csrf, ends

    def offer(self, user: User, now: datetime | None = None) -> str:
        """A one-time code, good for CLAIM_SECONDS, that the browser exchanges for a cookie session
        (claim): how a sign-in on the Streamlit pages, which cannot set an HttpOnly cookie, gets one."""
        now = now or clock.utc_now()
        code = secrets.token_urlsafe(32)
        with self._db.write() as conn:
            conn.execute(insert(s).values(token_hash=_digest(CLAIM + code), csrf="", name=user.name, credential=CLAIM,
                                          started_at=iso_utc(now),
                                          expires_at=iso_utc(now + timedelta(seconds=CLAIM_SECONDS))))
        return code

    def claim(self, code: object, now: datetime | None = None) -> tuple[str, str, datetime] | None:
        """The cookie session for a code from offer, once; None if it is unknown, used or too old."""
        if not isinstance(code, str) or not 20 <= len(code) <= 100:
            return None
        now = now or clock.utc_now()
        with self._db.write() as conn:
            row = conn.execute(select(s).where(s.c.token_hash == _digest(CLAIM + code),
                                               s.c.credential == CLAIM)).first()
            if row is None:
                return None
            conn.execute(delete(s).where(s.c.token_hash == row.token_hash))
        if read_time(row.expires_at) <= now:
            return None
        user = User(row.name, Role.RESIDENT)  # begin reads the account afresh
        try:
            return self.begin(user, now)
        except PermissionDenied:
            return None

    def resume(self, token: object, now: datetime | None = None) -> User | None:
        """The account this cookie signs in, as the database has it now, or None."""
        if not isinstance(token, str) or not 20 <= len(token) <= 100:
            return None
        now = now or clock.utc_now()
        with self._db.read() as conn:
            found = conn.execute(select(s, users).join(users, users.c.name == s.c.name)
                                 .where(s.c.token_hash == _digest(token))).first()
        if found is None or read_time(found.expires_at) <= now or found.disabled or found.must_change_password \
                or not hmac.compare_digest(found.credential, credential(found.password_hash)):
            return None
        return User(found.name, Role(found.role), False, found.email, False, found.team)

    def why_not(self, token: object) -> str:
        """Why this cookie signs nobody in: the account was disabled, or the session ended."""
        if isinstance(token, str):
            with self._db.read() as conn:
                disabled = conn.execute(select(users.c.disabled).join(s, users.c.name == s.c.name)
                                        .where(s.c.token_hash == _digest(token))).scalar()
            if disabled:
                return DISABLED
        return ENDED

    def csrf(self, token: str) -> str | None:
        """The CSRF token of this cookie's session, for its page to send back."""
        with self._db.read() as conn:
            return conn.execute(select(s.c.csrf).where(s.c.token_hash == _digest(token))).scalar()

    def check_csrf(self, token: object, csrf: object) -> None:
        """PermissionDenied unless `csrf` is the CSRF token of this cookie's session."""
        if not isinstance(token, str) or not isinstance(csrf, str) or not csrf:
            raise PermissionDenied(BAD_CSRF)
        with self._db.read() as conn:
            stored = conn.execute(select(s.c.csrf).where(s.c.token_hash == _digest(token))).scalar()
        if stored is None or not hmac.compare_digest(stored.encode(), csrf.encode()):
            raise PermissionDenied(BAD_CSRF)

    def end(self, token: object) -> None:
        if isinstance(token, str):
            with self._db.write() as conn:
                conn.execute(delete(s).where(s.c.token_hash == _digest(token)))
