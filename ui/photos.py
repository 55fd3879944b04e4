"""Published walk photos on a page: <img src="/photos/{ref}.jpg" alt="caption">, from a
Jinja template with autoescape (a caption is user text)."""
from __future__ import annotations

from ui import html


def published(photos: list[dict]) -> None:
    """Show these photos (each published: the route serves nothing else)."""
    if photos:
        html.show("walk_photos.html.j2", photos=[p for p in photos if p["published"]])
