"""Field-survey tables (表 4-1, 4-2): percentages recomputed from the counts.

表 4-3 prints shares only (no counts, no sample size): nothing is derived from
it, and no count is invented.
"""

from __future__ import annotations

import pandas as pd

from nanjiang.data.data_year import up_to
from nanjiang.derive.indicators.rows import row

PRINTED_SUFFIX = "_pct_printed"


def count_indicators(df: pd.DataFrame) -> list[str]:
    """The count indicators of a survey table: those with a printed percentage
    (``<count>`` beside ``<count>_pct_printed``), in file order."""
    codes = list(dict.fromkeys(df["indicator"]))
    return [c for c in codes if f"{c}{PRINTED_SUFFIX}" in codes]


def survey_percentages(df: pd.DataFrame, year: int, label: str) -> list[dict]:
    """Survey percentages recomputed from the printed counts.

    The sample size is not printed; the categories of each table are one
    answer per household (their printed percentages add up to 100), so the
    sample total is the sum of the printed counts:

    * ``sample_households`` (户) = Σ counts (表 4-1: 89 + 1 + 13 + 7 = 110);
    * ``<count>_pct`` (%) = count / sample total × 100 (健康: 89 / 110 × 100
      = 80.91), per region, year and source.

    ``label`` names the table in ``basis`` (``{table[survey_health]}``, numbered
    where the basis is printed: ``nanjiang.text.provenance``).
    """
    df = up_to(df, year)
    counts = count_indicators(df)
    rows = []
    for (y, region, source), sub in df.groupby(["year", "region_code", "source_id"],
                                               sort=True):
        sub = sub[sub["indicator"].isin(counts)]
        if sub.empty:
            continue
        total = sub["value"].sum()
        name = sub["region_name"].iloc[0]
        terms = " + ".join(sub["value_text"])
        rows.append(row(y, region, name, "sample_households", total, "户",
                        f"{label}各类户数之和 {terms}（样本量未印出）", source, 0))
        if not total:
            continue
        for _, r in sub.iterrows():
            rows.append(row(y, region, name, f"{r['indicator']}_pct", r["value"] / total * 100,
                            "%", f"{label} {r['value_text']} / {total:g} × 100", source))
    return rows
