"""Walkabouts in the store: planning, stops saved one at a time, attendance, position
proposals, findings promoted into the action plan or closed, completion, re-walks
with before-and-after scores; roles refused and nothing changed; conflicts refused."""
from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest

from geo.db import Store
from geo.plan.commitment_checks import NewCommitment
from geo.errors import InvalidInput, PermissionDenied, StaleEdit
from geo.history import entries
from geo.limits import NAME_MAX
from geo.status import Category, Position, Progress, Role, Severity, Team, Topic
from geo.walks.walkabout import Outcome, Parameter, Phase, Proposal, Reason, RouteStop, StopEntry, score_table
from tests.photo_files import phone_jpeg
from tests.store_fixtures import ACTORS, ADMIN, COMMUNITY_SAFETY, CWG, PCDA, PLANNER

ROUTE = (RouteStop("george-mews", 0, 0, ""), RouteStop("clarkson-row", 0, 0, ""),
         RouteStop(None, -0.1395, 51.5275, "Path behind the estate office"))
DARK = {p: 1 for p in Parameter}
NEW = NewCommitment("short", "The path behind the estate office is dark.", ("Add two lamp columns.",),
                    "Camden Council street lighting", "By March 2027", "2027-03-31", ("lighting",))


def plan_walk(store, actor=COMMUNITY_SAFETY, **changes):
    kwargs = dict(title="February walk after dark", on=date(2026, 2, 19), starts=time(18, 30),
                  phase=Phase.AFTER_DARK, route=ROUTE, follows=("st-8",), invited=(Role.CWG, Role.PCDA))
    return store.walks.plan(actor, **{**kwargs, **changes})


def stop(seq, scores=None, finding="", **changes):
    return StopEntry(seq, None, None, None, scores=DARK if scores is None else scores, finding=finding, **changes)


@pytest.fixture
def walk(store):
    return plan_walk(store)


def test_a_planned_walk_keeps_its_route_in_order_with_sites_placed_where_they_are(store, walk):
    george = store.site("george-mews")
    assert [s.label for s in walk.route] == ["George Mews", "Clarkson Row", "Path behind the estate office"]
    assert (walk.route[0].lon, walk.route[0].lat) == (george.lon, george.lat)
    assert walk.phase is Phase.AFTER_DARK and walk.follows == ("st-8",) and not walk.published
    assert walk.team is Team.COMMUNITY_SAFETY and plan_walk(store, PLANNER, title="Planners' walk").team is Team.PLANNING  # the organiser
    assert store.history() == store.history(limit=None)  # nothing public yet
    assert "Walk" not in " ".join(e.summary for e in entries(store.history(), store.sites()))


def test_every_stop_is_saved_at_once_in_route_order_and_off_route_stops_too(store, walk):
    store.walks.record_stop(CWG, walk.id, stop(0, reasons=(Reason.BADLY_LIT, Reason.NO_CCTV), felt_safe=False,
                                                 why="Nobody about, lamp out", positives="New gate works"))
    store.walks.record_stop(CWG, walk.id, replace(stop(None), lon=-0.1390, lat=51.5270))
    saved = store.walks.stops(walk.id)
    assert [s.route_seq for s in saved] == [0, None]
    assert saved[0].site_id == "george-mews" and saved[0].reasons == (Reason.BADLY_LIT, Reason.NO_CCTV)
    assert saved[0].team is Team.CWG and saved[0].felt_safe is False and saved[1].site_id is None


@pytest.mark.parametrize("entry, message", [
    (stop(0, scores={Parameter.LIGHTING: 4}), "Lighting is scored 0, 1, 2 or 3"),
    (stop(7), "has no stop 7 on its route"),
    (stop(None), "needs a site or a point"),
    (replace(stop(None), lon=2.35, lat=48.85), "outside"),
    (stop(0, why="x" * 2001), "the most it can take is 2000"),
])
def test_a_bad_stop_is_refused_with_a_sentence_and_nothing_saved(store, walk, entry, message):
    with pytest.raises(InvalidInput, match=message):
        store.walks.record_stop(CWG, walk.id, entry)
    assert store.walks.stops(walk.id) == []


