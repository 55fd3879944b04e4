"""Each record's form accepts exactly what the store keeps: the real pages' text widgets take
their label and limit from geo.records, and the store refuses one character more than that
limit, naming the same label."""
from __future__ import annotations

import ast
import re
from datetime import date, time

import pytest

from geo.db import Store
from geo.plan.commitment_checks import NewCommitment
from geo.errors import InvalidInput
from geo.fields import Date, Flag, Text
from geo.model import Annotation, GatingReview
from geo.records import (
    ACCOUNT, COMMITMENT, CONSULTATION, DESIGN_NOTE, FINDING, GATING_CASE, GATING_DETAIL, GATING_ITEMS, GATING_REVIEW,
    REPRESENTATION, NEW_SITE_NAME, PROGRESS_ENTRY, REASON, RECORDS, STOP,
    REVIEW, STATUS_CHANGE, TEAM, TOPIC_REVIEW, WALK,
)
from geo.gating.stages import ITEMS as GATING_STAGE_ITEMS, Category as GatingCategory, Consultee, Stage, stage_of
from geo.plan.teams import PartnerTeam
from geo.settings import load
from geo.status import Category, Progress, Role, Severity, Topic, Visibility
from geo.walks.walkabout import Outcome, Parameter, Phase, RouteStop, StopEntry
from tests.conftest import ROOT
from tests.gating_fixtures import opened, walked_to
from tests.photo_files import phone_jpeg
from tests.store_fixtures import ADMIN, COMMUNITY_SAFETY, CWG, PCDA, PLANNER, add_staff

DECLARED = {f.label: f for record in RECORDS for f in record if isinstance(f, Text)}
DECLARED[REASON.label] = REASON
ROUTE = (RouteStop("george-mews", 0, 0, ""), RouteStop(None, -0.1395, 51.5275, "Path behind the estate office"))


def _limits(at) -> dict[str, int]:
    """Every text box the run shows: its declared label (without '(which one)') -> its limit."""
    boxes = {}
    for widget in [*at.text_input, *at.text_area]:
        label = widget.label if widget.label in DECLARED else re.sub(r" \([^()]*\)$", "", widget.label)
        assert label in DECLARED, f"the text box {widget.label!r} is not a declared field"
        boxes[label] = widget.max_chars
    return boxes


def _matches(boxes: dict[str, int], *fields) -> None:
    for f in fields:
        assert boxes.get(f.label) == f.limit, f"{f.label}: form {boxes.get(f.label)}, store {f.limit}"
    for label, limit in boxes.items():
        assert limit == DECLARED[label].limit, f"{label}: form {limit}, store {DECLARED[label].limit}"


@pytest.fixture
def pages(app, ward, monkeypatch):
    """The app with every staff account, a planned walk with a finding at a stop, and a design note."""
    import streamlit_folium

    app()
    with Store.open(load().database_url, ward, settings=load()) as store:
        add_staff(store, [COMMUNITY_SAFETY, CWG])
        walk = store.walks.plan(COMMUNITY_SAFETY, title="Walk", on=date(2026, 2, 19), starts=time(18, 30),
                                phase=Phase.AFTER_DARK, route=ROUTE, invited=(Role.CWG, Role.PCDA))
        store.walks.record_stop(CWG, walk.id, StopEntry(1, None, None, None, scores={p: 1 for p in Parameter},
                                                        finding="Light the mews"))
        store.add_annotation(PCDA, Annotation(None, "george-mews", None, None, Category.LIGHTING, Severity.HIGH,
                                              "Dark corner", "", Visibility.PARTNERS))
    monkeypatch.setattr(streamlit_folium, "st_folium",
                        lambda *a, **k: {"last_clicked": {"lat": 51.5275, "lng": -0.1395}})
    return app


