"""geo.roles: one rule table, a sentence for every refusal, and the local
Operator (the command line) that the web app never acts as."""
from __future__ import annotations

import pytest

from geo.errors import PermissionDenied
from geo.model import User
from geo.roles import Action, Operator, can, require
from geo.status import Role
from tests.conftest import ROOT


@pytest.mark.parametrize("actor, sentence", [
    (None, "You need to sign in to manage accounts."),
    (User("ada", Role.ADMIN, disabled=True), "The account ada has been disabled, so it cannot manage accounts."),
    (User("ada", Role.ADMIN, must_change_password=True),
     "The account ada must choose a new password (sign in again) before it can manage accounts."),
    (User("pat", Role.PLANNING), "The Planning team role cannot manage accounts."),
])
def test_every_refusal_says_why_in_a_sentence(actor, sentence):
    assert not can(actor, Action.MANAGE_USERS)
    with pytest.raises(PermissionDenied) as refused:
        require(actor, Action.MANAGE_USERS)
    assert str(refused.value) == sentence


def test_the_operator_acts_as_an_administrator_without_an_account():
    operator = Operator("command line (pat)")
    assert operator.role is Role.ADMIN and all(can(operator, action) for action in Action)
    assert operator != User("command line (pat)", Role.ADMIN)  # a signed-in copy can never pass for it


def test_the_web_app_never_acts_as_the_operator():
    sources = [ROOT / "app.py", *sorted((ROOT / "ui").glob("*.py")), *sorted((ROOT / "pages").glob("*.py"))]
    assert len(sources) > 10
    for path in sources:
        text = path.read_text(encoding="utf-8")
        assert "Operator" not in text and "cli_user" not in text, path
