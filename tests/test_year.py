"""Changing the report year: one line of config carries a new year everywhere."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest

from conftest import REPO, snakemake
from nanjiang.data.loaders import load_validated
from nanjiang.data.package import DataPackage
from rawtables import as_csv
from readback import docx_text, pdf_text, squash

FIXTURE = REPO / "tests" / "fixtures" / "year_2021"  # TEST DATA, not statistics


def append_fixture(repo: Path, without: tuple[str, str] = ("", "")) -> None:
    """The fixture's rows appended to the raw tables; ``without``: (table,
    region code) whose rows are left out (a comparison series not yet published)."""
    raw = repo / "data" / "raw"
    tables = DataPackage.load(raw).resources
    for path in sorted(FIXTURE.glob("*.csv")):
        # a table's CSV (a workbook in its place made the CSV), or sources.csv
        target = as_csv(raw, path.stem) if path.stem in tables else raw / path.name
        table, region = without
        rows = [line for line in path.read_text("utf-8").splitlines(keepends=True)
                if not (path.stem == table and f",{region}," in line)]
        with target.open("a", encoding="utf-8") as fh:
            fh.write("".join(rows))




@pytest.fixture(scope="module")
def built_2021(tmp_path_factory):
    from repocopy import copy_repo

    repo = copy_repo(tmp_path_factory.mktemp("year") / "repo")
    # 全国均值 (CNPA) without 2021 rows: its 2018 rows stand in, said so
    append_fixture(repo, without=("durable_goods", "CNPA"))
    proc = snakemake(repo, "--config", "year=2021")
    build = repo / "report" / "build"
    # test data cited, statements overtaken, a row kept: a draft, named so
    return {
        "repo": repo,
        "docx": docx_text(build / "report-草稿.docx"),
        "pdf": squash(pdf_text(build / "report-草稿.pdf")),
        "html": (build / "html" / "index.html").read_text("utf-8"),
        "log": proc.stdout + proc.stderr,
    }


def test_tables_captions_and_prose_show_the_fixture_year(built_2021):
    text = built_2021["docx"]
    # 表 3-3: caption year, the fixture's values, the data years in the source line
    # (全国均值 kept from 2018: test_a_comparison_row_without_the_year_…)
    assert "2021 年南疆贫困地区农村每百户耐用消费品拥有量" in text
    assert "17.7" in text and "207.7" in text
    assert "数据年份：2018、2021 年" in text and "数据年份：2021 年" in text
    # prose that repeats 表 3-3 follows the year
    assert "截至 2021 年末" in text and "平均拥有汽车 17.7 辆" in text
    # tables without 2021 rows keep their latest earlier year, and say so
    assert "数据年份：2014 年" in text
    # the same in the PDF
    assert "截至2021年末" in built_2021["pdf"] and "平均拥有汽车17.7辆" in built_2021["pdf"]


def test_original_year_shows_the_original_numbers(built_repo):
    text = docx_text(built_repo / "report" / "build" / "report.docx")
    assert "2018 年南疆贫困地区农村每百户耐用消费品拥有量" in text
    assert "截至 2018 年末" in text and "平均拥有汽车 9 辆" in text
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
    assert "数据来源：测试数据（非真实统计）（数据年份：2021 年）" in text  # 表 3-2
    # 表 3-3 keeps 全国均值's 2018 row: its source and year are named too
    assert re.search(r"数据来源：《2019\s?年国家统计局农村贫困监测调查》；测试数据（非真实统计）"
                     r"（数据年份：2018、2021\s年）", text)
    assert "农村贫困监测调查》（数据年份：2021 年）" not in text


def test_a_comparison_row_without_the_year_keeps_its_last_year_and_says_so(built_2021):
    """Issue 28, 5: with no 2021 row of 全国均值, 表 3-3 and 图 3-4 keep its 2018
    row, its name printed with the year and a note; the figure's source line
    no longer promises the gaps to 全国均值 it cannot draw."""
    text = built_2021["docx"]
    assert "全国均值（2018年）" in squash(text)
    assert "注：全国均值尚无 2021 年数据，表中为其 2018 年数据。" in text
    markdown = (built_2021["repo"] / "report" / "build" / "work" / "report.md").read_text("utf-8")
    # 图 3-4's source line (the one line drawn from 表 3-3)
    (line,) = [x for x in markdown.splitlines() if x.startswith("数据来源：根据表 3\\-3")]
    assert "相对差距" not in line and line.startswith("数据来源：根据表 3\\-3 绘制")
    svg = (built_2021["repo"] / "data" / "derived" / "figures" / "fig_durable_goods.svg")
    drawn = svg.read_text("utf-8")
    assert "全国均值尚无 2021 年数据，图中为其 2018 年数据" in drawn


def test_a_draft_says_so_on_every_page_in_its_names_and_on_the_console(built_2021):
    """Issue 28, 5: test data, statements overtaken and a row kept make the
    2021 edition a draft: 草稿 on the cover and every page footer, in the file
    names, the reasons with file:line in the label and on the console."""
    import json
    import subprocess

    import pypdf

    repo = built_2021["repo"]
    build = repo / "report" / "build"
    label = json.loads((build / "publication.json").read_text("utf-8"))["label"]
    reasons = "\n".join(label["draft"])
    assert "引用测试数据来源 test_fixture_2021" in reasons
    assert re.search(r"时效性语句待修订（截至 2020-10）.*report/chapters/01_introduction"
                     r"\.md\.j2:\d+", reasons)
    assert "表 3-3：全国均值尚无 2021 年数据，表中为其 2018 年数据" in reasons
    names = set(json.loads((build / "publication.json").read_text("utf-8"))["documents"])
    assert {"report-草稿.pdf", "report-草稿.docx", "report-tables-草稿.xlsx",
            "briefs/652900-草稿.pdf", "html/index.html"} <= names
    assert not (build / "report.pdf").exists()
    pages = pypdf.PdfReader(build / "report-草稿.pdf").pages
    assert all("状态：草稿" in squash(p.extract_text()) for p in pages[1:])
    assert "状态：草稿" in squash(pages[0].extract_text())
    assert '<details class="draft-banner" role="note"><summary><strong>草稿</strong>' in \
        built_2021["html"]
    # the DOCX's every section (cover and 目录 too, which have no footer) heads its pages so
    import docx

    for name in ("report-草稿.docx", "briefs/652900-草稿.docx"):
        sections = docx.Document(build / name).sections
        assert len(sections) >= 2
        assert all("草稿" in s.header.paragraphs[0].text for s in sections), name
    proc = subprocess.run([sys.executable, "tools/published.py"], cwd=repo,
                          capture_output=True, text=True)
    assert "草稿" in proc.stdout and "01_introduction.md.j2:" in proc.stdout


def test_final_refuses_to_build_a_draft(built_2021):
    proc = snakemake(built_2021["repo"], "--config", "year=2021", "final=True", check=False)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "config final: true, but this edition is a draft" in out
    assert "引用测试数据来源 test_fixture_2021" in out


# -- the full round trip: a later year in, every number of it out ---------------

CELL = re.compile(r'<span class="cell"\s+data-table="([^"]*)"\s+data-region="([^"]*)"'
                  r'\s+data-indicator="([^"]*)"\s+data-year="([^"]*)"')
LATER = 2021


def later_cells(repo: Path) -> set[tuple[str, str, str]]:
    """(table, region, indicator) of every validated row of the later year."""
    validated = repo / "data" / "derived" / "validated"
    out = set()
    for path in validated.glob("*.csv"):
        if path.stem == "facts":
            continue
        df = load_validated(path.stem, validated)
        later = df[df["year"] == LATER]
        out |= set(zip([path.stem] * len(later), later["region_code"], later["indicator"],
                       strict=True))
    return out


def test_no_number_of_the_earlier_year_remains_where_the_later_year_has_one(built_2021):
    """The stale-number check: every table cell and every prose number whose
    cell has a row for the later year prints that year's row."""
    repo = built_2021["repo"]
    later = later_cells(repo)
    assert len(later) > 40  # the fixture reaches four tables
    html = (repo / "report" / "build" / "html" / "index.html").read_text("utf-8")
    cells = CELL.findall(html)
    stale = [c for c in cells if (c[0], c[1], c[2]) in later and int(c[3]) != LATER]
    assert not stale, stale[:5]
    moved = [c for c in cells if int(c[3]) == LATER]
    assert len(moved) >= len({k for k in later if k[0] != "poverty_series"}) - 5
    entries = json.loads((repo / "report" / "build" / "work" / "report.provenance.json")
                         .read_text("utf-8"))
    stale_prose = [e for e in entries if e["table"] != "facts"
                   and (e["table"], e["region_code"], e["indicator"]) in later
                   and e["year"] != LATER]
    assert not stale_prose, stale_prose[:3]
    assert any(e["year"] == LATER for e in entries)


