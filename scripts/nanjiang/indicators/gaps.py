"""Gaps of one region to reference regions (全国贫困地区, 新疆), per year and source."""

from __future__ import annotations

import pandas as pd

from . import PERCENT_UNITS, decimals_of, row

REFERENCES = ("CNPA", "650000")
"""全国贫困地区 (printed 全国 / 全国均值) and 新疆 (printed 新疆 / 新疆全疆)."""


def sources(*rows: pd.Series) -> str:
    """The source ids of the printed values used, ``a;b`` when they differ."""
    return ";".join(sorted({r["source_id"] for r in rows}))


def region_gaps(
    df: pd.DataFrame,
    references: tuple[str, ...] = REFERENCES,
    relative: bool = True,
    suffix: str = "",
) -> list[dict]:
    """Gap of every other region to each reference region, same year.

    For each year, reference ``ref``, region ``r`` ≠ ``ref`` and indicator:

    * ``<indicator><suffix>_gap_to_<ref>`` = value(r) − value(ref), in the
      indicator's unit (百分点 when the values are %);
    * with ``relative`` and a unit other than %:
      ``<indicator><suffix>_rel_gap_to_<ref>`` = (value(r) − value(ref)) /
      value(ref) × 100 (%).

    Where a region or the reference has rows from several sources for the same
    cell, every pair gives its own rows (``source_id`` ``a;b``): disagreeing
    sources are never reduced to one silently.
    """
    out = []
    for (year, indicator), sub in df.groupby(["year", "indicator"], sort=True):
        for ref in references:
            ref_rows = sub[sub["region_code"] == ref]
            for _, b in ref_rows.iterrows():
                for _, a in sub[sub["region_code"] != ref].iterrows():
                    if a["region_code"] in references and references.index(
                            a["region_code"]) < references.index(ref):
                        continue  # 全国 − 新疆 is given as 新疆 − 全国 only
                    unit = "百分点" if a["unit"] in PERCENT_UNITS else a["unit"]
                    diff = a["value"] - b["value"]
                    basis = (f"{a['region_name']} {a['value_text']} − "
                             f"{b['region_name']} {b['value_text']}")
                    out.append(row(year, a["region_code"], a["region_name"],
                                   f"{indicator}{suffix}_gap_to_{ref}", diff, unit, basis,
                                   sources(a, b), decimals_of(a, b)))
                    if relative and a["unit"] not in PERCENT_UNITS and b["value"]:
                        out.append(row(year, a["region_code"], a["region_name"],
                                       f"{indicator}{suffix}_rel_gap_to_{ref}",
                                       diff / b["value"] * 100, "%",
                                       f"（{basis}）/ {b['value_text']} × 100",
                                       sources(a, b)))
    return out
