"""Income structure (表 3-2): component shares and gaps to 全国贫困地区 and 新疆."""

from __future__ import annotations

import pandas as pd

from nanjiang.data.data_year import up_to
from nanjiang.derive.indicators.gaps import REFERENCES, region_gaps
from nanjiang.derive.indicators.rows import row

TOTAL = "disposable_income"
COMPONENTS = ["wage_income", "business_income", "property_income", "transfer_income"]
LABELS = {
    "disposable_income": "人均可支配收入",
    "wage_income": "工资性收入",
    "business_income": "经营性收入",
    "property_income": "财产性收入",
    "transfer_income": "转移性收入",
}


def component_shares(df: pd.DataFrame, year: int) -> pd.DataFrame:
    """Each income component as a share (%) of disposable income.

    Formula: ``<component>_share = component / 人均可支配收入 × 100``, both
    printed values of the same year, region and source (表 3-2 and the added
    public CNPA rows). The denominator is the printed disposable income, not
    the sum of the components (全国均值 2018: the components add up to 9371,
    the printed total is 10371; the data audit reports it). A source that
    gives only some components (2018 CNPA ``shbzcgb_20190216``: 工资性收入
    3627) gives shares for those only: 2627 and 3627 each keep their share.

    Returns long rows (year, region_code, region_name, source_id, indicator,
    value, value_text, unit) with indicator ``<component>_share``.
    """
    df = up_to(df, year)
    out = []
    for (y, region, source), sub in df.groupby(["year", "region_code", "source_id"],
                                               sort=True):
        total = sub[sub["indicator"] == TOTAL]
        if total.empty or not total["value"].iloc[0]:
            continue
        t = total.iloc[0]
        for component in COMPONENTS:
            part = sub[sub["indicator"] == component]
            if part.empty:
                continue
            p = part.iloc[0]
            out.append({
                "year": y, "region_code": region, "region_name": p["region_name"],
                "source_id": source, "indicator": f"{component}_share",
                "value": p["value"] / t["value"] * 100, "unit": "%", "decimals": 2,
                "basis": f"{LABELS[component]} {p['value_text']} / {LABELS[TOTAL]} "
                         f"{t['value_text']} × 100",
            })
    shares = pd.DataFrame(out)
    if not shares.empty:
        shares["value_text"] = [f"{v:.2f}" for v in shares["value"]]
    return shares


def income_shares(df: pd.DataFrame, year: int) -> list[dict]:
    """Income components as shares of disposable income, and gaps (表 3-2).

    * ``<component>_share`` (%): component / printed disposable income × 100
      (``component_shares``), per year, region and source;
    * ``<income>_gap_to_<ref>`` (元) and ``<income>_rel_gap_to_<ref>`` (%):
      region − reference, and that gap / reference × 100, for disposable
      income and each component, reference 全国贫困地区 (CNPA, printed
      全国均值) and 新疆 (650000, printed 新疆全疆), same year;
    * ``<component>_share_gap_to_<ref>`` (百分点): difference of the shares.

    Two sources for the same cell (2018 CNPA 工资性收入: 2627 printed in the
    seed, 3627 public) each give their own gap rows (``source_id`` names
    both sources used); nothing is picked silently.
    """
    df = up_to(df, year)
    shares = component_shares(df, year)
    rows = [row(r["year"], r["region_code"], r["region_name"], r["indicator"], r["value"],
                "%", r["basis"], r["source_id"]) for _, r in shares.iterrows()]
    rows += region_gaps(df, REFERENCES, relative=True)
    if not shares.empty:
        rows += region_gaps(shares, REFERENCES, relative=False)
    return rows
