"""The longest value each kind of stored text takes, in characters: the store checks these
before writing, and the database's columns are declared with them (geo.db.tables).  A site's
fields have theirs in geo.sites.schema."""

NAME_MAX = 100  # names, titles, crime categories and the actor named in the history
TEXT_MAX = 2000  # free text: reasons, gating reviews, annotations
USER_NAME_MAX = 64
EMAIL_MAX = 254
CLIENT_MAX = 64  # a sign-in client: an IP address or a session id
CLIENT_REF_MAX = 40  # an id a phone makes for a stop or photo it records (web/recorder: a UUID is 36)
NOTE_REF_MAX = 16
COMMITMENT_ID_MAX = 16
HISTORY_FIELD_MAX = 80  # a history entry's field: a site field, "walk_planned", or "account " and an account name
TEAM_ID_MAX = 32  # a partner team's id, e.g. "snt"
EVIDENCE_REF_MAX = 32  # a progress entry's evidence photo: random, /evidence/{ref}.jpg
