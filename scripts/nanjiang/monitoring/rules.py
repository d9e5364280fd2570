"""Screening rules (pandas reference implementation, vectorised, one row per household).

Categories (mutually exclusive, first match wins):
  脱贫不稳定户   脱贫户 with per-capita income below the year's line,
                 or a 两不愁三保障/饮水安全 flag failing
  边缘易致贫户   一般农户 under the same test
  突发严重困难户 income drop >= ``income_drop_share`` of last year's, or rigid expenditure
                 (medical + education + disaster) >= ``expenditure_spike_share`` of household
                 income, and income left after rigid expenditure per person below the line
  风险消除       monitored last year and none of the above
  未纳入监测     the rest
Risk types (chapter 4 of the report; several per household possible):
  能力缺失型     weak/no labour capacity, or any member ill or disabled
  外部环境脆弱型 disaster loss > 0, or housing or drinking water not secure
  政策型         transfer income > 0 and >= ``policy_dependence_share`` of per-capita income
  自我发展型     compulsory education not secure, or labour able but nobody working
  产业激励不足   no operating income and no industry support
"""

from __future__ import annotations

import pandas as pd

DEFAULTS = {
    "income_drop_share": 0.3,
    "expenditure_spike_share": 0.5,
    "policy_dependence_share": 0.5,
}
CATEGORIES = ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户", "风险消除", "未纳入监测"]
RISK_TYPES = ["能力缺失型", "外部环境脆弱型", "政策型", "自我发展型", "产业激励不足"]
GUARANTEE_FLAGS = [
    "food_clothing_secure",
    "compulsory_education_secure",
    "basic_medical_secure",
    "housing_secure",
    "drinking_water_secure",
]


def classify(households: pd.DataFrame, line: float, params: dict | None = None) -> pd.DataFrame:
    """``households`` with a ``category`` column and one boolean column per risk type."""
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
    category = pd.Series("未纳入监测", index=h.index, dtype="object")
    category[h["monitored_prev"] == 1] = "风险消除"
    category[sudden] = "突发严重困难户"
    category[at_risk & (h["household_type"] == "一般农户")] = "边缘易致贫户"
    category[at_risk & (h["household_type"] == "脱贫户")] = "脱贫不稳定户"
    out = h.copy()
    out["category"] = category
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
