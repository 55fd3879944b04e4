"""A site's walk history on its panel: the scores from each published walk side by
side, per parameter, with the change from the first walk to the last, and the
published photos taken there."""
from __future__ import annotations

import streamlit as st

from geo.model import Site
from geo.walks.walkabout import score_table
from ui import show
from ui import photo_previews as walk_photos


def render(site: Site, store) -> None:
    history = store.walks.site_scores(site.site_id, published_only=True)
    if not history:
        return
    st.markdown("#### Scores from walkabouts (0 to 3; before and after)")
    show.table(score_table(history))
    published = {w.id for w in store.walks.walks(published_only=True)}
    here = {s.id for w in published for s in store.walks.stops(w) if s.site_id == site.site_id}
    walk_photos.published([p for w in published for p in store.photos.list(w, published_only=True)
                           if p.stop_id in here])
