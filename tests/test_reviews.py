"""Review meetings (geo.plan.reviews, geo.db.review_store): the commitments due by the meeting,
each marked reviewed with a note and the next review date, and one dated public record once
published, in the history, the Atom feed and the progress report."""
from __future__ import annotations

from datetime import date

import pytest

from geo.errors import InvalidInput, PermissionDenied, StaleEdit
from geo.history import entries
from geo.plan.reviews import due_by
from geo.status import Progress
from tests.store_fixtures import COMMUNITY_SAFETY, CWG, HOTSPOT_MEMBER, PLANNER, SNT_OFFICER


def _hold(store, held_on="2019-04-02"):
    return store.reviews.open(COMMUNITY_SAFETY, held_on)


def test_the_meeting_lists_every_commitment_due_by_its_date_unsettled_first(store):
    plan = store.plan()
    due = due_by(plan.commitments, date(2019, 4, 30), {})
    assert {c.id for c in due} == {c.id for c in plan.commitments if c.target_by <= date(2019, 4, 30)}
    early = {c.id for c in due_by(plan.commitments, date(2019, 3, 1), {})}
    assert "st-3" not in early  # its target is April 2019...
    assert "st-3" in {c.id for c in due_by(plan.commitments, date(2019, 3, 1), {"st-3": "2019-02-20"})}  # ...its review is due


def test_a_published_review_is_one_dated_public_record_counting_what_moved(store):
    store.set_commitment_status(HOTSPOT_MEMBER, "st-1", Progress.DONE, expected_version=1, words="Patrols doubled.")
    store.plan_book.move_target(SNT_OFFICER, "st-3", "2019-06-30", expected_version=1, reason="New sergeant.")
    review = _hold(store)
    for cid in ("st-1", "st-3", "lt-1"):
        review = store.reviews.mark_reviewed(CWG, review.id, cid, note=f"{cid} discussed.", next_review="2019-07-01",
                                             expected_version=review.version)
    published = store.reviews.publish(COMMUNITY_SAFETY, review.id, expected_version=review.version)
    assert published.summary == "Review of 2 April 2019: 3 reviewed; 1 done, 1 target moved"
    entry = entries(store.history(), store.sites())[0]
    assert entry.summary == "Review meeting published: Review of 2 April 2019: 3 reviewed; 1 done, 1 target moved"
    assert entry.who == "Community Safety team"
    assert store.reviews.next_reviews()["st-3"] == "2019-07-01"
    with pytest.raises(InvalidInput, match="is published; it can no longer change"):
        store.reviews.mark_reviewed(CWG, review.id, "st-2", note="", next_review="", expected_version=published.version)


def test_only_community_safety_the_cwg_and_administrators_hold_reviews(store):
    for who in (PLANNER, SNT_OFFICER, None):
        with pytest.raises(PermissionDenied):
            store.reviews.open(who, "2019-04-02")
    assert store.reviews.reviews(published_only=False) == []


def test_a_stale_mark_a_bad_next_date_and_an_empty_publish_are_refused(store):
    review = _hold(store)
    with pytest.raises(InvalidInput, match="Mark at least one commitment"):
        store.reviews.publish(CWG, review.id, expected_version=review.version)
    with pytest.raises(InvalidInput, match="must be after the meeting"):
        store.reviews.mark_reviewed(CWG, review.id, "st-1", note="", next_review="2019-03-01",
                                    expected_version=review.version)
    store.reviews.mark_reviewed(CWG, review.id, "st-1", note="Fine.", next_review="", expected_version=review.version)
    with pytest.raises(StaleEdit):
        store.reviews.mark_reviewed(CWG, review.id, "st-2", note="", next_review="", expected_version=review.version)
    assert store.reviews.reviews() == []  # nothing public until published


