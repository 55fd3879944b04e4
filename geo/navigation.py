"""The app's pages, declared once: where each lives, what it is called, and the action a
signed-in user needs to see it (none for the public pages).  app.py builds Streamlit's
navigation from this, every staff page refuses the wrong role with its own sentence through
ui.access.guard, and the tests that mean "every public page" read PUBLIC_PAGES."""
from __future__ import annotations

from dataclasses import dataclass

from geo.model import User
from geo.roles import Action, can


@dataclass(frozen=True)
class PageSpec:
    path: str  # the script, from the checkout's root
    title: str
    icon: str  # a Material icon Streamlit draws from its own font
    url_path: str
    action: Action | None = None  # None: a public page
    refusal: str = ""  # said to someone who opens a staff page without the action

    @property
    def is_public(self) -> bool:
        return self.action is None


MAP = PageSpec("pages/map.py", "Safety map", ":material/map:", "map")
PUBLIC_PAGES: tuple[PageSpec, ...] = (
    MAP,
    PageSpec("pages/action_plan.py", "Action plan", ":material/checklist:", "plan"),
    PageSpec("pages/changes.py", "What changed", ":material/history:", "changes"),
    PageSpec("pages/crime.py", "Recorded crime", ":material/bar_chart:", "crime"),
    PageSpec("pages/walks.py", "Walks", ":material/directions_walk:", "walks"),
    PageSpec("pages/open_data.py", "Open data and reports", ":material/download:", "data"),
    PageSpec("pages/report_a_problem.py", "Report a problem", ":material/call:", "report"),
    PageSpec("pages/feel_unsafe.py", "I felt unsafe here", ":material/report:", "feel-unsafe"),
    PageSpec("pages/privacy.py", "Privacy notice", ":material/fact_check:", "privacy"),
)
DEFAULT = MAP

GATING = PageSpec("pages/gating.py", "Gating reviews", ":material/fence:", "gating", Action.EDIT_GATING,
                  "Only the planning team can update gating reviews. Sign in with a planning account.")
POSITIONS = PageSpec("pages/positions.py", "Site positions", ":material/edit_location:", "positions",
                     Action.MOVE_SITE, "Only the planning team can move sites. Sign in with a planning account.")
ANNOTATIONS = PageSpec("pages/annotations.py", "Design notes", ":material/edit_note:", "annotations", Action.ANNOTATE,
                       "Only the Police Crime Prevention Design Advisor can add notes. Sign in with that account.")
PLAN_WALK = PageSpec("pages/plan_walk.py", "Plan a walk", ":material/route:", "plan-walk", Action.PLAN_WALK,
                     "Only Community Safety, the planning team or an administrator can plan walks. "
                     "Sign in with one of those accounts.")
RECORD_WALK = PageSpec("pages/record_walk.py", "Record a walk", ":material/edit_road:", "record-walk",
                       Action.RECORD_WALK, "Only walkers (Community Working Group members, Community Safety, the "
                       "design advisor and the planning team) can record walks. Sign in with one of those accounts.")
AFTER_WALK = PageSpec("pages/after_walk.py", "After the walk", ":material/task_alt:", "after-walk",
                      Action.RESOLVE_FINDINGS, "Only Community Safety, the planning team or an administrator can "
                      "resolve walk findings. Sign in with one of those accounts.")
OUR_COMMITMENTS = PageSpec("pages/our_commitments.py", "Our commitments", ":material/assignment_turned_in:",
                           "our-commitments", Action.UPDATE_LED,
                           "Only members of the partner teams that lead the action plan can update its commitments. "
                           "Sign in with your team's account.")
SITE_STATUSES = PageSpec("pages/site_statuses.py", "Lighting and fencing", ":material/lightbulb:", "lighting-fencing",
                         Action.UPDATE_LED, "Only members of the partner teams that lead the action plan can update "
                         "lighting and fencing. Sign in with your team's account.")
REVIEW = PageSpec("pages/review.py", "Review meeting", ":material/fact_check:", "review", Action.HOLD_REVIEW,
                  "Only Community Safety, the Community Working Group and administrators hold review meetings. "
                  "Sign in with one of those accounts.")
ADMIN = PageSpec("pages/admin.py", "Administration", ":material/admin_panel_settings:", "admin",
                 Action.MANAGE_USERS, "Only administrators can use this page.")
# In the order the navigation lists them, after the public pages.
STAFF_PAGES: tuple[PageSpec, ...] = (OUR_COMMITMENTS, SITE_STATUSES, REVIEW, GATING, POSITIONS, ANNOTATIONS,
                                     PLAN_WALK, RECORD_WALK, AFTER_WALK, ADMIN)
PAGES: tuple[PageSpec, ...] = PUBLIC_PAGES + STAFF_PAGES


def pages_for(user: User | None) -> tuple[PageSpec, ...]:
    """The pages this user's navigation lists: every public page, then the staff pages their role may use."""
    return PUBLIC_PAGES + tuple(p for p in STAFF_PAGES if can(user, p.action))