def test_the_gating_form_takes_its_limits_from_the_gating_case_and_its_stages(pages):
    at = pages("pages/gating.py", PLANNER)
    at.selectbox(key="gating_site").select("george-mews").run()
    # George Mews has a case from the first start: its proposal's and next stage's items are on the form
    _matches(_limits(at), GATING_DETAIL, GATING_REVIEW["note"], *GATING_CASE, GATING_ITEMS["problem"],
             GATING_ITEMS["detrimental_effect"], CONSULTATION["which"], CONSULTATION["response"], REASON)


def test_the_notice_stages_form_takes_the_proposed_orders_limit_from_its_declaration(pages, ward):
    with Store.open(load().database_url, ward, settings=load()) as store:
        case = walked_to(store, Stage.NOTICE)  # consulted: the notice's items are on the form
    at = pages("pages/gating.py", PLANNER)
    at.selectbox(key="gating_site").select("george-mews").run()
    at.selectbox(key="gating_case_chosen_george-mews").select(case.id).run()
    _matches(_limits(at), GATING_ITEMS["proposed_order"], GATING_ITEMS["order_text"], GATING_ITEMS["partner_note"],
             REPRESENTATION["gist"], REASON)


def test_the_walk_forms_take_their_limits_from_the_walk_and_the_stop(pages):
    _matches(_limits(pages("pages/plan_walk.py", COMMUNITY_SAFETY)), WALK["title"], WALK["label"])
    _matches(_limits(pages("pages/record_walk.py", PCDA)), STOP["why"], STOP["positives"], STOP["finding"],
             STOP["cpted"])


def test_the_after_walk_forms_take_their_limits_from_the_commitment_progress_and_finding(pages):
    at = pages("pages/after_walk.py", COMMUNITY_SAFETY)
    _matches(_limits(at), *[f for f in COMMITMENT if isinstance(f, Text)])
    for choice, fields in ((Outcome.PROGRESS, [PROGRESS_ENTRY["text"]]), (Outcome.SITE, [NEW_SITE_NAME]),
                           (Outcome.CLOSED, [FINDING["close_reason"]])):
        next(r for r in at.radio if r.key.endswith("how")).set_value(choice).run()
        _matches(_limits(at), *fields)


def test_the_note_and_account_forms_take_their_limits_from_their_records(pages):
    at = pages("pages/annotations.py", PCDA)
    _matches(_limits(at), DESIGN_NOTE["observation"], DESIGN_NOTE["recommendation"])
    _matches(_limits(pages("pages/admin.py", ADMIN)), ACCOUNT["name"], ACCOUNT["email"], ACCOUNT["password"], *TEAM,
             REASON)


def test_no_page_sets_a_text_limit_of_its_own():
    """Every text box goes through ui.forms, so its limit is a declared field's."""
    for path in [*ROOT.glob("pages/*.py"), *ROOT.glob("ui/*.py")]:
        if path.name == "forms.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) \
                    and node.func.attr in {"text_input", "text_area"}:
                pytest.fail(f"{path.relative_to(ROOT)}:{node.lineno} makes a text box by hand; use ui.forms")


# --- the store keeps the same limits -----------------------------------------------------


def _walk(store):
    """The walk the writes go on: planned once (a second identical plan is refused)."""
    return next(iter(store.walks.walks()), None) or store.walks.plan(COMMUNITY_SAFETY, title="Walk", on=date(2026, 2, 19), starts=time(18, 30),
                            phase=Phase.AFTER_DARK, route=ROUTE)


def _finding(store):
    walk = _walk(store)
    return store.walks.record_stop(CWG, walk.id, StopEntry(1, None, None, None, scores={Parameter.LIGHTING: 1},
                                                           finding="Light the mews"))


def _new(**values) -> NewCommitment:
    base = dict(term="short", asked="Light the mews", will_do=("Add a lamp.",), lead="Lighting team",
                target_text="By March", target_by="2027-03-31", topics=("lighting",))
    return NewCommitment(**{**base, **values})


