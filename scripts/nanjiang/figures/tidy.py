"""Read the tidy tables a figure draws from (validated, raw or derived CSV)."""

from __future__ import annotations

import pandas as pd

from nanjiang.data.data_year import shown_rows, years_present


def read_tidy(path: str) -> pd.DataFrame:
    """A tidy table with ``value`` as float, ``year`` as int, codes as text.

    Accepts validated tables (with ``decimals``), raw tables (without) and
    derived indicator tables, so figures can be tested on the raw files.
    """
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df["value_text"] = df["value"]  # as printed, for value labels
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    df["year"] = df["year"].astype(int)
    return df


class NoDataError(ValueError):
    """A chart has no row at or before the report year (``first_year``: the
    earliest year its data has, if any)."""

    def __init__(self, message: str, first_year: int | None = None):
        super().__init__(message)
        self.first_year = first_year


def latest_drawn(df: pd.DataFrame, year: int, what: str) -> pd.DataFrame:
    """``data_year.shown_rows``, for data a chart cannot be drawn without: none at or
    before the report year raises NoDataError (the figure becomes a gap)."""
    rows = shown_rows(df, year)
    if rows.empty:
        raise NoDataError(f"{what}: no rows at or before {year}; years present: "
                          f"{years_present(df)}", min(df["year"], default=None))
    return rows


def value(df: pd.DataFrame, region: str, indicator: str) -> float | None:
    """The value of one region and indicator (first row), or None if absent."""
    hit = df[(df["region_code"] == region) & (df["indicator"] == indicator)]
    return None if hit.empty else float(hit["value"].iloc[0])

