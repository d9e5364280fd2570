"""Screening rules on households worked out by hand (line 6000 元 in every case)."""

from __future__ import annotations

import pandas as pd
import pytest

from nanjiang.monitoring.rules import classify

LINE = 6000.0

# A secure 一般农户: 3 people, 9000 元 each (wage 6000, operating 2000, transfer 1000).
BASE = {
    "household_id": "H1", "county_code": "653123", "year": 2023, "household_size": 3,
    "household_type": "一般农户", "income_per_capita": 9000.0, "income_wage": 6000.0,
    "income_operating": 2000.0, "income_property": 0.0, "income_transfer": 1000.0,
    "income_per_capita_prev": 9000.0, "exp_medical": 0.0, "exp_education": 0.0,
    "exp_disaster": 0.0, "food_clothing_secure": 1, "compulsory_education_secure": 1,
    "basic_medical_secure": 1, "housing_secure": 1, "drinking_water_secure": 1,
    "labour_capacity": "有劳动能力", "members_working": 2, "members_ill_or_disabled": 0,
    "industry_support": 1, "monitored_prev": 0, "monitoring_start": None,
    "assistance_measures": None, "main_risk": None,
}


def screen(**changes) -> pd.Series:
    return classify(pd.DataFrame([{**BASE, **changes}]), LINE).iloc[0]


def test_secure_household_is_not_monitored_and_shows_no_risk():
    row = screen()
    assert row["category"] == "未纳入监测"
    assert not row[["能力缺失型", "外部环境脆弱型", "政策型", "自我发展型", "产业激励不足"]].any()


@pytest.mark.parametrize(
    ("household_type", "expected"), [("脱贫户", "脱贫不稳定户"), ("一般农户", "边缘易致贫户")]
)
def test_income_below_line(household_type, expected):
    # 5999 < 6000: below the line; components 5999 = 4999 + 0 + 0 + 1000.
    row = screen(household_type=household_type, income_per_capita=5999.0, income_wage=4999.0)
    assert row["category"] == expected


def test_income_at_the_line_is_not_below():
    assert screen(income_per_capita=6000.0, income_wage=3000.0)["category"] == "未纳入监测"


@pytest.mark.parametrize(
    "flag",
    ["food_clothing_secure", "compulsory_education_secure", "basic_medical_secure",
     "housing_secure", "drinking_water_secure"],
)
def test_one_guarantee_failing_is_enough(flag):
    assert screen(household_type="脱贫户", **{flag: 0})["category"] == "脱贫不稳定户"


def test_sudden_medical_expense():
    # Household income 3 × 9000 = 27000; medical 14000 >= 0.5 × 27000 = 13500 (spike);
    # left per person (27000 − 14000) / 3 = 4333 < 6000.
    assert screen(exp_medical=14000.0)["category"] == "突发严重困难户"


def test_expense_below_spike_share_is_not_sudden():
    # 13000 < 13500: no spike although (27000 − 13000) / 3 = 4667 < 6000.
    assert screen(exp_medical=13000.0)["category"] == "未纳入监测"


def test_income_drop_needs_income_left_below_line():
    # Previous 15000, now 9000: drop 6000 >= 0.3 × 15000 but 9000 >= 6000 left: not monitored.
    assert screen(income_per_capita_prev=15000.0)["category"] == "未纳入监测"
    # Now with 3000 education + 6000 disaster: left (27000 − 9000) / 3 = 6000, not below.
    row = screen(income_per_capita_prev=15000.0, exp_education=3000.0, exp_disaster=6000.0)
    assert row["category"] == "未纳入监测"
    # 1 元 more expense: left 5999.67 < 6000 → 突发严重困难户.
    row = screen(income_per_capita_prev=15000.0, exp_education=3001.0, exp_disaster=6000.0)
    assert row["category"] == "突发严重困难户"


def test_drop_share_is_a_parameter():
    # Previous 12000 → 9000 is a 25 % drop: not a drop at 0.3, a drop at 0.25.
    household = pd.DataFrame([{**BASE, "income_per_capita_prev": 12000.0, "exp_medical": 9001.0}])
    assert classify(household, LINE)["category"].iloc[0] == "未纳入监测"
    params = {"income_drop_share": 0.25}
    assert classify(household, LINE, params)["category"].iloc[0] == "突发严重困难户"


def test_risk_removed_when_previously_monitored_and_now_secure():
    assert screen(monitored_prev=1)["category"] == "风险消除"
    assert screen(monitored_prev=1, housing_secure=0)["category"] == "边缘易致贫户"


def test_missing_previous_income_is_no_drop():
    row = screen(income_per_capita_prev=None, income_per_capita=6100.0, income_wage=3100.0)
    assert row["category"] == "未纳入监测"


def test_risk_types_by_hand():
    assert screen(labour_capacity="弱劳动能力")["能力缺失型"]
    assert screen(members_ill_or_disabled=1)["能力缺失型"]
    assert screen(exp_disaster=1.0)["外部环境脆弱型"]
    assert screen(drinking_water_secure=0)["外部环境脆弱型"]
    # Transfer 4500 of 9000 = 0.5: policy-dependent; 4499 is not.
    assert screen(income_transfer=4500.0, income_wage=2500.0)["政策型"]
    assert not screen(income_transfer=4499.0, income_wage=2501.0)["政策型"]
    assert screen(compulsory_education_secure=0)["自我发展型"]
    assert screen(members_working=0)["自我发展型"]
    assert not screen(members_working=0, labour_capacity="无劳动能力")["自我发展型"]
    assert screen(income_operating=0.0, industry_support=0)["产业激励不足"]
    assert not screen(income_operating=0.0, industry_support=1)["产业激励不足"]
