"""The data audit: each rule fires on a deliberately inconsistent fixture, stays
silent on a consistent one, and finds the known contradictions of the report.

Fixtures: tests/fixtures/audit/ (made-up test data, see its README.md).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from nanjiang.data.loaders import load_derived, load_validated
from nanjiang.data.package import DataPackage
from nanjiang.data.validation import validate_table, write_validated
from nanjiang.derive.audit import AUDIT_COLUMNS, RULES, run_audit
from nanjiang.derive.indicators.catalog import INDICATORS
from nanjiang.text.numbering import Label, fill_table_refs, report_table_text
from rawtables import copy_raw

REPO = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures" / "audit"


def load_package(root: Path, out: Path) -> tuple[DataPackage, dict[str, pd.DataFrame]]:
    """Validate every table of a data package as the pipeline does, then load it."""
    package = DataPackage.load(root)
    tables = {}
    for name in package.resources:
        write_validated(validate_table(package, name), out / f"{name}.csv")
        tables[name] = load_validated(name, out)
    return package, tables


def fixture(variant: str, tmp_path: Path):
    root = tmp_path / variant
    root.mkdir()
    for f in ["datapackage.yaml", "regions.csv", "sources.csv"]:
        shutil.copy(FIXTURES / f, root / f)
    for f in ["table-schema.yaml", "facts-schema.yaml", "regions-schema.yaml",
              "sources-schema.yaml"]:
        shutil.copy(REPO / "data" / "raw" / f, root / f)
    for f in (FIXTURES / variant).glob("*.csv"):
        shutil.copy(f, root / f.name)
    return load_package(root, tmp_path / f"{variant}-validated")


def numbered(package: DataPackage, audit: pd.DataFrame) -> pd.DataFrame:
    """The findings with their tables numbered as the original report numbers
    them (the audit stores ``{table[key]}``; the report fills in its own)."""
    def seed(key):
        return package.resource(key)["seed_table"]

    out = audit.copy()
    for col in ["table", "detail"]:
        out[col] = [fill_table_refs(t, seed) for t in out[col]]
    return out


@pytest.fixture
def inconsistent(tmp_path):
    package, tables = fixture("inconsistent", tmp_path)
    return numbered(package, run_audit(package, tables))


@pytest.fixture
def consistent(tmp_path):
    package, tables = fixture("consistent", tmp_path)
    return run_audit(package, tables)


def derived_tables(tables: dict[str, pd.DataFrame], out: Path, year: int = 2020):
    """The derived indicator tables as the pipeline writes and reads them."""
    out.mkdir(parents=True, exist_ok=True)
    derived = {}
    for name, spec in INDICATORS.items():
        path = out / f"{name}.csv"
        spec.function()({t: tables[t] for t in spec.inputs}, year).to_csv(
            path, index=False, lineterminator="\n")
        derived[name] = load_derived(path)
    return derived


def real_audit(tmp: Path, stored: bool = False) -> pd.DataFrame:
    package, tables = load_package(REPO / "data" / "raw", tmp / "validated")
    audit = run_audit(package, tables, derived_tables(tables, tmp / "indicators"))
    return audit if stored else numbered(package, audit)


@pytest.fixture(scope="module")
def real(tmp_path_factory):
    return real_audit(tmp_path_factory.mktemp("real"))


def find(audit: pd.DataFrame, rule: str, location: str) -> pd.Series:
    hit = audit[(audit["rule"] == rule) & (audit["location"] == location)]
    assert len(hit) == 1, f"{rule} {location}:\n{audit[['rule', 'location', 'detail']]}"
    return hit.iloc[0]


# --------------------------------------------------------------------------- fixtures


def test_consistent_fixture_has_no_finding(consistent):
    # values sit just inside the rounding tolerance: 3.04 + 6.99 = 10.03 vs 10.0,
    # 3.3 + 6.6 = 9.9 vs 10.0, 33.4 + 66.7 = 100.1, 1 / 3 = 33.33 vs 33.3, 正文 10 vs 10.0
    assert consistent.empty, consistent.to_string()
    assert list(consistent.columns) == AUDIT_COLUMNS


def test_every_rule_fires_on_the_inconsistent_fixture(inconsistent):
    assert set(inconsistent["rule"]) == set(RULES)


def test_totals_over_regions(inconsistent):
    f = find(inconsistent, "totals", "NJ4/people/2014")
    # 3.0 + 4.0 = 7.0 against the printed 10.0; tolerance 3 × 0.05 = 0.15
    assert (f["printed_value"], f["recomputed_value"], f["difference"]) == ("10.0", "7.0", "3.0")
    assert f["tolerance"] == "0.15"
    assert f["table"] == "测试表 1"
    assert "南疆四地州人口印为 10.0 万人" in f["detail"]
    assert "阿克苏、喀什之和为 7.0 万人" in f["detail"]


def test_totals_over_indicators_say_which_other_source_adds_up(inconsistent):
    f = find(inconsistent, "totals", "CNPA/total_income/2018")
    # 30 + 60 = 90 against 100; with the other source's 40: 40 + 60 = 100
    assert (f["printed_value"], f["recomputed_value"], f["difference"]) == ("100", "90", "10")
    assert "工资性收入、其他收入之和为 90 元（30 + 60）" in f["detail"]
    assert "取测试数据之二（虚构，非真实来源）所载 40" in f["detail"]


def test_share_group_listed_as_printed_inconsistency_is_still_reported(inconsistent):
    f = find(inconsistent, "share_groups", "NJ4/levels/2014")
    # 40 + 50 = 90, not 100
    assert (f["printed_value"], f["recomputed_value"], f["difference"]) == ("90", "100", "-10")
    assert "原报告如此印出，属印刷不一致，已登记" in f["detail"]


def test_printed_share_against_its_parts(inconsistent):
    f = find(inconsistent, "printed_shares", "652900/pct_of_total_people/2014")
    # 3.0 / 10.0 × 100 = 30.00, printed 35
    assert (f["printed_value"], f["recomputed_value"]) == ("35", "30.00")
    assert "3.0 / 10.0 × 100 = 30.00%" in f["detail"]
    # 4.0 / 10.0 × 100 = 40 as printed: no finding
    assert not (inconsistent["location"] == "653100/pct_of_total_people/2014").any()


def test_survey_percentages_against_counts(inconsistent):
    yes = find(inconsistent, "printed_shares", "653123/yes_households_pct_printed/2019")
    no = find(inconsistent, "printed_shares", "653123/no_households_pct_printed/2019")
    # sample = 1 + 3 = 4: 1 / 4 × 100 = 25 (printed 30), 3 / 4 × 100 = 75 (printed 70)
    assert (yes["printed_value"], yes["recomputed_value"]) == ("30", "25.00")
    assert (no["printed_value"], no["recomputed_value"]) == ("70", "75.00")
    # counts are exact: the tolerance is the printed share's rounding only
    assert yes["tolerance"] == "0.5"


def test_prose_against_table(inconsistent):
    f = find(inconsistent, "prose_vs_table", "nj4_people_2014")
    assert (f["printed_value"], f["recomputed_value"], f["difference"]) == ("11", "10.0", "1.0")
    assert f["tolerance"] == "0.55"  # 0.5 (11) + 0.05 (10.0)
    assert f["table"] == "正文 ↔ 测试表 1"
    # a fact without compares_to is not checked
    assert not (inconsistent["location"] == "nj4_free_text_2014").any()


def test_disagreeing_sources(inconsistent):
    f = find(inconsistent, "disagreeing_sources", "CNPA/wage_income/2018")
    assert (f["printed_value"], f["recomputed_value"], f["difference"]) == ("30", "40", "-10")
    # sources by their citation, never by their id
    assert "测试数据（虚构" in f["detail"] and "测试数据之二" in f["detail"]
    assert "test_fixture" not in f["detail"]


def test_a_dangling_compares_to_stops_the_audit(tmp_path):
    package, tables = fixture("consistent", tmp_path)
    tables["facts"].loc[0, "compares_to"] = "region_totals/people/NJ4/2099"
    with pytest.raises(ValueError, match="not a row of that table"):
        run_audit(package, tables)


# --------------------------------------------------------------------------- real data


def test_real_totals(real):
    f = find(real, "totals", "NJ4/registered_poor_population/2014")
    # 表 2-4: 20.63 + 105.59 + 70.35 + 15.66 = 212.23 against the printed 218.6
    assert (f["printed_value"], f["recomputed_value"], f["difference"]) == (
        "218.6", "212.23", "6.37")
    assert "表 2-4 南疆四地州建档立卡贫困总人口印为 218.6 万人" in f["detail"]
    f = find(real, "totals", "CNPA/disposable_income/2018")
    # 表 3-2 全国均值: 2627 + 3888 + 137 + 2719 = 9371 against 10371
    assert (f["printed_value"], f["recomputed_value"]) == ("10371", "9371")
    assert "所载 3627，则各项之和为 10371" in f["detail"]  # 3627 + 3888 + 137 + 2719
    # 新疆全疆 2987 + 5369 + 91 + 2461 = 10908 vs 10907: within rounding (4 × 0.5 + 0.5)
    assert not (real["location"] == "650000/disposable_income/2018").any()


def test_real_share_groups(real):
    # 表 2-5: 10.29 + 46.1 + 38.99 + 2.63 + 0.71 = 98.72
    assert find(real, "share_groups", "NJ4/education_levels/2014")["printed_value"] == "98.72"
    # 表 2-2: 51.36 + 36.2 + 12.54 = 100.10
    assert find(real, "share_groups", "NJ4/income_bands/2014")["printed_value"] == "100.10"
    # 表 2-1: 23.6 + 66.78 + 9.6 = 99.98, within 0.05 + 0.005 + 0.05
    assert not (real["location"] == "NJ4/age_groups/2014").any()


def test_real_printed_shares(real):
    # 表 2-4 和田: 70.35 / 218.6 × 100 = 32.18, printed 32.4
    f = find(real, "printed_shares", "653200/pct_of_nj4_poor_population/2014")
    assert (f["printed_value"], f["recomputed_value"]) == ("32.4", "32.18")
    # 喀什: 105.59 / 218.6 × 100 = 48.30 as printed
    assert not (real["location"] == "653100/pct_of_nj4_poor_population/2014").any()
    # 南疆四地州 重点村: 2589 / 3029 × 100 = 85.47, printed 68.1
    f = find(real, "printed_shares", "NJ4/pct_of_xinjiang_key_villages/2014")
    assert (f["printed_value"], f["recomputed_value"]) == ("68.1", "85.47")
    # 表 4-1 and 4-2 percentages agree with their counts (89 / 110 = 80.91 → 80.9, …)
    assert not real["table"].isin(["表 4-1", "表 4-2"]).any()


def test_real_prose_against_tables(real):
    prose = real[real["rule"] == "prose_vs_table"]
    pairs = set(zip(prose["printed_value"], prose["recomputed_value"], strict=True))
    assert ("219.6", "218.6") in pairs  # 正文 建档立卡贫困人口 219.6 万人, 表 2-4 218.6
    assert ("90.0", "91") in pairs  # 正文 电冰箱 90.0 台, 表 3-3 91
    # 正文 “截止到 2019 年 12 月……退出……贫困县 13 个”; 表 3-1 lists 1 + 0 + 3 + 12 = 16
    # exits up to 2019 (a derived count)
    f = prose[(prose["printed_value"] == "13") & (prose["recomputed_value"] == "16")]
    assert len(f) == 1 and "表 3-1（逐项计数）" in f["table"].iloc[0]


def test_real_findings_name_no_file_id_or_column(real):
    """附录一 is read by people: sources by citation, tables by number."""
    import re

    for col in ["table", "detail"]:
        for text in real[col]:
            assert not re.search(r"[a-z]+_[a-z0-9_]+|data/|\.csv", text), text


def test_real_disagreeing_sources(real):
    f = find(real, "disagreeing_sources", "CNPA/wage_income/2018")
    # 2018 全国贫困地区 工资性收入: seed 2627, public 3627
    assert (f["printed_value"], f["recomputed_value"]) == ("2627", "3627")
    f = find(real, "disagreeing_sources", "NJ4/poverty_incidence/2018")
    # 新华社 2019-10-11: 10.9; 新华社 2019-02-27: 10.4
    assert {f["printed_value"], f["recomputed_value"]} == {"10.9", "10.4"}
    assert "新华社" in f["detail"]


def test_real_audit_is_deterministic(real, tmp_path):
    again = real_audit(tmp_path)
    assert real.to_csv(index=False, lineterminator="\n") == again.to_csv(
        index=False, lineterminator="\n")


def test_findings_name_tables_by_key_not_by_number(tmp_path):
    """The number of a table is the printing document's (the report's numbering,
    from the chapter templates): the audit stores the table's key."""
    import re

    stored = real_audit(tmp_path, stored=True)
    text = " ".join([*stored["table"], *stored["detail"]])
    assert "{table[poor_population_2014]}" in text
    assert not re.search(r"表 \d+-\d+", text)


