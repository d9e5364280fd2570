"""Read the tidy tables a figure draws from (validated, raw or derived CSV)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pandas as pd


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


def latest(df: pd.DataFrame, year: int) -> pd.DataFrame:
    """Rows of the latest year at or before ``year`` (the whole table's year)."""
    eligible = df[df["year"] <= year]
    if eligible.empty:
        return eligible
    return eligible[eligible["year"] == eligible["year"].max()]


def value(df: pd.DataFrame, region: str, indicator: str) -> float | None:
    """The value of one region and indicator (first row), or None if absent."""
    hit = df[(df["region_code"] == region) & (df["indicator"] == indicator)]
    return None if hit.empty else float(hit["value"].iloc[0])


def fmt(x: float, decimals: int = 1) -> str:
    """``x`` rounded half up, as printed in Chinese statistics (6.25 -> 6.3),
    not Python's round-half-even on binary floats (6.25 -> 6.2)."""
    quantum = Decimal(1).scaleb(-decimals)
    return str(Decimal(repr(float(x))).quantize(quantum, rounding=ROUND_HALF_UP))