def test_captions_source_lines_and_figures_move_to_the_later_year(built_2021):
    text = built_2021["docx"]
    assert "2014—2021 年南疆四地州贫困发生率下降图" in text  # 图 3-1's period, years drawn
    assert "测试数据（非真实统计）（2021 年）" in text  # the point's source, from data
    for caption in ("2021 年南疆四地州收入结构表", "2021 年南疆贫困地区农村每百户耐用消费品拥有量"):
        assert caption in text, caption


def test_a_number_derived_beside_a_moved_one_is_listed_for_the_editor(built_2021):
    changes = (built_2021["repo"] / "report" / "build" / "changes.md").read_text("utf-8")
    section = changes.split("## 待编辑核对的数字")[1].split("\n## ")[0]
    # "汽车 17.7 辆 … 低近 9—10 个百分点": the gap was worked out from 2018's table
    assert "9个百分点（原文所据 2018 年数据）" in section
    assert "10个百分点（原文所据 2018 年数据）" in section
    # with stale_statements: stop the build stops (at the first dated statement
    # or derived number met) and publishes nothing
    published = (built_2021["repo"] / "report" / "build" / "report-草稿.pdf").read_bytes()
    proc = snakemake(built_2021["repo"], "--config", f"year={LATER}", "stale_statements=stop",
                     check=False)
    assert proc.returncode != 0
    log = (built_2021["repo"] / "logs" / "report" / "render_markdown.log").read_text("utf-8")
    assert "must be revised" in log or "stands beside numbers of 2021" in log
    assert (built_2021["repo"] / "report" / "build" / "report-草稿.pdf").read_bytes() == published


