"""Changing the report year: one line of config carries a new year everywhere."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import REPO, snakemake
from readback import docx_text, pdf_text, squash

FIXTURE = REPO / "tests" / "fixtures" / "year_2021"  # TEST DATA, not statistics


def append_fixture(repo: Path) -> None:
    for path in sorted(FIXTURE.glob("*.csv")):
        target = repo / "data" / "raw" / path.name
        with target.open("a", encoding="utf-8") as fh:
            fh.write(path.read_text("utf-8"))




@pytest.fixture(scope="module")
def built_2021(tmp_path_factory):
    from nanjiang.repocopy import copy_repo

    repo = copy_repo(tmp_path_factory.mktemp("year") / "repo")
    append_fixture(repo)
    snakemake(repo, "--config", "year=2021")
    build = repo / "report" / "build"
    return {
        "repo": repo,
        "docx": docx_text(build / "report.docx"),
        "pdf": squash(pdf_text(build / "report.pdf")),
    }


def test_tables_captions_and_prose_show_the_fixture_year(built_2021):
    text = built_2021["docx"]
    # 表 3-3: caption year, the fixture's values, the data year in the source line
    assert "2021 年南疆贫困地区农村每百户耐用消费品拥有量" in text
    assert "17.7" in text and "207.7" in text
    assert "数据年份：2021 年" in text
    # prose that repeats 表 3-3 follows the year
    assert "截至2021年末" in text and "平均拥有汽车17.7辆" in text
    # tables without 2021 rows keep their latest earlier year, and say so
    assert "数据年份：2014 年" in text
    # the same in the PDF
    assert "截至2021年末" in built_2021["pdf"] and "平均拥有汽车17.7辆" in built_2021["pdf"]


def test_original_year_shows_the_original_numbers(built_repo):
    text = docx_text(built_repo / "report" / "build" / "report.docx")
    assert "2018 年南疆贫困地区农村每百户耐用消费品拥有量" in text
    assert "截至2018年末" in text and "平均拥有汽车9辆" in text
    assert "17.7" not in text


def test_changing_the_year_does_not_rerun_validation(built_2021):
    proc = snakemake(built_2021["repo"], "--dry-run", "--config", "year=2020")
    out = proc.stdout
    assert "validate_table" not in out
    assert "render_markdown" in out


def test_strict_stops_and_lists_the_years_each_table_has(built_2021):
    proc = snakemake(
        built_2021["repo"], "--dry-run", "--config", "year=2021", "strict=True", check=False
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "strict: true" in out and "have no row for 2021" in out
    assert "labour_composition: 2014" in out


def test_exits_after_the_report_year_are_not_counted(built_repo):
    repo = built_repo
    proc = snakemake(repo, "--config", "year=2019")
    assert proc.returncode == 0
    text = docx_text(repo / "report" / "build" / "report.docx")
    assert "截至 2019 年未退出" in text
    snakemake(repo)  # back to the configured year for the other tests


def test_source_lines_name_the_sources_of_the_rows_shown(built_2021):
    """表 3-3 shows the fixture's 2021 rows: its 数据来源 line cites their source,
    never the 2019 monitoring report the original printed under it."""
    text = built_2021["docx"]
    assert "数据来源：测试数据（非真实统计）（数据年份：2021 年）" in text
    assert "农村贫困监测调查》（数据年份：2021 年）" not in text
