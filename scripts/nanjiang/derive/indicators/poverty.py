"""Poor population, poor villages and poverty incidence (表 2-4, poverty_series)."""

from __future__ import annotations

import pandas as pd

from nanjiang.data.data_year import up_to
from nanjiang.data.study_regions import study_prefectures
from nanjiang.derive.indicators.rows import decimals_of, row
from nanjiang.text.numbering import table_ref

WHOLES = ("NJ4", "650000")


def prefecture_shares(
    df: pd.DataFrame,
    indicator: str,
    label: str,
    year: int,
    whole_regions: tuple[str, ...] = WHOLES,
) -> list[dict]:
    """Share (%) of each prefecture in the printed totals of NJ4 and 新疆.

    Formula: ``share = value(prefecture) / value(whole) × 100``, for each year
    at or before the report year and each source, whole = 南疆四地州 (NJ4) and
    新疆 (650000); NJ4 itself is also given as a share of 新疆. Uses the
    printed 表 2-4 columns 建档立卡贫困总人口 (万人) or 重点村 (个).

    The whole is the total as printed (218.6 万人, 2589 个), not the sum of the
    four prefectures (212.23 万人): the data audit compares the two. A
    missing part or whole gives no row (a gap stays a gap). Indicator codes:
    ``<indicator>_share_of_<whole>`` (e.g. ``key_villages_share_of_650000``).
    """
    rows = []
    df = up_to(df, year)
    df = df[df["indicator"] == indicator]
    for (y, source), sub in df.groupby(["year", "source_id"], sort=True):
        for whole in whole_regions:
            total = sub[sub["region_code"] == whole]
            if total.empty or not total["value"].iloc[0]:
                continue
            t = total.iloc[0]
            for region in [*study_prefectures(), *(["NJ4"] if whole != "NJ4" else [])]:
                part = sub[sub["region_code"] == region]
                if part.empty:
                    continue
                p = part.iloc[0]
                rows.append(row(
                    y, region, p["region_name"], f"{indicator}_share_of_{whole}",
                    p["value"] / t["value"] * 100, "%",
                    f"{label}：{p['region_name']} {p['value_text']} / "
                    f"{t['region_name']} {t['value_text']}（印出合计）× 100",
                    source,
                ))
    return rows


def poverty_incidence(
    table_2_4: pd.DataFrame, series: pd.DataFrame, year: int
) -> list[dict]:
    """Poverty incidence (贫困发生率, %) by region, and its gap to 新疆.

    Two printed sources of incidence are read as one series per region:
    表 2-4 占当地农村人口比例 (``pct_of_rural_population``, 2014: 新疆, NJ4
    and the four prefectures) and ``poverty_series`` ``poverty_incidence``
    (NJ4 and 新疆, several years, one row per statement). Indicators:

    * ``poverty_incidence``: every printed value at or before the report
      year, one row per source (sources that disagree both stay);
    * ``poverty_incidence_latest``: per region, the rows of its latest year
      at or before the report year (all sources of that year);
    * ``poverty_incidence_gap_to_650000`` (百分点): region − 新疆, same year
      and same source only (e.g. 2014 表 2-4: 喀什 32.4 − 20.9 = 11.5).
    """
    parts = [
        table_2_4[table_2_4["indicator"] == "pct_of_rural_population"].assign(
            origin=f"{table_ref('poor_population_2014')} 占当地农村人口比例"),
        series[series["indicator"] == "poverty_incidence"].assign(
            origin="公开资料贫困发生率"),
    ]
    inc = up_to(pd.concat(parts, ignore_index=True), year)
    rows = []
    for _, r in inc.iterrows():
        rows.append(row(r["year"], r["region_code"], r["region_name"], "poverty_incidence",
                        r["value"], "%", f"{r['origin']}，原表数值 {r['value_text']}",
                        r["source_id"]))
    for region, sub in inc.groupby("region_code", sort=True):
        latest = sub[sub["year"] == sub["year"].max()]
        for _, r in latest.iterrows():
            rows.append(row(
                r["year"], region, r["region_name"], "poverty_incidence_latest", r["value"],
                "%", f"{year} 年及以前最近年份（{r['year']} 年）{r['origin']}", r["source_id"]))
    for (y, source), sub in inc.groupby(["year", "source_id"], sort=True):
        xj = sub[sub["region_code"] == "650000"]
        if xj.empty:
            continue
        x = xj.iloc[0]
        for _, r in sub[sub["region_code"] != "650000"].iterrows():
            rows.append(row(
                y, r["region_code"], r["region_name"], "poverty_incidence_gap_to_650000",
                r["value"] - x["value"], "百分点",
                f"{r['region_name']} {r['value_text']} − {x['region_name']} {x['value_text']}",
                source, decimals_of(r, x)))
    return rows