def test_the_later_year_in_the_data_leaves_the_earlier_edition_byte_identical(
        built_repo, tmp_path):
    from repocopy import copy_repo

    repo = copy_repo(tmp_path / "repo")
    append_fixture(repo)
    snakemake(repo)  # the configured year, with the later rows present
    build, before = repo / "report" / "build", built_repo / "report" / "build"
    documents = ["report.pdf", "report.docx", "html/index.html",
                 *(str(p.relative_to(before)) for p in sorted((before / "briefs").iterdir()))]
    for name in documents:
        assert (build / name).read_bytes() == (before / name).read_bytes(), name
    figures = sorted((built_repo / "data" / "derived" / "figures").rglob("*.*"))
    assert figures
    for path in figures:
        rel = path.relative_to(built_repo)
        assert (repo / rel).read_bytes() == path.read_bytes(), rel


def test_a_year_before_some_tables_data_builds_with_the_gaps_stated(built_2021):
    """2015: the surveys (2019), 表 3-2 (2016), 表 3-3 and 3-4 (2018) have no
    data yet; the check before any job names them, the report states each gap."""
    repo = built_2021["repo"]
    dry = snakemake(repo, "--dry-run", "--config", "year=2015")
    said = dry.stdout + dry.stderr
    for table in ("durable_goods", "income_structure", "infrastructure", "survey_health"):
        assert f"{table}: no data at or before 2015" in said, table
    snakemake(repo, "--config", "year=2015")
    text = docx_text(repo / "report" / "build" / "report.docx")
    assert "截至 2015 年尚无数据（本表数据始于 2019 年）" in text
    assert "截至 2015 年尚无数据（本表数据始于 2016 年）" in text
    assert "截至 2015 年尚无数据（本图数据始于 2019 年）" in text
    strict = snakemake(repo, "--dry-run", "--config", "year=2015", "strict=True", check=False)
    assert strict.returncode != 0
