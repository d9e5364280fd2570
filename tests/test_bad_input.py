"""Bad input stops the build before any document, with file, line, column and value.

Each kind of problem is checked at unit level, through the functions the
validation jobs call (validate_all: every table, then the facts' links); one
real build with two broken tables shows the workflow reports them together
and publishes nothing."""

from __future__ import annotations

import codecs
import re
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import REPO, snakemake, with_venv
from nanjiang.common.errors import DataValidationError
from nanjiang.data.package import DataPackage
from nanjiang.data.validation import validate_table, write_validated
from nanjiang.derive.indicators.catalog import INDICATORS
from packagecheck import validate_all
from rawtables import as_csv, copy_raw, csv_text

RAW = REPO / "data" / "raw"


def edit_line(path: Path, line: int, old: str, new: str) -> None:
    """Edit a line of a table's CSV in a copy (a workbook in its place made the CSV)."""
    as_csv(path.parent, path.stem)
    lines = path.read_text("utf-8").splitlines(keepends=True)
    assert old in lines[line - 1], (path, line, lines[line - 1])
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    path.write_text("".join(lines), "utf-8")


def problems_of(raw: Path) -> str:
    """Every problem of every table of the package at ``raw``, as printed."""
    package = DataPackage.load(raw)
    with pytest.raises(DataValidationError) as e:
        validate_all(package, list(package.resources), set(INDICATORS))
    return e.value.render()


@pytest.fixture
def raw(tmp_path) -> Path:
    return copy_raw(tmp_path / "raw")


@pytest.mark.parametrize(
    "table, line, old, new, expected",
    [
        ("durable_goods.csv", 2, ",19.9,", ",1x9,",
         "durable_goods.csv:2, column 'value', value '1x9': expected a number"),
        ("durable_goods.csv", 2, ",19.9,", ",19.9%,", "expected a number without '%'"),
        ("poor_population_2014.csv", 2, ",261,", ",-261,", "expected a value >= 0"),
        ("infrastructure.csv", 2, ",100,", ",100.5,", "expected a value <= 100"),
        ("labour_composition.csv", 2, "2014,NJ4", "2014,659999", "unknown region code"),
        ("labour_composition.csv", 2, ",南疆四地州,", ",和田地区,", "does not match code NJ4"),
        ("labour_composition.csv", 2, "2014,", "1899,", "year outside"),
        ("labour_composition.csv", 2, ",23.6,", ",33.6,", "add up to 109.98"),
    ],
)
def test_bad_value_names_file_line_column(raw, table, line, old, new, expected):
    edit_line(raw / table, line, old, new)
    output = problems_of(raw)
    assert expected in output
    assert f"raw/{table}:" in output


def test_every_broken_table_is_reported_together_and_nothing_published(repo_copy):
    """The real build: both tables' problems in one list at the end, exit 1,
    no document built, no edition published, no validated copy of either."""
    raw = repo_copy / "data" / "raw"
    edit_line(raw / "durable_goods.csv", 2, ",19.9,", ",abc,")
    edit_line(raw / "infrastructure.csv", 3, ",99,", ",１,２３４,")
    proc = snakemake(repo_copy, check=False)
    assert proc.returncode != 0
    summary = proc.stderr.split("Problems in the raw data (every table was checked):")[-1]
    assert "durable_goods.csv:2" in summary and "infrastructure.csv:3" in summary
    assert "nothing was published (the last edition stays current)" in summary
    build = repo_copy / "report" / "build"
    assert not (build / "current").exists() and not list(build.glob("staging/*.pdf"))
    validated = repo_copy / "data" / "derived" / "validated"
    assert not (validated / "durable_goods.csv").exists()
    assert not (validated / "infrastructure.csv").exists()


