"""五通七有 coverage (表 3-5 of the seed): one row per item, one dot per region."""

from __future__ import annotations

import re

import matplotlib.pyplot as plt

from nanjiang.derive.primary import split_primary
from nanjiang.figures.chart_common import (
    add_note,
    other_source_notes,
    printed_names,
    resource_of,
    table_year,
)
from nanjiang.figures.printsize import TEXT_WIDTH_IN
from nanjiang.figures.style import REGION_COLORS
from nanjiang.figures.tidy import read_tidy

TABLE = "infrastructure"
REGIONS = ["CNPA", "650000", "NJ4"]
OFFSETS = {"CNPA": 0.26, "650000": 0.0, "NJ4": -0.26}
RIGHT = 101.0
MARKERS = {"CNPA": "s", "650000": "D", "NJ4": "o"}


def short_label(label: str) -> str:
    """所在自然村通公路农户比重 -> 通公路 (the facility, without the wording of the share)."""
    text = label.removeprefix("所在自然村")
    return re.sub(r"(的农户比重|农户比重|比重)$", "", text)


def draw(inputs: list[str], year: int, fonts: dict):
    raw = read_tidy(inputs[0])
    resource = resource_of(inputs[1], TABLE)
    items = resource["indicators"]
    sources = resource.get("sources", [])
    data_year = table_year(raw, year)
    raw, others = split_primary(raw[raw["year"] == data_year], [s["source_id"] for s in sources])
    names = printed_names(raw)
    regions = [r for r in REGIONS if r in set(raw["region_code"])]
    fig, ax = plt.subplots(figsize=(TEXT_WIDTH_IN, 3.9))
    n = len(items)
    low = raw["value"].min()
    inferred = []
    for i, item in enumerate(items):
        y = n - 1 - i
        ax.axhline(y, color="#eeeeee", linewidth=0.6, zorder=0)
        for region in regions:
            hit = raw[(raw["region_code"] == region) & (raw["indicator"] == item["code"])]
            if hit.empty:
                continue
            ax.plot(hit["value"].iloc[0], y + OFFSETS[region], marker=MARKERS[region],
                    markersize=4.5, clip_on=False, linestyle="none",
                    color=REGION_COLORS[region], zorder=3,
                    label=names[region] if i == 0 else None)
        nj4 = raw[(raw["region_code"] == "NJ4") & (raw["indicator"] == item["code"])]
        if not nj4.empty:
            ax.annotate(nj4["value_text"].iloc[0], (RIGHT, y + OFFSETS["NJ4"]),
                        xytext=(6, 0), textcoords="offset points", va="center", fontsize=7.5,
                        color=REGION_COLORS["NJ4"], annotation_clip=False)
        if item.get("label_inferred"):
            inferred.append(short_label(item["label"]))
    labels = [short_label(i["label"]) + ("*" if i.get("label_inferred") else "") for i in items]
    ax.set_yticks(range(n - 1, -1, -1), labels)
    ax.set_ylim(-0.6, n - 0.4)
    left = max(0, (low // 10) * 10 - 5)
    ax.set_xlim(left, RIGHT)
    ax.set_xticks(range(int(left), 101, 5))
    ax.set_xlabel(f"所在自然村具备该条件的农户比重（%），{data_year} 年；右列为南疆四地州")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.legend(ncols=len(regions), loc="lower left", bbox_to_anchor=(0, 1.0),
              handletextpad=0.3)
    notes = [f"横轴自 {left:.0f}% 起；同一项目各地区的点上下错开，以免重合。"]
    if inferred:
        notes.append(f"*原表第 2 栏未印设施名称，“{'、'.join(inferred)}”据正文推定。")
    label_of = {i["code"]: short_label(i["label"]) for i in items}.get
    titles = {s["source_id"]: s["title"] for s in sources}
    notes += [n + "。" for n in other_source_notes(raw, others, label_of, titles)]
    add_note(ax, "注：" + "".join(notes))
    return fig
