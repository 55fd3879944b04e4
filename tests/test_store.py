"""The store: seeding, edits with history, stale-edit conflicts, roles, imports,
restarts and concurrent writers.  Runs on SQLite, and on PostgreSQL too when
DATABASE_URL is set."""
from __future__ import annotations

import math
import os
import sqlite3
import subprocess
import sys
import threading
from dataclasses import replace
from datetime import date, datetime, timedelta, UTC

import pytest

from geo.crime.offences import OffenceGroup
from geo.errors import InvalidInput, PermissionDenied, StaleEdit, Unchanged
from geo.model import Annotation, GatingReview, Site, TopicState
from geo.status import Category, Position, Severity, Status, Team, Topic, Visibility
from geo.db import Store
from geo.plan.commitment_checks import NewCommitment
from geo.db.seed import seed_from_ward
from geo.db.engine import normalise_url
from geo.plan.spreadsheet import export_csv, read_sheet
from geo.model import User
from geo.status import Role
from tests.store_fixtures import ACTORS, ADMIN, OPERATOR, PCDA, PLANNER, ROOT_DIR, STAFF_PASSWORD

NEW_COMMITMENT = NewCommitment("short", "The path behind Clarkson Row is dark.", ("Add two lamp columns.",),
                               "Camden Council street lighting", "By March 2027", "2027-03-31", ("lighting",))

SITE_NAMES = ["George Mews", "Exmouth Mews", "Tolmer's Square", "Mornington Street", "Threefields",
              "Clarkson Row", "Lindale play area"]


def save_gating(store, actor, site_id="george-mews", *, version=1, status=Status.CONFIRMED,
                detail="Gates agreed with residents.", review=None, reason="Meeting"):
    review = GatingReview(options="Two gates") if review is None else review
    return store.save_gating_review(actor, site_id, status=status, detail=detail, review=review,
                                    expected_version=version, reason=reason)


def note(**changes) -> Annotation:
    base = Annotation(None, "george-mews", None, None, Category.LIGHTING, Severity.HIGH,
                      "The rear passage has no working lamp.", "Add a lamp by the bins.", Visibility.PUBLIC)
    return replace(base, **changes)


# --- opening and seeding -----------------------------------------------------

def test_first_start_seeds_the_ward_sites_in_file_order(store):
    sites = store.sites()
    assert [s.name for s in sites] == SITE_NAMES
    george = store.site("george-mews")
    assert george.version == 1
    assert george.state(Topic.GATING).status is Status.UNDER_REVIEW
    assert george.state(Topic.GATING).commitments == ("st-4", "st-8")
    assert set(george.topics) == set(Topic)


def test_first_start_loads_the_ward_crime_counts(store):
    rows = store.crime_rows()
    assert rows and all(len(r) == 4 for r in rows)
    assert min(r[2] for r in rows) == "2024-03" and max(r[2] for r in rows) == "2026-03"


def test_reopening_keeps_changes_and_does_not_seed_again(store, db_url, ward, store_settings):
    save_gating(store, PLANNER)
    entries = len(store.history())
    with Store.open(db_url, ward, settings=store_settings) as again:
        assert seed_from_ward(again, ward) is False
        assert again.site("george-mews").state(Topic.GATING).status is Status.CONFIRMED
        assert len(again.sites()) == 7
        assert len(again.history()) == entries


def test_without_a_ward_nothing_is_seeded(bare_store):
    assert bare_store.sites() == []
    assert bare_store.crime_rows() == []


def test_sqlite_database_is_a_file_in_wal_mode_in_a_new_folder(tmp_path, ward, store_settings):
    path = tmp_path / "new" / "folder" / "ward.db"
    with Store.open(f"sqlite:///{path}", ward, settings=store_settings) as store:
        assert store.where == str(path)
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_importing_the_store_writes_nothing(tmp_path):
    env = {**os.environ, "STATE_DIR": str(tmp_path / "state")}
    subprocess.run([sys.executable, "-c", "import geo.db.store, geo.db.accounts, geo.db.tables"], cwd=ROOT_DIR, env=env, check=True)
    assert not (tmp_path / "state").exists()