def test_report_names_a_table_by_its_own_number():
    labels = {"infrastructure": Label("table", "infrastructure", "3", 4),
              "durable_goods": Label("table", "durable_goods", "3", 3)}
    assert report_table_text("durable_goods", labels, "表 3-3") == "表 3-3"
    # a table the report numbers differently: the original's number said as such
    assert report_table_text("infrastructure", labels, "表 3-5") == "表 3-4（原报告表 3-5）"
    assert report_table_text("education_poor", labels, "表 2-5") == "原报告表 2-5"


# --------------------------------------------------------------------------- one source order

SEED_CARS = "2018,NJ4,南疆四地州,cars,12,台,seed,另一来源\n"
NBS_CARS = "2018,NJ4,南疆四地州,cars,9,台,nbs_poverty_monitoring_2019,"
DURABLE_SOURCES = "    source_line: 数据来源：《2019 年国家统计局农村贫困监测调查》\n    sources:\n"


def _with_second_cars_source(tmp: Path, seed_row_first: bool, seed_listed_first: bool,
                             extra: str = "") -> Path:
    """data/raw with a seed row for 表 3-3's NJ4 cars (12 against the NBS's 9),
    before or after the NBS row, the seed listed first among the table's
    sources or not listed."""
    root = copy_raw(tmp / "raw")  # (a workbook in place of the CSV made the CSV)
    path = root / "durable_goods.csv"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(NBS_CARS))
    lines.insert(at if seed_row_first else at + 1, SEED_CARS)
    path.write_text("".join(lines) + extra, "utf-8")
    if seed_listed_first:
        descriptor = root / "datapackage.yaml"
        text = descriptor.read_text("utf-8")
        assert text.count(DURABLE_SOURCES) == 1
        descriptor.write_text(text.replace(DURABLE_SOURCES, DURABLE_SOURCES + (
            '      - {"source_id": "seed", "title": "原报告"}\n')), "utf-8")
    return root


