"""Every record people fill in, declared once: its fields' names, labels, limits and whether
they are required (geo.fields says how a field is checked).  The store checks values with
these, the history and the conflict notices label changes with them, the page forms take
their labels and limits from them (ui.forms), and geo.db.tables sizes the columns from them.
A site's own fields are declared in geo.sites.schema, which the sites files also use.

tests/test_records.py holds each form's limit against the store's."""
from __future__ import annotations

from geo.fields import Date, Flag, Record, Text
from geo.gating.stages import ITEMS as GATING_STAGE_ITEMS
from geo.limits import EMAIL_MAX, NAME_MAX, TEXT_MAX, USER_NAME_MAX
from geo.sites import schema
from geo.status import Topic

LINE_MAX = 300  # one line a person types: a reason, a lead team, a caption
PASSWORD_MIN = 10
PASSWORD_MAX = 1024  # argon2 hashes anything, but a megabyte "password" is an attack

# Why a change was made: every editor asks, and the history keeps it beside the change.
REASON = Text("reason", "Reason for the change", LINE_MAX, help="Kept in the history beside the change.")
# The box a person never sees (the page hides it) and a script fills in (ui.forms.trap): never stored.
TRAP = Text("trap", "Leave this box empty", LINE_MAX)
# The search that finds a site among thousands (ui.site_picker): never stored; a name is at most NAME_MAX.
SITE_SEARCH = Text("site_search", "Find a site by its name or number", NAME_MAX)

GATING_REVIEW = Record("gating review", (
    Text("options", "Gating options considered", TEXT_MAX, lines=True),
    Text("evidence", "Gating evidence gathered", TEXT_MAX, lines=True),
    Date("consultation_date", "Resident consultation date"),
    Text("consultation_with", "Consulted with", LINE_MAX),
    Text("decision", "Gating decision", TEXT_MAX, lines=True),
    Date("next_review", "Next gating review date"),
    Text("note", "Gating progress note", TEXT_MAX, lines=True,
         help="What happened in this update; it is kept in the history."),
))

# Lighting and fencing (and any topic added to KEPT_TOPICS) are kept like gating, each with its own
# review of these fields: what was asked, what was ordered and by whom, when it was done, the asset and evidence.
TOPIC_REVIEW = Record("topic review", (
    Text("asked", "What was asked", TEXT_MAX, lines=True),
    Text("ordered", "What was ordered", TEXT_MAX, lines=True),
    Text("ordered_by", "Ordered by (team or contractor)", LINE_MAX),
    Date("done_on", "Done on"),
    Text("asset_ref", "Lamp or asset reference", NAME_MAX, help="As the council's asset register names it."),
    Text("evidence", "Evidence", TEXT_MAX, lines=True, help="What shows it was done: a visit, a photo, a report."),
))
KEPT_TOPICS = (Topic.LIGHTING, Topic.FENCING)  # reviewed with TOPIC_REVIEW (gating has its own, statutory one)
# Each kept topic's one line for residents: a site field, declared with the site's (geo.sites.schema).
TOPIC_DETAIL = {topic: Text(f.name, f.label, f.limit, required=True,
                            help="One line residents read on the map and the action plan.")
                for topic in KEPT_TOPICS for f in (schema.TOPIC_FIELDS[topic]["detail"],)}

COMMITMENT = Record("commitment", (
    Text("asked", "You asked", TEXT_MAX, required=True, lines=True),
    Text("will_do", "We will do", TEXT_MAX, required=True, lines=True, help="One sentence per line."),
    Text("lead", "Lead officer or team", LINE_MAX, required=True),
    Text("target_text", "Target, in words", LINE_MAX, help="As the plan says it, e.g. 'Review April 2019'."),
    Date("target_by", "Target date", required=True),
))
WILL_DO_MAX = 10  # sentences in "We will do"

PROGRESS_ENTRY = Record("progress entry", (
    Date("date", "Progress date", required=True, month_ok=True),
    Text("text", "Progress update", TEXT_MAX, required=True, lines=True),
))

# What a lead team says when it sets a status that settles a commitment (geo.status.Progress.asks_for).
# The words go into a progress entry after the status ("Done: ..."), so they leave room for it.
STATUS_CHANGE = Record("status change", (
    Text("words", "What to say about it", TEXT_MAX - 64, lines=True,
         help="Done: the evidence. Partly done: what is left. Closed, not done, or dropped: why. "
              "Not ours: which body is responsible. Kept as a dated progress entry."),
))

# A review meeting of the plan (Community Safety and the Community Working Group), and each commitment in it.
REVIEW = Record("review meeting", (
    Date("held_on", "Review meeting date", required=True),
    Text("note", "Review note", TEXT_MAX, lines=True, help="What the meeting said about this commitment."),
    Date("next_review", "Next review date"),
))

