"""Walk photos on a page, from Jinja templates with autoescape (a caption is user text).

Published photos: <img src="/photos/{ref}.jpg" alt="caption">, for anyone, one that shows
something good labelled so.  Staff deciding
whether to publish one see it as a thumbnail read through the store, their role checked
there, and sent inside the page: an unpublished photo never has an address."""
from __future__ import annotations

import base64

import streamlit as st

from geo.errors import WardError
from geo.records import STOP
from geo.walks.photo_cleaner import thumbnail
from geo.walks.walkabout import Photo, Walk
from ui import html, show
from ui.context import context


def published(photos: list[Photo]) -> None:
    """Show these photos, from the store's PhotoBook.published() (the route serves nothing else)."""
    if photos:
        html.show("walk_photos.html.j2", photos=photos, good=STOP["good_feature"].shown_as)


def to_publish(walk: Walk, *, notice_key: str) -> None:
    """Every photo of the walk with its caption, and Publish beside each one not published yet.
    A press publishes it, leaves a notice in session state under notice_key and reruns.
    The public sees a published photo once its walk is published too."""
    ctx = context()
    photos = ctx.store.photos.of_walk(walk.id)
    if not photos:
        show.info("No photos on this walk.")
    for p in photos:
        c1, c2 = st.columns([3, 1], vertical_alignment="center")
        small = thumbnail(ctx.store.photos.staff_bytes(ctx.user, p.ref))
        with c1:
            html.show("walk_photo_preview.html.j2", photo=p, data=base64.b64encode(small.data).decode("ascii"),
                      width=small.width, height=small.height, good=STOP["good_feature"].shown_as)
        if not p.published and c2.button("Publish", key=f"publish_{p.ref}", use_container_width=True):
            try:
                ctx.store.photos.publish(ctx.user, p.ref)
            except WardError as exc:
                show.error(exc)
            else:
                st.session_state[notice_key] = f"Photo {p.number} is " + (
                    "public now." if walk.published else "published: the public sees it once the walk is published.")
                st.rerun()