def test_cpted_observations_are_the_design_advisor_s(store, walk):
    observed = stop(0, cpted=((Category.NATURAL_SURVEILLANCE, "No windows overlook the path"),))
    with pytest.raises(PermissionDenied):
        store.walks.record_stop(CWG, walk.id, observed)
    assert store.walks.record_stop(PCDA, walk.id, observed).cpted[0][0] is Category.NATURAL_SURVEILLANCE


def test_attendance_is_by_role_and_count_and_stale_saves_are_refused(store, walk):
    counted = store.walks.set_attendance(CWG, walk.id, {Role.CWG: 4, Role.RESIDENT: 7}, expected_version=1)
    assert dict(counted.attendance) == {Role.CWG: 4, Role.RESIDENT: 7}
    with pytest.raises(StaleEdit):
        store.walks.set_attendance(PLANNER, walk.id, {Role.CWG: 5}, expected_version=1)
    assert store.walks.walk(walk.id).attendance == counted.attendance


def test_a_position_proposed_on_a_walk_is_confirmed_by_a_planner_with_history(store, walk):
    pid = store.walks.propose_position(CWG, walk.id, "threefields", -0.13702, 51.52731, 6.5)
    with pytest.raises(PermissionDenied):
        store.decide_position(COMMUNITY_SAFETY, pid, confirm=True)
    [pending] = store.walks.proposals(walk.id)
    assert (pending.id, pending.site_id, pending.state, pending.accuracy_m) == (pid, "threefields", Proposal.PENDING, 6.5)
    assert store.decide_position(PLANNER, pid, confirm=True) == replace(pending, state=Proposal.CONFIRMED)
    site = store.site("threefields")
    assert (site.lon, site.lat, site.position) == (-0.13702, 51.52731, Position.CONFIRMED)
    assert store.walks.proposals() == []
    with pytest.raises(InvalidInput, match="already decided"):
        store.decide_position(PLANNER, pid, confirm=False)
    assert "Position on the map" in entries(store.history("threefields"), store.sites())[0].summary


def test_confirming_a_position_is_one_transaction_so_a_failure_midway_changes_nothing(store, walk, monkeypatch):
    from geo.db import rows as db_rows
    from geo.db import walk_store as walk_book

    pid = store.walks.propose_position(CWG, walk.id, "threefields", -0.13702, 51.52731, 6.5)
    state = lambda: (store.site("threefields"), store.walks.proposals(), store.history(include_partners=True))  # noqa: E731
    before = state()
    seen_inside = []

    def fails_after_the_move(conn, actor, site_id, field, new, visibility):
        seen_inside.append(db_rows.read_site(conn, site_id).lat)  # the move was made in this transaction
        raise RuntimeError("the connection dropped")

    monkeypatch.setattr(walk_book, "record_walk_entry", fails_after_the_move)
    with pytest.raises(RuntimeError):
        store.decide_position(PLANNER, pid, confirm=True)
    assert seen_inside == [51.52731]
    assert state() == before  # neither the site nor the proposal moved, and no history was kept
    monkeypatch.undo()
    store.decide_position(PLANNER, pid, confirm=True)
    assert store.site("threefields").lat == 51.52731 and store.walks.proposals() == []


def test_a_completed_walk_takes_no_more_stops_photos_or_positions_and_says_so(store, walk):
    store.walks.record_stop(CWG, walk.id, stop(0))
    store.walks.complete(COMMUNITY_SAFETY, walk.id, expected_version=1, publish=False)
    state = lambda: (store.walks.stops(walk.id), store.photos.of_walk(walk.id),  # noqa: E731
                     store.history(include_partners=True))
    before = state()
    with pytest.raises(InvalidInput, match=f"^Walk {walk.ref} is complete; stops can no longer be added.$"):
        store.walks.record_stop(CWG, walk.id, stop(1))
    with pytest.raises(InvalidInput, match=f"^Walk {walk.ref} is complete; photos can no longer be added to it.$"):
        store.photos.add(CWG, walk.id, phone_jpeg(), "A photo taken after the walk")
    with pytest.raises(InvalidInput, match=f"^Walk {walk.ref} is complete; positions are proposed on a walk still"):
        store.walks.propose_position(CWG, walk.id, "threefields", -0.137, 51.5273, 30)
    assert state() == before
    assert store.walks.proposals() == []


