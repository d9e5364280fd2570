"""图 2-2: the four prefectures' shares of Xinjiang's poor counties, villages
and population, stacked so that each bar also shows 南疆四地州's share.

Villages and population: the derived shares of 表 2-4 (poverty_shares.csv).
Counties: the poverty counties of 表 3-1 (★ 区定 ones included) counted per
prefecture, over Xinjiang's poor counties of 2014 (poverty_series); without
that total the bar is left out and the source line says so. The original's
text gives 75 % without saying how; the figure says beside the bar and in its
source line what it computed, and why the two counts are of one kind: the
release that gives Xinjiang's total counts 南疆四地州's exits to 2019 as 表 3-1
does with its ★ counties (16), so its total includes 区定 counties too.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.font_manager import FontProperties

from nanjiang.common.numbers import fixed
from nanjiang.data.data_year import shown_rows
from nanjiang.figures.printsize import TEXT_WIDTH_IN
from nanjiang.figures.style import NEUTRAL, PREFECTURES, REGION_COLORS, tint
from nanjiang.figures.tidy import latest_drawn, read_tidy, value
from nanjiang.figures.wrap import text_width

XINJIANG, NJ4 = "650000", "NJ4"
MEASURES = [  # (indicator in poverty_shares.csv, bar label)
    ("poor_counties", "贫困县"),
    ("key_villages", "贫困村（重点村）"),
    ("registered_poor_population", "建档立卡贫困人口"),
]
VALUE_SIZE = 7.5
TEXT_SHARE = "nj4_poor_counties_share_of_xj_2014"  # facts.csv: the share the text states


def county_shares(exits: pd.DataFrame, series: pd.DataFrame, year: int) -> pd.DataFrame:
    """Share (%) of Xinjiang's poor counties in each prefecture and in NJ4.

    share = poverty counties of the prefecture in 表 3-1 / Xinjiang's poor
    counties (poverty_series, latest year ≤ ``year``) × 100. A county's
    prefecture is its GB/T 2260 code with the last two digits 00. NJ4 uses its
    own published count when there is one, else the sum of the prefectures.
    """
    totals = shown_rows(series[series["indicator"] == "poor_counties"], year)
    whole = value(totals, XINJIANG, "poor_counties")
    if not whole:
        return pd.DataFrame(columns=["region_code", "indicator", "value"])
    counties = exits[exits["indicator"] == "county_exit"]["region_code"].drop_duplicates()
    per_pref = counties.str[:4].add("00").value_counts()
    nj4 = value(totals, NJ4, "poor_counties") or float(per_pref.sum())
    rows = [(p, per_pref.get(p, 0)) for p in PREFECTURES] + [(NJ4, nj4)]
    return pd.DataFrame(
        [(code, "poor_counties_share_of_650000", n / whole * 100) for code, n in rows],
        columns=["region_code", "indicator", "value"],
    )


def text_share(facts_csv: str) -> str | None:
    """The share of Xinjiang's poor counties the report's text states, as printed."""
    facts = pd.read_csv(facts_csv, dtype=str, keep_default_na=False).set_index("fact_id")
    return facts.at[TEXT_SHARE, "value"] if TEXT_SHARE in facts.index else None


def caption_fields(inputs: list[str], year: int) -> dict:
    """The source line's sentence on the counties bar, every number from the data."""
    _, exits_csv, series_csv, facts_csv = inputs
    exits, series = read_tidy(exits_csv), read_tidy(series_csv)
    counties = county_shares(exits, series, year)
    if counties.empty:
        return {"counties_line": "；新疆贫困县总数未见公布数据，图中未画贫困县。"}
    listed = exits[exits["indicator"] == "county_exit"]
    designated = exits[(exits["indicator"] == "region_designated") & (exits["value"] == 1)]
    totals = shown_rows(series[series["indicator"] == "poor_counties"], year)
    whole_row = totals[totals["region_code"] == XINJIANG].iloc[0]
    share = fixed(value(counties, NJ4, "poor_counties_share_of_650000"), 1)
    exited = shown_rows(series[(series["indicator"] == "counties_exited_since_2014")
                               & (series["region_code"] == NJ4)], year)
    line = (f" 所列 {len(listed)} 个贫困县（含★区定贫困县 {len(designated)} 个）按地州计数，"
            f"除以 {int(whole_row['year'])} 年新疆贫困县 {whole_row['value_text']} 个"
            "（新华社 2020-10-09 图片报道）。注：")
    if not exited.empty:
        reported = exited.iloc[0]
        before = listed[listed["year"] <= reported["year"]]
        starred = before["region_code"].isin(designated["region_code"]).sum()
        if float(reported["value"]) == len(before) and starred:
            line += (f"分子分母同含区定贫困县（同一报道记南疆四地州至 {int(reported['year'])} 年"
                     f"摘帽 {reported['value_text']} 个，与表中至该年摘帽的县数相同，"
                     f"其中★县 {starred} 个）；")
    stated = text_share(facts_csv)
    if stated is not None and stated != share:
        line += f"原报告正文作 {stated}%，未说明算法，图按表计为 {share}%"
    return {"counties_line": line.removesuffix("。注：") + "。"}


