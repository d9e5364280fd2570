"""图 3-1: poor population and poverty incidence of 南疆四地州 over time.

Only published values (poverty_series): a marker on each year that has one,
one marker shape per source, so two sources that disagree are both visible.
A line joins two points only when they are consecutive years of the same
series (region, indicator, source): no line runs across a year without data,
and years without any 南疆四地州 value are shaded. Xinjiang's incidence is
drawn in grey for comparison.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from .style import REGION_COLORS
from .tidy import read_tidy

NJ4, XINJIANG = "NJ4", "650000"
FIRST_YEAR = 2011  # the seed's caption: 2011—2019
LAST_YEAR = 2019
POPULATION = {  # NJ4 indicators of panel (a): label next to the point
    "registered_poor_population": "建档立卡贫困人口",
    "lifted_out": "当年脱贫",
    "lifted_out_since_2014": "2014 年以来累计脱贫",
}
# Short names for the legend; the full citations are in the sources appendix.
SOURCES = {
    "puapp_1182": "puapp.net",
    "xinhua_20191011": "新华社 2019-10-11",
    "xinhua_20190227": "新华社 2019-02-27",
    "china_org_20201010": "中国网 2020-10-10",
    "chinadaily_20190730": "China Daily 2019-07-30",
    "shine_xj_on_track": "Shanghai Daily（政府表述）",
    "mtoou_1256941": "《中国农村贫困监测报告 2018》（转引）",
    "tech999999_20190114": "新闻网页 2019-01-14",
}
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "<", ">", "h"]
DODGE = 0.28  # years: side by side when several sources give the same year


def series_segments(df: pd.DataFrame) -> list[list[tuple[float, float]]]:
    """Runs of consecutive years within one (region, indicator, source) series:
    the only places a line may be drawn."""
    runs = []
    for _, s in df.sort_values("year").groupby(["region_code", "indicator", "source_id"]):
        run = []
        for year, val in zip(s["year"], s["value"], strict=True):
            if run and year != run[-1][0] + 1:
                runs.append(run)
                run = []
            run.append((year, val))
        runs.append(run)
    return [r for r in runs if len(r) > 1]


def _dodged(df: pd.DataFrame) -> pd.Series:
    """x positions: same year, region and indicator from several sources side by side."""
    keys = ["year", "region_code", "indicator"]
    rank = df.groupby(keys).cumcount()
    count = df.groupby(keys)["source_id"].transform("count")
    return df["year"] + (rank - (count - 1) / 2) * DODGE


def _shade_gaps(ax, have: set[int], first: int, last: int) -> None:
    missing = [y for y in range(first, last + 1) if y not in have]
    runs: list[list[int]] = []
    for y in missing:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    for run in runs:
        ax.axvspan(run[0] - 0.5, run[-1] + 0.5, color="#f2f2f2", zorder=0, linewidth=0)
        ax.text((run[0] + run[-1]) / 2, 0.98, "南疆四地州\n无数据",
                transform=ax.get_xaxis_transform(), ha="center", va="top", fontsize=6.5,
                color="#8c8c8c")


def _plot(ax, df: pd.DataFrame, color: str, markers: dict, filled: bool = True) -> None:
    df = df.assign(x=_dodged(df))
    for run in series_segments(df):
        xs, ys = zip(*run, strict=True)
        ax.plot(xs, ys, color=color, linewidth=1.0, zorder=2)
    for _, row in df.iterrows():
        ax.plot(row["x"], row["value"], linestyle="none", marker=markers[row["source_id"]],
                markersize=4.5, color=color, markerfacecolor=color if filled else "white",
                markeredgewidth=0.9, zorder=3)


def _label_values(ax, df: pd.DataFrame, color: str) -> None:
    """One label per distinct value and year, right of its rightmost marker;
    two values of one year are pushed apart so their labels do not touch."""
    df = df.assign(x=_dodged(df))
    for _, year_rows in df.groupby("year"):
        values = year_rows.groupby("value_text")["x"].max()
        ordered = sorted(values.items(), key=lambda kv: -float(kv[0]))
        for i, (text, x) in enumerate(ordered):
            dy = 0 if len(ordered) == 1 else 5 - 10 * i / (len(ordered) - 1)
            ax.annotate(text, (x, float(text)), xytext=(5, dy), textcoords="offset points",
                        ha="left", va="center", fontsize=6.5, color=color)


def draw(inputs: list[str], year: int, fonts: dict):
    df = read_tidy(inputs[0])
    df = df[df["year"] <= year]
    pop = df[(df["region_code"] == NJ4) & df["indicator"].isin(POPULATION)]
    rate = df[df["region_code"].isin([NJ4, XINJIANG]) & (df["indicator"] == "poverty_incidence")]
    used = [s for s in SOURCES if s in set(pop["source_id"]) | set(rate["source_id"])]
    used += sorted((set(pop["source_id"]) | set(rate["source_id"])) - set(used))
    # A source keeps its marker whatever the report year (order of SOURCES).
    order = [*SOURCES, *(s for s in used if s not in SOURCES)]
    markers = {s: MARKERS[order.index(s) % len(MARKERS)] for s in used}
    last = min(year, max([LAST_YEAR, *pop["year"], *rate["year"]]))
    first = min([FIRST_YEAR, *pop["year"], *rate["year"]])
    nj4_years = set(pop["year"]) | set(rate[rate["region_code"] == NJ4]["year"])

    fig, (ax_pop, ax_rate) = plt.subplots(1, 2, figsize=(6.3, 3.4))
    color = REGION_COLORS[NJ4]
    _plot(ax_pop, pop, color, markers)
    for _, row in pop.assign(x=_dodged(pop)).iterrows():
        right = row["year"] >= last - 1  # label to the left near the right edge
        ax_pop.annotate(
            f"{POPULATION[row['indicator']]} {row['value_text']}", (row["x"], row["value"]),
            xytext=(-5 if right else 5, 0), textcoords="offset points",
            ha="right" if right else "left", va="center", fontsize=6.5,
        )
    _plot(ax_rate, rate[rate["region_code"] == XINJIANG], REGION_COLORS[XINJIANG], markers,
          filled=False)
    nj4_rate = rate[rate["region_code"] == NJ4]
    _plot(ax_rate, nj4_rate, color, markers)
    _label_values(ax_rate, nj4_rate, color)
    for ax, title, unit in (
        (ax_pop, "（a）贫困人口与脱贫人口", "万人"),
        (ax_rate, "（b）贫困发生率", "%"),
    ):
        _shade_gaps(ax, nj4_years, first, last)
        ax.set_xlim(first - 0.6, last + 0.6)
        # Every year gets a tick (the gaps matter); small enough to stay level.
        ax.set_xticks(range(first, last + 1), [str(y) for y in range(first, last + 1)],
                      fontsize=7)
        ax.set_ylim(bottom=0)
        ax.set_title(title, loc="left", fontsize=9)
        ax.set_ylabel(f"{title[3:]}（{unit}）")
        ax.set_xlabel("年份")
    ax_pop.set_ylim(0, max(pop["value"].max() * 1.25, 1) if not pop.empty else 1)
    if not rate.empty:
        ax_rate.set_ylim(0, rate["value"].max() * 1.25)
    handles = [Patch(color=color, label="南疆四地州"),
               Line2D([], [], color=REGION_COLORS[XINJIANG], marker="o", markerfacecolor="white",
                      linestyle="none", label="新疆（全区，对照）")]
    handles += [Line2D([], [], color="#333333", marker=markers[s], linestyle="none",
                       label=SOURCES.get(s, s)) for s in used]
    fig.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, 0.0), ncols=3,
               fontsize=7, title="颜色：地区；标记形状：数据来源", title_fontsize=7)
    fig.tight_layout()
    return fig
