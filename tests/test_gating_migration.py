"""Migration 0013: every free-text gating review's words are in its site's gating case afterwards, on the
ward's seeded data and on a database whose reviews were edited; a fresh start seeds the same cases."""
from __future__ import annotations

import re

from alembic import command

from geo.db import Store
from geo.db.engine import alembic_config, connect, migrate
from geo.db.seed import seed_from_ward
from geo.gating.stages import Stage
from geo.model import GatingReview
from geo.status import Status, Topic
from tests.store_fixtures import PLANNER, add_staff

EDITED = {
    "george-mews": GatingReview(options="Two gates at the north end, or fob access for residents",
                                evidence="Survey of 40 homes; police figures for 2025", consultation_date="2026-03-03",
                                consultation_with="Residents of 1–40 George Mews", decision="Gate the north end",
                                next_review="2027-03-01", note="Quotes asked for; <b>not</b> markup & ‘quotes’"),
    "lindale-play-area": GatingReview(decision="No gate: fencing instead", note="Residents agreed at the meeting"),
}


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text))


def case_words(case) -> set[str]:
    return words(" ".join(case.items.values()))


def _downgrade_then_upgrade(db_url) -> None:
    """Back to 0011 (before cases: their tables go) and up again, so 0013 moves the reviews."""
    engine = connect(db_url)
    with engine.begin() as conn:
        command.downgrade(alembic_config(conn), "0011")
        migrate(conn)
    engine.dispose()


def test_the_seeded_wards_gating_becomes_cases_and_a_fresh_start_seeds_the_same(db_url, ward, store_settings):
    with Store.open(db_url, ward, settings=store_settings) as store:
        seed_from_ward(store, ward)
        seeded = [(c.site_id, c.items) for c in store.gating.cases()]
        sites = store.sites()
    _downgrade_then_upgrade(db_url)
    with Store.open(db_url, ward, settings=store_settings) as store:
        migrated = store.gating.cases()
    assert [(c.site_id, c.items) for c in migrated] == seeded
    at_work = [s for s in sites if s.state(Topic.GATING).status in (Status.UNDER_REVIEW, Status.CONFIRMED,
                                                                  Status.IN_PROGRESS, Status.DONE)]
    assert at_work and [c.site_id for c in migrated] == [s.site_id for s in at_work]
    for site, case in zip(at_work, migrated, strict=True):
        assert case.stage is Stage.PROPOSED and case.value("problem") == site.state(Topic.GATING).detail


def test_every_word_of_an_edited_review_is_in_its_case_after_migration(db_url, ward, store_settings, fast_hashing):
    with Store.open(db_url, ward, settings=store_settings) as store:
        seed_from_ward(store, ward)
        add_staff(store, [PLANNER])
        for site_id, review in EDITED.items():
            site = store.site(site_id)
            store.save_gating_review(PLANNER, site_id, status=site.state(Topic.GATING).status,
                                     detail=site.state(Topic.GATING).detail, review=review,
                                     expected_version=site.version)
    _downgrade_then_upgrade(db_url)
    with Store.open(db_url, ward, settings=store_settings) as store:
        cases = {c.site_id: c for c in store.gating.cases()}
    for site_id, review in EDITED.items():
        case = cases[site_id]
        for name, value in review.__dict__.items():
            assert words(value) <= case_words(case), f"{site_id}: words of {name} lost"
            assert not value or value in case.value("earlier_review")  # each field, as written
    assert cases["george-mews"].value("options") == EDITED["george-mews"].options
    assert cases["lindale-play-area"].value("decision") == "No gate: fencing instead"
