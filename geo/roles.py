"""Who may do what, defined once.  Every write in geo/ calls `require` with the
actor as the database has them now (`Accounts.current`), so a forged request,
or a session kept open after its account was disabled or demoted, fails on the
server even if a page was never shown."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from geo.errors import PermissionDenied
from geo.model import Annotation, User
from geo.status import Role


class Action(str, Enum):
    EDIT_GATING = "update gating reviews"
    MOVE_SITE = "move sites and confirm positions"
    EDIT_PLAN = "add commitments to the action plan and update any of them"
    UPDATE_LED = "update the commitments their team leads"
    MANAGE_TEAMS = "edit the partner teams"
    HOLD_REVIEW = "hold and publish review meetings of the action plan"
    ANNOTATE = "add design-out-crime annotations"
    EDIT_OWN_NOTES = "edit or withdraw their own design-out-crime annotations"
    EDIT_ANY_NOTE = "edit or withdraw another person's design-out-crime annotations"
    MANAGE_USERS = "manage accounts"
    IMPORT_SITES = "import site data"
    IMPORT_CRIME = "import crime data"
    SEE_PARTNER_NOTES = "see partners-only annotations"
    PLAN_WALK = "plan walkabouts"
    RECORD_WALK = "record walkabout stops"
    RESOLVE_FINDINGS = "turn walkabout findings into the action plan, publish walks and their photos"
    CONFIRM_POSITION = "confirm or reject positions proposed on walkabouts"
    SEE_RESIDENT_TRENDS = "see where residents' reports of feeling unsafe are rising"


ALLOWED: dict[Role, frozenset[Action]] = {
    Role.RESIDENT: frozenset(),
    Role.PLANNING: frozenset({Action.EDIT_GATING, Action.MOVE_SITE, Action.UPDATE_LED, Action.SEE_PARTNER_NOTES,
                              Action.PLAN_WALK, Action.RECORD_WALK, Action.RESOLVE_FINDINGS,
                              Action.CONFIRM_POSITION, Action.SEE_RESIDENT_TRENDS}),
    Role.PCDA: frozenset({Action.ANNOTATE, Action.EDIT_OWN_NOTES, Action.SEE_PARTNER_NOTES, Action.RECORD_WALK,
                          Action.UPDATE_LED, Action.SEE_RESIDENT_TRENDS}),
    Role.COMMUNITY_SAFETY: frozenset({Action.EDIT_PLAN, Action.UPDATE_LED, Action.SEE_PARTNER_NOTES,
                                      Action.PLAN_WALK, Action.RECORD_WALK, Action.RESOLVE_FINDINGS,
                                      Action.HOLD_REVIEW, Action.SEE_RESIDENT_TRENDS}),
    Role.CWG: frozenset({Action.RECORD_WALK, Action.UPDATE_LED, Action.HOLD_REVIEW, Action.SEE_RESIDENT_TRENDS}),
    Role.PARTNER: frozenset({Action.UPDATE_LED, Action.SEE_PARTNER_NOTES, Action.SEE_RESIDENT_TRENDS}),
    Role.ADMIN: frozenset(Action),
}


@dataclass(frozen=True)
class Operator(User):
    """Whoever runs code on the server itself: `python -m geo` commands and set-up
    steps.  Acts as an administrator without an account (whoever can run commands
    owns the database anyway).  Only local code makes one: the web app signs people
    in as accounts, never as this (tests/test_roles.py checks app.py, ui/ and pages/)."""

    role: Role = Role.ADMIN


def can(actor: User | None, action: Action) -> bool:
    if actor is None or actor.disabled or actor.must_change_password:
        return False
    return action in ALLOWED[actor.role]


# The team an account of each role belongs to unless it names another; a partner team member names theirs.
ROLE_TEAM: dict[Role, str] = {Role.PLANNING: "planning", Role.PCDA: "pcda", Role.ADMIN: "admin",
                              Role.COMMUNITY_SAFETY: "community_safety", Role.CWG: "cwg"}


def team_of(user: User) -> str | None:
    """The id of the user's team (geo.plan.teams), or None for a partner account with none."""
    return user.team or ROLE_TEAM.get(user.role)


def can_update(actor: User | None, leads: tuple[str, ...]) -> bool:
    """Update a commitment led by these teams: any, for the plan's editors; their own team's, for a member."""
    return can(actor, Action.EDIT_PLAN) or (can(actor, Action.UPDATE_LED) and team_of(actor) in leads)


def require_to_update(actor: User | None, cid: str, leads: tuple[str, ...], team_names: dict[str, str]) -> None:
    if can_update(actor, leads):
        return
    if not can(actor, Action.UPDATE_LED):
        require(actor, Action.UPDATE_LED)
    led_by = ", ".join(team_names.get(x, x) for x in leads) or "no team yet"
    mine = team_names.get(team_of(actor) or "", "your team")
    raise PermissionDenied(f"{cid.upper()} is led by {led_by}, not {mine}: only its lead teams, Community Safety "
                           f"and administrators can update it.")


def can_change_note(actor: User | None, note: Annotation) -> bool:
    """Edit, change the visibility of, or withdraw this design note: its author, or an administrator."""
    return can(actor, Action.EDIT_ANY_NOTE) or (can(actor, Action.EDIT_OWN_NOTES) and note.author == actor.name)


def require(actor: User | None, action: Action) -> None:
    if can(actor, action):
        return
    if actor is None:
        raise PermissionDenied(f"You need to sign in to {action.value}.")
    if actor.disabled:
        raise PermissionDenied(f"The account {actor.name} has been disabled, so it cannot {action.value}.")
    if actor.must_change_password:
        raise PermissionDenied(f"The account {actor.name} must choose a new password (sign in again) "
                               f"before it can {action.value}.")
    raise PermissionDenied(f"The {actor.role.label} role cannot {action.value}.")


def may_record_on(actor: User | None, invited: tuple[Role, ...]) -> bool:
    """Record on a walk (its stops, photos, attendance, positions): a walker whose role it invited,
    or someone who plans walks, as its organisers do.  A walk that invited no role (planned before
    invitations, or by the command line) is open to every role that records walks."""
    return can(actor, Action.RECORD_WALK) and (not invited or actor.role in invited or can(actor, Action.PLAN_WALK))


def require_to_record_on(actor: User | None, walk_ref: str, invited: tuple[Role, ...]) -> None:
    require(actor, Action.RECORD_WALK)
    if not may_record_on(actor, invited):
        raise PermissionDenied(f"Walk {walk_ref} did not invite the {actor.role.label} role, so you cannot record on "
                               "it. Community Safety can invite your role on the Plan a walk page.")
