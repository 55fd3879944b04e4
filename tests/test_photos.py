"""Walk photos: no metadata survives the upload, sizes and types are checked, and only
published photos are ever served to the public."""
from __future__ import annotations

import io
from datetime import date, time

import pytest
from PIL import Image

from geo.walks import photo_cleaner as photos
from geo.errors import InvalidInput, PermissionDenied
from geo.walks.walkabout import Phase, RouteStop
from tests.asgi import get
from tests.photo_files import phone_jpeg
from tests.store_fixtures import ACTORS, COMMUNITY_SAFETY, CWG, add_staff


def test_the_photo_s_exif_and_gps_are_gone_and_it_is_turned_upright():
    original = phone_jpeg()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(0x8825)  # GPS in
    cleaned = photos.clean(original)
    with Image.open(io.BytesIO(cleaned.data)) as after:
        assert after.format == "JPEG"
        assert not after.getexif() and "exif" not in after.info and "comment" not in after.info
        assert "icc_profile" not in after.info and not any(k.startswith("xmp") for k in after.info)
        assert after.size == (300, 400)  # orientation applied: portrait
        assert after.getpixel((300 - 10, 10))[0] > 200  # the yellow corner turned to the top right
    assert b"PhoneMaker" not in cleaned.data and b"taken on the walk" not in cleaned.data


@pytest.mark.parametrize("upload, message", [
    (b"", "is empty"),
    (b"GIF89a" + b"\0" * 20, "not a photo this app can read"),
    (b"x" * (photos.MAX_BYTES + 1), "the most a photo can be is 15 MB"),
])
def test_bad_uploads_are_refused_with_a_sentence(upload, message):
    with pytest.raises(InvalidInput, match=message):
        photos.clean(upload)


def test_a_gif_is_refused_by_name():
    out = io.BytesIO()
    Image.new("RGB", (10, 10)).save(out, "GIF")
    with pytest.raises(InvalidInput, match="a GIF file; send a JPEG or PNG"):
        photos.clean(out.getvalue())


@pytest.fixture
def walk(store):
    return store.walks.plan(COMMUNITY_SAFETY, title="Walk", on=date(2026, 2, 19), starts=time(18, 30),
                            phase=Phase.AFTER_DARK, route=(RouteStop("george-mews", 0, 0, ""),))


def test_photos_are_numbered_per_walk_and_partners_only_until_published(store, walk):
    first = store.photos.add(CWG, walk.id, phone_jpeg(), "Lamp out by the gate")
    second = store.photos.add(CWG, walk.id, phone_jpeg(), "New gate: a good feature", good_feature=True)
    assert (first.number, second.number) == (1, 2)
    assert store.photos.of_walk(walk.id) == [first, second]  # listed as added, never the bytes
    assert not hasattr(first, "data") and second.good_feature and not second.published
    assert store.photos.published(walk.id) == store.photos.published() == []
    assert store.photos.public_bytes(first.ref) is None
    with pytest.raises(PermissionDenied):
        store.photos.publish(CWG, first.ref)
    store.photos.publish(COMMUNITY_SAFETY, first.ref)
    assert store.photos.published(walk.id) == []  # and its walk too
    store.walks.complete(COMMUNITY_SAFETY, walk.id, expected_version=1, publish=True)
    assert [p.caption for p in store.photos.published(walk.id)] == ["Lamp out by the gate"]


PUBLIC_CASES = {  # a photo's caption -> (is its walk published, is it published)
    "Published, on a published walk": (True, True),
    "Not published, on a published walk": (True, False),
    "Published, on a walk not published": (False, True),
    "Not published, on a walk not published": (False, False),
}


