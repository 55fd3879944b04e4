"""The action plan in the store: seeded from the plan file, then written with
role checks, checks, history and version conflicts; a gating progress note that
names a commitment becomes that commitment's progress entry."""
from __future__ import annotations

from dataclasses import replace

import pytest

from geo import clock
from geo.db import Store
from geo.plan.commitment_checks import NewCommitment
from geo.db.seed import seed_from_ward
from geo.db.tables import commitments, progress_entries
from geo.errors import InvalidInput, StaleEdit, Unchanged
from geo.history import entries
from geo.model import GatingReview
from geo.status import Progress, Status
from geo.plan.teams import load_teams
from tests.store_fixtures import DATA_DIR, ADMIN, COMMUNITY_SAFETY, PLANNER

NEW = NewCommitment("short", "The path behind Clarkson Row is dark after 6pm.", ("Add two lamp columns.",),
                    "Camden Council street lighting", "By March 2027", "2027-03-31", ("lighting",))


def test_the_store_holds_the_plan_file_s_commitments_and_keeps_its_contacts(store, plan):
    held = store.plan()
    assert tuple(replace(c, leads=()) for c in held.commitments) == plan.commitments
    teams_file = load_teams(DATA_DIR / "teams.json")
    assert {c.id: c.leads for c in held.commitments} == {cid: tuple(sorted(ids)) for cid, ids in teams_file.leads.items()}
    assert [t.name for t in held.lead_teams(held.commitment("st-3"))] == ["Regent's Park Safer Neighbourhood Team (police)"]
    assert (held.title, held.glossary, held.contacts) == (plan.title, plan.glossary, plan.contacts)


def test_a_database_seeded_before_the_plan_was_kept_gets_the_plan_on_next_start(store, ward, plan):
    with store._db.write() as conn:  # as a database upgraded to 0005 is: sites, no commitments
        conn.execute(progress_entries.delete())
        conn.execute(commitments.delete())
    assert store.plan().commitments == ()
    assert seed_from_ward(store, ward) is False
    assert tuple(replace(c, leads=()) for c in store.plan().commitments) == plan.commitments


def test_a_new_commitment_is_numbered_after_its_term_and_told_in_the_history(store):
    added = store.add_commitment(COMMUNITY_SAFETY, NEW, reason="From the February walk")
    assert added.id == "st-10" and added.status is Progress.NO_UPDATE and added.progress == ()
    assert store.plan().commitments[-1] == added
    entry = entries(store.history(), store.sites())[0]
    assert entry.site == "Action plan, ST-10" and entry.who == "Community Safety team"
    assert entry.summary.startswith("Commitment added: ST-10: The path behind Clarkson Row is dark")
    long_term = store.add_commitment(ADMIN, replace(NEW, term="long"))
    assert long_term.id == "lt-" + str(len(store.plan().in_term("long")))


@pytest.mark.parametrize("change, message", [
    (dict(asked=" "), "You asked is required"),
    (dict(will_do=("",)), "We will do is required"),
    (dict(lead=""), "Lead officer or team is required"),
    (dict(target_by="31/03/2027"), "Target date must be a date written YYYY-MM-DD"),
    (dict(term="someday"), "Term must be one of"),
    (dict(topics=("<b>bold</b>",)), "Topics are short lower-case words"),
])
def test_a_commitment_with_a_bad_field_is_refused_with_a_sentence(store, change, message):
    before = store.plan()
    with pytest.raises(InvalidInput, match=message):
        store.add_commitment(COMMUNITY_SAFETY, replace(NEW, **change))
    assert store.plan() == before


def test_progress_entries_are_dated_appended_and_never_in_the_future(store):
    c = store.add_progress(COMMUNITY_SAFETY, "st-3", "2026-01-05", "SNT patrols twice a week.")
    assert c.latest_progress.date == "2026-01-05" and c.latest_progress.text == "SNT patrols twice a week."
    assert c.version == 2
    with pytest.raises(InvalidInput, match="in the future"):
        store.add_progress(COMMUNITY_SAFETY, "st-3", "2999-01-01", "Later.")
    with pytest.raises(InvalidInput, match="no commitment 'st-109'"):
        store.add_progress(COMMUNITY_SAFETY, "st-109", "2026-01-05", "Nowhere.")
    assert entries(store.history(), store.sites())[0].summary == \
        "Progress update added: ST-3, 2026-01-05: SNT patrols twice a week."


def test_a_done_commitment_can_be_reopened_as_not_fixed_and_stale_saves_are_refused(store):
    done = store.set_commitment_status(COMMUNITY_SAFETY, "st-8", Progress.DONE, expected_version=1,
                                       words="Ten residents joined the panel in March.")
    reopened = store.set_commitment_status(ADMIN, "st-8", Progress.NOT_FIXED, expected_version=done.version,
                                           reason="Re-walk: two lamps still out")
    assert reopened.status is Progress.NOT_FIXED and not reopened.status.is_settled
    entry = entries(store.history(), store.sites())[0]
    assert entry.summary == "Commitment status changed from Done to Re-opened: not fixed"
    with pytest.raises(StaleEdit, match="changed since you opened it"):
        store.set_commitment_status(COMMUNITY_SAFETY, "st-8", Progress.PARTLY_FIXED, expected_version=done.version)
    with pytest.raises(Unchanged):
        store.set_commitment_status(COMMUNITY_SAFETY, "st-8", Progress.NOT_FIXED, expected_version=reopened.version)
    assert store.commitment("st-8") == reopened


def _gating(store, site_id, note, commitment_id):
    site = store.site(site_id)
    return store.save_gating_review(PLANNER, site_id, status=Status.UNDER_REVIEW, detail="Options being costed",
                                    review=GatingReview(note=note), expected_version=site.version,
                                    commitment_id=commitment_id)


def test_a_gating_progress_note_becomes_a_progress_entry_of_the_commitment_it_names(store):
    _gating(store, "george-mews", "Residents consulted on two gate designs.", "st-4")
    latest = store.commitment("st-4").latest_progress
    assert (latest.date, latest.text) == (clock.today().isoformat(), "Residents consulted on two gate designs.")
    site_history = entries(store.history("george-mews"), store.sites())[0]
    assert "progress update added: ST-4, " in site_history.summary and "gating progress note set to" in site_history.summary.lower()


def test_a_gating_note_for_a_commitment_the_site_does_not_have_is_refused_and_nothing_saved(store):
    before = (store.site("lindale-play-area"), store.plan())
    with pytest.raises(InvalidInput, match="not one of Lindale play area's gating commitments"):
        _gating(store, "lindale-play-area", "A note", "st-4")
    with pytest.raises(InvalidInput, match="Write a progress note"):
        _gating(store, "george-mews", "", "st-4")
    assert (store.site("lindale-play-area"), store.plan()) == before


def test_the_plan_survives_a_restart(db_url, ward, store_settings, store):
    store.add_commitment(COMMUNITY_SAFETY, NEW)
    with Store.open(db_url, ward, settings=store_settings) as again:
        assert again.commitment("st-10").asked == NEW.asked
