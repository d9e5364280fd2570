"""Living standards: durable goods (表 3-3) and 五通七有 coverage (表 3-5)."""

from __future__ import annotations

import pandas as pd

from nanjiang.data.data_year import up_to
from nanjiang.derive.indicators.gaps import REFERENCES, region_gaps
from nanjiang.derive.indicators.rows import decimals_of, row

FULL = 100.0


def durable_goods_gaps(df: pd.DataFrame, year: int) -> list[dict]:
    """Durable goods per 100 households: gaps to 全国贫困地区 and 新疆 (表 3-3).

    For each good (汽车, 洗衣机, 电冰箱 in 台; 移动电话 in 部; 计算机 in 台)
    and year at or before the report year:

    * ``<good>_gap_to_<ref>`` (台/部 per 100 households) = region − reference;
    * ``<good>_rel_gap_to_<ref>`` (%) = (region − reference) / reference × 100;

    reference 全国贫困地区 (CNPA, printed 全国均值) and 新疆 (650000, printed
    新疆全疆); regions: 南疆四地州 against both, 新疆 against CNPA. E.g. 汽车
    2018: 9 − 19.9 = −10.9 台, −10.9 / 19.9 × 100 = −54.77 %.
    """
    return region_gaps(up_to(df, year), REFERENCES, relative=True)


def infrastructure_coverage(df: pd.DataFrame, year: int) -> list[dict]:
    """五通七有: coverage, shortfall to full coverage and gap to the national level.

    From 表 3-5 (share of rural households whose natural village has the
    facility, %), per region and year at or before the report year:

    * ``<item>_gap_to_CNPA`` (百分点) = region − 全国贫困地区 (printed 全国),
      for 新疆 and 南疆四地州 (e.g. 公共汽车 2018: 78.5 − 71.6 = 6.9);
    * ``<item>_shortfall`` (百分点) = 100 − coverage: how far the item is
      from every household (0 where the table prints 100);
    * ``items_fully_covered`` (个): number of the printed items at 100 %;
    * ``items_printed`` (个): number of items the region has a value for;
    * ``mean_coverage`` (%): unweighted mean of the printed items (all items
      count the same; a summary, not an official index).
    """
    df = up_to(df, year)
    rows = region_gaps(df, ("CNPA",), relative=False)
    for _, r in df.iterrows():
        rows.append(row(r["year"], r["region_code"], r["region_name"],
                        f"{r['indicator']}_shortfall", FULL - r["value"], "百分点",
                        f"100 − {r['value_text']}", r["source_id"], decimals_of(r)))
    for (y, region, source), sub in df.groupby(["year", "region_code", "source_id"],
                                               sort=True):
        name = sub["region_name"].iloc[0]
        full = int((sub["value"] >= FULL).sum())
        rows.append(row(y, region, name, "items_fully_covered", full, "个",
                        f"{len(sub)} 项中印为 100 的项数", source, 0))
        rows.append(row(y, region, name, "items_printed", len(sub), "个",
                        "印有数值的项数", source, 0))
        rows.append(row(y, region, name, "mean_coverage", sub["value"].mean(), "%",
                        f"{len(sub)} 项覆盖率的算术平均（各项等权）", source))
    return rows
