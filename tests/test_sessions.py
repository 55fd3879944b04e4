"""Sign-ins kept in a cookie (geo.db.session_store): they last the evening, end at once when the
account is disabled or reset, and a write needs the session's own CSRF token."""
from __future__ import annotations

from datetime import datetime, timedelta, UTC

import pytest

from geo import clock
from geo.db.session_store import BAD_CSRF, expiry
from geo.errors import PermissionDenied
from tests.store_fixtures import ADMIN, CWG, PCDA

EVENING = datetime(2026, 2, 19, 18, 30, tzinfo=clock.LONDON)


@pytest.mark.parametrize("began, ends", [
    (datetime(2026, 2, 19, 18, 30), datetime(2026, 2, 20, 4, 0)),  # an evening walk: until 4 next morning
    (datetime(2026, 2, 20, 3, 59), datetime(2026, 2, 20, 7, 59)),
    (datetime(2026, 2, 20, 1, 0), datetime(2026, 2, 20, 5, 0)),  # late at night: four hours at least
    (datetime(2026, 6, 19, 21, 0), datetime(2026, 6, 20, 4, 0)),  # British Summer Time
])
def test_a_session_lasts_the_evening(began, ends):
    assert expiry(began.replace(tzinfo=clock.LONDON)) == ends.replace(tzinfo=clock.LONDON).astimezone(UTC)


def test_a_session_signs_its_account_in_until_it_expires(store):
    token, csrf, ends = store.sessions.begin(CWG, EVENING)
    assert store.sessions.resume(token, EVENING + timedelta(hours=3)).name == CWG.name
    assert store.sessions.resume(token, ends) is None
    assert store.sessions.resume("not-a-token-anybody-was-given", EVENING) is None
    assert store.sessions.resume(None, EVENING) is None


def test_the_database_keeps_no_token_a_thief_could_use(store):
    from sqlalchemy import select
    from geo.db.tables import sign_in_sessions

    token, _csrf, _ends = store.sessions.begin(CWG)
    with store._db.read() as conn:
        rows = [tuple(r) for r in conn.execute(select(sign_in_sessions))]
    assert rows and token not in repr(rows)


@pytest.mark.parametrize("change", ["disable", "reset"])
def test_a_session_ends_at_once_when_an_administrator_disables_or_resets_the_account(store, change):
    token, _csrf, _ends = store.sessions.begin(CWG)
    other, _, _ = store.sessions.begin(PCDA)
    if change == "disable":
        store.accounts.disable_user(ADMIN, CWG.name)
    else:
        store.accounts.reset_password(ADMIN, CWG.name)
    assert store.sessions.resume(token) is None
    assert store.sessions.resume(other).name == PCDA.name
    if change == "disable":  # enabled again: the old session stays ended only if it was reset
        store.accounts.enable_user(ADMIN, CWG.name)
        assert store.sessions.resume(token).name == CWG.name


def test_a_disabled_account_cannot_begin_a_session(store):
    store.accounts.disable_user(ADMIN, CWG.name)
    with pytest.raises(PermissionDenied):
        store.sessions.begin(CWG)


def test_a_write_needs_the_session_s_own_csrf_token(store):
    token, csrf, _ = store.sessions.begin(CWG)
    _other_token, other_csrf, _ = store.sessions.begin(CWG)
    store.sessions.check_csrf(token, csrf)
    assert store.sessions.csrf(token) == csrf
    for wrong in ("", None, other_csrf, csrf + "x"):
        with pytest.raises(PermissionDenied, match="out of date"):
            store.sessions.check_csrf(token, wrong)
    assert BAD_CSRF.endswith(".")


def test_signing_out_ends_the_session(store):
    token, _csrf, _ = store.sessions.begin(CWG)
    store.sessions.end(token)
    assert store.sessions.resume(token) is None


def test_a_sign_in_on_the_pages_becomes_a_cookie_session_once_through_a_one_time_code(store):
    code = store.sessions.offer(CWG, EVENING)
    assert store.sessions.resume(code, EVENING) is None  # the code is not a session
    token, _csrf, _ends = store.sessions.claim(code, EVENING + timedelta(seconds=30))
    assert store.sessions.resume(token, EVENING + timedelta(minutes=1)).name == CWG.name
    assert store.sessions.claim(code, EVENING + timedelta(seconds=31)) is None  # used


def test_a_one_time_code_too_old_or_for_a_disabled_account_keeps_nothing(store):
    late = store.sessions.offer(CWG, EVENING)
    assert store.sessions.claim(late, EVENING + timedelta(minutes=3)) is None
    disabled = store.sessions.offer(CWG, EVENING)
    store.accounts.disable_user(ADMIN, CWG.name)
    assert store.sessions.claim(disabled, EVENING + timedelta(seconds=5)) is None
    assert store.sessions.claim("made-up-code-nobody-was-given", EVENING) is None
