"""Derived indicators against values worked out by hand from the printed tables."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from nanjiang.data.loaders import load_validated
from nanjiang.data.package import DataPackage
from nanjiang.data.validation import validate_table, write_validated
from nanjiang.derive.indicators.catalog import INDICATORS
from nanjiang.derive.indicators.rows import (
    DERIVED_COLUMNS,
    DuplicateDerivedRows,
    duplicate_message,
    finish,
    row,
)

REPO = Path(__file__).resolve().parents[1]
YEAR = 2020


@pytest.fixture(scope="module")
def raw(tmp_path_factory) -> dict[str, pd.DataFrame]:
    """Every raw table, validated as the pipeline does."""
    out = tmp_path_factory.mktemp("validated")
    package = DataPackage.load(REPO / "data" / "raw")
    tables = {}
    for name in package.resources:
        write_validated(validate_table(package, name), out / f"{name}.csv")
        tables[name] = load_validated(name, out)
    return tables


def derive(raw, name, year=YEAR) -> pd.DataFrame:
    spec = INDICATORS[name]
    return spec.function()({t: raw[t] for t in spec.inputs}, year)


def value(df, indicator, region, year=None, source=None) -> str:
    hit = df[(df["indicator"] == indicator) & (df["region_code"] == region)]
    if year is not None:
        hit = hit[hit["year"] == year]
    if source is not None:
        hit = hit[hit["source_id"] == source]
    assert len(hit) == 1, hit
    return hit["value"].iloc[0]


# --------------------------------------------------------------------------- framework


def test_every_spec_names_its_function():
    for name, spec in INDICATORS.items():
        assert spec.id == name
        assert callable(spec.function()), spec.compute


@pytest.mark.parametrize("name", sorted(INDICATORS))
def test_every_table_is_tidy_sorted_and_deterministic(raw, name):
    df = derive(raw, name)
    assert list(df.columns) == DERIVED_COLUMNS
    assert not df.empty
    assert not df[["indicator", "region_code", "year", "source_id"]].duplicated().any()
    assert df.equals(df.sort_values(["indicator", "region_code", "year", "source_id"])
                     .reset_index(drop=True))
    assert (df["basis"] != "").all() and (df["source_id"] != "").all()
    for v, unit in zip(df["value"], df["unit"], strict=True):
        if unit in {"%", "百分点"}:
            assert len(v.split(".")[1]) == 2, (v, unit)  # 2 decimals for %
    csv = df.to_csv(index=False, lineterminator="\n")
    assert "\r" not in csv and csv == derive(raw, name).to_csv(index=False, lineterminator="\n")


def test_finish_refuses_duplicate_rows():
    r = row(2018, "NJ4", "南疆四地州", "x", 1, "%", "b", "s")
    with pytest.raises(DuplicateDerivedRows, match="duplicate") as e:
        finish([r, dict(r)])
    assert "indicator x, region_code NJ4, year 2018, source_id s" in str(e.value)
    assert "rows x" not in str(e.value)  # no pandas dump


def test_a_duplicate_derived_row_names_the_table_key_and_raw_rows(raw):
    """The last guard, for rows validation lets through (here by going around
    it: the survey tables of one county from one survey)."""
    tables = {t: raw[t].copy() for t in INDICATORS["survey_percentages"].inputs}
    tables["survey_education"]["region_code"] = "653123"
    with pytest.raises(DuplicateDerivedRows) as e:
        INDICATORS["survey_percentages"].function()(tables, YEAR)
    message = duplicate_message(e.value, "data/derived/indicators/survey_percentages.csv",
                                tables)
    assert message.startswith("data/derived/indicators/survey_percentages.csv: 2 rows for "
                              "indicator sample_households, region_code 653123, year 2019, "
                              "source_id field_survey_2019")
    assert "各类户数之和 89 + 1 + 13 + 7" in message  # the basis of each
    assert "[survey_education] 各类户数之和 7 + 52" in message
    # the raw rows behind them
    assert "survey_health: healthy_households 89户, healthy_households_pct_printed" in message
    assert "survey_education: no_schooling_households 7户" in message
    assert "keys_across_tables" in message and "rows x" not in message


# --------------------------------------------------------------------------- 表 2-4


def test_poverty_shares(raw):
    df = derive(raw, "poverty_shares")
    # 喀什 105.59 / 218.6 × 100 = 48.30 (printed 48.3)
    assert value(df, "registered_poor_population_share_of_NJ4", "653100") == "48.30"
    # 和田 70.35 / 218.6 × 100 = 32.18 (printed 32.4)
    assert value(df, "registered_poor_population_share_of_NJ4", "653200") == "32.18"
    # 阿克苏 20.63 / 261 × 100 = 7.90 (printed 7.8)
    assert value(df, "registered_poor_population_share_of_650000", "652900") == "7.90"
    # 南疆四地州 218.6 / 261 × 100 = 83.75 (printed 83)
    assert value(df, "registered_poor_population_share_of_650000", "NJ4") == "83.75"
    # 喀什 重点村 1222 / 2589 × 100 = 47.20 (printed 47.1)
    assert value(df, "key_villages_share_of_NJ4", "653100") == "47.20"
    # 南疆四地州 重点村 2589 / 3029 × 100 = 85.47 (printed 68.1)
    assert value(df, "key_villages_share_of_650000", "NJ4") == "85.47"
    # 克州 重点村 99 / 3029 × 100 = 3.27 (printed 3.3)
    assert value(df, "key_villages_share_of_650000", "653000") == "3.27"
    # NJ4 is not given as a share of itself
    assert not (df["indicator"].str.endswith("_of_NJ4") & (df["region_code"] == "NJ4")).any()


def test_poverty_shares_before_the_data_year_is_empty(raw):
    assert derive(raw, "poverty_shares", 2013).empty


def test_poverty_incidence(raw):
    df = derive(raw, "poverty_incidence")
    # 表 2-4 占当地农村人口比例, 2014: 和田 41.2
    assert value(df, "poverty_incidence", "653200", 2014) == "41.20"
    # gap to 新疆, same table: 喀什 32.4 − 20.9 = 11.5; 阿克苏 12.1 − 20.9 = −8.8
    assert value(df, "poverty_incidence_gap_to_650000", "653100", 2014) == "11.50"
    assert value(df, "poverty_incidence_gap_to_650000", "652900", 2014) == "-8.80"
    # 南疆四地州 2014, 表 2-4: 29.8 − 20.9 = 8.9
    assert value(df, "poverty_incidence_gap_to_650000", "NJ4", 2014,
                 "xj_yearbook_2016_poverty_office") == "8.90"
    # latest at or before 2020: NJ4 2019 2.21 (china_org); 喀什 only 2014: 32.4
    assert value(df, "poverty_incidence_latest", "NJ4") == "2.21"
    assert value(df, "poverty_incidence_latest", "653100", 2014) == "32.40"
    # the 2014 statements for NJ4 all stay (表 2-4 29.8; the two 新华社 statements 29.1)
    nj4_2014 = df[(df["indicator"] == "poverty_incidence") & (df["region_code"] == "NJ4")
                  & (df["year"] == 2014)]
    assert sorted(nj4_2014["value"]) == ["29.10", "29.10", "29.80"]


def test_poverty_incidence_latest_follows_the_report_year(raw):
    df = derive(raw, "poverty_incidence", 2018)
    latest = df[(df["indicator"] == "poverty_incidence_latest") & (df["region_code"] == "NJ4")]
    # 2018: two sources disagree (10.9 and 10.4): both kept, none picked
    assert sorted(latest["value"]) == ["10.40", "10.90"]
    assert set(latest["year"]) == {2018}
    assert (df["year"] <= 2018).all()


# --------------------------------------------------------------------------- 表 3-2


def test_income_shares_per_source(raw):
    df = derive(raw, "income_shares")
    # 全国均值 2018 (seed): 2627 / 10371 × 100 = 25.33
    assert value(df, "wage_income_share", "CNPA", 2018, "nbs_poverty_monitoring_2019") == "25.33"
    # public source: 3627 / 10371 × 100 = 34.97 — both kept, each with its source
    assert value(df, "wage_income_share", "CNPA", 2018, "shbzcgb_20190216") == "34.97"
    # 南疆四地州: 5271 / 10762 × 100 = 48.98; 2512 / 10762 × 100 = 23.34
    assert value(df, "business_income_share", "NJ4", 2018) == "48.98"
    assert value(df, "transfer_income_share", "NJ4", 2018) == "23.34"
    # 2019 全国贫困地区 (nbs_20200203): 4082 / 11567 × 100 = 35.29
    assert value(df, "wage_income_share", "CNPA", 2019) == "35.29"


def test_income_gaps(raw):
    df = derive(raw, "income_shares")
    # 南疆四地州 − 全国均值, 工资性收入: 2901 − 2627 = 274 (seed) and 2901 − 3627 = −726
    assert value(df, "wage_income_gap_to_CNPA", "NJ4", 2018,
                 "nbs_poverty_monitoring_2019") == "274"
    assert value(df, "wage_income_gap_to_CNPA", "NJ4", 2018,
                 "nbs_poverty_monitoring_2019;shbzcgb_20190216") == "-726"
    # 人均可支配收入: 10762 − 10907 = −145; −145 / 10907 × 100 = −1.33
    assert value(df, "disposable_income_gap_to_650000", "NJ4", 2018) == "-145"
    assert value(df, "disposable_income_rel_gap_to_650000", "NJ4", 2018) == "-1.33"
    # share gap: 2901 / 10762 × 100 − 2627 / 10371 × 100 = 26.956 − 25.330 = 1.63 百分点
    assert value(df, "wage_income_share_gap_to_CNPA", "NJ4", 2018,
                 "nbs_poverty_monitoring_2019") == "1.63"
    # 新疆 − 全国: 5369 − 3888 = 1481; 全国 is never compared with 新疆 the other way round
    assert value(df, "business_income_gap_to_CNPA", "650000", 2018) == "1481"
    assert not (df["region_code"].eq("CNPA") & df["indicator"].str.contains("gap")).any()


def test_income_before_2018_has_no_gap(raw):
    df = derive(raw, "income_shares", 2017)
    assert (df["year"] <= 2017).all()
    assert not df["indicator"].str.contains("gap").any()  # 2016-2017: CNPA totals only


# --------------------------------------------------------------------------- 表 3-3, 3-5


def test_durable_goods_gaps(raw):
    df = derive(raw, "durable_goods_gaps")
    # 汽车: 9 − 19.9 = −10.9 台; −10.9 / 19.9 × 100 = −54.77 %
    assert value(df, "cars_gap_to_CNPA", "NJ4") == "-10.9"
    assert value(df, "cars_rel_gap_to_CNPA", "NJ4") == "-54.77"
    # 电冰箱: 91 − 90.4 = 0.6 台 (above 新疆); 0.6 / 90.4 × 100 = 0.66 %
    assert value(df, "refrigerators_gap_to_650000", "NJ4") == "0.6"
    assert value(df, "refrigerators_rel_gap_to_650000", "NJ4") == "0.66"
    # 移动电话: 176.2 − 271.8 = −95.6 部
    assert value(df, "mobile_phones_gap_to_CNPA", "NJ4") == "-95.6"
    assert set(df["unit"]) == {"台", "部", "%"}


def test_infrastructure_coverage(raw):
    df = derive(raw, "infrastructure_coverage")
    # 公共汽车: 78.5 − 71.6 = 6.9 百分点
    assert value(df, "bus_pct_gap_to_CNPA", "NJ4") == "6.90"
    # 垃圾集中处理: 73 − 78.9 = −5.9; shortfall 100 − 73 = 27
    assert value(df, "garbage_collection_pct_gap_to_CNPA", "NJ4") == "-5.90"
    assert value(df, "garbage_collection_pct_shortfall", "NJ4") == "27.00"
    # printed 100: 公路, 电话, 电视信号, 主干道硬化 → 4 of 10; 全国 only 公路 → 1
    assert value(df, "items_fully_covered", "NJ4") == "4"
    assert value(df, "items_fully_covered", "CNPA") == "1"
    # (100 + 100 + 100 + 100 + 78.5 + 98.5 + 73 + 96.4 + 97.1 + 97) / 10 = 94.05
    assert value(df, "mean_coverage", "NJ4") == "94.05"


# --------------------------------------------------------------------------- 表 3-1


def test_exits_by_year(raw):
    df = derive(raw, "exits_by_year")
    # 2016: 民丰县; 2018: 泽普县, 乌恰县, 阿合奇县; 2019: 12 counties; 2020: 10 counties
    assert [value(df, "counties_exited", "NJ4", y) for y in range(2016, 2021)] == [
        "1", "0", "3", "12", "10"]
    # cumulative: 1, 1, 1 + 3 = 4, 4 + 12 = 16, 16 + 10 = 26
    assert [value(df, "counties_exited_cumulative", "NJ4", y) for y in range(2016, 2021)] == [
        "1", "1", "4", "16", "26"]
    # 喀什地区 by 2019: 泽普县 (2018) + 7 in 2019 = 8 of 12, 4 not yet
    assert value(df, "counties_exited_cumulative", "653100", 2019) == "8"
    assert value(df, "counties_not_yet_exited", "653100", 2019) == "4"
    # ★ counties exiting in 2019: 喀什市, 麦盖提县, 巴楚县, 和田市 = 4
    assert value(df, "region_designated_exited", "NJ4", 2019) == "4"


def test_exits_after_the_report_year_are_not_counted(raw):
    df = derive(raw, "exits_by_year", 2019)
    exited = df[df["indicator"].str.startswith(("counties_exited", "counties_not_yet"))]
    assert exited["year"].max() == 2019
    # 26 listed − 16 exited by 2019 = 10 (the 2020 exits are not yet counted)
    assert value(df, "counties_exited_cumulative", "NJ4", 2019) == "16"
    assert value(df, "counties_not_yet_exited", "NJ4", 2019) == "10"
    # the table as printed stays whatever the report year: 10 scheduled for 2020
    # (喀什地区 4, 和田地区 5, 克州 1), 26 by 2020
    assert value(df, "counties_by_exit_year", "NJ4", 2020) == "10"
    assert value(df, "counties_by_exit_year", "653100", 2020) == "4"
    assert value(df, "counties_by_exit_year_cumulative", "NJ4", 2020) == "26"
    assert derive(raw, "exits_by_year", 2020)[lambda d: d["indicator"].str.startswith(
        "counties_by_exit_year")].reset_index(drop=True).equals(
        df[df["indicator"].str.startswith("counties_by_exit_year")].reset_index(drop=True))


# --------------------------------------------------------------------------- 表 4-1, 4-2


def test_survey_percentages(raw):
    df = derive(raw, "survey_percentages")
    # 表 4-1 英吉沙县: sample 89 + 1 + 13 + 7 = 110; 89 / 110 × 100 = 80.91; 7 / 110 = 6.36
    assert value(df, "sample_households", "653123") == "110"
    assert value(df, "healthy_households_pct", "653123") == "80.91"
    assert value(df, "disabled_member_households_pct", "653123") == "6.36"
    # 表 4-2 麦盖提县: 7 + 52 + 47 + 4 + 0 = 110; 52 / 110 × 100 = 47.27; 0 / 110 = 0
    assert value(df, "sample_households", "653127") == "110"
    assert value(df, "primary_households_pct", "653127") == "47.27"
    assert value(df, "college_plus_households_pct", "653127") == "0.00"
    # 表 4-3 prints shares only: nothing derived, no count invented
    assert "653126" not in set(df["region_code"])


def _cells(rows: list[tuple]) -> pd.DataFrame:
    """Validated-table rows (region, value text, source) of cars 2018."""
    return pd.DataFrame([
        {"year": 2018, "region_code": r, "region_name": r, "indicator": "cars",
         "value": float(v), "value_text": v, "unit": "台", "source_id": s,
         "decimals": len(v.split(".")[1]) if "." in v else 0}
        for r, v, s in rows
    ])


def test_region_gaps_keep_two_sources_of_both_sides_apart():
    """NJ4 and CNPA each printed by sources a and b: four pairs, none lost,
    none merged (worked by hand: 9 − 19.9 = −10.9, 9 − 21.0 = −12.0,
    9.5 − 19.9 = −10.4, 9.5 − 21.0 = −11.5)."""
    from nanjiang.derive.indicators.gaps import region_gaps

    df = _cells([("CNPA", "19.9", "a"), ("CNPA", "21.0", "b"),
                 ("NJ4", "9", "a"), ("NJ4", "9.5", "b")])
    out = finish(region_gaps(df, ("CNPA",), relative=False))
    got = dict(zip(out["source_id"], out["value"], strict=True))
    assert got == {"a": "-10.9", "a;b": "-12.0", "b;a": "-10.4", "b": "-11.5"}


def test_region_gaps_grow_linearly_with_regions():
    """10 000 regions against one reference: 10 000 pairs (not 10 000²)."""
    from nanjiang.derive.indicators.gaps import region_gaps

    df = _cells([("CNPA", "19.9", "a")] + [(f"R{i}", "9", "a") for i in range(10_000)])
    assert len(region_gaps(df, ("CNPA",), relative=False)) == 10_000