def test_a_rejected_proposal_leaves_the_site_where_it_was(store, walk):
    before = store.site("threefields")
    store.decide_position(ADMIN, store.walks.propose_position(CWG, walk.id, "threefields", -0.137, 51.5273, 30),
                          confirm=False)
    assert store.site("threefields") == before


def test_a_walk_is_complete_only_when_every_finding_is_promoted_or_closed(store, walk):
    dark = store.walks.record_stop(CWG, walk.id, stop(2, finding="Add lighting to the path"))
    bins = store.walks.record_stop(CWG, walk.id, stop(1, finding="Bins block the path"))
    store.walks.record_stop(CWG, walk.id, stop(0))  # no finding
    with pytest.raises(InvalidInput, match="2 finding"):
        store.walks.complete(COMMUNITY_SAFETY, walk.id, expected_version=1, publish=True)
    promoted = store.walks.promote(COMMUNITY_SAFETY, dark.id, expected_version=1, commitment=NEW)
    assert promoted.outcome is Outcome.COMMITMENT and store.commitment(promoted.outcome_ref).asked == NEW.asked
    with pytest.raises(StaleEdit):
        store.walks.close_finding(PLANNER, dark.id, expected_version=1, reason="Dup")
    store.walks.close_finding(PLANNER, bins.id, expected_version=1, reason="Passed to waste services")
    done = store.walks.complete(COMMUNITY_SAFETY, walk.id, expected_version=1, publish=True)
    assert done.completed and done.published
    assert [w.walk.ref for w in store.walks.published()] == [walk.ref]
    public = " ".join(e.summary for e in entries(store.history(), store.sites()))
    assert f"Walk {walk.ref}: February walk after dark" in public and "Commitment added" in public


def test_a_finding_at_a_new_place_becomes_a_new_site_on_the_map(store, walk):
    found = store.walks.record_stop(CWG, walk.id, stop(2, finding="Dark alley nobody maps"))
    store.walks.promote_to_site(PLANNER, found.id, "Estate office path", expected_version=1)
    site = store.site("estate-office-path")
    assert site.position is Position.APPROXIMATE and walk.ref in site.position_source
    assert store.sites()[-1] == site and store.walks.stops(walk.id)[0].site_id == site.site_id
    added = [c for c in store.history(site.site_id) if c.field == "site"]
    assert [(c.new, c.reason, c.actor) for c in added] == [("Estate office path", f"Walk {walk.ref}", PLANNER.name)]


def _written(store, walk) -> tuple:
    """Everything a promotion could write: sites, commitments, history, and the walk's stops."""
    return store.sites(), store.plan().commitments, store.history(include_partners=True), store.walks.stops(walk.id)


def _refusal(write) -> str:
    with pytest.raises(InvalidInput) as refused:
        write()
    return str(refused.value)


@pytest.mark.parametrize("name, site_id, point", [
    ("Path " + "x" * NAME_MAX, "path-" + "x" * 59, None),
    ("George-Mews!", "george-mews", None),
    ("tolmer's  square", "tolmer-s-square", None),
    ("Canal towpath", "canal-towpath", (2.35, 48.85)),
], ids=["a name over the limit", "a site id on the map", "a site name on the map", "outside the ward"])
def test_a_new_site_from_a_finding_is_refused_as_the_site_editor_refuses_it_and_nothing_is_written(
        db_url, store_settings, store, walk, name, site_id, point):
    entry = stop(2, finding="Dark alley nobody maps")
    if point is None:
        found = store.walks.record_stop(CWG, walk.id, entry)
    else:  # recorded where the ward's bounds were not applied: the promotion still applies them
        with Store.open(db_url, settings=store_settings) as anywhere:
            found = anywhere.walks.record_stop(CWG, walk.id, replace(entry, route_seq=None, lon=point[0], lat=point[1]))
    # The same site as the site editor (a sites file imported) would take it.
    imported = replace(store.site("george-mews"), site_id=site_id, name=name, lon=found.lon, lat=found.lat)
    editor_says = _refusal(lambda: store.preview_replace([*store.sites(), imported]))
    before = _written(store, walk)
    assert _refusal(lambda: store.walks.promote_to_site(PLANNER, found.id, name, expected_version=1)) == editor_says
    assert _written(store, walk) == before  # no site, no history entry, the finding still open at version 1