@pytest.mark.parametrize("seed_row_first", [True, False], ids=["seed-row-first", "seed-row-last"])
@pytest.mark.parametrize("seed_listed_first", [False, True], ids=["nbs-listed", "seed-listed"])
def test_facts_and_audit_take_the_source_the_table_prints(tmp_path, seed_row_first,
                                                         seed_listed_first):
    """表 3-3 prints the first of its sources in datapackage.yaml whatever the
    row order; the prose's 9 辆 (facts.csv, compares_to durable_goods/cars/NJ4/
    2018+) and 附录一 compare with that cell, not with the first row of the file."""
    from nanjiang.derive.facts import resolve_facts
    from nanjiang.derive.primary import split_primary

    root = _with_second_cars_source(tmp_path, seed_row_first, seed_listed_first)
    package, tables = load_package(root, tmp_path / "validated")
    derived = derived_tables(tables, tmp_path / "indicators")
    # worked out by hand: the seed's 12 only where the seed is listed first
    printed, other = ("12", "9") if seed_listed_first else ("9", "12")
    df = tables["durable_goods"]
    shown, _ = split_primary(df, [s["source_id"] for s in package.resource(
        "durable_goods")["sources"]])
    cell = shown[(shown["region_code"] == "NJ4") & (shown["indicator"] == "cars")]
    assert list(cell["value_text"]) == [printed]  # what 表 3-3 prints

    facts = resolve_facts(tables["facts"], {**tables, **derived}, 2020, package)
    fact = facts["nj4_cars_per_100_households_2018"]
    assert fact["cell_value"] == printed
    assert fact["display"] == "9"  # the prose's 9 辆: the table's, or supported by the NBS

    audit = numbered(package, run_audit(package, tables, derived))
    prose = audit[audit["location"] == "nj4_cars_per_100_households_2018"]
    if seed_listed_first:
        # 表 3-3 prints 12; the NBS's 9 supports the prose
        assert len(prose) == 1
        assert "表 3-3 印为 12 台" in prose.iloc[0]["detail"]
        assert "依据第二来源" in prose.iloc[0]["detail"]
        assert "作 9 台" in prose.iloc[0]["detail"]
    else:
        assert prose.empty, prose["detail"].tolist()  # 9 辆 = the printed 9 台
    f = find(audit, "disagreeing_sources", "NJ4/cars/2018")
    assert (f["printed_value"], f["recomputed_value"]) == (printed, other)


@pytest.mark.parametrize("seed_row_first", [True, False], ids=["seed-row-first", "seed-row-last"])
def test_a_fact_following_the_report_year_takes_the_printed_source(tmp_path, seed_row_first):
    """``2018+``: the latest year at or before the report year (2019 here), of
    the source the table prints (NBS 10, not the seed's 13 above or below it)."""
    from nanjiang.derive.facts import resolve_facts

    later = ("2019,NJ4,南疆四地州,cars,13,台,seed,另一来源\n"
             "2019,NJ4,南疆四地州,cars,10,台,nbs_poverty_monitoring_2019,\n")
    if not seed_row_first:
        later = "".join(reversed(later.splitlines(keepends=True)))
    root = _with_second_cars_source(tmp_path, seed_row_first, False, later)
    package, tables = load_package(root, tmp_path / "validated")
    derived = derived_tables(tables, tmp_path / "indicators")
    facts = resolve_facts(tables["facts"], {**tables, **derived}, 2020, package)
    fact = facts["nj4_cars_per_100_households_2018"]
    assert (fact["display"], fact["display_year"], fact["display_source"]) == (
        "10", 2019, "nbs_poverty_monitoring_2019")
