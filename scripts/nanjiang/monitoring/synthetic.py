"""Seeded generator of SYNTHETIC households for every county of the four prefectures.

Calibrated, when given ``margins`` (``margins.py``: read from the report's raw tables), to the
published margins that exist: the households' spread over the prefectures (2014 建档立卡
population), household sizes per prefecture (2014 population / households) and the share of
脱贫户 with a member ill or disabled (英吉沙县 survey). Incomes around ``line``, the
两不愁三保障 flags, labour capacity and the rest are placeholder parameters below: no
published margin for them is in the raw tables. Output says SYNTHETIC in its file name and in
household ids. Same arguments, same table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from nanjiang.monitoring.margins import Margins
from nanjiang.monitoring.schema import field_names

LABOUR = ["有劳动能力", "弱劳动能力", "无劳动能力"]
MAX_SIZE = 12


def _places_and_sizes(rng, counties, n: int, margins: Margins | None):
    """County codes and household sizes: calibrated per prefecture, else uniform 1–8."""
    if margins is None:
        return rng.choice(sorted(counties), n), rng.integers(1, 9, n)
    prefectures = sorted(counties)
    which = rng.choice(len(prefectures), n, p=[margins.households_share[p] for p in prefectures])
    county = np.empty(n, dtype=object)
    size = np.empty(n, dtype=np.int64)
    for i, p in enumerate(prefectures):
        at = np.flatnonzero(which == i)
        county[at] = rng.choice(sorted(counties[p]), len(at))
        size[at] = 1 + rng.poisson(margins.mean_size[p] - 1, len(at))
    return county, np.minimum(size, MAX_SIZE)


def generate(counties, n: int, year: int, line: float, seed: int,
             margins: Margins | None = None) -> pd.DataFrame:
    """``n`` SYNTHETIC households spread over ``counties`` (a list; with ``margins`` a dict
    prefecture -> its counties); same arguments, same table."""
    rng = np.random.default_rng(seed)
    county, size = _places_and_sizes(rng, counties, n, margins)
    income = np.round(line * rng.lognormal(0.45, 0.45, n), 0)
    shares = rng.dirichlet([4, 2, 0.3, 2], n)
    parts = np.round(income[:, None] * shares[:, :3], 0)
    transfer = income - parts.sum(axis=1)
    prev = np.round(income * rng.uniform(0.6, 1.3, n), 0)
    exited = rng.random(n) < 0.35
    ill = rng.binomial(size, 0.08)
    if margins is not None:  # 脱贫户: the survey's share with someone ill or disabled
        someone = rng.random(n) < margins.ill_share_poverty_exited
        more = rng.binomial(size - 1, 0.1)
        ill = np.where(exited, someone * (1 + more), ill)

    def flag(p_fail: float) -> np.ndarray:
        return (rng.random(n) >= p_fail).astype(int)

    table = pd.DataFrame({
        "household_id": [f"SYNTHETIC{year}{i:09d}" for i in range(n)],
        "county_code": county,
        "year": year,
        "household_size": size,
        "household_type": np.where(exited, "脱贫户", "一般农户"),
        "income_per_capita": income,
        "income_wage": parts[:, 0],
        "income_operating": np.where(rng.random(n) < 0.2, 0.0, parts[:, 1]),
        "income_property": parts[:, 2],
        "income_transfer": transfer,
        "income_per_capita_prev": prev,
        "exp_medical": np.round(rng.exponential(1500, n), 0),
        "exp_education": np.round(rng.exponential(800, n), 0),
        "exp_disaster": np.where(rng.random(n) < 0.03, np.round(rng.exponential(5000, n)), 0.0),
        "food_clothing_secure": flag(0.002),
        "compulsory_education_secure": flag(0.01),
        "basic_medical_secure": flag(0.01),
        "housing_secure": flag(0.005),
        "drinking_water_secure": flag(0.005),
        "labour_capacity": rng.choice(LABOUR, n, p=[0.8, 0.15, 0.05]),
        "members_working": np.minimum(rng.integers(0, 4, n), size),
        "members_ill_or_disabled": ill,
        "industry_support": flag(0.6),
        "monitored_prev": (rng.random(n) < 0.05).astype(int),
    })
    # Operating income set to 0 above must leave the components adding up.
    table["income_transfer"] = table["income_per_capita"] - table[
        ["income_wage", "income_operating", "income_property"]
    ].sum(axis=1)
    table["income_transfer"] = table["income_transfer"].clip(lower=0)
    return table[field_names()]