@pytest.mark.parametrize("bad", [
    replace(NEW, will_do=()), replace(NEW, term="someday"), replace(NEW, target_by="2027-02-30"),
    replace(NEW, lead="x" * 301), replace(NEW, topics=("Street lighting",)),
], ids=["no will do", "no such term", "no such date", "a lead over the limit", "a topic that is not a word"])
def test_a_commitment_from_a_finding_is_refused_as_the_action_plan_refuses_it_and_nothing_is_written(
        store, walk, bad):
    found = store.walks.record_stop(CWG, walk.id, stop(2, finding="Add lighting to the path"))
    before = _written(store, walk)
    plan_says = _refusal(lambda: store.add_commitment(COMMUNITY_SAFETY, bad))
    assert _refusal(lambda: store.walks.promote(COMMUNITY_SAFETY, found.id, expected_version=1,
                                                commitment=bad)) == plan_says
    assert _written(store, walk) == before


def test_a_re_walk_repeats_the_route_shows_before_and_after_and_re_opens_a_done_commitment(store, walk):
    store.walks.record_stop(CWG, walk.id, stop(1))
    store.set_commitment_status(COMMUNITY_SAFETY, "st-8", Progress.DONE, expected_version=1,
                                words="Lamps replaced in March.")
    again = plan_walk(store, title="Re-walk", on=date(2026, 10, 15), route=(), repeats=walk.id)
    assert again.route == walk.route and again.repeats == walk.id
    better = {**DARK, Parameter.LIGHTING: 3, Parameter.FEELING: 2}
    found = store.walks.record_stop(CWG, again.id, stop(1, scores=better, finding="Two lamps still out"))
    store.walks.promote(ADMIN, found.id, expected_version=1, progress_on="st-8", progress="Two lamps still out",
                        reopen=Progress.PARTLY_FIXED)
    assert store.commitment("st-8").status is Progress.PARTLY_FIXED
    history = store.walks.site_scores("clarkson-row", published_only=False)
    assert [h.walk_ref for h in history] == [walk.ref, again.ref]
    rows = {r["Parameter"]: r for r in score_table(history)}
    assert rows["Lighting"]["Change"] == "+2" and rows["Openness"]["Change"] == "+0"
    assert rows["Lighting"]["2026-02-19 after dark"] == "1: Little lighting"
    assert rows["Lighting"]["2026-10-15 after dark"] == "3: Bright"


def test_stops_saved_before_a_dropped_connection_are_there_in_a_new_session(db_url, ward, store_settings, store, walk):
    for seq in (0, 1):
        store.walks.record_stop(CWG, walk.id, stop(seq, positives=f"stop {seq}"))
    store.close()  # the phone's connection drops mid-walk
    with Store.open(db_url, ward, settings=store_settings) as again:
        saved = again.walks.stops(walk.id)
        assert [(s.route_seq, s.positives) for s in saved] == [(0, "stop 0"), (1, "stop 1")]
        again.walks.record_stop(CWG, walk.id, stop(2))
        assert len(again.walks.stops(walk.id)) == 3


RESOLVERS = {"planning", "admin", "community safety"}  # geo.roles: Action.RESOLVE_FINDINGS
DECIDERS = {"planning", "admin"}  # Action.CONFIRM_POSITION (and MOVE_SITE, to accept)


