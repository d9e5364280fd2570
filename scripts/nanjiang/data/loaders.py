"""Load the CSVs of validated raw tables and derived indicator tables as DataFrames."""

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
