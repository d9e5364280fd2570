"""Poor population and poor villages: shares of the four prefectures."""

from __future__ import annotations

import pandas as pd

from . import DERIVED_COLUMNS

PREFECTURES = ["652900", "653000", "653100", "653200"]


def _value(df: pd.DataFrame, region: str, indicator: str) -> float | None:
    hit = df[(df["region_code"] == region) & (df["indicator"] == indicator)]
    return None if hit.empty else float(hit["value"].iloc[0])


def prefecture_shares(
    df: pd.DataFrame,
    indicator: str,
    unit_label: str,
    whole_regions: tuple[str, ...] = ("NJ4", "650000"),
) -> pd.DataFrame:
    """Share (%) of each prefecture in the printed totals of NJ4 and 新疆.

    share = prefecture value / printed whole value × 100, per year. The whole
    is the total as printed (not the sum of the parts: the audit compares the
    two). A missing prefecture or whole gives no row (a gap stays a gap).
    """
    rows = []
    for year in sorted(set(df["year"])):
        sub = df[df["year"] == year]
        for whole in whole_regions:
            total = _value(sub, whole, indicator)
            if not total:
                continue
            for region in PREFECTURES + (["NJ4"] if whole != "NJ4" else []):
                part = _value(sub, region, indicator)
                if part is None:
                    continue
                name = sub[sub["region_code"] == region]["region_name"].iloc[0]
                rows.append(
                    {
                        "year": year,
                        "region_code": region,
                        "region_name": name,
                        "indicator": f"{indicator}_share_of_{whole}",
                        "value": round(part / total * 100, 2),
                        "unit": "%",
                        "basis": f"{unit_label}: {region} / printed total {whole} × 100",
                    }
                )
    return pd.DataFrame(rows, columns=DERIVED_COLUMNS)