def _finding(s, w):
    """A stop off the route whose finding waits to be resolved."""
    return s.walks.record_stop(CWG, w.id, stop(2, finding="Lamp out behind the estate office"))


def _proposal(s, w):
    return s.walks.propose_position(CWG, w.id, "threefields", -0.137, 51.5273, 5)


def _photo(s, w):
    return s.photos.add(CWG, w.id, phone_jpeg(), "Lamp out behind the estate office").ref


def _completed(s, w):
    return s.walks.complete(COMMUNITY_SAFETY, w.id, expected_version=1, publish=False)


def _walk(s, w):
    return w


# Each write: (the set-up, done by someone allowed, returning what the write acts on; the write; who may).
WALK_WRITES = {
    "plan walk": (_walk, lambda s, a, w: plan_walk(s, a, title="Another walk"),
                  {"planning", "admin", "community safety"}),
    "record stop": (_walk, lambda s, a, w: s.walks.record_stop(a, w.id, stop(0)),
                    {"planning", "admin", "community safety", "pcda", "cwg"}),
    "attendance": (_walk, lambda s, a, w: s.walks.set_attendance(a, w.id, {Role.CWG: 2}, expected_version=1),
                   {"planning", "admin", "community safety", "pcda", "cwg"}),
    "propose position": (_walk, lambda s, a, w: s.walks.propose_position(a, w.id, "threefields", -0.137, 51.5273, 5),
                         {"planning", "admin", "community safety", "pcda", "cwg"}),
    "promote finding to commitment": (_finding, lambda s, a, f: s.walks.promote(
        a, f.id, expected_version=f.version, commitment=NEW), RESOLVERS),
    "promote finding to progress": (_finding, lambda s, a, f: s.walks.promote(
        a, f.id, expected_version=f.version, progress_on="st-8", progress="Lamp out"), RESOLVERS),
    "promote finding to site": (_finding, lambda s, a, f: s.walks.promote_to_site(
        a, f.id, "Path behind the estate office", expected_version=f.version), RESOLVERS),
    "close finding": (_finding, lambda s, a, f: s.walks.close_finding(
        a, f.id, expected_version=f.version, reason="Passed to street lighting"), RESOLVERS),
    "complete": (_walk, lambda s, a, w: s.walks.complete(a, w.id, expected_version=1, publish=False), RESOLVERS),
    "complete and publish": (_walk, lambda s, a, w: s.walks.complete(a, w.id, expected_version=1, publish=True),
                             RESOLVERS),
    "publish a completed walk": (_completed, lambda s, a, w: s.walks.complete(
        a, w.id, expected_version=w.version, publish=True), RESOLVERS),
    "accept proposed position": (_proposal, lambda s, a, pid: s.decide_position(a, pid, confirm=True), DECIDERS),
    "reject proposed position": (_proposal, lambda s, a, pid: s.decide_position(a, pid, confirm=False), DECIDERS),
    "publish photo": (_photo, lambda s, a, ref: s.photos.publish(a, ref), RESOLVERS),
}


@pytest.mark.parametrize("write", WALK_WRITES)
@pytest.mark.parametrize("who", ACTORS)
def test_every_walk_write_checks_the_role_first(store, walk, who, write):
    prepare, action, allowed = WALK_WRITES[write]
    target = prepare(store, walk)
    state = lambda: (store.walks.walks(), store.walks.stops(walk.id), store.walks.proposals(),  # noqa: E731
                     store.photos.of_walk(walk.id), store.sites(), store.plan(), store.history(include_partners=True))
    before = state()
    if who in allowed:
        action(store, ACTORS[who], target)
        assert state() != before
    else:
        with pytest.raises(PermissionDenied) as denied:
            action(store, ACTORS[who], target)
        assert str(denied.value).endswith(".")
        assert state() == before


def test_priority_words(store, walk):
    assert store.walks.record_stop(CWG, walk.id, stop(0, priority=Severity.HIGH)).priority is Severity.HIGH