def test_the_public_listing_and_the_photo_route_agree_on_which_photos_are_public(store_settings, fast_hashing):
    from tests.test_web import _serve

    app, opener = _serve(store_settings)
    store = opener.get().store
    add_staff(store, [COMMUNITY_SAFETY, CWG])
    walks = {published: store.walks.plan(COMMUNITY_SAFETY, title=f"Walk {published}", on=date(2026, 2, 19),
                                         starts=time(18, 30), phase=Phase.AFTER_DARK) for published in (True, False)}
    photos = {}
    for caption, (walk_published, published) in PUBLIC_CASES.items():
        photos[caption] = store.photos.add(CWG, walks[walk_published].id, phone_jpeg(), caption)
        if published:
            store.photos.publish(COMMUNITY_SAFETY, photos[caption].ref)
    store.walks.complete(COMMUNITY_SAFETY, walks[True].id, expected_version=1, publish=True)
    try:
        listed = {p.caption for p in store.photos.published()}
        served = {caption for caption, p in photos.items() if get(app, f"/photos/{p.ref}.jpg").status == 200}
        assert listed == served == {"Published, on a published walk"}
        assert {p.caption for p in store.photos.published(walks[True].id)} == listed
        assert store.photos.published(walks[False].id) == []
        assert {p.caption for p in store.photos.of_walk(walks[False].id)} == {  # staff see every one
            "Published, on a walk not published", "Not published, on a walk not published"}
    finally:
        opener.close()


@pytest.mark.parametrize("who", ACTORS)
def test_an_unpublished_photo_is_read_through_the_store_by_those_who_publish_and_nobody_else(store, walk, who):
    ref = store.photos.add(CWG, walk.id, phone_jpeg(), "Lamp out by the gate").ref
    if who in {"planning", "admin", "community safety"}:
        with Image.open(io.BytesIO(store.photos.staff_bytes(ACTORS[who], ref))) as seen:
            assert seen.format == "JPEG" and not seen.getexif()
    else:
        with pytest.raises(PermissionDenied):
            store.photos.staff_bytes(ACTORS[who], ref)
    assert store.photos.public_bytes(ref) is None  # still never public


def test_the_public_route_serves_only_published_photos_with_no_exif(store_settings, fast_hashing):
    from tests.test_web import _serve

    app, opener = _serve(store_settings)
    store = opener.get().store
    add_staff(store, [COMMUNITY_SAFETY, CWG])
    walk = store.walks.plan(COMMUNITY_SAFETY, title="Walk", on=date(2026, 2, 19), starts=time(18, 30),
                            phase=Phase.AFTER_DARK)
    shown = store.photos.add(CWG, walk.id, phone_jpeg(), "Shown").ref
    hidden = store.photos.add(CWG, walk.id, phone_jpeg(), "Partners only").ref
    store.photos.publish(COMMUNITY_SAFETY, shown)
    store.walks.complete(COMMUNITY_SAFETY, walk.id, expected_version=1, publish=True)
    try:
        reply = get(app, f"/photos/{shown}.jpg")
        assert reply.status == 200 and reply.headers["content-type"] == "image/jpeg"
        assert "max-age" in reply.headers["cache-control"]
        with Image.open(io.BytesIO(reply.body)) as served:
            assert not served.getexif()
        assert get(app, f"/photos/{hidden}.jpg").status == 404
        assert get(app, "/photos/nosuch.jpg").status == 404
    finally:
        opener.close()


def test_the_evidence_route_serves_a_public_updates_photo_and_never_a_partners_only_one(store_settings, fast_hashing):
    from geo.status import Progress, Visibility
    from tests.store_fixtures import HOTSPOT_MEMBER
    from tests.test_web import _serve

    app, opener = _serve(store_settings)
    store = opener.get().store
    add_staff(store, [HOTSPOT_MEMBER])
    store.set_commitment_status(HOTSPOT_MEMBER, "st-1", Progress.DONE, expected_version=1,
                                words="The stairwell is clear.", evidence=phone_jpeg())
    store.add_progress(HOTSPOT_MEMBER, "st-1", "2026-12-01", "Partners' photo.", visibility=Visibility.PARTNERS,
                       evidence=phone_jpeg())
    shown, hidden = (e.evidence for e in store.commitment("st-1", include_partners=True).progress[-2:])
    try:
        reply = get(app, f"/evidence/{shown}.jpg")
        assert reply.status == 200 and reply.headers["content-type"] == "image/jpeg"
        with Image.open(io.BytesIO(reply.body)) as served:
            assert not served.getexif()
        assert get(app, f"/evidence/{hidden}.jpg").status == 404
        assert get(app, "/evidence/nosuch.jpg").status == 404
    finally:
        opener.close()
