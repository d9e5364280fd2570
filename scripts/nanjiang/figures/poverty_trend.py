"""图 3-1: the decline of poverty incidence in 南疆四地州, as one series.

One series (per year the printed source of the project's one rule,
``primary.split_primary``, over the table's sources in datapackage.yaml): a line
with a point and its value at each published year. The line is solid between
consecutive years and dashed across years without a published value, which
are shaded. Other sources' values of the same year are not drawn: 附录一 lists
them where they differ.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D

from nanjiang.derive.primary import split_primary
from nanjiang.figures.chart_common import resource_of
from nanjiang.figures.printsize import TEXT_WIDTH_IN
from nanjiang.figures.style import REGION_COLORS
from nanjiang.figures.tidy import NoDataError, read_tidy

NJ4 = "NJ4"
FIRST_YEAR = 2011  # the first year of the original's caption (2011—2019)
# The original's caption promised 贫困人口 too; no yearly count of 南疆四地州's
# poor is published, so the figure shows incidence only, its caption says so,
# and the source line quotes the original's (issue 26, 3). The axis starts
# at the first year drawn: years before it are said in the source line.
ORIGINAL_CAPTION = "2011—2019 年南疆四地州贫困人口及贫困发生率下降图"
INDICATOR = "poverty_incidence"
TABLE = "poverty_series"
SERIES_LABEL = "南疆四地州贫困发生率"


def official_series(df: pd.DataFrame, year: int,
                    source_order: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(one value per year up to ``year``, the other sources' values): the
    printed source of each year by the project's one rule (``primary``: the
    table's sources in datapackage.yaml order; a source added later ranks
    after them but is drawn for a year no listed source gives)."""
    rows = df[(df["region_code"] == NJ4) & (df["indicator"] == INDICATOR) & (df["year"] <= year)]
    drawn, others = split_primary(rows, source_order)
    return drawn.sort_values("year").reset_index(drop=True), others


def _years(years: list[int]) -> str:
    """2011—2013 年和 2015—2017 年: runs of consecutive years."""
    runs: list[list[int]] = []
    for y in sorted(years):
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return "和 ".join(f"{r[0]}—{r[-1]} 年" if len(r) > 1 else f"{r[0]} 年" for r in runs)


def _inputs(inputs: list[str], year: int) -> tuple[pd.DataFrame, pd.DataFrame, dict]:
    """Inputs: the validated poverty_series, datapackage.yaml, sources.csv."""
    df = read_tidy(inputs[0])
    order = [s["source_id"] for s in resource_of(inputs[1], TABLE).get("sources", [])]
    citations = pd.read_csv(inputs[2], dtype=str, keep_default_na=False) \
        .set_index("source_id")["citation"].to_dict()
    series, others = official_series(df, year, order)
    return series, others, citations


def _last(series: pd.DataFrame, year: int) -> int:
    return int(series["year"].max()) if len(series) else year


def _first(series: pd.DataFrame, year: int) -> int:
    return int(series["year"].min()) if len(series) else min(FIRST_YEAR, year)


def caption_fields(inputs: list[str], year: int) -> dict:
    """The caption's period and the source line's parts, from the rows drawn."""
    series, others, citations = _inputs(inputs, year)
    last = _last(series, year)
    by_source = series.groupby("source_id", sort=False)["year"].apply(list)
    cited = "；".join(f"{citations.get(sid, sid)}（{'、'.join(f'{y} 年' for y in years)}）"
                     for sid, years in by_source.items())
    first = _first(series, year)
    missing = [y for y in range(first, last + 1) if y not in set(series["year"])]
    gaps = f"{_years(missing)}无公布数据（灰色区间）；" if missing else ""
    before = list(range(FIRST_YEAR, first))
    earlier = f"{_years(before)}的贫困发生率和" if before else ""
    notes = [f"{o['year']} 年另一来源作 {o['value_text']}%"
             f"（{citations.get(o['source_id'], o['source_id'])}）"
             for o in others.to_dict("records")
             if o["value"] not in set(series.loc[series["year"] == o["year"], "value"])]
    return {"first": first, "last": last, "sources": cited or "尚无公布数据", "gaps": gaps,
            "original": ORIGINAL_CAPTION, "earlier": earlier,
            "other_sources": "；".join(notes) + "；" if notes else ""}


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
    series, _others, _citations = _inputs(inputs, year)
    if series.empty:
        df = read_tidy(inputs[0])
        have = df.loc[(df["region_code"] == NJ4) & (df["indicator"] == INDICATOR), "year"]
        raise NoDataError(f"no {INDICATOR} of {NJ4} at or before {year}",
                          min(have, default=None))
    first, last = _first(series, year), _last(series, year)
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
    _shade_gaps(ax, set(series["year"]), first, last)
    ax.set_xlim(first - 0.6, last + 0.6)
    ax.set_xticks(range(first, last + 1), [str(y) for y in range(first, last + 1)],
                  fontsize=7.5)
    ax.set_ylim(0, max([*series["value"], 1]) * 1.25)
    ax.set_ylabel("贫困发生率（%）")
    ax.set_xlabel("年份")
    handles = [Line2D([], [], color=color, marker="o", label=SERIES_LABEL),
               Line2D([], [], color=color, linestyle="--", label="其间年份无公布数据")]
    ax.legend(handles=handles, loc="lower left", fontsize=7, frameon=False)
    fig.tight_layout()
    return fig