def test_keys_the_derivations_assume_stop_the_real_build(repo_copy):
    """Issue 25 (9): a county with two exit years ended in "The truth value of
    a Series is ambiguous" from a figure job, two tables giving one series the
    same key in "duplicate derived rows" and a pandas dump. The validation
    jobs now name both lines, nothing is derived from them; and a table whose
    keys are compared with another's is validated again when that one changes."""
    assert snakemake(repo_copy, "validate").returncode == 0
    raw = repo_copy / "data" / "raw"
    with as_csv(raw, "county_exits").open("a", encoding="utf-8") as fh:
        fh.write("2020,652929,柯坪县,county_exit,1,个,xj_poverty_office_2018_2019,\n")
    # survey_health now surveys 麦盖提县 too, as survey_education (unchanged) does
    edit_line(raw / "survey_health.csv", 2, "653123,英吉沙县", "653127,麦盖提县")
    derived = repo_copy / "data" / "derived"
    # the jobs that broke, asked for (the whole build would only add the documents)
    targets = ["indicators/exits_by_year.csv", "indicators/survey_percentages.csv",
               "figures/fig_prefecture_map.svg", "figures/fig_exits_by_year.svg"]
    proc = snakemake(repo_copy, "validate", *(f"data/derived/{t}" for t in targets),
                     check=False)
    assert proc.returncode != 0
    summary = proc.stderr.split("Problems in the raw data (every table was checked):")[-1]
    assert ("county_exits.csv:54: duplicate key {'region_code': '652929', 'indicator': "
            "'county_exit'} (first on line 2)") in summary
    assert ("survey_education.csv:2: year 2019, region_code 653127, source_id "
            "field_survey_2019 is also in survey_health.csv:2") in summary
    assert "Traceback" not in proc.stderr and "truth value" not in proc.stderr
    assert "duplicate derived rows" not in proc.stderr
    assert not [t for t in targets if (derived / t).exists()]


def test_duplicate_key_is_reported_with_both_lines(raw):
    path = raw / "durable_goods.csv"
    lines = path.read_text("utf-8").splitlines(keepends=True)
    path.write_text("".join(lines + [lines[1]]), "utf-8")
    output = problems_of(raw)
    assert f"durable_goods.csv:{len(lines) + 1}" in output
    assert "duplicate key" in output and "first on line 2" in output


@pytest.mark.parametrize(
    "mutate, expected",
    [
        (lambda text: "", "the file is empty"),
        (lambda text: text.splitlines(keepends=True)[0], "header but no data rows"),
        (lambda text: text.replace(",note\n", "\n", 1), "missing column"),
        (lambda text: text.replace(",note\n", ",note,extra\n", 1), "unexpected column"),
    ],
)
def test_structural_problems_stop_the_build(raw, mutate, expected):
    path = raw / "durable_goods.csv"
    path.write_text(mutate(path.read_text("utf-8")), "utf-8")
    output = problems_of(raw)
    assert "durable_goods.csv" in output and expected in output