def test_a_commitment_from_a_finding_at_a_site_is_tied_to_that_site_under_its_topics(store, walk):
    found = store.walks.record_stop(CWG, walk.id, stop(1, finding="The lamp at the mews entrance is out"))
    site_id = found.site_id
    before = store.site(site_id)
    store.walks.promote(COMMUNITY_SAFETY, found.id, expected_version=1, commitment=NewCommitment(
        "short", "The mews entrance is dark.", ("Replace the lamp.",), "Camden Council street lighting",
        "By March 2027", "2027-03-31", ("lighting",)))
    after = store.site(site_id)
    cid = after.state(Topic.LIGHTING).commitments[-1]
    assert cid not in before.commitment_ids() and cid in after.commitment_ids()
    assert after.state(Topic.GATING).commitments == before.state(Topic.GATING).commitments
    assert after.version == before.version + 1
    assert any(c.field == "lighting_commitments" for c in store.history(site_id))


def test_a_re_walk_not_fixed_reopens_a_commitment_a_lead_team_marked_done_in_the_app(store, walk):
    from tests.store_fixtures import SNT_OFFICER

    store.set_commitment_status(SNT_OFFICER, "st-3", Progress.DONE, expected_version=1, words="Dealing stopped.")
    found = store.walks.record_stop(CWG, walk.id, stop(1, finding="Dealing seen again at the corner"))
    store.walks.promote(COMMUNITY_SAFETY, found.id, expected_version=1, progress_on="st-3",
                        progress="Dealing seen again", reopen=Progress.NOT_FIXED)
    assert store.commitment("st-3").status is Progress.NOT_FIXED


# --- writes name their walk: a completed walk, or one that did not invite the walker, is refused ---

def _complete(store, walk):
    return store.walks.complete(COMMUNITY_SAFETY, walk.id, expected_version=store.walks.walk(walk.id).version,
                                publish=True)


@pytest.mark.parametrize("write", [
    lambda s, a, w: s.walks.set_attendance(a, w.id, {Role.CWG: 3}, expected_version=w.version),
    lambda s, a, w: s.walks.propose_position(a, w.id, "threefields", -0.137, 51.5273, 5),
], ids=["attendance", "position"])
def test_a_write_to_a_completed_walk_is_refused_with_a_sentence_and_changes_nothing(store, walk, write):
    done = _complete(store, walk)
    history = store.history(include_partners=True)
    with pytest.raises(InvalidInput, match=f"Walk {walk.ref} is complete;"):
        write(store, CWG, done)
    assert store.walks.walk(walk.id) == done and store.walks.proposals() == []
    assert store.history(include_partners=True) == history


@pytest.mark.parametrize("write", [
    lambda s, a, w: s.walks.set_attendance(a, w.id, {Role.CWG: 3}, expected_version=w.version),
    lambda s, a, w: s.walks.propose_position(a, w.id, "threefields", -0.137, 51.5273, 5),
], ids=["attendance", "position"])
def test_a_walker_whose_role_the_walk_did_not_invite_is_refused_and_nothing_changes(store, write):
    walk = plan_walk(store, invited=(Role.CWG,))
    with pytest.raises(PermissionDenied, match=f"Walk {walk.ref} did not invite the .* role, so you cannot record"):
        write(store, PCDA, walk)
    assert store.walks.walk(walk.id) == walk and store.walks.proposals() == []
    write(store, CWG, walk)  # the invited role may
    write(store, COMMUNITY_SAFETY, store.walks.walk(walk.id))  # and so may the walk's organisers


def test_a_second_identical_walk_plan_is_refused_with_a_sentence(store, walk):
    with pytest.raises(InvalidInput, match=f"Walk {walk.ref}, 'February walk after dark' on 2026-02-19 at 18:30, "
                                           "is planned already; nothing new was planned"):
        plan_walk(store, title=" february walk after DARK ")
    assert [w.id for w in store.walks.walks()] == [walk.id]
    assert plan_walk(store, starts=time(20, 0)).id != walk.id  # the same walk later that evening is another
