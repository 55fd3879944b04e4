"""Staff accounts: adding, listing, disabling, single sign-on emails, and
signing in with lockout after repeated wrong passwords."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, UTC
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from geo.errors import InvalidInput, PasswordChangeRequired, PermissionDenied
from geo.model import User
from geo.status import Role
from geo.db import Store
from geo.roles import Operator

# The acting administrator is the local operator (as on the command line), so the
# accounts listed are only those each test adds.
ADMIN = Operator("ada.admin")

PASSWORD = "correct horse battery staple"
NOW = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture
def accounts(bare_store):
    bare_store.accounts.add_user(ADMIN, "alice", "planning", PASSWORD)
    return bare_store.accounts


def test_an_added_account_can_sign_in_with_its_password(accounts):
    assert accounts.authenticate("alice", PASSWORD) == User("alice", Role.PLANNING)
    assert accounts.list_users() == [User("alice", Role.PLANNING)]


def test_accounts_are_listed_by_name(accounts):
    accounts.add_user(ADMIN, "bob.pcda", Role.PCDA, PASSWORD)
    accounts.add_user(ADMIN, "Zed@camden", "admin", PASSWORD)
    assert [u.name for u in accounts.list_users()] == sorted(["alice", "bob.pcda", "Zed@camden"])


def test_no_plaintext_password_is_stored(accounts, db_url):
    if db_url.startswith("sqlite"):
        path = Path(make_url(db_url).database)
        stored = b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))  # the file and its WAL
        assert b"alice" in stored  # the check can see the account at all
        assert PASSWORD.encode() not in stored
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        stored_hash = conn.execute(text("SELECT password_hash FROM users WHERE name = 'alice'")).scalar_one()
    engine.dispose()
    assert stored_hash.startswith("$argon2id$") and PASSWORD not in stored_hash


@pytest.mark.parametrize("name", ["", "a" * 65, "has space", "semi;colon", "ünïcode", None])
def test_bad_account_names_are_refused(bare_store, name):
    with pytest.raises(InvalidInput, match="Account name must be 1 to 64 characters"):
        bare_store.accounts.add_user(ADMIN, name, "planning", PASSWORD)


@pytest.mark.parametrize("role", ["resident", "mayor", "", None])
def test_only_staff_roles_can_be_given(bare_store, role):
    with pytest.raises(InvalidInput, match="Role must be one of: planning, pcda, admin"):
        bare_store.accounts.add_user(ADMIN, "carol", role, PASSWORD)


def test_short_passwords_are_refused(bare_store):
    with pytest.raises(InvalidInput, match="at least 10 characters"):
        bare_store.accounts.add_user(ADMIN, "carol", "pcda", "123456789")
    assert bare_store.accounts.list_users() == []


def test_a_name_can_be_used_only_once(accounts):
    with pytest.raises(InvalidInput, match="already an account named alice"):
        accounts.add_user(ADMIN, "alice", "admin", PASSWORD)


def test_unknown_name_and_wrong_password_get_the_same_answer_and_the_same_work(accounts, monkeypatch):
    """Both pay for exactly one argon2 check, so neither the answer nor its cost tells a name exists.
    (Counted, not timed: a timed assertion would only measure how busy the machine is.)"""
    from geo.db import accounts as accounts_module
    from tests.test_signin import CountingHasher

    counting = CountingHasher(accounts_module._hasher())
    monkeypatch.setattr(accounts_module, "_hasher", lambda: counting)

    def attempt(name, password):
        before = counting.checked
        with pytest.raises(PermissionDenied) as refused:
            accounts.authenticate(name, password, now=NOW)
        return str(refused.value), counting.checked - before

    wrong = [attempt("alice", "not the password") for _ in range(3)]
    accounts.authenticate("alice", PASSWORD, now=NOW)  # reset the counter
    unknown = [attempt("nobody", "not the password") for _ in range(3)]
    assert set(wrong) == set(unknown) == {("Wrong name or password.", 1)}


def test_too_many_wrong_passwords_lock_the_account_for_a_while(accounts, store_settings):
    for _ in range(store_settings.signin_max_failures):
        with pytest.raises(PermissionDenied, match="Wrong name or password"):
            accounts.authenticate("alice", "not the password", now=NOW)
    with pytest.raises(PermissionDenied, match="locked .* try again in 15 minutes") as locked:
        accounts.authenticate("alice", PASSWORD, now=NOW + timedelta(seconds=1))
    assert "locked" in str(locked.value)
    with pytest.raises(PermissionDenied, match="try again in 1 minute "):
        accounts.authenticate("alice", PASSWORD, now=NOW + timedelta(seconds=899))
    assert accounts.authenticate("alice", PASSWORD, now=NOW + timedelta(seconds=901)).name == "alice"


def test_the_lock_limit_and_time_come_from_settings(db_url, store_settings, fast_hashing):
    settings = replace(store_settings, signin_max_failures=2, signin_lock_seconds=60)
    with Store.open(db_url, settings=settings) as store:
        store.accounts.add_user(ADMIN, "alice", "planning", PASSWORD)
        for _ in range(2):
            with pytest.raises(PermissionDenied, match="Wrong"):
                store.accounts.authenticate("alice", "nope nope nope", now=NOW)
        with pytest.raises(PermissionDenied, match="try again in 1 minute"):
            store.accounts.authenticate("alice", PASSWORD, now=NOW)


def test_a_right_password_resets_the_count_of_wrong_ones(accounts, store_settings):
    for _ in range(2):
        for _ in range(store_settings.signin_max_failures - 1):
            with pytest.raises(PermissionDenied, match="Wrong"):
                accounts.authenticate("alice", "not the password", now=NOW)
        assert accounts.authenticate("alice", PASSWORD, now=NOW).name == "alice"


def test_a_disabled_account_cannot_sign_in(accounts):
    disabled = accounts.disable_user(ADMIN, "alice")
    assert disabled.disabled
    with pytest.raises(PermissionDenied, match="disabled"):
        accounts.authenticate("alice", PASSWORD)
    with pytest.raises(PermissionDenied, match="Wrong name or password"):  # says nothing without the password
        accounts.authenticate("alice", "not the password")
    assert accounts.list_users()[0].disabled


def test_an_administrator_cannot_disable_their_own_account(accounts):
    accounts.add_user(ADMIN, "ada.admin", "admin", PASSWORD)
    with pytest.raises(InvalidInput, match="your own account"):
        accounts.disable_user(User("ada.admin", Role.ADMIN), "ada.admin")
    with pytest.raises(InvalidInput, match="no account named ghost"):
        accounts.disable_user(ADMIN, "ghost")


def test_single_sign_on_emails_map_to_enabled_accounts(accounts):
    accounts.set_email(ADMIN, "alice", "Alice@Camden.gov.uk")
    assert accounts.user_for_email("alice@camden.gov.uk") == User("alice", Role.PLANNING, email="alice@camden.gov.uk")
    assert accounts.user_for_email("ALICE@camden.gov.uk ").name == "alice"
    assert accounts.user_for_email("bob@camden.gov.uk") is None
    assert accounts.user_for_email("") is None
    accounts.add_user(ADMIN, "bob", "pcda", PASSWORD, email="bob@met.police.uk")
    with pytest.raises(InvalidInput, match="already uses the email"):
        accounts.set_email(ADMIN, "bob", "alice@camden.gov.uk")
    with pytest.raises(InvalidInput, match="not an email address"):
        accounts.set_email(ADMIN, "bob", "bob at the met")
    accounts.disable_user(ADMIN, "alice")
    assert accounts.user_for_email("alice@camden.gov.uk") is None


def test_account_changes_are_in_the_partners_history_only(accounts, bare_store):
    accounts.disable_user(ADMIN, "alice")
    assert [(c.actor, c.field, c.new) for c in bare_store.history(include_partners=True)] == [
        ("ada.admin", "account alice", "disabled"), ("ada.admin", "account alice", "planning, active")]
    assert bare_store.history() == []


# --- accounts an administrator can run ----------------------------------------

def test_current_reads_the_account_as_stored_now(accounts):
    copy = User("alice", Role.PLANNING)
    assert accounts.current(copy) == copy
    accounts.set_role(ADMIN, "alice", "pcda")
    accounts.disable_user(ADMIN, "alice")
    assert accounts.current(copy) == User("alice", Role.PCDA, disabled=True)
    assert accounts.current(User("ghost", Role.ADMIN)) is None
    assert accounts.current(None) is None
    assert accounts.current(ADMIN) is ADMIN  # the local operator has no account


def test_a_role_change_is_refused_for_yourself_and_recorded_for_others(accounts, bare_store):
    accounts.add_user(ADMIN, "ada", "admin", PASSWORD)
    ada = User("ada", Role.ADMIN)
    assert accounts.set_role(ada, "alice", "admin").role is Role.ADMIN
    with pytest.raises(InvalidInput, match="your own role"):
        accounts.set_role(ada, "ada", "planning")
    with pytest.raises(InvalidInput, match="Role must be one of"):
        accounts.set_role(ada, "alice", "resident")
    with pytest.raises(InvalidInput, match="no account named ghost"):
        accounts.set_role(ada, "ghost", "pcda")
    assert ("ada", "account alice", "role planning", "role admin") in [
        (c.actor, c.field, c.old, c.new) for c in bare_store.history(include_partners=True)]


def test_a_disabled_account_can_be_enabled_again(accounts):
    accounts.disable_user(ADMIN, "alice")
    assert accounts.enable_user(ADMIN, "alice") == User("alice", Role.PLANNING)
    assert accounts.authenticate("alice", PASSWORD).name == "alice"
    with pytest.raises(InvalidInput, match="no account named ghost"):
        accounts.enable_user(ADMIN, "ghost")


def test_a_demoted_administrator_can_no_longer_run_accounts(accounts):
    accounts.add_user(ADMIN, "ada", "admin", PASSWORD)
    ada = accounts.authenticate("ada", PASSWORD)  # a session's copy
    accounts.set_role(ADMIN, "ada", "planning")
    with pytest.raises(PermissionDenied, match="Planning team role cannot manage accounts"):
        accounts.disable_user(ada, "alice")
    accounts.disable_user(ADMIN, "ada")
    with pytest.raises(PermissionDenied, match="ada has been disabled"):
        accounts.add_user(ada, "mallory", "admin", PASSWORD)
    assert [u.name for u in accounts.list_users()] == ["ada", "alice"]


def test_a_reset_gives_a_one_time_password_that_must_be_replaced_before_signing_in(accounts, bare_store):
    one_time = accounts.reset_password(ADMIN, "alice")
    assert len(one_time) >= 16 and one_time != PASSWORD
    with pytest.raises(PermissionDenied, match="Wrong name or password"):
        accounts.authenticate("alice", PASSWORD)  # the old password is gone
    with pytest.raises(PasswordChangeRequired, match="choose a new password") as asked:
        accounts.authenticate("alice", one_time)
    assert accounts.current(User("alice", Role.PLANNING)).must_change_password
    with pytest.raises(InvalidInput, match="at least 10 characters"):
        accounts.choose_password("alice", asked.value.ticket, "short")
    with pytest.raises(InvalidInput, match="not the one-time password"):
        accounts.choose_password("alice", asked.value.ticket, one_time)
    with pytest.raises(PermissionDenied, match="no longer valid"):
        accounts.choose_password("alice", "a made-up ticket", "my very own password")
    signed_in = accounts.choose_password("alice", asked.value.ticket, "my very own password")
    assert signed_in == User("alice", Role.PLANNING)
    assert accounts.authenticate("alice", "my very own password") == signed_in
    with pytest.raises(PermissionDenied, match="no longer valid"):  # a ticket works once
        accounts.choose_password("alice", asked.value.ticket, "another new password")
    with pytest.raises(PermissionDenied, match="Wrong name or password"):
        accounts.authenticate("alice", one_time)
    assert [(c.actor, c.new) for c in bare_store.history(include_partners=True)][:2] == [
        ("alice", "chose a new password"),
        ("ada.admin", "password reset; a new one must be chosen at the next sign-in")]
    assert one_time not in str(bare_store.history(include_partners=True))


def test_a_second_reset_voids_the_first_one_time_password(accounts):
    first = accounts.reset_password(ADMIN, "alice")
    with pytest.raises(PasswordChangeRequired) as asked:
        accounts.authenticate("alice", first)
    accounts.reset_password(ADMIN, "alice")
    with pytest.raises(PermissionDenied, match="no longer valid"):
        accounts.choose_password("alice", asked.value.ticket, "my very own password")


def test_a_reset_account_cannot_use_single_sign_on_until_it_chooses_a_password(accounts):
    accounts.set_email(ADMIN, "alice", "alice@camden.gov.uk")
    accounts.reset_password(ADMIN, "alice")
    assert accounts.user_for_email("alice@camden.gov.uk") is None


def test_administrators_cannot_reset_their_own_password_or_unlock_a_missing_account(accounts):
    accounts.add_user(ADMIN, "ada", "admin", PASSWORD)
    with pytest.raises(InvalidInput, match="your own password"):
        accounts.reset_password(User("ada", Role.ADMIN), "ada")
    with pytest.raises(InvalidInput, match="no account named ghost"):
        accounts.unlock(ADMIN, "ghost")
    with pytest.raises(InvalidInput, match="no account named ghost"):
        accounts.reset_password(ADMIN, "ghost")


def test_unlocking_and_locks_are_listed_and_recorded(accounts, bare_store, store_settings):
    for _ in range(store_settings.signin_max_failures):
        with pytest.raises(PermissionDenied):
            accounts.authenticate("alice", "not the password", client="somewhere")
    assert set(accounts.sign_in_locks()) == {"alice"}
    accounts.unlock(ADMIN, "alice")
    assert accounts.sign_in_locks() == {}
    assert accounts.authenticate("alice", PASSWORD, client="somewhere").name == "alice"
    assert ("ada.admin", "account alice", "sign-in unlocked") in [
        (c.actor, c.field, c.new) for c in bare_store.history(include_partners=True)]
