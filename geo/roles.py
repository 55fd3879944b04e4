"""Who may do what, defined once.  Every write in geo/ calls `require`, so a
forged request fails on the server even if a page was never shown."""
from __future__ import annotations

from enum import Enum

from geo.errors import PermissionDenied
from geo.model import Annotation, User
from geo.status import Role


class Action(str, Enum):
    EDIT_GATING = "update gating reviews"
    MOVE_SITE = "move sites and confirm positions"
    ANNOTATE = "add design-out-crime annotations"
    EDIT_OWN_NOTES = "edit or withdraw their own design-out-crime annotations"
    EDIT_ANY_NOTE = "edit or withdraw another person's design-out-crime annotations"
    MANAGE_USERS = "manage accounts"
    IMPORT_SITES = "import site data"
    IMPORT_CRIME = "import crime data"
    PUBLISH_REPORT = "publish progress reports"
    SEE_PARTNER_NOTES = "see partners-only annotations"


ALLOWED: dict[Role, frozenset[Action]] = {
    Role.RESIDENT: frozenset(),
    Role.PLANNING: frozenset({Action.EDIT_GATING, Action.MOVE_SITE, Action.SEE_PARTNER_NOTES}),
    Role.PCDA: frozenset({Action.ANNOTATE, Action.EDIT_OWN_NOTES, Action.SEE_PARTNER_NOTES}),
    Role.ADMIN: frozenset(Action),
}


def can(actor: User | None, action: Action) -> bool:
    if actor is None or actor.disabled:
        return False
    return action in ALLOWED[actor.role]


def can_change_note(actor: User | None, note: Annotation) -> bool:
    """Edit, change the visibility of, or withdraw this design note: its author, or an administrator."""
    return can(actor, Action.EDIT_ANY_NOTE) or (can(actor, Action.EDIT_OWN_NOTES) and note.author == actor.name)


def require(actor: User | None, action: Action) -> None:
    if not can(actor, action):
        who = "You need to sign in" if actor is None else f"The {actor.role.label} role cannot"
        verb = " to " if actor is None else " "
        raise PermissionDenied(f"{who}{verb}{action.value}.")
