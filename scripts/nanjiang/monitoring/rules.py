"""Screening rules (pandas reference implementation, vectorised, one row per household).

Categories (mutually exclusive, first match wins):
  脱贫不稳定户   脱贫户 with per-capita income below the year's line,
                 or a 两不愁三保障/饮水安全 flag failing
  边缘易致贫户   一般农户 under the same test
  突发严重困难户 income drop >= ``income_drop_share`` of last year's, or rigid expenditure
                 (medical + education + disaster) >= ``expenditure_spike_share`` of household
                 income, and income left after rigid expenditure per person below the line
  风险消除       monitored last year, none of the above, and every condition of clearance
                 met (CLEARANCE: income above the line, not at it; income left after rigid
                 expenditure per person above the line; labour capacity; monitored since at
                 least ``clearance_min_months`` before the end of the year; an assistance
                 measure recorded)
  风险未消除     monitored last year, none of the three entry tests, a condition of
                 clearance not met: stays monitored (``not_cleared`` names the first unmet,
                 in the order of NOT_CLEARED)
  未纳入监测     the rest
The sources of the clearance rule are in docs/reference/monitoring.md (中农组发〔2021〕7号 as
county offices apply it); a date monitoring began that is not recorded cannot show the period,
so such a household is not cleared.
Risk types (chapter 4 of the report, an analysis, not the information system's risk types
of ``main_risk``; several per household possible):
  能力缺失型     weak/no labour capacity, or any member ill or disabled
  外部环境脆弱型 disaster loss > 0, or housing or drinking water not secure
  政策型         transfer income > 0 and >= ``policy_dependence_share`` of per-capita income
  自我发展型     compulsory education not secure, or labour able but nobody working
  产业激励不足   no operating income and no industry support
"""

from __future__ import annotations

import calendar

import pandas as pd

DEFAULTS = {
    "income_drop_share": 0.3,
    "expenditure_spike_share": 0.5,
    "policy_dependence_share": 0.5,
    "clearance_min_months": 6,
}
CATEGORIES = ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户", "风险未消除", "风险消除",
              "未纳入监测"]
# Monitored households (监测对象): the three types and those whose risk is not cleared.
MONITORED = ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户", "风险未消除"]
# Why a household monitored last year is not cleared: the first unmet condition, in order.
NOT_CLEARED = [
    "收入未高于监测范围",  # per-capita income at or below the line
    "刚性支出后收入未高于监测范围",  # (household income - rigid expenditure) / size <= line
    "无劳动能力（暂不标注）",  # no labour capacity: not marked, monitored on
    "无监测开始日期",  # the period cannot be checked
    "监测时长不足",  # monitored for less than clearance_min_months by the year's end
    "无帮扶措施",  # no assistance measure recorded
]
# A measures cell saying there is none
NO_MEASURE = ["无"]
RISK_TYPES = ["能力缺失型", "外部环境脆弱型", "政策型", "自我发展型", "产业激励不足"]
# What a screen writes (both engines, in this order): the input columns the summary counts
# by, passed on, then the screen's results. The county lists join the validated table back on
# the key (household_id, year) for the columns they show.
PASSED_ON = ["household_id", "year", "county_code", "household_size", "main_risk",
             "assistance_measures"]
SCREENED = [*PASSED_ON, "category", "not_cleared", *RISK_TYPES]
GUARANTEE_FLAGS = [
    "food_clothing_secure",
    "compulsory_education_secure",
    "basic_medical_secure",
    "housing_secure",
    "drinking_water_secure",
]


def period_cutoff(year: int, months: int) -> str:
    """The latest date monitoring may have begun to last ``months`` by 31 December of
    ``year`` (YYYY-MM-DD): the last day of the month ``months`` before December (a start on
    it, plus ``months`` months, is on or before 31 December). The SQL of ``engine.py``
    computes the same."""
    k = int(year) * 12 + 11 - int(months)
    y, m = divmod(k, 12)
    return f"{y:04d}-{m + 1:02d}-{calendar.monthrange(y, m + 1)[1]:02d}"


def screened(households: pd.DataFrame, line: float, params: dict | None = None) -> pd.DataFrame:
    """What a screen writes (``SCREENED``): the columns DuckDB's screen writes, in its order."""
    return classify(households, line, params)[SCREENED]


def classify(households: pd.DataFrame, line: float, params: dict | None = None) -> pd.DataFrame:
    """``households`` with a ``category`` column, the unmet condition of clearance
    (``not_cleared``) and one boolean column per risk type."""
    p = {**DEFAULTS, **(params or {})}
    h = households
    guarantees_fail = (h[GUARANTEE_FLAGS] == 0).any(axis=1)
    at_risk = (h["income_per_capita"] < line) | guarantees_fail
    prev = h["income_per_capita_prev"].astype("float64")
    income_drop = prev.notna() & (prev - h["income_per_capita"] >= p["income_drop_share"] * prev)
    rigid = h["exp_medical"] + h["exp_education"] + h["exp_disaster"]
    household_income = h["income_per_capita"] * h["household_size"]
    spike = rigid >= p["expenditure_spike_share"] * household_income
    left_per_capita = (household_income - rigid) / h["household_size"]
    sudden = (income_drop | spike) & (left_per_capita < line)
    # 风险消除: every condition met, else the first unmet (NOT_CLEARED, in order)
    start = h["monitoring_start"].astype("object")
    known = start.notna()
    cutoff = h["year"].map({y: period_cutoff(y, p["clearance_min_months"])
                            for y in h["year"].unique()})
    long_enough = known & (start.where(known, "") <= cutoff)
    measures = h["assistance_measures"].astype("object")
    measured = measures.notna() & ~measures.isin(["", *NO_MEASURE])
    unmet = [
        ~(h["income_per_capita"] > line),
        ~(left_per_capita > line),
        h["labour_capacity"] == "无劳动能力",
        ~known,
        ~long_enough,
        ~measured,
    ]
    review = (h["monitored_prev"] == 1) & ~at_risk & ~sudden
    not_cleared = pd.Series(None, index=h.index, dtype="object")
    for reason, fails in zip(reversed(NOT_CLEARED), reversed(unmet), strict=True):
        not_cleared[review & fails] = reason
    category = pd.Series("未纳入监测", index=h.index, dtype="object")
    category[review] = "风险消除"
    category[not_cleared.notna()] = "风险未消除"
    category[sudden] = "突发严重困难户"
    category[at_risk & (h["household_type"] == "一般农户")] = "边缘易致贫户"
    category[at_risk & (h["household_type"] == "脱贫户")] = "脱贫不稳定户"
    out = h.copy()
    out["category"] = category
    out["not_cleared"] = not_cleared.where(not_cleared.notna(), None)  # None, as DuckDB's
    out["能力缺失型"] = (h["labour_capacity"] != "有劳动能力") | (h["members_ill_or_disabled"] > 0)
    out["外部环境脆弱型"] = (
        (h["exp_disaster"] > 0) | (h["housing_secure"] == 0) | (h["drinking_water_secure"] == 0)
    )
    out["政策型"] = (h["income_transfer"] > 0) & (
        h["income_transfer"] >= p["policy_dependence_share"] * h["income_per_capita"]
    )
    out["自我发展型"] = (h["compulsory_education_secure"] == 0) | (
        (h["labour_capacity"] == "有劳动能力") & (h["members_working"] == 0)
    )
    out["产业激励不足"] = (h["income_operating"] == 0) & (h["industry_support"] == 0)
    return out
