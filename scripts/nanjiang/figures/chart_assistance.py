"""Assistance measures received by registered poor households (表 4-3, multi-response)."""

from __future__ import annotations

import matplotlib.pyplot as plt

from nanjiang.figures.chart_common import add_note, region_label, resource_of, table_year
from nanjiang.figures.printsize import TEXT_WIDTH_IN
from nanjiang.figures.style import REGION_COLORS
from nanjiang.figures.tidy import read_tidy

TABLE = "survey_assistance"


def draw(inputs: list[str], year: int, fonts: dict):
    """Horizontal bars, largest share on top, the printed shares as labels.
    Multi-response: the shares do not add up to 100 and are not stacked; the
    table prints no sample size, so no count is shown."""
    raw = read_tidy(inputs[0])
    resource = resource_of(inputs[1], TABLE)
    labels = {i["code"]: i["label"] for i in resource["indicators"]}
    region = raw["region_code"].iloc[0]
    data_year = table_year(raw, year, region)
    df = raw[(raw["year"] == data_year) & (raw["region_code"] == region)]
    df = df.sort_values("value", kind="stable")
    color = REGION_COLORS.get(region[:4] + "00", "#4d4d4d")  # the county's prefecture
    fig, ax = plt.subplots(figsize=(TEXT_WIDTH_IN, 2.8))
    y = range(len(df))
    bars = ax.barh(y, df["value"], 0.62, color=color, zorder=2)
    ax.bar_label(bars, labels=[f"{t}%" for t in df["value_text"]], padding=3, fontsize=8)
    ax.set_yticks(y, [labels[c] for c in df["indicator"]])
    ax.set_xlim(0, 100)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.set_xlabel(f"获得该项帮扶的贫困户占比（%），{region_label(df.iloc[0])}，{data_year} 年")
    total = df["value"].sum()
    add_note(ax, f"注：多选题，一户可获得多项帮扶，各项占比之和为 {total:.1f}%，不构成整体；"
                 f"原表栏头印“{resource.get('column_header', '占比')}”，未印样本量。")
    return fig
