"""The prefectures and counties that household records may name: the study
prefectures (``nanjiang.data.study_regions``) and their counties in regions.csv.

Snakemake reads it when it parses the workflow (the partitions of the
screening are these prefectures, not a list in the code).
"""

from __future__ import annotations

import csv
from pathlib import Path

from nanjiang.data.study_regions import study_prefectures


def prefecture_counties(regions_csv: str | Path) -> dict[str, list[str]]:
    """Study prefecture code -> its county codes (``parent_code``), prefectures
    by code; the data package is the one beside ``regions_csv``."""
    regions_csv = Path(regions_csv)
    with regions_csv.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    studied = set(study_prefectures(regions_csv.with_name("datapackage.yaml")))
    prefectures = sorted(r["region_code"] for r in rows
                         if r["level"] == "prefecture" and r["region_code"] in studied)
    out: dict[str, list[str]] = {p: [] for p in prefectures}
    for r in rows:
        if r["level"] == "county" and r["parent_code"] in out:
            out[r["parent_code"]].append(r["region_code"])
    return {p: sorted(c) for p, c in out.items()}
