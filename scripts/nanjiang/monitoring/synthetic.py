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
# Placeholder names of assistance measures (no published margin): what a SYNTHETIC household
# monitored last year has had.
MEASURES = ["产业帮扶", "就业帮扶", "健康帮扶", "教育帮扶", "综合保障", "小额信贷", "公益岗位"]
# When no field points at a main risk type (schema.yaml's main_risk), one of these.
OTHER_RISKS = ["务工就业不稳", "产业项目失败", "因意外事故", "其他"]


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
    # Drawn after every column above, which these leave as they were.
    _monitoring_fields(rng, table, year, line)
    return table[field_names()]


def _monitoring_fields(rng, table: pd.DataFrame, year: int, line: float) -> None:
    """The optional fields: for households monitored last year, the date monitoring began
    (in the two years before the year's end; one in ten not recorded) and the assistance
    measures (none for one in ten); for them and households below the line or with a
    guarantee failing, the main risk type, from the fields that point at one."""
    n = len(table)
    prev = table["monitored_prev"].to_numpy() == 1
    first = np.datetime64(f"{year - 2}-01-01")
    days = (np.datetime64(f"{year}-12-31") - first).astype(int) + 1
    offset = rng.integers(0, days, n)
    recorded = prev & (rng.random(n) >= 0.1)
    start = np.full(n, None, dtype=object)  # text made only where it is kept (5 %)
    start[recorded] = (first + offset[recorded]).astype(str)
    table["monitoring_start"] = start
    count = rng.choice(3, n, p=[0.1, 0.6, 0.3])
    first_pick = rng.integers(0, len(MEASURES), n)
    second_pick = (first_pick + rng.integers(1, len(MEASURES), n)) % len(MEASURES)
    names = np.array(MEASURES, dtype=object)
    measures = np.full(n, None, dtype=object)
    one, two = prev & (count == 1), prev & (count == 2)
    measures[one] = names[first_pick[one]]
    measures[two] = names[first_pick[two]] + "、" + names[second_pick[two]]
    table["assistance_measures"] = measures
    ill = table["members_ill_or_disabled"].to_numpy() > 0
    illness = np.where(rng.random(n) < 0.7, "因病", "因残")
    other = rng.choice(OTHER_RISKS, n, p=[0.4, 0.3, 0.1, 0.2])
    pointed = np.select(
        [table["housing_secure"].to_numpy() == 0, table["drinking_water_secure"].to_numpy() == 0,
         table["exp_disaster"].to_numpy() > 0, ill,
         table["labour_capacity"].to_numpy() == "无劳动能力",
         table["exp_education"].to_numpy() > 3000],
        ["住房安全", "饮水安全", "因灾", illness, "缺劳动力", "因学"], other)
    flags = table[["food_clothing_secure", "compulsory_education_secure", "basic_medical_secure",
                   "housing_secure", "drinking_water_secure"]].to_numpy()
    risky = prev | (table["income_per_capita"].to_numpy() < line) | (flags == 0).any(axis=1)
    table["main_risk"] = np.where(risky, pointed.astype(object), None)
