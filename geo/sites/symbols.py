"""Map symbols: one SVG shape per status, drawn in the status's colour.

Shapes differ as well as colours, so nobody has to tell statuses apart by
colour alone.  The SVG is ours, never user text."""
from __future__ import annotations

from html import escape

from geo.status import Status

SIZE = 24

# Shape name -> SVG element(s) in a 24 x 24 box; {c} is the fill colour.
SHAPES = {
    "ring": '<circle cx="12" cy="12" r="7" fill="#fff" stroke="{c}" stroke-width="4"/>',
    "triangle": '<polygon points="12,2.5 22,20.5 2,20.5" fill="{c}" stroke="#fff" stroke-width="1.5"/>',
    "diamond": '<polygon points="12,1.5 22.5,12 12,22.5 1.5,12" fill="{c}" stroke="#fff" stroke-width="1.5"/>',
    "square": '<rect x="3.5" y="3.5" width="17" height="17" fill="{c}" stroke="#fff" stroke-width="1.5"/>',
    "hexagon": '<polygon points="12,1.5 21.5,7 21.5,17 12,22.5 2.5,17 2.5,7" '
               'fill="{c}" stroke="#fff" stroke-width="1.5"/>',
    "star": '<polygon points="12,1 14.9,8.6 23,8.9 16.6,14 18.8,22 12,17.4 5.2,22 7.4,14 1,8.9 9.1,8.6" '
            'fill="{c}" stroke="#fff" stroke-width="1.2"/>',
    "cross": '<path d="M4 4 L20 20 M20 4 L4 20" stroke="#fff" stroke-width="7"/>'
             '<path d="M4 4 L20 20 M20 4 L4 20" stroke="{c}" stroke-width="4"/>',
}

# Drawn round a site whose position is approximate.
APPROXIMATE_RING = (
    '<circle cx="12" cy="12" r="11" fill="none" stroke="#222" stroke-width="1.5" stroke-dasharray="3 2"/>'
)


def svg(status: Status, *, approximate: bool = False, size: int = SIZE, label: str | None = None) -> str:
    """The status's symbol as an inline SVG element."""
    body = SHAPES[status.shape].format(c=status.colour)
    ring = APPROXIMATE_RING if approximate else ""
    a11y = f'role="img" aria-label="{escape(label)}"' if label else 'aria-hidden="true"'
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" '
        f'viewBox="-1 -1 26 26" {a11y}>{ring}{body}</svg>'
    )
