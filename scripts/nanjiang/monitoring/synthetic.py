"""Seeded generator of SYNTHETIC households for every county of the four prefectures.

NOT calibrated to published margins yet: sizes, incomes around ``line`` and flag shares are
placeholder parameters below. Output says SYNTHETIC in its file name and in household ids.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .schema import field_names

LABOUR = ["有劳动能力", "弱劳动能力", "无劳动能力"]


def generate(counties: list[str], n: int, year: int, line: float, seed: int) -> pd.DataFrame:
    """``n`` SYNTHETIC households spread over ``counties``; same arguments, same table."""
    rng = np.random.default_rng(seed)
    size = rng.integers(1, 9, n)
    income = np.round(line * rng.lognormal(0.45, 0.45, n), 0)
    shares = rng.dirichlet([4, 2, 0.3, 2], n)
    parts = np.round(income[:, None] * shares[:, :3], 0)
    transfer = income - parts.sum(axis=1)
    prev = np.round(income * rng.uniform(0.6, 1.3, n), 0)

    def flag(p_fail: float) -> np.ndarray:
        return (rng.random(n) >= p_fail).astype(int)

    table = pd.DataFrame({
        "household_id": [f"SYNTHETIC{year}{i:09d}" for i in range(n)],
        "county_code": rng.choice(sorted(counties), n),
        "year": year,
        "household_size": size,
        "household_type": np.where(rng.random(n) < 0.35, "脱贫户", "一般农户"),
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
        "members_ill_or_disabled": rng.binomial(size, 0.08),
        "industry_support": flag(0.6),
        "monitored_prev": (rng.random(n) < 0.05).astype(int),
    })
    # Operating income set to 0 above must leave the components adding up.
    table["income_transfer"] = table["income_per_capita"] - table[
        ["income_wage", "income_operating", "income_property"]
    ].sum(axis=1)
    table["income_transfer"] = table["income_transfer"].clip(lower=0)
    return table[field_names()]