def test_the_page_holds_marks_and_publishes_a_review(app, ward):
    from geo.commands import open_store
    from geo.settings import load
    from tests.conftest import text_of
    from tests.store_fixtures import OPERATOR, STAFF_PASSWORD

    app()
    with open_store(load(), ward) as store:
        store.accounts.add_user(OPERATOR, CWG.name, CWG.role, STAFF_PASSWORD)
    at = app("pages/review.py", CWG)
    at.date_input(key="review_date").set_value(date(2019, 5, 1)).run()
    at.toggle(key="review_open_2019-05-01").set_value(True).run()
    shown = text_of(at)
    assert "commitments are due by 1 May 2019" in shown and "0 reviewed so far" in shown
    key = next(t.key for t in at.text_area if t.key and t.key.endswith("st-3_v1_note"))
    at.text_area(key=key).input("Extra resources requested from the borough.")
    next(b for b in at.button if b.label == "Mark reviewed" and "st-3" in (b.key or "")).click()
    at.run()
    assert "ST-3 marked reviewed." in text_of(at)
    at.button(key=next(b.key for b in at.button if (b.key or "").startswith("publish_"))).click()
    at.run()
    assert "Published: Review of 1 May 2019: 1 reviewed." in text_of(at)


def test_a_published_review_is_in_the_html_and_pdf_report_and_the_atom_feed(store, ward):
    import io
    from datetime import datetime, UTC

    from pypdf import PdfReader

    from geo.opendata.feed import FeedLinks, changes_feed
    from geo.reports.progress_report import build_report
    from geo.reports.report_html import to_html
    from geo.reports.report_pdf import to_pdf

    review = _hold(store)
    review = store.reviews.mark_reviewed(CWG, review.id, "st-3", note="Extra resources requested.",
                                         next_review="2019-07-01", expected_version=review.version)
    store.reviews.publish(CWG, review.id, expected_version=review.version)
    report = build_report(store.sites(), store.plan(), ward, store.history(), [], since=None,
                          generated=datetime(2026, 12, 2, tzinfo=UTC), draw_map=False, reviews=store.reviews.reviews())
    record = "Review of 2 April 2019: 1 reviewed"
    assert record in to_html(report).decode() and "Extra resources requested." in to_html(report).decode()
    pdf_text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(to_pdf(report))).pages)
    assert record in " ".join(pdf_text.split())
    feed = changes_feed(store.history(), ward=ward, sites=store.sites(),
                        links=FeedLinks("http://x/feeds/changes.atom", "http://x/changes")).decode()
    assert f"Review meeting published: {record}" in feed


def test_open311_status_notes_say_when_a_commitment_was_last_reviewed(store, ward):
    from geo.opendata import open311

    review = _hold(store)
    review = store.reviews.mark_reviewed(CWG, review.id, "st-3", note="Extra resources requested.",
                                         next_review="", expected_version=review.version)
    store.reviews.publish(CWG, review.id, expected_version=review.version)
    request = open311.service_requests(store.plan(), store.sites(), ward, ids={"st-3"},
                                       reviews=store.reviews.reviews())[0]
    assert request["status_notes"] == "Not started. Reviewed 2 April 2019: Extra resources requested."


def test_the_ward_feed_route_carries_a_published_review(store_settings, fast_hashing):
    from tests.asgi import get
    from tests.store_fixtures import add_staff
    from tests.test_web import _serve

    app, opener = _serve(store_settings)
    store = opener.get().store
    add_staff(store, [CWG])
    review = store.reviews.open(CWG, "2019-04-02")
    review = store.reviews.mark_reviewed(CWG, review.id, "st-3", note="Discussed.", next_review="",
                                         expected_version=review.version)
    try:
        assert "Review of 2 April 2019" not in get(app, "/feeds/changes.atom").body.decode()  # not yet published
        store.reviews.publish(CWG, review.id, expected_version=review.version)
        body = get(app, "/feeds/changes.atom").body.decode()
        assert "Review meeting published: Review of 2 April 2019: 1 reviewed" in body and CWG.name not in body
    finally:
        opener.close()
