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
    here = {s.id for w in store.walks.published() for s in w.stops if s.site_id == site.site_id}
    walk_photos.published([p for p in store.photos.published() if p.stop_id in here])
