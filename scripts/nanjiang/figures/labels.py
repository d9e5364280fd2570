"""Map labels that do not overlap: greedy placement around each anchor.

Each label is tried at its anchor, then on rings of growing radius around it;
the first free position wins, preferring positions inside the label's own
area. A label moved off its anchor gets a leader line. Sizes come from the
glyph outlines, so placement is exact and the same on every machine.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from matplotlib import patheffects
from matplotlib.font_manager import FontProperties
from shapely.geometry import Point, box

from nanjiang.figures.wrap import text_width

LINE_SPACING = 1.15
HALO = [patheffects.withStroke(linewidth=1.6, foreground="white")]


@dataclass
class Label:
    text: str
    x: float
    y: float
    area: object = None  # shapely geometry the label belongs to (preferred)
    color: str = "black"


def _size(text: str, props: FontProperties) -> tuple[float, float]:
    """Width and height of a (multi-line) label in points."""
    lines = text.split("\n")
    width = max(text_width(line, props) for line in lines)
    return width, props.get_size_in_points() * (LINE_SPACING * (len(lines) - 1) + 1.2)


def _candidates(step: float):
    yield 0.0, 0.0
    for ring in range(1, 9):
        n = 8 + 4 * ring
        for i in range(n):
            angle = 2 * math.pi * i / n - math.pi / 2
            yield ring * step * math.cos(angle), ring * step * math.sin(angle)


def place(ax, labels: list[Label], props: FontProperties, avoid=(), pad_pt: float = 1.0):
    """Draw ``labels`` on ``ax`` without overlaps; return the text artists.

    ``avoid``: shapely boxes (data units) already taken (legend, scale bar).
    The axes limits and the figure size must be final.
    """
    fig = ax.figure
    width_in = ax.get_position().width * fig.get_figwidth()
    unit = (ax.get_xlim()[1] - ax.get_xlim()[0]) / (width_in * 72)  # data per point
    taken = list(avoid)
    artists = []
    for lab in labels:
        w_pt, h_pt = _size(lab.text, props)
        w, h = (w_pt + 2 * pad_pt) * unit, (h_pt + 2 * pad_pt) * unit
        best = None
        for dx, dy in _candidates(step=0.45 * h):
            cx, cy = lab.x + dx, lab.y + dy
            rect = box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)
            if any(rect.intersects(t) for t in taken):
                continue
            outside = lab.area is not None and not lab.area.contains(Point(cx, cy))
            score = (outside, math.hypot(dx, dy))
            if best is None or score < best[0]:
                best = (score, cx, cy, rect)
            if not outside:
                break  # nearest free position inside its own area
        if best is None:  # nowhere free: keep the anchor
            best = ((True, 0.0), lab.x, lab.y, box(lab.x, lab.y, lab.x, lab.y))
        _, cx, cy, rect = best
        taken.append(rect)
        if not rect.contains(Point(lab.x, lab.y)):
            near = _nearest_on_box(rect, lab.x, lab.y)
            ax.plot([lab.x, near[0]], [lab.y, near[1]], color="#555555", linewidth=0.4, zorder=4)
            ax.plot([lab.x], [lab.y], marker="o", markersize=1.2, color="#555555", zorder=4)
        artists.append(
            ax.text(
                cx, cy, lab.text, ha="center", va="center", fontproperties=props,
                linespacing=LINE_SPACING, color=lab.color, path_effects=HALO, zorder=5,
            )
        )
    return artists


def _nearest_on_box(rect, x: float, y: float) -> tuple[float, float]:
    x0, y0, x1, y1 = rect.bounds
    return min(max(x, x0), x1), min(max(y, y0), y1)
