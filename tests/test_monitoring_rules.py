"""Screening rules on households worked out by hand (line 6000 元 in every case), each
decided from the rules (docs/reference/monitoring.md), not from the code; every case (48
households) is screened by the pandas reference, by DuckDB and by Polars (the benchmark's
third engine), which must agree with it."""

from __future__ import annotations

import tempfile
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from nanjiang.monitoring import polars_screen
from nanjiang.monitoring.engine import screen_frame
from nanjiang.monitoring.rules import MONITORED, RISK_TYPES, classify, period_cutoff

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


def both(rows: list[dict], params: dict | None = None) -> pd.DataFrame:
    """The rows screened by the pandas reference, checked to be what DuckDB and Polars make
    of them (category, unmet condition of clearance, risk types), row for row."""
    table = pd.DataFrame(rows)
    reference = classify(table, LINE, params)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.parquet"
        con = duckdb.connect()
        con.register("t", table)
        con.execute("COPY t TO $path (FORMAT parquet)", {"path": str(path)})
        con.close()
        columnar = screen_frame(path, LINE, params)
        polars = pd.DataFrame(polars_screen.screen_frame(path, LINE, params).to_dict(
            as_series=False))
    cols = ["category", "not_cleared", *RISK_TYPES]
    expected = reference[cols].astype({c: bool for c in RISK_TYPES})
    for engine in (columnar, polars):
        pd.testing.assert_frame_equal(engine[cols].astype({c: bool for c in RISK_TYPES}),
                                      expected, check_dtype=False)
    return reference


def screen(params: dict | None = None, **changes) -> pd.Series:
    return both([{**BASE, **changes}], params).iloc[0]


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
    household = {"income_per_capita_prev": 12000.0, "exp_medical": 9001.0}
    assert screen(**household)["category"] == "未纳入监测"
    assert screen({"income_drop_share": 0.25}, **household)["category"] == "突发严重困难户"


# -- 风险消除 ------------------------------------------------------------------------------
# A household monitored last year, secure now (9000 元 each, no rigid expenditure, labour),
# monitored since 2023-06-30 (six months by 31 December 2023) with a measure recorded.
CLEARABLE = {"monitored_prev": 1, "monitoring_start": "2023-06-30",
             "assistance_measures": "产业帮扶"}


def test_risk_removed_only_when_every_condition_is_met():
    row = screen(**CLEARABLE)
    assert (row["category"], row["not_cleared"]) == ("风险消除", None)
    assert screen(**CLEARABLE, housing_secure=0)["category"] == "边缘易致贫户"
    # not monitored last year: nothing to clear
    assert screen(**{**CLEARABLE, "monitored_prev": 0})["category"] == "未纳入监测"
    assert "风险未消除" in MONITORED and "风险消除" not in MONITORED


def test_income_at_the_line_is_not_above_it_so_not_cleared():
    # 6000 = 3000 + 2000 + 0 + 1000: not below the line (no entry test), not above it.
    row = screen(**CLEARABLE, income_per_capita=6000.0, income_wage=3000.0)
    assert (row["category"], row["not_cleared"]) == ("风险未消除", "收入未高于监测范围")
    # one 元 above: 6001 − rigid 0 leaves 6001 per person: cleared
    assert screen(**CLEARABLE, income_per_capita=6001.0, income_wage=3001.0)["category"] \
        == "风险消除"


def test_medical_costs_leaving_income_below_the_line_are_not_under_control():
    # Household income 3 × 9000 = 27000. Medical 9001 is under the spike threshold
    # (0.5 × 27000 = 13500: no 突发严重困难户), but leaves (27000 − 9001) / 3 = 5999.67 per
    # person, below the line: the rigid expenditure is not under control, not cleared.
    row = screen(**CLEARABLE, exp_medical=9001.0)
    assert (row["category"], row["not_cleared"]) == ("风险未消除", "刚性支出后收入未高于监测范围")
    # 9000 leaves exactly 6000: at the line, not above it
    assert screen(**CLEARABLE, exp_medical=9000.0)["not_cleared"] == "刚性支出后收入未高于监测范围"
    # 8997 leaves 6001: cleared
    assert screen(**CLEARABLE, exp_medical=8997.0)["category"] == "风险消除"


def test_no_labour_capacity_is_not_marked_and_stays_monitored():
    row = screen(**CLEARABLE, labour_capacity="无劳动能力")
    assert (row["category"], row["not_cleared"]) == ("风险未消除", "无劳动能力（暂不标注）")
    assert row["category"] in MONITORED
    # weak labour capacity is labour capacity
    assert screen(**CLEARABLE, labour_capacity="弱劳动能力")["category"] == "风险消除"


def test_monitoring_shorter_than_the_minimum_period_is_not_cleared():
    # Six months (the county notice's half year) by 31 December 2023: begun by 2023-06-30.
    row = screen(**{**CLEARABLE, "monitoring_start": "2023-07-01"})
    assert (row["category"], row["not_cleared"]) == ("风险未消除", "监测时长不足")
    assert screen(**{**CLEARABLE, "monitoring_start": "2024-01-05"})["not_cleared"] \
        == "监测时长不足"  # begun after the year
    # the minimum is a setting: twelve months by the end of 2023 means begun by 2022-12-31
    twelve = {"clearance_min_months": 12}
    assert screen(twelve, **{**CLEARABLE, "monitoring_start": "2023-01-01"})["not_cleared"] \
        == "监测时长不足"
    assert screen(twelve, **{**CLEARABLE, "monitoring_start": "2022-12-31"})["category"] \
        == "风险消除"
    # the latest start: the last day of the month `months` before December
    assert [period_cutoff(2023, 6), period_cutoff(2024, 10), period_cutoff(2023, 10),
            period_cutoff(2023, 0), period_cutoff(2023, 12), period_cutoff(2023, 18)] == [
        "2023-06-30", "2024-02-29", "2023-02-28", "2023-12-31", "2022-12-31", "2022-06-30"]


def test_no_assistance_measure_is_not_cleared():
    for none in (None, "无"):
        row = screen(**{**CLEARABLE, "assistance_measures": none})
        assert (row["category"], row["not_cleared"]) == ("风险未消除", "无帮扶措施"), none


def test_a_missing_date_or_measure_clears_nobody_and_says_which():
    """An older export without the date monitoring began cannot show the period: such a
    household is not cleared (the county notice allows clearance only after the period),
    and the reason says the date is missing (the brief counts them)."""
    row = screen(monitored_prev=1)  # neither field
    assert (row["category"], row["not_cleared"]) == ("风险未消除", "无监测开始日期")
    row = screen(monitored_prev=1, assistance_measures="就业帮扶")
    assert row["not_cleared"] == "无监测开始日期"
    row = screen(monitored_prev=1, monitoring_start="2022-01-01")
    assert row["not_cleared"] == "无帮扶措施"
    # the first unmet condition is named: income first
    row = screen(monitored_prev=1, income_per_capita=6000.0, income_wage=3000.0)
    assert row["not_cleared"] == "收入未高于监测范围"


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