WRITES = {  # a declared field -> a store write that puts `value` in it
    GATING_DETAIL: lambda store, value: store.save_gating_review(
        PLANNER, "george-mews", status=store.site("george-mews").state(Topic.GATING).status, detail=value,
        review=GatingReview(), expected_version=store.site("george-mews").version, reason="Review"),
    **{f: (lambda store, value, f=f: store.save_gating_review(
        PLANNER, "george-mews", status=store.site("george-mews").state(Topic.GATING).status, detail="Under review",
        review=GatingReview(**{f.name: value}), expected_version=store.site("george-mews").version,
        reason="Review")) for f in GATING_REVIEW
        if isinstance(f, Text)},
    REASON: lambda store, value: store.move_site(PLANNER, "george-mews", -0.1391 - len(value) / 1e6, 51.5262,
                                                 confirmed=False, expected_version=store.site("george-mews").version,
                                                 reason=value),
    WALK["title"]: lambda store, value: store.walks.plan(COMMUNITY_SAFETY, title=value, on=date(2026, 2, 19),
                                                         starts=time(18, 30), phase=Phase.DAYLIGHT),
    WALK["label"]: lambda store, value: store.walks.plan(COMMUNITY_SAFETY, title=f"Walk {len(value)}", on=date(2026, 2, 19),
                                                         starts=time(18, 30), phase=Phase.DAYLIGHT,
                                                         route=(RouteStop(None, -0.1395, 51.5275, value),)),
    **{STOP[name]: (lambda store, value, name=name: store.walks.record_stop(
        CWG, _walk(store).id, StopEntry(0, None, None, None, scores={Parameter.LIGHTING: 1}, **{name: value})))
       for name in ("why", "positives", "finding")},
    STOP["cpted"]: lambda store, value: store.walks.record_stop(
        PCDA, _walk(store).id, StopEntry(0, None, None, None, scores={}, cpted=((Category.NATURAL_SURVEILLANCE, value),))),
    STOP["caption"]: lambda store, value: store.photos.add(CWG, _walk(store).id, phone_jpeg(), value),
    **{COMMITMENT[name]: (lambda store, value, name=name: store.walks.promote(
        COMMUNITY_SAFETY, _finding(store).id, expected_version=1,
        commitment=_new(**{name: (value,) if name == "will_do" else value})))
       for name in ("asked", "will_do", "lead", "target_text")},
    PROGRESS_ENTRY["text"]: lambda store, value: store.walks.promote(
        COMMUNITY_SAFETY, _finding(store).id, expected_version=1, progress_on="st-8", progress=value),
    FINDING["close_reason"]: lambda store, value: store.walks.close_finding(
        COMMUNITY_SAFETY, _finding(store).id, expected_version=1, reason=value),
    NEW_SITE_NAME: lambda store, value: store.walks.promote_to_site(
        COMMUNITY_SAFETY, _finding(store).id, value, expected_version=1),
    **{DESIGN_NOTE[name]: (lambda store, value, name=name: store.add_annotation(PCDA, Annotation(
        None, "george-mews", None, None, Category.LIGHTING, Severity.HIGH,
        **{"observation": "Dark", "recommendation": "", name: value})))
       for name in ("observation", "recommendation")},
    ACCOUNT["name"]: lambda store, value: store.accounts.add_user(ADMIN, value, Role.CWG, "a long password"),
    ACCOUNT["email"]: lambda store, value: store.accounts.add_user(
        ADMIN, f"someone{len(value)}", Role.CWG, "a long password", email=value),
    ACCOUNT["password"]: lambda store, value: store.accounts.add_user(ADMIN, f"someone{len(value)}", Role.CWG, value),
    **{TOPIC_REVIEW[name]: (lambda store, value, name=name: store.save_topic_review(
        ADMIN, "george-mews", Topic.LIGHTING, status="done", detail="New lamp.", review={name: value},
        commitment_id="st-8", expected_version=store.site("george-mews").version))
       for name in TOPIC_REVIEW.names if isinstance(TOPIC_REVIEW[name], Text)},
    REVIEW["note"]: lambda store, value: store.reviews.mark_reviewed(
        COMMUNITY_SAFETY, (r := store.reviews.open(COMMUNITY_SAFETY, "2019-04-02")).id, "st-1", note=value,
        next_review="", expected_version=r.version),
    STATUS_CHANGE["words"]: lambda store, value: store.set_commitment_status(
        ADMIN, "st-8", Progress.DONE, expected_version=store.commitment("st-8").version, words=value),
    **{TEAM[name]: (lambda store, value, name=name: store.teams.save(ADMIN, PartnerTeam(
        f"team_{len(value)}", **{"name": "Street lighting", name: value}), expected_version=None))
       for name in TEAM.names},
}


