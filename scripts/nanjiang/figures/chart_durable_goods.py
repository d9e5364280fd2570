"""Durable goods per 100 households (表 3-3): 南疆四地州 against 全国 and 新疆."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from nanjiang.common.numbers import fixed
from nanjiang.data.data_year import carried_rows
from nanjiang.derive.indicators.gaps import pair_sources
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
from nanjiang.figures.tidy import NoDataError, read_tidy

TABLE = "durable_goods"
REGIONS = ["CNPA", "650000", "NJ4"]


def _drawn(inputs: list[str], year: int):
    """What the chart draws: the table's resource, its rows of the year shown
    (a region lacking it keeps its latest row: ``carried``, region -> year),
    the other sources' rows, the gaps to 全国均值 printed under the panels."""
    resource = resource_of(inputs[2], TABLE)
    sources = resource.get("sources", [])
    raw = read_tidy(inputs[0])
    gaps = read_tidy(inputs[1])
    data_year = table_year(raw, year)
    kept = carried_rows(raw, data_year)
    shown = raw[raw["year"] == data_year]
    if not kept.empty:
        shown = pd.concat([shown, kept])
    carried = {r: int(y) for r, y in kept.groupby("region_code")["year"].max().items()}
    raw, others = split_primary(shown, [s["source_id"] for s in sources])
    # the gap the panel prints is the one between the drawn values (their sources)
    drawn_sources = dict(zip(raw["region_code"], raw["source_id"], strict=False))
    gaps = gaps[(gaps["year"] == data_year) & (gaps["region_code"] == "NJ4")
                & (gaps["source_id"] == pair_sources(drawn_sources.get("NJ4", ""),
                                                      drawn_sources.get("CNPA", "")))]
    return resource, data_year, raw, others, gaps, carried


def caption_fields(inputs: list[str], year: int) -> dict:
    """The source line says the gaps were computed only when the panels print them."""
    try:
        gaps = _drawn(inputs, year)[4]
    except NoDataError:  # a report year before the data: a gap figure, nothing computed
        return {"basis": "绘制"}
    return {"basis": "计算（南疆四地州与全国均值的相对差距）" if not gaps.empty else "绘制"}


def draw(inputs: list[str], year: int, fonts: dict):
    """One panel per good (own scale): 全国均值, 新疆全疆, 南疆四地州 as printed,
    and under the panel 南疆四地州's gap relative to 全国均值 (derived table).

    Every bar carries its value, so the panels have no y-axis: five sets of
    tick labels took the width the value labels need (181.2 and 176.2 ran
    together at 7 pt)."""
    resource, data_year, raw, others, gaps, carried = _drawn(inputs, year)
    goods = resource["indicators"]
    sources = resource.get("sources", [])
    plain = printed_names(raw)
    names = plain | {r: f"{plain[r]}（{y} 年）" for r, y in carried.items()}
    regions = [r for r in REGIONS if r in set(raw["region_code"])]
    fig, axes = plt.subplots(1, len(goods), figsize=(TEXT_WIDTH_IN, 2.8))
    for ax, good in zip(axes, goods, strict=True):
        values, texts = [], []
        for region in regions:
            hit = raw[(raw["region_code"] == region) & (raw["indicator"] == good["code"])]
            values.append(float(hit["value"].iloc[0]) if not hit.empty else 0.0)
            texts.append(hit["value_text"].iloc[0] if not hit.empty else "—")
        x = range(len(regions))
        bars = ax.bar(x, values, 0.7, color=[REGION_COLORS[r] for r in regions], zorder=2)
        ax.bar_label(bars, labels=texts, fontsize=7.5, padding=1.5)
        ax.set_ylim(0, max(values) * 1.18)
        ax.set_xticks([])
        ax.set_title(f"{good['label']}（{good['unit']}）", fontsize=9)
        ax.set_yticks([])  # the bars are labelled: no scale to read
        ax.spines["left"].set_visible(False)
        rel = gaps[gaps["indicator"] == f"{good['code']}_rel_gap_to_CNPA"]
        if not rel.empty:
            v = float(rel["value"].iloc[0])
            ax.set_xlabel(f"较{plain.get('CNPA', '全国')}\n{'+' if v > 0 else '−' if v < 0 else ''}"
                          f"{fixed(abs(v), 1)}%", fontsize=8, color=REGION_COLORS["NJ4"])
    # a region kept from an earlier year says its year in the legend instead
    axes[0].set_ylabel("每百户拥有量" if carried else f"每百户拥有量（{data_year} 年）")
    handles = [plt.Rectangle((0, 0), 1, 1, color=REGION_COLORS[r]) for r in regions]
    fig.legend(handles, [names[r] for r in regions], ncols=len(regions), loc="lower center",
               bbox_to_anchor=(0.5, 1.0), handlelength=1.2)
    explanation = "各图纵向比例各不相同"
    if not gaps.empty:  # said only where the panels print it
        explanation += "；各图下方为南疆四地州每百户拥有量相对全国均值的差距"
    titles = {s["source_id"]: s["title"] for s in sources}
    notes = other_source_notes(raw, others, {g["code"]: g["label"] for g in goods}.get, titles)
    notes += [f"{plain[r]}尚无 {data_year} 年数据，图中为其 {y} 年数据"
              for r, y in carried.items()]
    if notes:  # values of other sources are said, never dropped
        fig.tight_layout(w_pad=0.8)
        add_note(axes[0], f"注：{explanation}。" + "；".join(notes) + "。")
    else:
        fig.text(0.5, -0.02, explanation, ha="center", va="top", fontsize=7.5, color="#555555")
        fig.tight_layout(w_pad=0.8)
    return fig

