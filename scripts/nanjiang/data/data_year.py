"""The year a table shows for a report year: its latest year at or before
the report year (a later year is never shown; an earlier one stands in).

One rule for the report's tables, the charts, the briefs, the facts and the
derived indicators. Callers differ only in which rows decide, and say so:

* ``region``: the report's tables and the indicator charts take the year of
  南疆四地州 (NJ4), the report's subject, when the table has NJ4 rows (a
  national series that runs a year longer does not move the table); a chart
  of one region passes that region; tables without it use every row;
* ``strict`` (config ``strict``): only the report year itself counts, so a
  table that stops earlier fails the build instead of standing in.

Callers raise their own error when there is no such year (a report table
becomes a gap, a chart a gap figure).

A region shown in the table's previous year but without a row of the year
shown (a national series published later) keeps its latest row
(``carried_rows``): tables print its name with that year and a note, charts
label it so; the edition is a draft until the row comes.
"""

from __future__ import annotations

import pandas as pd


def up_to(df: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of years at or before the report year."""
    return df[df["year"] <= year]


def shown_year(df: pd.DataFrame, year: int, region: str | None = None,
               strict: bool = False) -> int | None:
    """The year shown for report year ``year``: the latest at or before it with
    rows (of ``region`` when given); only ``year`` itself if ``strict``; None if none."""
    rows = df if region is None else df[df["region_code"] == region]
    years = up_to(rows, year)["year"]
    if strict:
        return year if (years == year).any() else None
    return int(years.max()) if not years.empty else None


def shown_rows(df: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every row of the shown year (of the whole table), none if there is none."""
    shown = shown_year(df, year)
    return df.iloc[0:0] if shown is None else df[df["year"] == shown]


def years_present(df: pd.DataFrame) -> str:
    """'2014, 2018' (or 'none'), for an error message."""
    return ", ".join(str(y) for y in sorted(set(df["year"]))) or "none"


def carried_rows(df: pd.DataFrame, year: int) -> pd.DataFrame:
    """The latest rows (at or before ``year``) of each region the table had
    in its previous year but not in ``year``, in file order."""
    earlier = df[df["year"] < year]
    if earlier.empty:
        return df.iloc[0:0]
    previous = set(earlier.loc[earlier["year"] == earlier["year"].max(), "region_code"])
    missing = previous - set(df.loc[df["year"] == year, "region_code"])
    if not missing:
        return df.iloc[0:0]
    kept = earlier[earlier["region_code"].isin(missing)]
    latest = kept.groupby("region_code")["year"].transform("max")
    return kept[kept["year"] == latest]