@pytest.mark.parametrize("given, expected", [
    ("postgres://u:p@db:5432/ward", "postgresql+psycopg://u:p@db:5432/ward"),
    ("postgresql://u@db/ward", "postgresql+psycopg://u@db/ward"),
    ("postgresql+psycopg://u@db/ward", "postgresql+psycopg://u@db/ward"),
    ("sqlite:///var/ward.db", "sqlite:///var/ward.db"),
])
def test_database_urls_are_normalised_to_psycopg(given, expected):
    assert normalise_url(given) == expected


# --- who may write -----------------------------------------------------------


def import_sheet(s, a):
    """The plan exported, ST-3's lead changed, imported as of the plan it was exported from."""
    plan = s.plan()
    rows = [replace(r, lead="Police") if r.ref == "st-3" else r for r in read_sheet("plan.csv", export_csv(plan))]
    return s.plan_book.import_sheet(a, rows, "Agreed", expected_versions={c.id: c.version for c in plan.commitments})


def hold_review(s, a):
    review = s.reviews.open(a, "2019-04-02")
    review = s.reviews.mark_reviewed(a, review.id, "st-3", note="Discussed.", next_review="",
                                     expected_version=review.version)
    return s.reviews.publish(a, review.id, expected_version=review.version)


WRITES = {
    "save gating review": (lambda s, a: save_gating(s, a), {"planning", "admin"}),
    "move site": (lambda s, a: s.move_site(a, "george-mews", -0.1381, 51.5268, confirmed=True,
                                           expected_version=1, reason="Checked"), {"planning", "admin"}),
    "add annotation": (lambda s, a: s.add_annotation(a, note()), {"pcda", "admin"}),
    "replace sites": (lambda s, a: s.replace_sites(a, s.sites()[:6], "Tidy"), {"admin"}),
    "replace crime": (lambda s, a: s.replace_crime(a, [("BURGLARY", "RESIDENTIAL", "2026-04", 3)]), {"admin"}),
    "add user": (lambda s, a: s.accounts.add_user(a, "newcomer", "planning", "a long passphrase"), {"admin"}),
    "disable user": (lambda s, a: s.accounts.disable_user(a, "victim"), {"admin"}),
    "set email": (lambda s, a: s.accounts.set_email(a, "victim", "victim@camden.gov.uk"), {"admin"}),
    "enable user": (lambda s, a: s.accounts.enable_user(a, "victim"), {"admin"}),
    "change role": (lambda s, a: s.accounts.set_role(a, "victim", "planning"), {"admin"}),
    "reset password": (lambda s, a: s.accounts.reset_password(a, "victim"), {"admin"}),
    "unlock": (lambda s, a: s.accounts.unlock(a, "victim"), {"admin"}),
    "add commitment": (lambda s, a: s.add_commitment(a, NEW_COMMITMENT), {"admin", "community safety"}),
    # ST-3 is led by the Safer Neighbourhood Team: its officers may update it, the hotspot team may not.
    "add progress": (lambda s, a: s.add_progress(a, "st-3", "2026-01-05", "Two extra patrols a week."),
                     {"admin", "community safety", "snt officer"}),
    "set commitment status": (lambda s, a: s.set_commitment_status(a, "st-3", "in_progress", expected_version=1),
                              {"admin", "community safety", "snt officer"}),
    "move commitment target": (lambda s, a: s.plan_book.move_target(
        a, "st-3", "2026-06-30", expected_version=1, reason="Waiting for the new sergeant."),
        {"admin", "community safety", "snt officer"}),
    "set commitment leads": (lambda s, a: s.plan_book.set_leads(a, "st-3", ["snt", "community_safety"]),
                             {"admin", "community safety"}),
    "import a plan spreadsheet": (import_sheet, {"admin", "community safety"}),
    "edit a team": (lambda s, a: s.teams.save(a, replace(s.teams.team("snt"), phone="020 7000 0000"),
                                              expected_version=1), {"admin"}),
    "add a partner team member": (lambda s, a: s.accounts.add_user(a, "newcomer", "partner", "a long passphrase",
                                                                   team="hotspot"), {"admin"}),
    "move an account to a team": (lambda s, a: s.accounts.set_team(a, "victim", "snt"), {"admin"}),
    # George Mews's lighting is tied to ST-8, led by Community Safety and the CWG.
    "save a lighting review": (lambda s, a: s.save_topic_review(
        a, "george-mews", "lighting", status="done", detail="New lamp.", review={"asset_ref": "LC-0412"},
        commitment_id="st-8", expected_version=1), {"admin", "community safety", "cwg"}),
    "hold and publish a review meeting": (hold_review, {"admin", "community safety", "cwg"}),
}


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("who", ACTORS)
def test_every_write_checks_the_role_first(store, who, write):
    store.accounts.add_user(ADMIN, "victim", "pcda", "a long passphrase")
    action, allowed = WRITES[write]
    before = (store.sites(), store.history(include_partners=True), store.crime_rows(), store.accounts.list_users(),
              store.plan())
    if who in allowed:
        action(store, ACTORS[who])
        assert store.history(include_partners=True) != before[1]
    else:
        with pytest.raises(PermissionDenied) as denied:
            action(store, ACTORS[who])
        assert str(denied.value).endswith(".")
        assert (store.sites(), store.history(include_partners=True), store.crime_rows(), store.accounts.list_users(),
                store.plan()) == before


