"""geo/db/note_store.py through the store: design notes that can be edited, made
partners only or public, and withdrawn, without leaking anything to the public.
Runs on SQLite, and on PostgreSQL too when DATABASE_URL is set."""
from __future__ import annotations

import json
import re
from dataclasses import replace
from datetime import datetime, UTC

import pytest

from geo.errors import InvalidInput, PermissionDenied, StaleEdit
from geo.opendata.site_export import export_annotations_csv, export_annotations_geojson, export_sites_csv, export_sites_geojson
from geo.sites.mapview import build_map
from geo.model import Annotation, User
from geo.reports.progress_report import build_report
from geo.reports.report_html import to_html
from geo.status import Category, Role, Severity, Visibility
from tests.store_fixtures import ACTORS, ADMIN, PCDA

OTHER_PCDA = User("olu.pcda", Role.PCDA)
SECRET = "Side door to the plant room is propped open at night"


def note(**changes) -> Annotation:
    base = Annotation(None, "george-mews", None, None, Category.LIGHTING, Severity.HIGH,
                      "The rear passage has no working lamp.", "Add a lamp by the bins.", Visibility.PUBLIC)
    return replace(base, **changes)


def public_text(store, ward, plan) -> str:
    """Everything a resident can get: map, exports, report, site panel reads, public history."""
    sites = store.sites()
    notes = store.annotations(include_partners=False)
    history = store.history(include_partners=False)
    report = build_report(sites, plan, ward, history, notes, since=None,
                          generated=datetime(2026, 11, 26, tzinfo=UTC), draw_map=False)
    parts = [
        build_map(ward, sites, annotations=notes, tiles=None).get_root().render(),
        json.dumps(export_sites_geojson(sites, notes)), json.dumps(export_annotations_geojson(sites, notes)),
        export_sites_csv(sites, notes), export_annotations_csv(notes), to_html(report).decode(),
        repr(notes), repr(history),
    ]
    for site in sites:
        parts += [repr(store.annotations(include_partners=False, site_id=site.site_id)),
                  repr(store.history(site.site_id, include_partners=False))]
    return "\n".join(parts)


# --- defaults and public refs ----------------------------------------------------

def test_a_note_is_partners_only_unless_said_otherwise(store):
    added = store.add_annotation(PCDA, Annotation(None, "george-mews", None, None, Category.LIGHTING, Severity.LOW,
                                                  SECRET, ""))
    assert added.visibility is Visibility.PARTNERS
    assert store.annotations(include_partners=False) == []
    assert SECRET not in repr(store.history(include_partners=False))


def test_public_refs_say_nothing_about_partners_only_notes(store, ward, plan):
    store.add_annotation(PCDA, note(observation="First public note."))
    for i in range(3):
        store.add_annotation(PCDA, note(observation=f"{SECRET} {i}", visibility=Visibility.PARTNERS))
    store.add_annotation(PCDA, note(observation="Second public note."))

    public = store.annotations(include_partners=False)
    assert [a.observation for a in public] == ["Second public note.", "First public note."]
    refs = [a.ref for a in store.annotations(include_partners=True)]
    assert len(set(refs)) == 5 and all(re.fullmatch(r"[a-z2-9]{6}", r) for r in refs)
    shown = public_text(store, ward, plan)
    for a in public:
        assert f"annotation-{a.ref}" in shown and f"Note {a.ref}:" in shown
    assert not re.search(r"annotation-\d+\b|#\d+ |\"annotation_id\": \d", shown)
    geo_ids = [f["properties"]["annotation_id"] for f in export_annotations_geojson(store.sites(), public)["features"]]
    assert geo_ids == [a.ref for a in public]


# --- who may change a note ----------------------------------------------------------

def edit(store, actor, note_id, version=1, **changes):
    changes.setdefault("observation", "The lamp was mended; the passage is still dark.")
    return store.edit_annotation(actor, note_id, expected_version=version, reason="Second visit", **changes)


