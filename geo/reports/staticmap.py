"""A still map of the sites for the printed report, drawn with matplotlib.

Three small panels (lighting, gating, fencing) show the ward boundary and
each site as a numbered marker whose shape AND colour come from
geo.status, so the map reads in black and white too.  A site whose
position is approximate gets a dashed ring.  No basemap: nothing is
downloaded.  Positions are WGS84 longitude/latitude; the panels are drawn
with the aspect ratio corrected for the ward's latitude.
"""
from __future__ import annotations

import io
import math
from collections.abc import Sequence

from shapely.geometry.base import BaseGeometry

from geo.sites import summary
from geo.model import Site
from geo.status import Status, Topic

# geo.status shape names -> matplotlib markers (and whether the marker is hollow)
MARKERS = {
    "ring": ("o", True),
    "triangle": ("^", False),
    "diamond": ("D", False),
    "square": ("s", False),
    "hexagon": ("h", False),
    "star": ("*", False),
    "cross": ("X", False),
}
_SIZE = {"star": 150, "cross": 90}


def draw_site_map(
    sites: Sequence[Site],
    boundary: BaseGeometry | None,
    *,
    topics: Sequence[Topic] = tuple(Topic),
    numbers: dict[str, int] | None = None,
    dpi: int = 150,
) -> bytes:
    """A PNG of one panel per topic.  `numbers` maps site id to the number
    printed beside its marker (default: 1, 2, ... in the given order)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    numbers = numbers or summary.site_numbers(sites)
    fig = Figure(figsize=(3.0 * len(topics), 3.9), dpi=dpi)
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, len(topics), squeeze=False)[0]
    extent = _extent(sites, boundary)
    used: dict[Status, None] = {}
    for ax, topic in zip(axes, topics, strict=False):
        _draw_boundary(ax, boundary)
        _frame(ax, extent, topic.label)
        for site in sites:
            status = site.state(topic).status
            used[status] = None
            _draw_site(ax, site, status)
        _number_sites(ax, sites, numbers, dpi)
    handles = [_legend_handle(Line2D, s) for s in Status if s in used]
    if any(s.position.is_approximate for s in sites):
        handles.append(axes[0].scatter([], [], marker="o", s=140, facecolors="none", edgecolors="#222222",
                                       linewidths=0.9, linestyle=(0, (2, 2)), label="Approximate position"))
    columns = max(1, len(handles) if len(handles) <= 5 else math.ceil(len(handles) / 2))
    if handles:
        fig.legend(handles=handles, loc="lower center", ncol=columns, fontsize=9.5, frameon=False)
    fig.subplots_adjust(left=0.01, right=0.99, top=0.92, bottom=0.05 + 0.06 * math.ceil(len(handles) / columns),
                        wspace=0.05)
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


def _extent(sites: Sequence[Site], boundary: BaseGeometry | None) -> tuple[float, float, float, float]:
    xs = [s.lon for s in sites]
    ys = [s.lat for s in sites]
    if boundary is not None and not boundary.is_empty:
        minx, miny, maxx, maxy = boundary.bounds
        xs += [minx, maxx]
        ys += [miny, maxy]
    if not xs:
        return (-0.1, 51.5, -0.09, 51.51)
    pad_x = max(max(xs) - min(xs), 0.002) * 0.06
    pad_y = max(max(ys) - min(ys), 0.002) * 0.06
    return (min(xs) - pad_x, min(ys) - pad_y, max(xs) + pad_x, max(ys) + pad_y)


def _draw_boundary(ax, boundary: BaseGeometry | None) -> None:
    if boundary is None or boundary.is_empty:
        return
    polygons = getattr(boundary, "geoms", [boundary])
    for polygon in polygons:
        x, y = polygon.exterior.xy
        ax.fill(x, y, facecolor="#F4F4F0", edgecolor="#555555", linewidth=1.0, zorder=1)


def _draw_site(ax, site: Site, status: Status) -> None:
    marker, hollow = MARKERS[status.shape]
    size = _SIZE.get(status.shape, 70)
    ax.scatter(
        [site.lon], [site.lat], marker=marker, s=size, zorder=3,
        facecolors="white" if hollow else status.colour,
        edgecolors=status.colour if hollow else "white",
        linewidths=2.0 if hollow else 0.8,
    )
    if site.position.is_approximate:
        ax.scatter([site.lon], [site.lat], marker="o", s=size * 3.2, zorder=2, facecolors="none",
                   edgecolors="#222222", linewidths=0.9, linestyle=(0, (2, 2)))


# Label offsets in points, tried in this order; the first far enough from
# every marker and every label already placed wins.
_OFFSETS = ((8, 3), (-14, 3), (8, -12), (-14, -12), (-3, 10), (-3, -19), (14, -4), (-20, -4))


def _number_sites(ax, sites: Sequence[Site], numbers: dict[str, int], dpi: int) -> None:
    """Print each site's number beside its marker, away from the others."""
    scale = dpi / 72  # pixels per point
    markers = [ax.transData.transform((s.lon, s.lat)) for s in sites]
    placed: list[tuple[float, float]] = []
    for site, (x, y) in zip(sites, markers, strict=False):
        number = numbers.get(site.site_id)
        if number is None:
            continue

        def clearance(offset, x=x, y=y):
            lx, ly = x + (offset[0] + 3) * scale, y + (offset[1] + 4) * scale
            near = [math.dist((lx, ly), m) for m in markers] + [math.dist((lx, ly), p) for p in placed]
            return min(near) / scale

        best = next((o for o in _OFFSETS if clearance(o) >= 9), max(_OFFSETS, key=clearance))
        placed.append((x + (best[0] + 3) * scale, y + (best[1] + 4) * scale))
        ax.annotate(str(number), (site.lon, site.lat), xytext=best, textcoords="offset points",
                    fontsize=9, fontweight="bold", zorder=4, color="#111111")


def _frame(ax, extent: tuple[float, float, float, float], title: str) -> None:
    minx, miny, maxx, maxy = extent
    ax.set_xlim(minx, maxx)
    ax.set_ylim(miny, maxy)
    ax.set_aspect(1 / math.cos(math.radians((miny + maxy) / 2)))
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_title(title, fontsize=11)
    for spine in ax.spines.values():
        spine.set_color("#BBBBBB")


def _legend_handle(Line2D, status: Status):
    marker, hollow = MARKERS[status.shape]
    return Line2D(
        [], [], linestyle="none", marker=marker, markersize=9,
        markerfacecolor="white" if hollow else status.colour,
        markeredgecolor=status.colour if hollow else "white",
        markeredgewidth=1.8 if hollow else 0.6, label=status.label,
    )