# Each changes pat.planner's account while a session holds its signed-in copy.
ACCOUNT_CHANGES = {
    "disabled": (lambda a: a.disable_user(OPERATOR, PLANNER.name), "account pat.planner has been disabled"),
    "demoted": (lambda a: a.set_role(OPERATOR, PLANNER.name, "pcda"),
                "Police Crime Prevention Design Advisor role cannot update gating reviews"),
    "password reset": (lambda a: a.reset_password(OPERATOR, PLANNER.name), "must choose a new password"),
}


@pytest.mark.parametrize("change", ACCOUNT_CHANGES)
def test_a_signed_in_planner_loses_the_right_to_save_at_once(store, change):
    signed_in = store.accounts.authenticate(PLANNER.name, STAFF_PASSWORD)  # what the session keeps
    save_gating(store, signed_in)
    account_change, refusal = ACCOUNT_CHANGES[change]
    account_change(store.accounts)
    before = store.sites(), store.history()
    with pytest.raises(PermissionDenied, match=refusal) as refused:
        save_gating(store, signed_in, version=2, detail="Saved after the change.")
    assert str(refused.value).endswith(".")
    with pytest.raises(PermissionDenied):
        store.move_site(signed_in, "threefields", -0.1425, 51.53, confirmed=True, expected_version=1)
    assert (store.sites(), store.history()) == before


def test_the_role_a_write_checks_is_the_stored_one_not_the_callers_copy(store):
    with pytest.raises(PermissionDenied, match="Planning team role cannot import site data"):
        store.replace_sites(User(PLANNER.name, Role.ADMIN), store.sites()[:6], "Promoted myself")
    with pytest.raises(PermissionDenied, match="You need to sign in"):  # no such account (or deleted)
        save_gating(store, User("ghost.planner", Role.PLANNING))
    store.accounts.set_role(OPERATOR, PCDA.name, "planning")  # promoted: the old copy works at once
    assert save_gating(store, PCDA).version == 2


# --- gating reviews and history ------------------------------------------------

