"""The study regions: the four prefectures of 南疆四地州 (NJ4), as the data
package defines them (``aggregates: NJ4: members`` in data/raw/datapackage.yaml).

One list for every use: the derived indicators, the figures (colours and
short labels stay in ``figures.style``, keyed by code), the report's tables
and the monitoring partitions. A prefecture added to regions.csv only (the
TEST region of tests/test_briefs.py) gets a brief but never enters the
report's charts: it is not a member of NJ4.

Standard library and PyYAML only: Snakemake reads it when it parses the workflow.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

STUDY_AREA = "NJ4"
# Read by every job that imports this module (nanjiang.workflow.codedeps).
DATA_FILES = ["../../../data/raw/datapackage.yaml"]
DESCRIPTOR = Path(__file__).resolve().parents[3] / "data" / "raw" / "datapackage.yaml"


@cache
def study_prefectures(descriptor: str | Path = DESCRIPTOR) -> tuple[str, ...]:
    """Codes of NJ4's member prefectures, in the order the descriptor lists
    them: the seed's order (表 2-3, 表 3-1: 阿克苏, 喀什, 和田, 克州)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it
    with open(descriptor, encoding="utf-8") as fh:
        aggregates = yaml.load(fh, Loader=loader).get("aggregates") or {}
    members = (aggregates.get(STUDY_AREA) or {}).get("members")
    if not members:
        raise ValueError(f"{descriptor}: aggregates: {STUDY_AREA}: members is missing")
    return tuple(str(m) for m in members)