def test_run_sh_validate_checks_the_data_alone(repo_copy):
    """`./run.sh report validate`: every table validated, a broken one named,
    no figure drawn, no document built; then the same with the data fixed."""
    with_venv(repo_copy)
    raw = repo_copy / "data" / "raw"
    edit_line(raw / "durable_goods.csv", 2, ",19.9,", ",abc,")
    proc = subprocess.run(["./run.sh", "report", "validate"], cwd=repo_copy,
                          capture_output=True, text=True)
    assert proc.returncode != 0
    assert "durable_goods.csv:2, column 'value', value 'abc'" in proc.stderr
    edit_line(raw / "durable_goods.csv", 2, ",abc,", ",19.9,")
    proc = subprocess.run(["./run.sh", "report", "validate"], cwd=repo_copy,
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "Report" not in proc.stdout
    derived = repo_copy / "data" / "derived"
    assert len(list((derived / "validated").glob("*.csv"))) > 10
    assert not (derived / "figures").exists()
    assert not (repo_copy / "report" / "build" / "staging").exists()


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-8-sig"])
def test_excel_encodings_are_accepted(raw, encoding):
    path = raw / "survey_health.csv"
    path.write_bytes(path.read_text("utf-8").encode(encoding))
    rows = validate_table(DataPackage.load(raw), "survey_health")
    write_validated(rows, raw / "validated.csv")
    out = (raw / "validated.csv").read_text("utf-8")
    assert "英吉沙县" in out and "健康" in out


def test_undecidable_encoding_is_rejected(raw):
    path = raw / "survey_health.csv"
    path.write_bytes(codecs.BOM_UTF8[:1] + b"\xff\xfe\xfd" * 10 + b"\n")
    output = problems_of(raw)
    assert "cannot decide the text encoding" in output


def test_a_utf16_file_cut_short_is_rejected_not_a_traceback(raw):
    path = raw / "survey_health.csv"
    path.write_bytes(path.read_text("utf-8").encode("utf-16")[:-1])
    output = problems_of(raw)
    assert "survey_health.csv: the file starts as UTF-16" in output
    assert "are not UTF-16 text" in output


@pytest.mark.parametrize(
    "key, value, expected",
    [
        ("colour", "red", "'colour' was unexpected"),
        ("year", "twenty", "is not of type 'integer'"),
        ("formats", "[rtf]", "'rtf' is not one of ['pdf', 'docx', 'html']"),
        ("year", "2030", "no table has data for that year"),
        ("year", "2005", "is before any data"),
    ],
)
def test_bad_config_names_the_key(repo_copy, key, value, expected):
    proc = snakemake(repo_copy, "--dry-run", "--config", f"{key}={value}", check=False)
    assert proc.returncode != 0
    assert expected in proc.stdout + proc.stderr


# -- property-based: the loader accepts valid data or says where it is not -------

TABLES = ["durable_goods", "survey_health", "county_exits", "poor_population_2014"]


def check_loader(tmp_path: Path, table: str, data: bytes) -> None:
    root = tmp_path / "raw"
    if not root.exists():
        copy_raw(root)
    (root / f"{table}.csv").write_bytes(data)
    package = DataPackage.load(root)
    try:
        validate_table(package, table)
    except DataValidationError as e:
        assert e.problems
        for problem in e.problems:
            assert problem.file.endswith(f"{table}.csv")
            assert problem.message


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=st.sampled_from(TABLES), data=st.binary(max_size=400))
def test_random_bytes_are_accepted_or_located(tmp_path, table, data):
    check_loader(tmp_path, table, data)


@settings(max_examples=80, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    table=st.sampled_from(TABLES),
    position=st.integers(min_value=0, max_value=10_000),
    length=st.integers(min_value=0, max_value=12),
    insert=st.text(max_size=8),
)
def test_random_edits_of_real_tables_are_accepted_or_located(
    tmp_path, table, position, length, insert
):
    text = csv_text(RAW, table)
    position %= len(text)
    edited = text[:position] + insert + text[position + length:]
    check_loader(tmp_path, table, edited.encode("utf-8"))


@pytest.mark.parametrize(
    "setting, expected",
    [
        ("year=2020.0", "config key 'year' = 2020.0: expected a whole number"),
        ("briefs=[653022]", "'653022' (阿克陶县) has no counties"),
        ("briefs=[650000]", "'650000' (新疆维吾尔自治区) has no counties"),
        ("briefs=[999999]", "'999999' is not a region of data/raw/regions.csv"),
    ],
)
def test_config_values_the_schema_lets_through_are_refused(repo_copy, setting, expected):
    proc = snakemake(repo_copy, "--dry-run", "--config", setting, check=False)
    assert proc.returncode != 0
    assert expected in proc.stdout + proc.stderr


def test_a_nan_setting_and_a_yaml_error_are_named(repo_copy):
    config = repo_copy / "config.yaml"
    text = config.read_text("utf-8")
    config.write_text(text.replace("income_drop_share: 0.3", "income_drop_share: .nan"), "utf-8")
    proc = snakemake(repo_copy, "--dry-run", check=False)
    assert "config key 'monitoring.income_drop_share' = nan: expected a finite number" \
        in proc.stdout + proc.stderr
    config.write_text(text.replace("strict: false", "strict false\n  x: ["), "utf-8")
    proc = snakemake(repo_copy, "--dry-run", check=False)
    assert proc.returncode != 0
    output = proc.stdout + proc.stderr
    assert re.search(r"config.yaml:\d+:\d+: not valid YAML", output), output[-2000:]