def test_saving_a_gating_review_updates_the_site_and_records_each_field(store):
    today = datetime.now(UTC).date().isoformat()
    review = GatingReview(options="Two gates", evidence="Survey", consultation_date="2026-01-15",
                          consultation_with="Residents' association", decision="Go ahead",
                          next_review="2026-06-01", note="Agreed at the meeting.")
    site = save_gating(store, PLANNER, review=review)

    assert site.version == 2
    gating = site.state(Topic.GATING)
    assert (gating.status, gating.detail, gating.as_of) == (Status.CONFIRMED, "Gates agreed with residents.", today)
    assert gating.commitments == ("st-4", "st-8")
    assert site.state(Topic.LIGHTING) == store.site("george-mews").state(Topic.LIGHTING)
    assert store.gating_review("george-mews") == review

    changes = {c.field: c for c in store.history("george-mews") if c.field != "site"}
    assert set(changes) == {"gating_status", "gating_detail", "gating_as_of"} | {  # geo.sites.schema's flat names
        f"gating_review.{f}" for f in ("options", "evidence", "consultation_date", "consultation_with",
                                       "decision", "next_review", "note")}
    status = changes["gating_status"]
    assert (status.actor, status.old, status.new, status.reason) == ("pat.planner", "under_review", "confirmed", "Meeting")
    assert status.at.date().isoformat() == today and status.at.utcoffset() == timedelta(0)


def test_each_save_shares_one_save_id_and_records_the_team(store):
    save_gating(store, PLANNER, reason="first")
    save_gating(store, PLANNER, version=2, status=Status.IN_PROGRESS, reason="second")
    saves = {}
    for c in store.history("george-mews"):
        saves.setdefault(c.save_id, set()).add(c.reason)
    first_load = [c for c in store.history("george-mews") if c.field == "site"]
    assert len(saves) == 3 and all(len(reasons) == 1 for reasons in saves.values())
    assert {(c.team.id, c.team.label) for c in store.history("george-mews") if c.field != "site"} == {
        ("planning", "Planning team")}
    assert [(c.actor, c.team) for c in first_load] == [("system", Team.SYSTEM)]


def test_history_is_newest_first_and_filters_by_site_and_date(store):
    save_gating(store, PLANNER, reason="first")
    save_gating(store, PLANNER, version=2, status=Status.IN_PROGRESS, reason="second")
    save_gating(store, PLANNER, "threefields", reason="elsewhere")
    george = store.history("george-mews")
    assert [c.reason for c in george[:2]] == ["second", "first"]
    assert all(c.site_id == "george-mews" for c in george)
    assert [c.id for c in store.history()] == sorted((c.id for c in store.history()), reverse=True)
    assert store.history(since="2999-01-01") == []
    assert len(store.history(since="2000-01-01")) == len(store.history())
    with pytest.raises(InvalidInput, match="Since"):
        store.history(since="last tuesday")


def test_saving_the_same_values_again_changes_nothing(store):
    site = save_gating(store, PLANNER)
    entries = len(store.history())
    with pytest.raises(Unchanged, match="^Nothing to save: no field differs from what is saved.$"):
        save_gating(store, PLANNER, version=site.version)
    assert store.site("george-mews").version == site.version
    assert len(store.history()) == entries


@pytest.mark.parametrize("changes, field", [
    ({"detail": "x" * 301}, "Gating detail"),
    ({"detail": "   "}, "Gating detail"),
    ({"status": "nearly done"}, "Gating status"),
    ({"review": GatingReview(consultation_date="15/01/2026")}, "Resident consultation date"),
    ({"review": GatingReview(next_review="2026-02-30")}, "Next gating review date"),
    ({"review": GatingReview(evidence="e" * 2001)}, "Gating evidence gathered"),
    ({"reason": "r" * 2001}, "Reason"),
    ({"version": 0}, "version"),
])
def test_bad_gating_values_are_refused_naming_the_field(store, changes, field):
    with pytest.raises(InvalidInput, match=field):
        save_gating(store, PLANNER, **changes)
    assert store.site("george-mews").version == 1


