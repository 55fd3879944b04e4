"""Staff accounts: adding, listing and disabling them, and signing in.

`store.accounts` is one of these, on the store's database.  Passwords are
kept only as argon2id hashes.  Too many wrong passwords in a row lock an
account for a while (settings SIGNIN_MAX_FAILURES, SIGNIN_LOCK_SECONDS).  An
unknown name and a wrong password get the same message and take about the
same time, so sign-in does not reveal which names exist.
"""
from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone
from functools import cache

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from geo.errors import InvalidInput, PermissionDenied
from geo.model import User
from geo.roles import Action, require
from geo.status import Role, Visibility
from geo.db.engine import Database
from geo.db.rows import record, utc_now
from geo.db.tables import EMAIL_MAX, USER_NAME_MAX, users

STAFF_ROLES = (Role.PLANNING, Role.PCDA, Role.ADMIN)
PASSWORD_MIN = 10
PASSWORD_MAX = 1024  # argon2 hashes anything, but a megabyte "password" is an attack
WRONG = "Wrong name or password."
_NAME = re.compile(r"[A-Za-z0-9._@-]{1,%d}" % USER_NAME_MAX)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


@cache
def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Checked against when the name is unknown, so that answer takes as long as a wrong password."""
    return _hasher().hash("not anybody's password")


def _verify(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_name(name) -> str:
    if not isinstance(name, str) or not _NAME.fullmatch(name):
        raise InvalidInput(
            f"Account name must be 1 to {USER_NAME_MAX} characters: letters, digits, '.', '_', '@' or '-'.")
    return name


def check_role(role) -> Role:
    try:
        role = Role(role)
    except ValueError:
        role = None
    if role not in STAFF_ROLES:
        raise InvalidInput(f"Role must be one of: {', '.join(r.value for r in STAFF_ROLES)}.")
    return role


def check_password(password) -> str:
    if not isinstance(password, str) or len(password) < PASSWORD_MIN:
        raise InvalidInput(f"Password must be at least {PASSWORD_MIN} characters long.")
    if len(password) > PASSWORD_MAX:
        raise InvalidInput(f"Password must be at most {PASSWORD_MAX} characters long.")
    return password


def check_email(email) -> str | None:
    if email is None or email == "":
        return None
    if not isinstance(email, str) or len(email) > EMAIL_MAX or not _EMAIL.fullmatch(email.strip()):
        raise InvalidInput(f"Email '{email}' is not an email address.")
    return email.strip().lower()


def _user(row) -> User:
    return User(row.name, Role(row.role), bool(row.disabled), row.email)


def _utc(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(timezone.utc)
    return now.replace(tzinfo=timezone.utc) if now.tzinfo is None else now.astimezone(timezone.utc)


def _stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _parse_stamp(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _locked_message(until: datetime, now: datetime) -> str:
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    plural = "" if minutes == 1 else "s"
    return (f"This account is locked after too many wrong passwords; try again in {minutes} minute{plural} "
            f"(after {until:%H:%M} UTC), or ask an administrator.")


class Accounts:
    """Staff accounts on one database; `settings` gives the sign-in limits."""

    def __init__(self, db: Database, settings):
        self._db = db
        self._settings = settings

    def add_user(self, actor: User | None, name: str, role, password: str, *, email: str | None = None) -> User:
        require(actor, Action.MANAGE_USERS)
        name, role = check_name(name), check_role(role)
        password_hash = _hasher().hash(check_password(password))
        email = check_email(email)
        try:
            with self._db.write() as conn:
                if _row(conn, name) is not None:
                    raise InvalidInput(f"There is already an account named {name}.")
                if email and conn.execute(select(users.c.name).where(users.c.email == email)).first():
                    raise InvalidInput(f"Another account already uses the email {email}.")
                conn.execute(insert(users).values(name=name, role=role.value, password_hash=password_hash,
                                                  disabled=False, failed_attempts=0, locked_until=None, email=email))
                _audit(conn, actor, name, None, f"{role.value}, active")
        except IntegrityError:  # added by someone else at the same moment
            raise InvalidInput(f"There is already an account named {name} or with that email.") from None
        return User(name, role, False, email)

    def list_users(self) -> list[User]:
        with self._db.read() as conn:
            return [_user(r) for r in conn.execute(select(users).order_by(users.c.name))]

    def disable_user(self, actor: User | None, name: str) -> User:
        """Stop the account signing in.  Its history stays."""
        require(actor, Action.MANAGE_USERS)
        if name == actor.name:
            raise InvalidInput("You cannot disable your own account; ask another administrator.")
        return self._update_user(name, actor, "disabled", disabled=True)

    def set_email(self, actor: User | None, name: str, email: str | None) -> User:
        """Link the account to the email its single sign-on provider reports (None unlinks)."""
        require(actor, Action.MANAGE_USERS)
        email = check_email(email)
        try:
            return self._update_user(name, actor, f"email {email or 'removed'}", email=email)
        except IntegrityError:
            raise InvalidInput(f"Another account already uses the email {email}.") from None

    def user_for_email(self, email: str) -> User | None:
        """The enabled account linked to this email (for single sign-on), or None."""
        if not isinstance(email, str) or not email.strip():
            return None
        with self._db.read() as conn:
            row = conn.execute(select(users).where(users.c.email == email.strip().lower())).first()
        return _user(row) if row and not row.disabled else None

    def authenticate(self, name: str, password: str, now: datetime | None = None) -> User:
        """The account for this name and password, or PermissionDenied with a sentence saying why not."""
        now = _utc(now)
        with self._db.read() as conn:
            row = _row(conn, name) if isinstance(name, str) else None
        locked_until = _parse_stamp(row.locked_until) if row is not None and row.locked_until else None
        if locked_until is not None and locked_until > now:
            raise PermissionDenied(_locked_message(locked_until, now))
        right = _verify(row.password_hash if row else _dummy_hash(), password if isinstance(password, str) else "")
        if row is None:
            raise PermissionDenied(WRONG)
        if not right:
            self._count_failure(row.name, now)
            raise PermissionDenied(WRONG)
        if row.disabled:
            raise PermissionDenied("This account has been disabled; ask an administrator.")
        values = {"failed_attempts": 0, "locked_until": None}
        if _hasher().check_needs_rehash(row.password_hash):
            values["password_hash"] = _hasher().hash(password)
        return self._update_user(row.name, **values)

    def _count_failure(self, name: str, now: datetime) -> None:
        limit, seconds = self._settings.signin_max_failures, self._settings.signin_lock_seconds
        with self._db.write() as conn:
            conn.execute(update(users).where(users.c.name == name).values(failed_attempts=users.c.failed_attempts + 1))
            if _row(conn, name).failed_attempts >= limit:
                conn.execute(update(users).where(users.c.name == name).values(
                    failed_attempts=0, locked_until=_stamp(now + timedelta(seconds=seconds))))

    def _update_user(self, name: str, actor: User | None = None, change: str = "", **values) -> User:
        with self._db.write() as conn:
            if not conn.execute(update(users).where(users.c.name == name).values(**values)).rowcount:
                raise InvalidInput(f"There is no account named {name}.")
            if change:
                _audit(conn, actor, name, None, change)
            return _user(_row(conn, name))


def _audit(conn: Connection, actor: User, name: str, old: str | None, new: str) -> None:
    """Account changes go in the history, for partners only: staff names are not public."""
    record(conn, actor, None, f"account {name}", old, new, "", utc_now(), Visibility.PARTNERS)


def _row(conn: Connection, name: str):
    return conn.execute(select(users).where(users.c.name == name)).first()