def withdraw(store, actor, note_id, version=1, reason="Published by mistake"):
    return store.withdraw_annotation(actor, note_id, expected_version=version, reason=reason)


NOTE_WRITES = {"edit": edit, "withdraw": withdraw}


@pytest.mark.parametrize("write", NOTE_WRITES)
@pytest.mark.parametrize("who", [*ACTORS, "another pcda"])
def test_only_the_author_or_an_administrator_changes_a_note(store, who, write):
    actor = OTHER_PCDA if who == "another pcda" else ACTORS[who]
    added = store.add_annotation(PCDA, note())
    before = (store.annotations(include_partners=True), store.history(include_partners=True))
    if who in ("pcda", "admin"):
        NOTE_WRITES[write](store, actor, added.id)
        assert store.annotation(added.id).version == 2
        assert store.history(include_partners=True)[0].actor == actor.name
    else:
        with pytest.raises(PermissionDenied) as denied:
            NOTE_WRITES[write](store, actor, added.id)
        assert str(denied.value).endswith(".")
        assert (store.annotations(include_partners=True), store.history(include_partners=True)) == before


def test_the_author_edits_a_note_and_the_history_keeps_both_versions_with_the_reason(store):
    added = store.add_annotation(PCDA, note())
    edited = edit(store, PCDA, added.id, category=Category.MAINTENANCE, severity=Severity.LOW,
                  recommendation="Report the lamp to the council.")
    assert (edited.category, edited.severity, edited.version, edited.ref) == (
        Category.MAINTENANCE, Severity.LOW, 2, added.ref)
    assert edited.observation == "The lamp was mended; the passage is still dark."
    entry = store.history("george-mews")[0]
    assert entry.reason == "Second visit" and entry.actor == "dana.pcda"
    assert "no working lamp" in entry.old and "still dark" in entry.new and added.ref in entry.new
    assert store.annotations(include_partners=False) == [edited]


def test_an_administrator_withdraws_anyones_note(store):
    added = store.add_annotation(PCDA, note())
    gone = withdraw(store, ADMIN, added.id)
    assert gone.is_withdrawn and not gone.is_public and gone.version == 2
    assert store.annotations(include_partners=True) == [gone]  # staff still see it, marked withdrawn
    entry = store.history(include_partners=True)[0]
    assert (entry.actor, entry.reason) == ("ada.admin", "Published by mistake")


@pytest.mark.parametrize("write", NOTE_WRITES)
@pytest.mark.parametrize("reason", ["", "   "])
def test_a_reason_is_required(store, write, reason):
    added = store.add_annotation(PCDA, note())
    before = store.history(include_partners=True)
    with pytest.raises(InvalidInput, match="Reason for the change is required"):
        if write == "edit":
            store.edit_annotation(PCDA, added.id, expected_version=1, reason=reason, observation="New text.")
        else:
            withdraw(store, PCDA, added.id, reason=reason)
    assert store.annotation(added.id) == added and store.history(include_partners=True) == before


def test_bad_values_and_unknown_notes_are_refused(store):
    added = store.add_annotation(PCDA, note())
    for changes, message in (({"observation": "  "}, "Observation is required"),
                             ({"visibility": "secret"}, "Visibility must be one of"),
                             ({"severity": "extreme"}, "Severity must be one of")):
        with pytest.raises(InvalidInput, match=message):
            edit(store, PCDA, added.id, **changes)
    with pytest.raises(InvalidInput, match="no design note"):
        edit(store, PCDA, 999)
    assert store.annotation(added.id) == added


def test_saving_the_same_values_changes_nothing(store):
    added = store.add_annotation(PCDA, note())
    entries = len(store.history(include_partners=True))
    assert edit(store, PCDA, added.id, observation=added.observation) == added
    assert len(store.history(include_partners=True)) == entries