def test_an_unknown_site_is_a_clear_error(store):
    with pytest.raises(InvalidInput, match="no site with the id 'nowhere'"):
        store.site("nowhere")
    with pytest.raises(InvalidInput, match="nowhere"):
        save_gating(store, PLANNER, "nowhere")


# --- concurrent editors ---------------------------------------------------------

def test_second_editor_of_the_same_version_gets_stale_edit_and_nothing_is_overwritten(store):
    opened_by_pat = store.site("george-mews").version
    opened_by_ada = store.site("george-mews").version
    save_gating(store, PLANNER, version=opened_by_pat, detail="Pat's update.")
    with pytest.raises(StaleEdit) as stale:
        save_gating(store, ADMIN, version=opened_by_ada, status=Status.NOT_GOING_AHEAD, detail="Ada's update.")

    message = str(stale.value)
    assert message.startswith("George Mews was changed by pat.planner at ")
    assert "UTC since you opened it" in message and message.endswith("Nothing was saved.")
    assert stale.value.current.state(Topic.GATING).detail == "Pat's update."
    assert stale.value.current.version == 2
    assert store.site("george-mews").state(Topic.GATING).detail == "Pat's update."
    assert all(c.actor != "ada.admin" for c in store.history())


def test_a_move_after_someone_elses_save_is_stale_too(store):
    save_gating(store, PLANNER)
    with pytest.raises(StaleEdit):
        store.move_site(PLANNER, "george-mews", -0.1381, 51.5268, confirmed=False, expected_version=1)
    assert store.site("george-mews").lon == -0.138034


def _hammer(opener, site_id, results, barrier):
    with opener() as own:
        version = own.site(site_id).version
        barrier.wait()
        try:
            own.save_gating_review(PLANNER, site_id, status=Status.IN_PROGRESS, detail=f"Thread on {site_id}.",
                                   review=GatingReview(), expected_version=version)
            results.append("saved")
        except StaleEdit:
            results.append("stale")
        except Exception as exc:  # noqa: BLE001 - the test reports anything else
            results.append(repr(exc))


class _Shared:
    """The one store a Streamlit server shares between sessions (not closed by each thread)."""

    def __init__(self, store):
        self.store = store

    def __enter__(self):
        return self.store

    def __exit__(self, *_exc):
        pass


@pytest.mark.parametrize("same_site", [True, False], ids=["one site", "different sites"])
@pytest.mark.parametrize("shared", [True, False], ids=["one shared store", "a store each"])
def test_eight_concurrent_writers_either_save_or_get_stale_edit(store, db_url, store_settings, same_site, shared):
    site_ids = [s.site_id for s in store.sites()] + ["george-mews"]
    targets = ["george-mews"] * 8 if same_site else site_ids[:8]
    # A store each has its own engine and connections, as separate processes would.
    opener = (lambda: _Shared(store)) if shared else (lambda: Store.open(db_url, settings=store_settings))
    results: list[str] = []
    barrier = threading.Barrier(8)
    threads = [threading.Thread(target=_hammer, args=(opener, t, results, barrier)) for t in targets]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert set(results) <= {"saved", "stale"}, results  # never "database is locked"
    assert len(results) == 8
    if same_site:
        assert results.count("saved") == 1
        assert store.site("george-mews").version == 2
    else:
        assert results.count("saved") == 7  # george-mews is edited twice from version 1: one of those is stale


