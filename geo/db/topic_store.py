"""Lighting and fencing kept like gating: a site's status and one-line detail for a topic, with its
review (geo.records.TOPIC_REVIEW) and the commitment the change is made under.  One function for
every topic in geo.records.KEPT_TOPICS, so a new topic is a change in one place.

Who may: the plan's editors, or a member of a team that leads the commitment named, which must
be one of the site's commitments for that topic (geo.roles.require_to_update, read in the write's
transaction).  The store runs `change` under the site's version guard (Store._edit_site)."""
from __future__ import annotations

import json
from collections.abc import Mapping

from sqlalchemy import Connection, delete, insert, select

from geo import clock
from geo.db import commitment_store as plan_rows, rows as db_rows, tables as t, team_store
from geo.errors import InvalidInput, Unchanged
from geo.fields import check_enum
from geo.model import Site, TopicState, User
from geo.records import KEPT_TOPICS, TOPIC_REVIEW
from geo.roles import require_to_update
from geo.status import Status, Topic


def review_key(topic: Topic, name: str) -> str:
    """The history's field for one review field: "lighting_review.asset_ref"."""
    return f"{topic.value}_review.{name}"


def check_topic(topic) -> Topic:
    topic = check_enum(Topic, topic, "Topic")
    if topic not in KEPT_TOPICS:
        raise InvalidInput(f"{topic.label} has an editor of its own.")
    return topic


def check_topic_review(review: Mapping[str, str]) -> dict[str, str]:
    unknown = set(review) - set(TOPIC_REVIEW.names)
    if unknown:
        raise InvalidInput(f"A topic review has no field {sorted(unknown)[0]!r}.")
    return {f.name: f.check(review.get(f.name, "")) for f in TOPIC_REVIEW}


def read_review(conn: Connection, site_id: str, topic: Topic) -> dict[str, str]:
    r = t.topic_reviews
    found = conn.execute(select(r.c.fields).where(r.c.site_id == site_id, r.c.topic == topic.value)).scalar()
    kept = json.loads(found) if found else {}
    return {name: kept.get(name, "") for name in TOPIC_REVIEW.names}


def restated(old: Site, topic: Topic, status: Status, detail: str) -> Site:
    """The site with the topic's status and detail, dated today when either changed: the part of a
    save that lighting, fencing and gating (Store.save_gating_review) share."""
    state = old.state(topic)
    if (status, detail) != (state.status, state.detail):
        state = TopicState(status, detail, clock.today().isoformat(), state.commitments)
    return old.with_state(topic, state)


def write_save(conn: Connection, actor: User | None, old: Site, new: Site, topic: Topic, review_diff: list,
               reason: str, *, commitment_id: str = "", note: str = "") -> None:
    """Write the topic's state, record the site's and the review's changes as one save, and the note
    as a progress entry of the commitment, dated today, in the same save."""
    db_rows.write_topic(conn, new.site_id, topic, new.state(topic))
    save_id = db_rows.new_save_id()
    db_rows.record_all(conn, actor, new.site_id, db_rows.site_diff(old, new) + review_diff, reason, save_id)
    if commitment_id and note:
        plan_rows.append_progress(conn, actor, commitment_id, clock.today().isoformat(), note, reason,
                                  site_id=new.site_id, save_id=save_id)


def changer(current, actor: User | None, site_id: str, topic: Topic, *, status: Status, detail: str,
            review: dict[str, str], commitment_id: str, note: str, reason: str):
    """The change for Store._edit_site: checked values in (Store.save_topic_review checks them),
    the write and its history out; `current` reads the actor as the database has them now."""

    def change(conn: Connection, old: Site) -> None:
        state = old.state(topic)
        if commitment_id not in state.commitments:
            raise InvalidInput(f"Choose the commitment this {topic.label.lower()} change is made under: one of "
                               f"{old.name}'s {topic.label.lower()} commitments "
                               f"({', '.join(c.upper() for c in state.commitments) or 'it has none yet'}).")
        leads = plan_rows.read_one(conn, commitment_id).leads
        require_to_update(current(actor), commitment_id, leads, team_store.names(conn))
        new = restated(old, topic, status, detail)
        old_review = read_review(conn, site_id, topic)
        review_diff = [(review_key(topic, name), old_review[name] or None, review[name] or None)
                       for name in TOPIC_REVIEW.names if old_review[name] != review[name]]
        if not review_diff and not db_rows.site_diff(old, new) and not note:
            raise Unchanged
        conn.execute(delete(t.topic_reviews).where(t.topic_reviews.c.site_id == site_id,
                                                   t.topic_reviews.c.topic == topic.value))
        conn.execute(insert(t.topic_reviews).values(site_id=site_id, topic=topic.value, fields=json.dumps(review)))
        write_save(conn, actor, old, new, topic, review_diff, reason, commitment_id=commitment_id, note=note)

    return change
