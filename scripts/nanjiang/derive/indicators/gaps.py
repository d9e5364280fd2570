"""Gaps of one region to reference regions (全国贫困地区, 新疆), per year and source."""

from __future__ import annotations

import pandas as pd

from nanjiang.common.numbers import PERCENT_UNITS
from nanjiang.derive.indicators.rows import row

REFERENCES = ("CNPA", "650000")
"""全国贫困地区 (printed 全国 / 全国均值) and 新疆 (printed 新疆 / 新疆全疆)."""


def pair_sources(region_source: str, reference_source: str) -> str:
    """``source_id`` of a gap: one id when both values come from the same
    source, else ``region's;reference's`` (ordered, so that the pairs of two
    regions' two sources stay distinct)."""
    if region_source == reference_source:
        return region_source
    return f"{region_source};{reference_source}"


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
    cell, every pair gives its own rows (``source_id`` ``a;b``, see
    ``pair_sources``): disagreeing sources are never reduced to one silently.
    The pairs are found by one join on (year, indicator), so the work grows
    with the number of rows times the sources per cell, not rows squared.
    """
    out = []
    for rank, ref in enumerate(references):
        earlier = set(references[:rank])  # 全国 − 新疆 is given as 新疆 − 全国 only
        regions = df[(df["region_code"] != ref) & ~df["region_code"].isin(earlier)]
        pairs = regions.merge(df[df["region_code"] == ref], on=["year", "indicator"],
                              suffixes=("", "_ref"), sort=False)
        for r in pairs.to_dict("records"):
            unit = "百分点" if r["unit"] in PERCENT_UNITS else r["unit"]
            diff = r["value"] - r["value_ref"]
            basis = (f"{r['region_name']} {r['value_text']} − "
                     f"{r['region_name_ref']} {r['value_text_ref']}")
            source = pair_sources(r["source_id"], r["source_id_ref"])
            out.append(row(r["year"], r["region_code"], r["region_name"],
                           f"{r['indicator']}{suffix}_gap_to_{ref}", diff, unit, basis,
                           source, max(int(r["decimals"]), int(r["decimals_ref"]))))
            if relative and r["unit"] not in PERCENT_UNITS and r["value_ref"]:
                out.append(row(r["year"], r["region_code"], r["region_name"],
                               f"{r['indicator']}{suffix}_rel_gap_to_{ref}",
                               diff / r["value_ref"] * 100, "%",
                               f"（{basis}）/ {r['value_text_ref']} × 100", source))
    return out