def test_a_second_editor_of_the_same_version_gets_stale_edit(store):
    added = store.add_annotation(PCDA, note())
    edit(store, PCDA, added.id, observation="First editor's words.")
    with pytest.raises(StaleEdit, match="changed by dana.pcda") as stale:
        edit(store, ADMIN, added.id, observation="Second editor's words.")
    assert stale.value.current.observation == "First editor's words."
    assert store.annotation(added.id).observation == "First editor's words."


def test_a_withdrawn_note_cannot_be_changed_again(store):
    added = store.add_annotation(PCDA, note())
    withdraw(store, PCDA, added.id)
    with pytest.raises(InvalidInput, match="withdrawn"):
        edit(store, PCDA, added.id, version=2)
    with pytest.raises(InvalidInput, match="withdrawn"):
        withdraw(store, ADMIN, added.id, version=2)


# --- what the public sees ------------------------------------------------------------

def test_a_withdrawn_note_appears_in_no_public_place(store, ward, plan):
    wrong = "Code for the estate bin store door is 9X9Q"
    added = store.add_annotation(PCDA, note(observation=wrong))
    store.add_annotation(PCDA, note(site_id=None, lon=-0.139, lat=51.527, observation="Kept public."))
    assert wrong in public_text(store, ward, plan) and added.ref in public_text(store, ward, plan)

    withdraw(store, PCDA, added.id)
    shown = public_text(store, ward, plan)
    assert wrong not in shown and added.ref not in shown and "9X9Q" not in shown
    assert "Kept public." in shown  # the other note is untouched
    assert any(wrong in (c.old or "") for c in store.history(include_partners=True))


def test_partners_only_edits_stay_partners_only(store):
    added = store.add_annotation(PCDA, note(observation=SECRET, visibility=Visibility.PARTNERS))
    edit(store, PCDA, added.id, observation=f"{SECRET}, still.")
    assert SECRET not in repr(store.history(include_partners=False))
    assert [c.field for c in store.history(include_partners=True)[:2]] == ["design_note_edited", "annotation"]


def test_publishing_shows_the_current_text_and_none_of_the_partners_only_text(store, ward, plan):
    added = store.add_annotation(PCDA, note(observation=SECRET, recommendation="Fit a closer; code 4321.",
                                            visibility=Visibility.PARTNERS))
    edit(store, PCDA, added.id, observation="A side door is often left open.", recommendation="Fit a door closer.")
    published = store.edit_annotation(PCDA, added.id, expected_version=2, reason="Safe to share now",
                                      visibility=Visibility.PUBLIC)
    assert published.is_public
    shown = public_text(store, ward, plan)
    assert "A side door is often left open." in shown and "Fit a door closer." in shown
    assert SECRET not in shown and "4321" not in shown
    entry = store.history(include_partners=False)[0]
    assert (entry.field, entry.old, entry.reason) == ("design_note_published", None, "Safe to share now")


def test_editing_and_publishing_at_once_leaks_nothing_either(store, ward, plan):
    added = store.add_annotation(PCDA, note(observation=SECRET, visibility=Visibility.PARTNERS))
    store.edit_annotation(PCDA, added.id, expected_version=1, reason="Tidied for the public",
                          observation="A side door is often left open.", visibility=Visibility.PUBLIC)
    shown = public_text(store, ward, plan)
    assert "A side door is often left open." in shown and SECRET not in shown


def test_making_a_note_partners_only_takes_its_public_history_with_it_for_good(store, ward, plan):
    added = store.add_annotation(PCDA, note(observation=SECRET))  # published by mistake
    hidden = store.edit_annotation(PCDA, added.id, expected_version=1, reason="Sensitive",
                                   visibility=Visibility.PARTNERS)
    shown = public_text(store, ward, plan)
    assert SECRET not in shown and added.ref not in shown
    # Reworded and published again: only the new words come back, never the mistake.
    store.edit_annotation(PCDA, added.id, expected_version=hidden.version, reason="Reworded",
                          observation="A side door is sometimes left open.", visibility=Visibility.PUBLIC)
    shown = public_text(store, ward, plan)
    assert "sometimes left open" in shown and SECRET not in shown
