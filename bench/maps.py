"""Building the map and rendering its HTML, timed; and a naive map to compare with."""
from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Sequence

from geo.model import Site
from geo.status import Topic


def page_map(ward, sites: Sequence[Site]):
    """The map exactly as pages/map.py builds it with MAP_TILES=none."""
    from geo.sites.mapview import build_map
    from geo.settings import load

    return build_map(ward, sites, topic=Topic.GATING, tiles="none", asset_base_url=load().asset_base_url)


def naive_map(ward, sites: Sequence[Site]):
    """For comparison only: one folium.Marker with a tooltip and a popup per site."""
    import folium

    minx, miny, maxx, maxy = ward.boundary.bounds
    m = folium.Map(location=[(miny + maxy) / 2, (minx + maxx) / 2], zoom_start=16, tiles=None)
    for s in sites:
        status = s.state(Topic.GATING).status
        folium.Marker(
            [s.lat, s.lon],
            tooltip=f"{s.name}: gating {status.label.lower()}",
            popup=folium.Popup(f"<b>{s.name}</b><br>Gating: {status.label}"),
            icon=folium.Icon(color="gray"),
        ).add_to(m)
    return m


def time_build(make: Callable[[], object], repeat: int) -> tuple[float, int]:
    """Median seconds to build a map with `make()` and render its HTML, and the HTML's size in bytes."""
    times, size = [], 0
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        html = make().get_root().render()
        times.append(time.perf_counter() - start)
        size = len(html.encode("utf-8"))
    return statistics.median(times), size
