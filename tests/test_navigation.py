"""geo/navigation.py: which pages exist, and which role sees which, come from one declaration."""
from pathlib import Path

import pytest

from geo import navigation
from geo.model import User
from geo.roles import ALLOWED, Action
from geo.status import Role

ROOT = Path(__file__).resolve().parent.parent


def test_every_page_script_is_declared_once_and_exists():
    declared = [spec.path for spec in navigation.PAGES]
    assert sorted(declared) == sorted(str(p.relative_to(ROOT)) for p in (ROOT / "pages").glob("*.py"))
    assert len({spec.url_path for spec in navigation.PAGES}) == len(navigation.PAGES)


def test_a_visitor_sees_only_the_public_pages():
    assert navigation.pages_for(None) == navigation.PUBLIC_PAGES
    assert all(spec.is_public for spec in navigation.PUBLIC_PAGES)


@pytest.mark.parametrize("role", list(Role))
def test_a_role_sees_exactly_the_staff_pages_its_actions_allow(role):
    staff = set(navigation.pages_for(User("someone", role))) - set(navigation.PUBLIC_PAGES)
    assert staff == {spec for spec in navigation.STAFF_PAGES if spec.action in ALLOWED[role]}


def test_a_disabled_account_sees_only_the_public_pages():
    assert navigation.pages_for(User("someone", Role.ADMIN, disabled=True)) == navigation.PUBLIC_PAGES


def test_every_staff_page_says_why_it_refuses():
    for spec in navigation.STAFF_PAGES:
        assert isinstance(spec.action, Action) and spec.refusal.startswith("Only ")