def _case(store, stage: Stage = Stage.CONDITIONS):
    """A fresh gating case at George Mews at `stage` (the proposal) or just before it: its items may be recorded."""
    return opened(store) if stage is Stage.PROPOSED else walked_to(store, stage)


def _representation(store, **values):
    case = _case(store, Stage.NOTICE)
    return store.gating.add_representation(PLANNER, case.id, GatingCategory.LOCAL, received_on="2026-09-01",
                                           expected_version=case.version, **{"gist": "Against", **values})


GATING_WRITES = {
    **{GATING_CASE[name]: (lambda store, value, name=name: store.gating.open_case(
        PLANNER, "george-mews", **{"gate": "Gate", "position": "Entrance", "closes": "Path",
                                   {"stands_at": "position"}.get(name, name): value},
        problem="Dealing")) for name in GATING_CASE.names},
    **{item.field: (lambda store, value, item=item: (c := _case(store, stage_of(item.name))) and store.gating.record_items(
        PLANNER, c.id, {item.name: value}, expected_version=c.version))
       for item in GATING_STAGE_ITEMS.values() if isinstance(item.field, Text)},
    **{CONSULTATION[name]: (lambda store, value, name=name: (c := _case(store)) and store.gating.add_consultation(
        PLANNER, c.id, Consultee.POLICE, consulted_on="2026-08-01", expected_version=c.version, **{name: value}))
       for name in ("which", "response")},
    **{REPRESENTATION[field]: (lambda store, value, kwarg=kwarg: _representation(store, **{kwarg: value}))
       for field, kwarg in (("gist", "gist"), ("made_by", "name"), ("address", "address"))},
    REPRESENTATION["considered"]: lambda store, value: (c := _representation(store)) and store.gating.consider_representation(
        PLANNER, c.id, c.representations[0].id, value, expected_version=c.version),
}
WRITES.update(GATING_WRITES)


def _value(field: Text, length: int) -> str:
    if field is ACCOUNT["email"]:
        return "a" * (length - len("@camden.gov.uk")) + "@camden.gov.uk"
    return "a" * length


def test_every_declared_text_field_has_a_store_write_here():
    declared = {f for record in RECORDS for f in record if isinstance(f, Text)} | {REASON}
    assert declared == set(WRITES)


@pytest.mark.parametrize("field", list(WRITES), ids=lambda f: f.label)
def test_the_store_keeps_the_declared_limit_and_refuses_one_more_naming_the_field(store, field):
    WRITES[field](store, _value(field, field.limit))
    with pytest.raises(InvalidInput) as refused:
        WRITES[field](store, _value(field, field.limit + 1))
    assert field.label in str(refused.value)


def test_every_declared_field_is_text_a_date_or_a_flag():
    for record in RECORDS:
        assert record.fields and all(isinstance(f, (Text, Date, Flag)) for f in record)


@pytest.mark.parametrize("value", ["yes", 1, "", []])
def test_a_flag_takes_only_yes_or_no_naming_the_field(store, value):
    flag, walk = STOP["good_feature"], _walk(store)
    with pytest.raises(InvalidInput, match=re.escape(f"{flag.label}: must be yes or no")):
        store.photos.add(CWG, walk.id, phone_jpeg(), "A new gate", good_feature=value)
    assert store.photos.of_walk(walk.id) == []
