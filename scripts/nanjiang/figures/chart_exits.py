"""Poor counties exiting poverty by year and prefecture (from 表 3-1)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.ticker import MaxNLocator

from nanjiang.figures.chart_common import SHORT_NAMES, NoDataError
from nanjiang.figures.printsize import TEXT_WIDTH_IN
from nanjiang.figures.style import PREFECTURES, REGION_COLORS
from nanjiang.figures.tidy import read_tidy


def draw(inputs: list[str], year: int, fonts: dict):
    """Top: cumulative exits of 南疆四地州 (line); bottom: counties exited per
    year, stacked by prefecture. From the derived table ``exits_by_year``
    (exits after the report year are not in it)."""
    df = read_tidy(inputs[0])
    df = df[df["year"] <= year]
    years = sorted(set(df["year"]))
    if not years:
        raise NoDataError(f"no county exit at or before {year}")
    x = np.arange(len(years))
    fig, (top, ax) = plt.subplots(
        2, 1, figsize=(TEXT_WIDTH_IN, 3.7), sharex=True, gridspec_kw={"height_ratios": [1, 1.9]})

    cum = df[(df["region_code"] == "NJ4") & (df["indicator"] == "counties_exited_cumulative")]
    cum_values = np.array([cum.loc[cum["year"] == y, "value"].sum() for y in years])
    top.plot(x, cum_values, color=REGION_COLORS["NJ4"], marker="o", markersize=4,
             linewidth=1.6, zorder=3)
    for xi, v in zip(x, cum_values, strict=True):
        top.annotate(f"{v:.0f}", (xi, v), textcoords="offset points", xytext=(0, 5),
                     ha="center", va="bottom", fontsize=8, color=REGION_COLORS["NJ4"])
    top.set_ylim(0, max(cum_values) * 1.35 + 1)
    top.set_ylabel("累计（个）")
    top.set_title("南疆四地州累计摘帽贫困县", fontsize=9, loc="left")

    bottom = np.zeros(len(years))
    for code in PREFECTURES:
        sub = df[(df["region_code"] == code) & (df["indicator"] == "counties_exited")]
        values = np.array([sub.loc[sub["year"] == y, "value"].sum() for y in years])
        bars = ax.bar(x, values, 0.55, bottom=bottom, color=REGION_COLORS[code],
                      label=SHORT_NAMES[code], zorder=2)
        ax.bar_label(bars, labels=[f"{v:.0f}" if v else "" for v in values],
                     label_type="center", fontsize=7.5, color="white")
        bottom += values
    for xi, total in zip(x, bottom, strict=True):
        ax.annotate(f"{total:.0f}", (xi, total), textcoords="offset points", xytext=(0, 2),
                    ha="center", va="bottom", fontsize=8)
    ax.set_ylim(0, max(bottom) * 1.2 + 0.5)
    ax.set_ylabel("当年摘帽（个）")
    ax.set_xticks(x, [f"{y} 年" for y in years])
    ax.set_xlim(-0.6, len(years) - 0.4)
    ax.set_xlabel("退出年份")
    ax.legend(ncols=2, loc="upper left", handlelength=1.2, columnspacing=1.0)
    top.yaxis.set_major_locator(MaxNLocator(nbins=3, integer=True))
    ax.yaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
    fig.align_ylabels([top, ax])
    return fig
