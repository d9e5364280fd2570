"""Poor counties exiting poverty (表 3-1), by year and prefecture."""

from __future__ import annotations

import pandas as pd

from nanjiang.data.study_regions import study_prefectures
from nanjiang.derive.indicators.rows import region_names, row
from nanjiang.text.numbering import table_ref

# How a text names each indicator of ``exits_by_year`` (the data audit's
# findings on numbers of the prose that repeat one of them).
LABELS = {
    "counties_exited": "当年摘帽贫困县",
    "counties_exited_cumulative": "累计摘帽贫困县",
    "counties_by_exit_year": "该年（计划）摘帽贫困县",
    "counties_by_exit_year_cumulative": "截至该年（计划）累计摘帽贫困县",
    "counties_not_yet_exited": "尚未摘帽贫困县",
    "region_designated_exited": "当年摘帽区定贫困县",
}


def prefecture_of(county_code: str) -> str:
    """GB/T 2260: a county's prefecture is its first four digits + ``00``."""
    return county_code[:4] + "00"


def exits_by_year(df: pd.DataFrame, year: int) -> list[dict]:
    """Counties that exited (摘帽) per year and prefecture, and cumulatively.

    表 3-1 lists the 26 poor counties of 南疆四地州 with their exit year
    (``county_exit`` rows, value 1, year = exit year). For each prefecture and
    for NJ4 (sum of the four):

    The table as printed, whatever the report year (for every year from the
    first to the last printed exit year; a year after the report year is a
    scheduled exit, e.g. “尚有 10 个贫困县预计在 2020 年 10 月摘帽退出”):

    * ``counties_by_exit_year`` (个): counties whose printed exit year is Y;
    * ``counties_by_exit_year_cumulative`` (个): printed exit year ≤ Y.

    Exits up to the report year (for every year from the first exit year to
    the report year, or the last printed exit year if earlier):

    * ``counties_exited`` (个): counties whose printed exit year is that year;
    * ``counties_exited_cumulative`` (个): counties exited in or before it;
    * ``counties_not_yet_exited`` (个): counties listed − cumulative exits;
    * ``region_designated_exited`` (个): of ``counties_exited``, those printed
      with ★ (区定贫困县, ``region_designated`` = 1).

    Counties exiting after the report year are not counted as exited (with
    report year 2019: 16 exited by 2019, 10 not yet; the 2020 exits appear
    only in ``counties_by_exit_year``). Years without an exit within the range
    give 0: the list is complete, so a zero is a count, not a gap.
    """
    exits = df[df["indicator"] == "county_exit"].copy()
    if exits.empty:
        return []
    exits["prefecture"] = exits["region_code"].map(prefecture_of)
    flags = df[df["indicator"] == "region_designated"].set_index("region_code")["value"]
    exits["designated"] = exits["region_code"].map(flags).fillna(0).astype(int)
    first, printed_last = int(exits["year"].min()), int(exits["year"].max())
    last = min(printed_last, year)
    source = ";".join(sorted(set(df["source_id"])))
    names = region_names()
    groups = {p: exits[exits["prefecture"] == p] for p in study_prefectures()}
    groups["NJ4"] = exits[exits["prefecture"].isin(study_prefectures())]
    rows = []
    for region, sub in groups.items():
        name = names.get(region, region)
        listed = len(sub)
        what = f"{table_ref('county_exits')} 所列" + ("四地州" if region == "NJ4" else name)
        for y in range(first, printed_last + 1):
            rows += [
                row(y, region, name, "counties_by_exit_year", int((sub["year"] == y).sum()),
                    "个", f"{what}退出年份印为 {y} 年的县市数", source, 0),
                row(y, region, name, "counties_by_exit_year_cumulative",
                    int((sub["year"] <= y).sum()), "个",
                    f"{what}退出年份印为 {y} 年及以前的县市数", source, 0),
            ]
        for y in range(first, last + 1):
            this = sub[sub["year"] == y]
            done = int((sub["year"] <= y).sum())
            rows += [
                row(y, region, name, "counties_exited", len(this), "个",
                    f"{what}退出年份印为 {y} 年的县市数", source, 0),
                row(y, region, name, "counties_exited_cumulative", done, "个",
                    f"{what}退出年份在 {y} 年及以前的县市数", source, 0),
                row(y, region, name, "counties_not_yet_exited", listed - done, "个",
                    f"{what}县市数 {listed} − 累计退出 {done}", source, 0),
                row(y, region, name, "region_designated_exited",
                    int(this["designated"].sum()), "个",
                    f"{what}{y} 年退出县市中带★（区定贫困县）的个数", source, 0),
            ]
    return rows