WALK = Record("walk", (
    Text("title", "Walk title", NAME_MAX, required=True),
    Text("label", "Name of the point", NAME_MAX, required=True, help="A point on the route that is not a site."),
))

STOP = Record("stop", (
    Text("why", "What felt safe or unsafe, and why", TEXT_MAX, lines=True),
    Text("positives", "Positives", TEXT_MAX, lines=True),
    Text("finding", "What should change here (a finding to follow up)", TEXT_MAX, lines=True),
    Text("cpted", "Design-out-crime observation", TEXT_MAX, required=True, lines=True),
    Text("caption", "Photo caption", LINE_MAX, required=True),
    Flag("good_feature", "This photo shows something good (a fixed light, a new gate)", shown_as="Something good",
         help="The public walk page labels it, so residents see what was fixed."),
))

# A site put on the map from a walk finding: named as a sites file names it (geo.sites.schema).
NEW_SITE_NAME = Text(schema.NAME.name, schema.NAME.label, schema.NAME.limit, required=True)

# The gating editor's one line for residents: a site field, declared with the site's (geo.sites.schema).
_DETAIL = schema.TOPIC_FIELDS[Topic.GATING]["detail"]
GATING_DETAIL = Text(_DETAIL.name, _DETAIL.label, _DETAIL.limit, required=True,
                     help="One line residents read on the map and the action plan.")
SITE = Record("site", (NEW_SITE_NAME, GATING_DETAIL))

FINDING = Record("walk finding", (
    Text("close_reason", "Reason for closing", TEXT_MAX, required=True, lines=True),
))

DESIGN_NOTE = Record("design note", (
    Text("observation", "Observation", TEXT_MAX, required=True, lines=True),
    Text("recommendation", "Recommendation", TEXT_MAX, lines=True),
))

ACCOUNT = Record("account", (
    Text("name", "Account name", USER_NAME_MAX, required=True,
         help="Letters, digits, '.', '_', '@' or '-'; the public never sees it."),
    Text("email", "Council email for single sign-in (optional)", EMAIL_MAX),
    Text("password", "Password", PASSWORD_MAX, required=True, help=f"At least {PASSWORD_MIN} characters."),
))
ACCOUNT_NAME = ACCOUNT["name"]  # what a sign-in form takes, checked like every editor field

# A partner team as the public sees it (geo.plan.teams): its name, what it does, how to reach it.
TEAM = Record("team", (
    Text("name", "Team name", NAME_MAX, required=True),
    Text("does", "What the team does", LINE_MAX),
    Text("phone", "Public phone", NAME_MAX),
    Text("email", "Public email", EMAIL_MAX),
    Text("web", "Public web page or form", LINE_MAX),
    Text("hours", "Hours", NAME_MAX, help="When the public can reach the team, e.g. '4pm to 4am'."),
))

# A gating case (geo.gating.case): one gate, its position and the path it closes; the items each stage
# asks for are declared with the stages (geo.gating.stages); consultations and representations are records.
GATING_CASE = Record("gating case", (
    Text("gate", "Gate name", NAME_MAX, required=True, help="E.g. 'North gate'; a site may have several."),
    Text("stands_at", "Where the gate stands", LINE_MAX, required=True,
         help="Secured by Design: at the entrance, as near the front building line as possible."),
    Text("closes", "Path the gate closes", LINE_MAX, required=True),
))
GATING_ITEMS = Record("gating stage item", tuple(item.field for item in GATING_STAGE_ITEMS.values()))
CONSULTATION = Record("consultation", (
    Date("consulted_on", "Consulted on", required=True),
    Text("which", "Which addresses or office (partners only)", LINE_MAX,
         help="Never public: the public sees the count of addresses only."),
    Text("response", "Their response", TEXT_MAX, lines=True),
))
REPRESENTATION = Record("representation", (
    Date("received_on", "Representation received on", required=True),
    Text("gist", "Gist of the representation", TEXT_MAX, required=True, lines=True),
    Text("considered", "How the representation was considered", TEXT_MAX, lines=True),
    Text("made_by", "Name of who made it (never public)", NAME_MAX),
    Text("address", "Their address (never public)", LINE_MAX),
))

RECORDS: tuple[Record, ...] = (SITE, GATING_REVIEW, GATING_CASE, GATING_ITEMS, CONSULTATION, REPRESENTATION,
                               COMMITMENT, PROGRESS_ENTRY, WALK, STOP, FINDING, DESIGN_NOTE,
                               ACCOUNT, TEAM, STATUS_CHANGE, TOPIC_REVIEW, REVIEW)
