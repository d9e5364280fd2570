"""Load validated tables (``data/derived/validated``) and pick the report year."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

VALIDATED = Path("data/derived/validated")


def load_validated(table: str, folder: str | Path = VALIDATED) -> pd.DataFrame:
    """A validated table, with ``value`` as float and the printed text kept."""
    df = pd.read_csv(
        Path(folder) / f"{table}.csv",
        dtype=str,
        keep_default_na=False,
        encoding="utf-8",
    )
    df["value_text"] = df["value"]
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    df["year"] = df["year"].astype(int)
    df["decimals"] = df["decimals"].astype(int)
    return df


def load_derived(path: str | Path) -> pd.DataFrame:
    """A derived indicator table, with the same columns as ``load_validated``."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    df["value_text"] = df["value"]
    df["value"] = pd.to_numeric(df["value"], errors="coerce")
    df["year"] = df["year"].astype(int)
    df["decimals"] = [len(v.split(".", 1)[1]) if "." in v else 0 for v in df["value_text"]]
    return df


class MissingYearError(Exception):
    """Strict mode: a table has no row for the report year."""


def select_year(df: pd.DataFrame, year: int, strict: bool = False) -> pd.DataFrame:
    """Rows of the latest year at or before ``year``, per indicator and region.

    Each (region, indicator) keeps its own latest year, so a table whose series
    end at different years shows each at its latest; ``data_year`` holds it.
    With ``strict`` a table that has no row for ``year`` itself raises.
    """
    if strict and year not in set(df["year"]):
        have = ", ".join(str(y) for y in sorted(set(df["year"])))
        raise MissingYearError(f"no rows for {year}; years present: {have}")
    eligible = df[df["year"] <= year]
    if eligible.empty:
        return eligible.assign(data_year=pd.Series(dtype=int))
    latest = eligible.groupby(["region_code", "indicator"])["year"].transform("max")
    out = eligible[eligible["year"] == latest].copy()
    out["data_year"] = out["year"]
    return out
