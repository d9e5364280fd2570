"""The prefectures and counties that household records may name, from regions.csv.

Standard library only: Snakemake reads it when it parses the workflow (the partitions of the
screening are the prefectures listed here, not a list in the code).
"""

from __future__ import annotations

import csv
from pathlib import Path


def prefecture_counties(regions_csv: str | Path) -> dict[str, list[str]]:
    """Prefecture code -> its county codes (``parent_code``), every prefecture of regions.csv."""
    with open(regions_csv, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    prefectures = sorted(r["region_code"] for r in rows if r["level"] == "prefecture")
    out: dict[str, list[str]] = {p: [] for p in prefectures}
    for r in rows:
        if r["level"] == "county" and r["parent_code"] in out:
            out[r["parent_code"]].append(r["region_code"])
    return {p: sorted(c) for p, c in out.items()}
