"""图 3-1: the decline of poverty incidence in 南疆四地州, as one series.

One official series (``OFFICIAL``: the statements of 新华社 and of 中国网, which
republished 新华社's figures, in that order of preference for a year): a line
with a point and its value at each published year. The line is solid between
consecutive years and dashed across years without a published value, which
are shaded. Other sources' values of the same year are not drawn: 附录一 lists
them where they differ.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from .printsize import TEXT_WIDTH_IN
from .style import REGION_COLORS
from .tidy import read_tidy

NJ4 = "NJ4"
FIRST_YEAR = 2011  # the original's caption: 2011—2019
LAST_YEAR = 2019
INDICATOR = "poverty_incidence"
# Sources of the series, preferred first (a year takes the first that has it).
OFFICIAL = ["china_org_20201010", "xinhua_20191011", "xinhua_20190227"]
SERIES_LABEL = "南疆四地州贫困发生率（新华社、中国网公布）"


def official_series(df: pd.DataFrame, year: int) -> pd.DataFrame:
    """One value per year: the first source of ``OFFICIAL`` that gives it."""
    rows = df[(df["region_code"] == NJ4) & (df["indicator"] == INDICATOR)
              & (df["source_id"].isin(OFFICIAL)) & (df["year"] <= year)].copy()
    rows["rank"] = rows["source_id"].map(OFFICIAL.index)
    return rows.sort_values(["year", "rank"]).drop_duplicates("year").reset_index(drop=True)


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
        ax.text((run[0] + run[-1]) / 2, 0.98, "无公布\n数据",
                transform=ax.get_xaxis_transform(), ha="center", va="top", fontsize=7,
                color="#8c8c8c")


def draw(inputs: list[str], year: int, fonts: dict):
    df = read_tidy(inputs[0])
    series = official_series(df, year)
    last = min(year, max([LAST_YEAR, *series["year"]]))
    color = REGION_COLORS[NJ4]
    fig, ax = plt.subplots(figsize=(TEXT_WIDTH_IN, 3.0))
    points = list(zip(series["year"], series["value"], strict=True))
    for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
        style = "-" if x1 == x0 + 1 else "--"
        ax.plot([x0, x1], [y0, y1], linestyle=style, color=color, linewidth=1.4, zorder=2)
    ax.plot(series["year"], series["value"], linestyle="none", marker="o", markersize=5,
            color=color, zorder=3)
    for _, row in series.iterrows():
        ax.annotate(f"{row['value_text']}%", (row["year"], row["value"]), xytext=(7, 5),
                    textcoords="offset points", ha="left", va="bottom", fontsize=7.5,
                    color=color)
    _shade_gaps(ax, set(series["year"]), FIRST_YEAR, last)
    ax.set_xlim(FIRST_YEAR - 0.6, last + 0.6)
    ax.set_xticks(range(FIRST_YEAR, last + 1), [str(y) for y in range(FIRST_YEAR, last + 1)],
                  fontsize=7.5)
    ax.set_ylim(0, max([*series["value"], 1]) * 1.25)
    ax.set_ylabel("贫困发生率（%）")
    ax.set_xlabel("年份")
    handles = [Line2D([], [], color=color, marker="o", label=SERIES_LABEL),
               Line2D([], [], color=color, linestyle="--", label="其间年份无公布数据")]
    ax.legend(handles=handles, loc="lower left", fontsize=7, frameon=False)
    fig.tight_layout()
    return fig
