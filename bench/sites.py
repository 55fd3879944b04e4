"""The sites measured: none, the ward's own seven, or `n` synthetic ones.

Positions are WGS84 longitude and latitude."""
from __future__ import annotations

from geo.model import Site, TopicState
from geo.status import Position, Status, Topic

SEED = 20190219  # the evening walkabout, February 2019
APPROXIMATE_SHARE = 5 / 7  # as in the real sites
REAL = 7  # this size uses the ward's own sites


def synthetic_sites(ward, n: int, *, seed: int = SEED) -> list[Site]:
    """`n` sites at random points inside `ward.boundary` (WGS84), each with a random
    status per topic and about 5 in 7 at approximate positions.  Same seed, same sites."""
    import numpy as np
    import shapely

    rng = np.random.default_rng(seed)
    boundary = ward.boundary
    shapely.prepare(boundary)
    minx, miny, maxx, maxy = boundary.bounds
    lons: list[float] = []
    lats: list[float] = []
    while len(lons) < n:
        x = rng.uniform(minx, maxx, 2 * n + 16)
        y = rng.uniform(miny, maxy, 2 * n + 16)
        inside = shapely.contains_xy(boundary, x, y)
        lons.extend(x[inside].tolist())
        lats.extend(y[inside].tolist())
    statuses = rng.integers(0, len(Status), size=(n, len(Topic))).tolist()
    approximate = (rng.random(n) < APPROXIMATE_SHARE).tolist()
    all_statuses = list(Status)
    sites = []
    for i in range(n):
        topics = {
            topic: TopicState(all_statuses[statuses[i][k]], f"Synthetic {topic.label.lower()} status.", "2019-02")
            for k, topic in enumerate(Topic)
        }
        sites.append(Site(
            site_id=f"bench-{i + 1:05d}",
            name=f"Bench site {i + 1}",
            lon=round(lons[i], 6),
            lat=round(lats[i], 6),
            position=Position.APPROXIMATE if approximate[i] else Position.SOURCED,
            confidence="low" if approximate[i] else "medium",
            position_source="synthetic, made by python -m bench",
            topics=topics,
        ))
    return sites


def sites_for(ward, plan, n: int) -> list[Site]:
    """The sites used at size `n`: none, the ward's own seven, or synthetic ones."""
    if n == 0:
        return []
    if n == REAL:
        from geo.sites.sites_file import load_sites

        return load_sites(ward, plan)
    return synthetic_sites(ward, n)