def test_a_change_survives_a_restart_and_is_read_by_a_new_process(store, db_url):
    save_gating(store, PLANNER, detail="Seen by the next process.")
    store.close()
    code = ("import sys; from geo.db import Store; from geo.status import Topic; "
            "s = Store.open(sys.argv[1]); g = s.site('george-mews'); "
            "print(g.version, g.state(Topic.GATING).detail, s.history('george-mews')[0].actor)")
    out = subprocess.run([sys.executable, "-c", code, db_url], cwd=ROOT_DIR, capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "2 Seen by the next process. pat.planner"


def test_another_instance_sees_a_change_at_once(store, db_url, ward):
    """Two app instances on one database: the reader's cached sites follow the writer."""
    other = Store.open(db_url, ward)
    assert other.site("george-mews").state(Topic.GATING).detail == other.sites()[0].state(Topic.GATING).detail
    save_gating(store, PLANNER, detail="Seen by the other instance.")
    assert other.sites()[0].state(Topic.GATING).detail == "Seen by the other instance."
    store.move_site(PLANNER, "exmouth-mews", -0.1373, 51.5271, confirmed=True, expected_version=1)
    assert other.sites()[1].lon == -0.1373
    other.close()


# --- positions -------------------------------------------------------------------

def test_confirming_a_new_position_keeps_the_old_one_in_history(store):
    site = store.move_site(PLANNER, "george-mews", -0.1381, 51.5268, confirmed=True, expected_version=1,
                           reason="Walked it")
    assert (site.lon, site.lat, site.position, site.version) == (-0.1381, 51.5268, Position.CONFIRMED, 2)
    moved = next(c for c in store.history("george-mews") if c.field == "location")
    assert (moved.old, moved.new, moved.reason) == ("-0.138034,51.5267067", "-0.1381,51.5268", "Walked it")


def test_moving_without_confirming_marks_the_position_approximate(store):
    site = store.move_site(PLANNER, "tolmers-square", -0.1376, 51.5261, confirmed=False, expected_version=1)
    assert site.position is Position.APPROXIMATE


def test_confirming_in_place_and_then_unticking_it(store):
    confirmed = store.move_site(PLANNER, "tolmers-square", -0.137517, 51.526033, confirmed=True, expected_version=1)
    assert (confirmed.position, confirmed.version) == (Position.CONFIRMED, 2)
    with pytest.raises(Unchanged):  # nothing to change
        store.move_site(PLANNER, "tolmers-square", -0.137517, 51.526033, confirmed=True, expected_version=2)
    assert store.site("tolmers-square").version == 2
    unticked = store.move_site(PLANNER, "tolmers-square", -0.137517, 51.526033, confirmed=False, expected_version=2)
    assert (unticked.position, unticked.version) == (Position.APPROXIMATE, 3)
    assert [c.field for c in store.history("tolmers-square") if c.field == "location"] == []


@pytest.mark.parametrize("lon, lat, message", [
    (-0.5, 51.53, "outside Regent's Park ward"),
    (51.53, -0.138, "outside"),
    (math.nan, 51.53, "Longitude must be a number"),
    (-0.138, math.inf, "Latitude must be a number"),
    ("-0.138", 51.53, "Longitude must be a number"),
])
def test_positions_outside_the_ward_or_not_numbers_are_refused(store, lon, lat, message):
    with pytest.raises(InvalidInput, match=message):
        store.move_site(PLANNER, "george-mews", lon, lat, confirmed=True, expected_version=1)
    assert store.site("george-mews").version == 1


# --- annotations -------------------------------------------------------------------

def test_annotations_are_stored_with_author_and_time(store):
    added = store.add_annotation(PCDA, note(author="someone else"))
    assert added.id is not None and added.author == "dana.pcda" and added.created_at.utcoffset() == timedelta(0)
    assert store.annotations(include_partners=False) == [added]
    assert store.annotations(include_partners=False, site_id="threefields") == []
    public = store.history("george-mews")[0]
    assert public.field == "annotation" and "no working lamp" in public.new


def test_partners_only_annotations_stay_out_of_public_lists_and_history(store):
    secret = "Side door to the plant room is propped open at night"
    store.add_annotation(PCDA, note(observation=secret, visibility=Visibility.PARTNERS))
    store.add_annotation(PCDA, note(lon=-0.139, lat=51.527, site_id=None))

    assert all(a.visibility is Visibility.PUBLIC for a in store.annotations(include_partners=False))
    assert any(a.observation == secret for a in store.annotations(include_partners=True))
    public_text = repr(store.history(include_partners=False)) + repr(store.history("george-mews"))
    assert secret not in public_text
    assert any(secret in (c.new or "") for c in store.history(include_partners=True))


@pytest.mark.parametrize("changes, message", [
    ({"site_id": None}, "needs a site or a point"),
    ({"lon": -0.139}, "both a longitude and a latitude"),
    ({"lon": 2.35, "lat": 48.85}, "outside"),
    ({"observation": ""}, "Observation is required"),
    ({"recommendation": "r" * 2001}, "Recommendation"),
    ({"category": "graffiti"}, "Category must be one of"),
    ({"visibility": "secret"}, "Visibility"),
    ({"site_id": "nowhere"}, "no site"),
])
def test_bad_annotations_are_refused(store, changes, message):
    with pytest.raises(InvalidInput, match=message):
        store.add_annotation(PCDA, note(**changes))
    assert store.annotations(include_partners=True) == []


# --- importing sites and crime ----------------------------------------------------

def _import_list(store) -> list[Site]:
    sites = store.sites()
    renamed = replace(sites[0], name="George Mews car park")
    new = Site("regents-park-estate", "Regent's Park Estate", -0.1420, 51.5300, Position.APPROXIMATE, "low",
               "placed by hand", {t: TopicState(Status.NOT_RECORDED, "Nothing yet.", "2026-11") for t in Topic})
    return [renamed] + sites[1:6] + [new]  # drops lindale-play-area


def test_preview_says_what_an_import_would_do_and_writes_nothing(store):
    summary = store.preview_replace(_import_list(store))
    assert summary == {"added": ["regents-park-estate"], "changed": ["george-mews"], "removed": ["lindale-play-area"]}
    assert len(store.sites()) == 7


def test_replacing_sites_applies_every_change_with_history(store):
    store.add_annotation(PCDA, note(site_id="lindale-play-area"))
    summary = store.replace_sites(ADMIN, _import_list(store), "New survey")
    assert summary["removed"] == ["lindale-play-area"]
    assert [s.site_id for s in store.sites()][-1] == "regents-park-estate"
    assert store.site("george-mews").name == "George Mews car park"
    assert store.site("george-mews").version == 2
    assert store.site("threefields").version == 1
    fields = {(c.site_id, c.field, c.old, c.new) for c in store.history() if c.reason == "New survey"}
    assert ("george-mews", "name", "George Mews", "George Mews car park") in fields
    assert ("lindale-play-area", "site", "Lindale play area", None) in fields
    assert ("regents-park-estate", "site", None, "Regent's Park Estate") in fields
    kept = store.annotations(include_partners=True)[0]
    assert kept.site_id is None and (kept.lon, kept.lat) == (-0.1405, 51.531)  # still on the map where the site was
    with pytest.raises(StaleEdit):
        save_gating(store, PLANNER, version=1)


def test_a_removed_site_can_be_imported_again(store):
    original = store.sites()
    save_gating(store, PLANNER, "lindale-play-area")
    store.replace_sites(ADMIN, original[:6], "Drop Lindale")
    assert store.replace_sites(ADMIN, original, "Bring it back")["added"] == ["lindale-play-area"]
    assert store.site("lindale-play-area").version == 1
    assert store.gating_review("lindale-play-area") == GatingReview()  # its old review went with it


def test_replacing_sites_is_all_or_nothing(store):
    bad = _import_list(store)
    bad[-1] = replace(bad[-1], lon=10.0)
    with pytest.raises(InvalidInput, match="outside"):
        store.replace_sites(ADMIN, bad, "Broken file")
    assert [s.name for s in store.sites()] == SITE_NAMES
    with pytest.raises(InvalidInput, match="used more than once: threefields"):
        store.replace_sites(ADMIN, store.sites() + [store.site("threefields")], "Twice")
    with pytest.raises(InvalidInput, match="remove every site"):
        store.replace_sites(ADMIN, [], "Empty")


def test_new_crime_months_replace_those_months_and_keep_the_rest(store):
    before = store.crime_rows()
    march = [r for r in before if r[2] == "2026-03"]
    store.replace_crime(ADMIN, [("BURGLARY", "RESIDENTIAL", "2026-03", 99), ("BURGLARY", "RESIDENTIAL", "2026-04", 4)],
                        reason="April figures")
    after = store.crime_rows()
    assert [r for r in after if r[2] == "2026-03"] == [("BURGLARY", "RESIDENTIAL", "2026-03", 99)]
    assert [r for r in after if r[2] < "2026-03"] == [r for r in before if r[2] < "2026-03"]
    assert len(after) == len(before) - len(march) + 2
    assert store.history()[0].field == "crime_counts" and store.history()[0].reason == "April figures"


def test_the_crime_summary_follows_every_load(store):
    from geo.crime.offences import MonthlyTotals

    assert store.crime_totals() == MonthlyTotals.of(store.crime_rows())  # first start
    store.replace_crime(ADMIN, [("DRUG OFFENCES", "POSSESSION", "2026-03", 40), ("BURGLARY", "RESIDENTIAL", "2026-04", 4)])
    totals = store.crime_totals()
    assert totals == MonthlyTotals.of(store.crime_rows())
    assert totals.span == ("2024-03", "2026-04")
    assert totals.trend(OffenceGroup.DRUGS).recent_to == "2026-04"


def test_crime_figures_for_a_month_to_come_are_refused_naming_it(store, monkeypatch):
    from geo import clock

    monkeypatch.setattr(clock, "today", lambda: date(2026, 4, 30))
    before = store.crime_rows(), store.crime_totals()
    with pytest.raises(InvalidInput, match=r"Crime row 2: May 2026 has not started yet \(it is April 2026 in London\)"):
        store.replace_crime(ADMIN, [("BURGLARY", "RESIDENTIAL", "2026-04", 3), ("BURGLARY", "RESIDENTIAL", "2026-05", 1)])
    assert (store.crime_rows(), store.crime_totals()) == before


@pytest.mark.parametrize("rows, message", [
    ([("BURGLARY", "RESIDENTIAL", "2026-13", 1)], "month"),
    ([("BURGLARY", "RESIDENTIAL", "April", 1)], "month"),
    ([("BURGLARY", "RESIDENTIAL", "2026-04", -1)], "count"),
    ([("", "RESIDENTIAL", "2026-04", 1)], "major"),
    ([("B", "R", "2026-04", 1), ("B", "R", "2026-04", 2)], "twice"),
    ([], "no crime counts"),
])
def test_bad_crime_rows_are_refused_and_nothing_changes(store, rows, message):
    before = store.crime_rows()
    with pytest.raises(InvalidInput, match=message):
        store.replace_crime(ADMIN, rows)
    assert store.crime_rows() == before


@pytest.mark.parametrize("text", ["Gates\x00agreed", "Bell\x07", "Escape\x1b[31m"])
def test_control_characters_are_refused_in_words_and_nothing_is_saved(store, text):
    """NUL cannot be stored on PostgreSQL; no control character reaches the database on any backend."""
    before = store.gating_review("george-mews")
    with pytest.raises(InvalidInput, match="contains a control character"):
        store.save_gating_review(PLANNER, "george-mews", status=Status.CONFIRMED, detail="Gates agreed.",
                                 review=GatingReview(decision=text), expected_version=1)
    assert store.gating_review("george-mews") == before and store.site("george-mews").version == 1
