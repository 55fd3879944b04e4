"""web/heap.py: after startup the collector's full pass, which Streamlit makes after every
script run, no longer walks the libraries the app loaded once."""
from __future__ import annotations

import gc

from web import heap


def test_after_freezing_a_full_collection_walks_only_what_came_since():
    try:
        heap.freeze()
        assert gc.get_freeze_count() > 100_000  # pandas, folium, SQLAlchemy...: set aside
        made_since = [[n] for n in range(1000)]
        assert len(gc.get_objects()) < gc.get_freeze_count() / 10  # what a full pass walks now
        del made_since
    finally:
        gc.unfreeze()
