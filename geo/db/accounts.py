"""Staff accounts: adding and running them, and signing in.

`store.accounts` is one of these, on the store's database.  Passwords are
kept only as argon2id hashes.  Every change checks its actor as the database
has them now (`current`), so a disabled, demoted or deleted account is
refused at once, whatever its session remembers.  Administrators can unlock
sign-in, reset a password (a one-time password that must be replaced at the
next sign-in), change a role, disable and enable, and see refused sign-ins;
each change goes in the partners-only history.  How sign-in attempts are
counted, throttled and kept from piling up is geo/db/signin.py.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import datetime, UTC
from functools import cache

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.exc import IntegrityError

from geo.db import signin
from geo.db.engine import Database
from geo.db.rows import record, utc_now
from geo.db.signin import GATE, SignInBusy
from geo.db.tables import teams, users
from geo.limits import USER_NAME_MAX
from geo.records import ACCOUNT, ACCOUNT_NAME, PASSWORD_MAX, PASSWORD_MIN
from geo.errors import InvalidInput, PasswordChangeRequired, PermissionDenied
from geo.model import FailedSignIn, User
from geo.roles import Action, Operator, require
from geo.status import Role, Visibility

STAFF_ROLES = (Role.PLANNING, Role.PCDA, Role.ADMIN, Role.COMMUNITY_SAFETY, Role.CWG, Role.PARTNER)
WRONG = "Wrong name or password."
DISABLED = "This account has been disabled; an administrator can enable it again."
CHOOSE = "Your password was reset by an administrator: choose a new password to finish signing in."
_NAME = re.compile(rf"[A-Za-z0-9._@-]{{1,{USER_NAME_MAX}}}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_ONE_TIME_LETTERS = "abcdefghjkmnpqrstuvwxyz23456789"  # nothing to misread (no l/1, o/0, i)


@cache
def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


@cache
def _dummy_hash() -> str:
    """Checked against when the name is unknown, so that answer takes as long as a wrong password."""
    return _hasher().hash("not anybody's password")


def _verify(password_hash: str | None, password: str) -> bool:
    """Check a password, taking a turn at argon2 (GATE.verifier).  None: an unknown name."""
    from argon2.exceptions import InvalidHashError, VerificationError

    with GATE.verifier():
        try:
            return _hasher().verify(password_hash or _dummy_hash(), password) and password_hash is not None
        except (VerificationError, InvalidHashError):
            return False


def _hash(password: str) -> str:
    with GATE.verifier():
        return _hasher().hash(password)


def _ticket(password_hash: str) -> str:
    return hashlib.sha256(password_hash.encode()).hexdigest()


def one_time_password() -> str:
    """Sixteen letters and digits in four groups, easy to read out: about 79 bits."""
    letters = "".join(secrets.choice(_ONE_TIME_LETTERS) for _ in range(16))
    return "-".join(letters[i:i + 4] for i in range(0, 16, 4))


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
    email = ACCOUNT["email"].check(email)
    if not _EMAIL.fullmatch(email):
        raise InvalidInput(f"Email '{email}' is not an email address.")
    return email.lower()


def _user(row) -> User:
    return User(row.name, Role(row.role), bool(row.disabled), row.email, bool(row.must_change_password), row.team)


def _check_team(conn: Connection, role: Role, team: str | None) -> str | None:
    """The team an account of this role belongs to: a known team, required of a partner team member."""
    team = team or None
    if team is None:
        if role is Role.PARTNER:
            raise InvalidInput("A partner team member's account needs a team: choose which team they are in.")
        return None
    if conn.execute(select(teams.c.id).where(teams.c.id == team)).first() is None:
        raise InvalidInput(f"There is no team {team!r}.")
    return team


def _utc(now: datetime | None) -> datetime:
    if now is None:
        return datetime.now(UTC)
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


class Accounts:
    """Staff accounts on one database; `settings` gives the sign-in limits."""

    def __init__(self, db: Database, settings):
        self._db = db
        self._limits = signin.Limits(settings.signin_max_failures, settings.signin_lock_seconds)

    # --- who is acting -----------------------------------------------------

    def current(self, actor: User | None) -> User | None:
        """The actor as the database has them now (role, disabled, must change password), or None
        when there is no such account.  An Operator (the command line) has no account and is
        taken as it is."""
        if actor is None or isinstance(actor, Operator):
            return actor
        with self._db.read() as conn:
            row = _row(conn, actor.name)
        return _user(row) if row is not None else None

    def _admin(self, actor: User | None) -> User:
        fresh = self.current(actor)
        require(fresh, Action.MANAGE_USERS)
        return fresh

    # --- administration ----------------------------------------------------

    def add_user(self, actor: User | None, name: str, role, password: str, *, email: str | None = None,
                 team: str | None = None) -> User:
        actor = self._admin(actor)
        name, role = check_name(name), check_role(role)
        email = check_email(email)
        password_hash = _hash(check_password(password))
        try:
            with self._db.write() as conn:
                if _row(conn, name) is not None:
                    raise InvalidInput(f"There is already an account named {name}.")
                if email and conn.execute(select(users.c.name).where(users.c.email == email)).first():
                    raise InvalidInput(f"Another account already uses the email {email}.")
                team = _check_team(conn, role, team)
                conn.execute(insert(users).values(name=name, role=role.value, password_hash=password_hash,
                                                  disabled=False, email=email, must_change_password=False,
                                                  team=team))
                _audit(conn, actor, name, None, f"{role.value}, active" + (f", team {team}" if team else ""))
        except IntegrityError:  # added by someone else at the same moment
            raise InvalidInput(f"There is already an account named {name} or with that email.") from None
        return User(name, role, False, email, team=team)

    def set_team(self, actor: User | None, name: str, team: str | None) -> User:
        """Put the account in another team (None: its role's own team); it may then update that team's commitments."""
        actor = self._admin(actor)
        with self._db.write() as conn:
            old = _row(conn, name)
            if old is None:
                raise InvalidInput(f"There is no account named {name}.")
            team = _check_team(conn, Role(old.role), team)
            if old.team != team:
                conn.execute(update(users).where(users.c.name == name).values(team=team))
                _audit(conn, actor, name, f"team {old.team or 'of the role'}", f"team {team or 'of the role'}")
            return _user(_row(conn, name))

    def list_users(self) -> list[User]:
        with self._db.read() as conn:
            return [_user(r) for r in conn.execute(select(users).order_by(users.c.name))]

    def disable_user(self, actor: User | None, name: str) -> User:
        """Stop the account signing in, and end its open sessions' rights at once.  Its history stays."""
        actor = self._admin(actor)
        if name == actor.name:
            raise InvalidInput("You cannot disable your own account; ask another administrator.")
        return self._update_user(name, actor, "disabled", disabled=True)

    def enable_user(self, actor: User | None, name: str) -> User:
        actor = self._admin(actor)
        return self._update_user(name, actor, "enabled", disabled=False)

    def set_role(self, actor: User | None, name: str, role) -> User:
        """Give the account another staff role; its open sessions get the new role's pages and rights."""
        actor = self._admin(actor)
        role = check_role(role)
        if name == actor.name:
            raise InvalidInput("You cannot change your own role; ask another administrator.")
        with self._db.write() as conn:
            old = _row(conn, name)
            if old is None:
                raise InvalidInput(f"There is no account named {name}.")
            if old.role != role.value:
                _check_team(conn, role, old.team)
                conn.execute(update(users).where(users.c.name == name).values(role=role.value))
                _audit(conn, actor, name, f"role {old.role}", f"role {role.value}")
            return _user(_row(conn, name))

    def reset_password(self, actor: User | None, name: str) -> str:
        """Replace the password with a one-time password, returned to show once.  The account must
        choose a new password when it next signs in; its open sessions end; sign-in is unlocked."""
        actor = self._admin(actor)
        if name == actor.name:
            raise InvalidInput("You cannot reset your own password here; ask another administrator.")
        temporary = one_time_password()
        password_hash = _hash(temporary)
        with self._db.write() as conn:
            if not conn.execute(update(users).where(users.c.name == name).values(
                    password_hash=password_hash, must_change_password=True)).rowcount:
                raise InvalidInput(f"There is no account named {name}.")
            signin.unlock(conn, name)
            _audit(conn, actor, name, None, "password reset; a new one must be chosen at the next sign-in")
        return temporary

    def unlock(self, actor: User | None, name: str) -> None:
        """Let the account try its password again from everywhere, at once."""
        actor = self._admin(actor)
        with self._db.write() as conn:
            if _row(conn, name) is None:
                raise InvalidInput(f"There is no account named {name}.")
            signin.unlock(conn, name)
            _audit(conn, actor, name, None, "sign-in unlocked")

    def set_email(self, actor: User | None, name: str, email: str | None) -> User:
        """Link the account to the email its single sign-on provider reports (None unlinks)."""
        actor = self._admin(actor)
        email = check_email(email)
        try:
            return self._update_user(name, actor, f"email {email or 'removed'}", email=email)
        except IntegrityError:
            raise InvalidInput(f"Another account already uses the email {email}.") from None

    def failed_sign_ins(self, actor: User | None, limit: int = 100) -> list[FailedSignIn]:
        """Refused sign-ins, newest first: for administrators (names typed may be anyone's)."""
        self._admin(actor)
        with self._db.read() as conn:
            return signin.recent_failures(conn, limit)

    def sign_in_locks(self, now: datetime | None = None) -> dict[str, datetime]:
        """Accounts whose sign-in is locked now (from some places or all), with when it ends."""
        with self._db.read() as conn:
            names = {r.name for r in conn.execute(select(users.c.name))}
            return {n: until for n, until in signin.locked_names(conn, _utc(now)).items() if n in names}

    # --- signing in -----------------------------------------------------------

    def user_for_email(self, email: str) -> User | None:
        """The enabled account linked to this email (for single sign-on), or None."""
        if not isinstance(email, str) or not email.strip():
            return None
        with self._db.read() as conn:
            row = conn.execute(select(users).where(users.c.email == email.strip().lower())).first()
        return _user(row) if row and not row.disabled and not row.must_change_password else None

    def authenticate(self, name: str, password: str, now: datetime | None = None, *, client: str = "") -> User:
        """The account for this name and password, or PermissionDenied with a sentence saying why not.
        `client` names where the attempt comes from (an IP address or a session id); see signin.py.
        After an administrator's reset it raises PasswordChangeRequired: see choose_password.
        A name no account can have (a control character such as NUL, too long, empty) gets the
        editors' sentence (InvalidInput) before anything is read or written."""
        name = ACCOUNT_NAME.check(name)
        now = _utc(now)
        tried, client = signin.key_name(name), signin.key_client(client)
        password = password[:PASSWORD_MAX + 1] if isinstance(password, str) else ""
        with GATE.turn(tried):
            with self._db.write() as conn:
                taken = signin.reserve(conn, tried, client, now, self._limits)
                if isinstance(taken, signin.Refusal):
                    signin.record_failure(conn, tried, client, "too many attempts", now)
                row = _row(conn, name)
            if isinstance(taken, signin.Refusal):
                raise PermissionDenied(taken.message(now))
            try:
                right = _verify(row.password_hash if row is not None else None, password)
            except SignInBusy:
                with self._db.write() as conn:
                    signin.refund(conn, taken, now)
                raise
            with self._db.write() as conn:
                signin.settle(conn, taken, right, now, self._limits)
                if not right or row.disabled:
                    signin.record_failure(conn, tried, client, "account disabled" if right else "wrong password", now)
        if not right:
            raise PermissionDenied(WRONG)
        if row.disabled:
            raise PermissionDenied(DISABLED)
        if row.must_change_password:
            raise PasswordChangeRequired(CHOOSE, row.name, _ticket(row.password_hash))
        if _hasher().check_needs_rehash(row.password_hash):
            return self._update_user(row.name, password_hash=_hash(password))
        return _user(row)

    def choose_password(self, name: str, ticket: str, new_password: str) -> User:
        """Finish a sign-in that raised PasswordChangeRequired: set the new password and return the
        account, signed in.  Refused if the one-time password has been replaced meanwhile."""
        new_password = check_password(new_password)
        with self._db.read() as conn:
            row = _row(conn, name) if isinstance(name, str) else None
        if not self._ticket_holds(row, ticket):
            raise PermissionDenied("That one-time password is no longer valid; sign in again.")
        if _verify(row.password_hash, new_password):
            raise InvalidInput("Choose a password of your own, not the one-time password.")
        password_hash = _hash(new_password)
        with self._db.write() as conn:
            row = _row(conn, name)
            if not self._ticket_holds(row, ticket):
                raise PermissionDenied("That one-time password is no longer valid; sign in again.")
            conn.execute(update(users).where(users.c.name == name).values(
                password_hash=password_hash, must_change_password=False))
            _audit(conn, _user(row), name, None, "chose a new password")
            return _user(_row(conn, name))

    @staticmethod
    def _ticket_holds(row, ticket) -> bool:
        return (row is not None and row.must_change_password and not row.disabled and isinstance(ticket, str)
                and hmac.compare_digest(_ticket(row.password_hash), ticket))

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
