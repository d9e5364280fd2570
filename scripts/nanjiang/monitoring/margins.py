"""Published margins the SYNTHETIC generator is calibrated to, read from the report's own raw
tables (``data/raw/``) as validated (``data/derived/validated/``: a table may be supplied as a
CSV or a workbook in its place), each with where it comes from.

Used (the rows are read, not copied into code):

* **where households are**: the 2014 建档立卡 poor population of each prefecture
  (``poor_population_2014.csv``, registered_poor_population, 万人, 表 2-4) divided by its mean
  household size below: the synthetic households are spread over the prefectures in those
  proportions, evenly over each prefecture's counties (no county table exists);
* **household size**: per prefecture, 2014 registered poor population / registered poor
  households (``facts.csv``, registered_poor_households: 阿克苏地区 58136 户, 喀什地区 28.58
  万户, 克州 4.16 万户); a prefecture without a household count (和田地区) takes the pooled
  mean of the others. Sizes are 1 + Poisson(mean − 1);
* **health**: the 英吉沙县 field survey of 建档立卡户 (``survey_health.csv``, 2019): 80.9 % of
  the sampled households "健康", so 19.1 % of 脱贫户 have a member ill or disabled.

Not calibrated (no margin in the raw tables fits the household schema): incomes around the
line, the 两不愁三保障 flags, labour capacity (``labour_composition.csv`` gives shares of
persons in 2014, not of households' main labour), the 一般农户's health, and education: the
麦盖提县 survey (``survey_education.csv``) counts households by schooling level, which the
household table does not record.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

# The raw tables read, as validated (inputs of the rule that generates SYNTHETIC households).
TABLES = {"population": "poor_population_2014", "facts": "facts", "health": "survey_health"}
UNITS = {"户": 1.0, "万户": 1e4, "人": 1.0, "万人": 1e4}


@dataclass(frozen=True)
class Margins:
    households_share: dict[str, float]  # prefecture -> share of households
    mean_size: dict[str, float]  # prefecture -> mean household size
    ill_share_poverty_exited: float  # share of 脱贫户 with a member ill or disabled
    notes: list[str] = field(default_factory=list)


def _rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def read_margins(tables: dict[str, Path], prefectures: list[str]) -> Margins:
    """The margins for ``prefectures`` from the raw tables (paths by the keys of TABLES)."""
    people = {r["region_code"]: float(r["value"]) * UNITS[r["unit"]]
              for r in _rows(tables["population"])
              if r["indicator"] == "registered_poor_population" and r["year"] == "2014"}
    households = {r["region_code"]: float(r["value"]) * UNITS[r["unit"]]
                  for r in _rows(tables["facts"])
                  if r["indicator"] == "registered_poor_households" and r["year"] == "2014"}
    missing = [p for p in prefectures if p not in people]
    if missing:
        raise ValueError(f"no 2014 registered poor population for prefectures {missing}")
    counted = [p for p in prefectures if p in households]
    pooled = sum(people[p] for p in counted) / sum(households[p] for p in counted)
    mean_size = {p: (people[p] / households[p] if p in households else pooled)
                 for p in prefectures}
    weights = {p: people[p] / mean_size[p] for p in prefectures}
    total = sum(weights.values())
    health = {r["indicator"]: float(r["value"]) for r in _rows(tables["health"])}
    ill = 1 - health["healthy_households_pct_printed"] / 100
    notes = [
        f"{p}: {weights[p] / total:.1%} of households, mean size {mean_size[p]:.2f}"
        + ("" if p in households else " (pooled: no household count)")
        for p in prefectures
    ] + [f"脱贫户 with a member ill or disabled: {ill:.1%} (英吉沙县 survey 2019)"]
    return Margins({p: w / total for p, w in weights.items()}, mean_size, ill, notes)