def draw(inputs: list[str], year: int, fonts: dict):
    shares_csv, exits_csv, series_csv, facts_csv = inputs
    stated = text_share(facts_csv)
    shares = latest_drawn(read_tidy(shares_csv), year, "poverty_shares")
    counties = county_shares(read_tidy(exits_csv), read_tidy(series_csv), year)
    data = pd.concat([shares[["region_code", "indicator", "value"]], counties])
    measures = [
        (code, label) for code, label in MEASURES
        if value(data, NJ4, f"{code}_share_of_650000") is not None
    ]
    fig, ax = plt.subplots(figsize=(TEXT_WIDTH_IN, 0.75 + 0.6 * len(measures)))
    props = FontProperties(size=VALUE_SIZE)
    points_per_pct = ax.get_position().width * fig.get_figwidth() * 72 / 100
    for row, (code, _) in enumerate(measures):
        y = len(measures) - 1 - row
        left = 0.0
        for pref in PREFECTURES:
            share = value(data, pref, f"{code}_share_of_650000")
            if share is None:
                continue
            ax.barh(y, share, left=left, height=0.55, color=REGION_COLORS[pref],
                    edgecolor="white", linewidth=0.5)
            text = fixed(share, 1)
            if text_width(text, props) + 3 < share * points_per_pct:
                ax.text(left + share / 2, y, text, ha="center", va="center", color="white",
                        fontsize=VALUE_SIZE)
            else:  # too narrow: the value goes above the segment
                ax.text(left + share / 2, y + 0.3, text, ha="center", va="bottom",
                        fontsize=VALUE_SIZE)
            left += share
        ax.barh(y, 100 - left, left=left, height=0.55, color=tint(NEUTRAL, 0.25),
                edgecolor="white", linewidth=0.5)
        whole = value(data, NJ4, f"{code}_share_of_650000")
        note = f"南疆四地州 {fixed(whole, 1)}%"
        if abs(whole - left) >= 0.05:  # printed total ≠ sum of the prefectures
            ax.plot([whole, whole], [y - 0.36, y + 0.36], color="black", linewidth=1.0)
            note += f"\n（四地州之和 {fixed(left, 1)}%）"
        if code == "poor_counties" and stated is not None and stated != fixed(whole, 1):
            note += f"\n（正文作 {stated}%）"
        ax.text(101.5, y, note, ha="left", va="center", fontsize=VALUE_SIZE + 0.5)
    fig.subplots_adjust(right=0.75)  # the notes right of the bars stay in the text width
    ax.set_yticks(range(len(measures)), [label for _, label in reversed(measures)])
    ax.set_xlim(0, 100)
    ax.set_ylim(-0.5, len(measures) - 0.4)
    ax.set_xlabel("占新疆的比重（%）")
    ax.grid(False)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    handles = [plt.Rectangle((0, 0), 1, 1, color=REGION_COLORS[p]) for p in PREFECTURES]
    handles.append(plt.Rectangle((0, 0), 1, 1, color=tint(NEUTRAL, 0.25)))
    ax.legend(handles, [*PREFECTURES.values(), "新疆其他地区"], ncols=5, loc="lower left",
              bbox_to_anchor=(0, 1.0), fontsize=8, handlelength=1.2, columnspacing=1.2)
    return fig
