"""A stop and its photos are one unit (WalkBook.save_stop): photos are checked before anything is
written, refused ones are named, and a resend under the phone's ids is recognised, never duplicated.
Where and when the phone was is kept for partners only."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, UTC

import pytest

from geo.errors import InvalidInput, PermissionDenied
from geo.status import Role
from geo.walks.walkabout import PhoneStamp, PhotoUpload
from tests.photo_files import phone_jpeg
from tests.store_fixtures import ADMIN, CWG, PCDA, PLANNER
from tests.test_store_walks import plan_walk, stop

BROKEN_PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000100000001008020000009091")  # cut short
NOT_AN_IMAGE = b"this is a text file, not a photo at all"
AT = datetime(2026, 2, 19, 19, 5, tzinfo=UTC)


@pytest.fixture
def walk(store):
    return plan_walk(store)


def _photos():
    return (PhotoUpload(phone_jpeg(), "Lamp out", client_ref="photo-aaaa-0001", name="IMG_0001.jpg"),
            PhotoUpload(BROKEN_PNG, client_ref="photo-aaaa-0002", name="broken.png"),
            PhotoUpload(NOT_AN_IMAGE, client_ref="photo-aaaa-0003", name="notes.txt"))


def test_a_stop_with_one_good_and_two_broken_photos_then_resent_is_one_stop_one_photo_two_refusals(store, walk):
    first = store.walks.save_stop(CWG, walk.id, stop(0), _photos(), client_ref="stop-aaaa-0001")
    assert not first.resent and len(first.photos) == 1 and first.photos[0].stop_id == first.stop.id
    assert len(first.refused) == 2
    assert "broken.png" in first.refused[0] and "notes.txt" in first.refused[1]
    assert all(r.endswith(".") for r in first.refused)
    uncaptioned = store.walks.save_stop(CWG, walk.id, stop(1), (PhotoUpload(phone_jpeg(), name="IMG_9.jpg"),))
    assert uncaptioned.photos == () and uncaptioned.refused[0].startswith("IMG_9.jpg: Photo caption is required")

    again = store.walks.save_stop(CWG, walk.id, stop(0), _photos(), client_ref="stop-aaaa-0001")
    assert again.resent and again.stop == first.stop and again.photos == first.photos
    assert len(store.walks.stops(walk.id)) == 2  # the two above, not three
    assert len(store.photos.of_walk(walk.id)) == 1


def test_the_same_ids_on_another_walk_are_another_stop(store, walk):
    other = plan_walk(store, title="March walk")
    store.walks.save_stop(CWG, walk.id, stop(0), client_ref="stop-aaaa-0001")
    store.walks.save_stop(CWG, other.id, stop(0), client_ref="stop-aaaa-0001")
    assert len(store.walks.stops(walk.id)) == len(store.walks.stops(other.id)) == 1


def test_a_photo_sent_again_with_a_new_stop_is_not_kept_twice(store, walk):
    good = _photos()[0]
    store.walks.save_stop(CWG, walk.id, stop(0), (good,), client_ref="stop-aaaa-0001")
    store.walks.save_stop(CWG, walk.id, stop(1), (good,), client_ref="stop-aaaa-0002")
    assert len(store.photos.of_walk(walk.id)) == 1


def test_a_stop_without_an_id_is_a_new_stop_each_time(store, walk):
    store.walks.save_stop(CWG, walk.id, stop(0))
    store.walks.save_stop(CWG, walk.id, stop(0))
    assert len(store.walks.stops(walk.id)) == 2


@pytest.mark.parametrize("ref", ["short", "x" * 41, "has space here", "semi;colon!", 12345678])
def test_an_id_the_app_does_not_make_is_refused_and_nothing_written(store, walk, ref):
    with pytest.raises(InvalidInput, match="id"):
        store.walks.save_stop(CWG, walk.id, stop(0), client_ref=ref)
    assert store.walks.stops(walk.id) == []


def test_a_disabled_walker_s_stop_is_refused_and_nothing_written(store, walk):
    store.accounts.disable_user(ADMIN, CWG.name)
    with pytest.raises(PermissionDenied) as refused:
        store.walks.save_stop(CWG, walk.id, stop(0), _photos()[:1], client_ref="stop-aaaa-0001")
    assert str(refused.value).endswith(".")
    assert store.walks.stops(walk.id) == [] and store.photos.of_walk(walk.id) == []


def test_a_walker_not_invited_is_refused_with_a_sentence_naming_the_walk(store):
    walk = plan_walk(store, invited=(Role.CWG,))
    with pytest.raises(PermissionDenied) as refused:
        store.walks.save_stop(PCDA, walk.id, stop(0))
    assert walk.ref in str(refused.value) and "did not invite" in str(refused.value)
    with pytest.raises(PermissionDenied):
        store.photos.add(PCDA, walk.id, phone_jpeg(), "Lamp out")
    assert store.walks.stops(walk.id) == [] and store.photos.of_walk(walk.id) == []
    store.walks.save_stop(PLANNER, walk.id, stop(0))  # an organiser may always record


def test_a_completed_walk_refuses_a_queued_stop_with_a_sentence(store, walk):
    store.walks.complete(ADMIN, walk.id, expected_version=walk.version, publish=False)
    with pytest.raises(InvalidInput, match=f"Walk {walk.ref} is complete"):
        store.walks.save_stop(CWG, walk.id, stop(0), client_ref="stop-aaaa-0001")
    assert store.walks.stops(walk.id) == []


def test_where_and_when_the_phone_was_is_kept_for_partners_only(store, walk):
    saved = store.walks.save_stop(CWG, walk.id, stop(0), client_ref="stop-aaaa-0001",
                                  stamp=PhoneStamp(AT, 51.52731, -0.13702, 8.5))
    unplaced = store.walks.save_stop(CWG, walk.id, stop(1), stamp=PhoneStamp(AT))
    rough = store.walks.save_stop(CWG, walk.id, stop(2), stamp=PhoneStamp(AT, 51.5, -0.1, 5000))
    stamps = store.walks.stamps(PCDA, walk.id)
    assert stamps[saved.stop.id] == PhoneStamp(AT, 51.52731, -0.13702, 8.5)
    assert stamps[unplaced.stop.id] == PhoneStamp(AT)
    assert stamps[rough.stop.id] == PhoneStamp(AT)  # too rough to keep: the stop is kept, the position is not
    with pytest.raises(PermissionDenied):
        store.walks.stamps(CWG, walk.id)


def test_a_phone_time_without_a_zone_is_refused(store, walk):
    with pytest.raises(InvalidInput, match="time your phone gave"):
        store.walks.save_stop(CWG, walk.id, stop(0), stamp=PhoneStamp(AT.replace(tzinfo=None)))
    with pytest.raises(InvalidInput):
        store.walks.save_stop(CWG, walk.id, stop(0), stamp=replace(PhoneStamp(AT), phone_time="19:05"))
    assert store.walks.stops(walk.id) == []
