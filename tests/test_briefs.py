"""Prefecture briefs: one template, the region a parameter, every number traceable."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pypdf
import pytest
import yaml

from conftest import snakemake
from nanjiang.data.loaders import load_derived, load_validated
from nanjiang.text.mdtext import unescape
from rawtables import as_csv
from readback import docx_text, pdf_text, squash
from repocopy import copy_repo

PREFECTURES = {"652900": "阿克苏地区", "653000": "克孜勒苏柯尔克孜自治州",
               "653100": "喀什地区", "653200": "和田地区"}


@pytest.mark.parametrize("code", list(PREFECTURES))
def test_each_prefecture_has_its_brief_in_every_format(built_repo, code):
    briefs = built_repo / "report" / "build" / "briefs"
    title = f"{PREFECTURES[code]}脱贫攻坚与防返贫简报"
    reader = pypdf.PdfReader(briefs / f"{code}.pdf")
    assert 2 <= len(reader.pages) <= 4, len(reader.pages)  # a brief: two to four pages
    # the map at its print size, on the first page under the county list (at
    # the text's width a tall map went to page 2 and left page 1 two-thirds empty)
    assert squash("图 1") in squash(reader.pages[0].extract_text()), code
    assert squash(title) in squash(pdf_text(briefs / f"{code}.pdf"))
    assert squash(title) in squash(docx_text(briefs / f"{code}.docx"))
    html = (briefs / f"{code}.html").read_text("utf-8")
    assert title in html and 'class="num"' in html
    # the 数据出处 table cites each source by key; every key is written out once
    keys = set(re.findall(r"〔(\d+)〕", html.split("数据出处（")[1].split("来源：")[0]))
    listed = re.findall(r"〔(\d+)〕", html.split("来源：〔1〕")[1].split("</div>")[0])
    assert keys and keys <= {"1", *listed}, (keys, listed)


def _resolve(built: Path, entry: dict):
    """The validated or derived row a provenance entry names, or None."""
    table = entry["table"]
    validated = built / "data" / "derived" / "validated"
    if (validated / f"{table}.csv").exists():
        df = load_validated(table, validated)
    else:
        df = load_derived(built / "data" / "derived" / "indicators" / f"{table}.csv")
    hit = df[(df["indicator"] == entry["indicator"]) & (df["region_code"] == entry["region_code"])
             & (df["source_id"] == entry["source_id"])]
    if table == "county_exits":  # the printed number is the exit year itself
        return str(int(hit["year"].iloc[0])) if len(hit) else None
    hit = hit[hit["year"] == entry["year"]]
    return hit["value_text"].iloc[0] if len(hit) else None


@pytest.mark.parametrize("code", list(PREFECTURES))
def test_every_number_of_a_brief_resolves_to_its_row(built_repo, code):
    work = built_repo / "report" / "build" / "work" / "briefs"
    entries = json.loads((work / f"{code}.provenance.json").read_text("utf-8"))
    markdown = (work / f"{code}.md").read_text("utf-8")
    printed = re.findall(r'\[([^\]]+)\]\{\.num #n(\d+) title=', markdown)
    assert len(printed) == len(entries) > 5
    for text, n in printed:
        entry = entries[int(n) - 1]
        assert text.replace("\\", "") == entry["value"]
        assert _resolve(built_repo, entry) == entry["value"], entry


def test_the_briefs_own_audit_finds_what_the_full_audit_finds_about_them(built_repo):
    """A brief is audited on the tables with rows of its region or counties
    only (so an edit of a 南疆四地州-only table reruns no brief): about its
    region it finds exactly the full audit's findings, and some at all."""
    import pandas as pd

    from nanjiang.data.package import DataPackage
    from nanjiang.derive.indicators.catalog import INDICATORS
    from nanjiang.text.briefs import audit_of_regions, touching
    from nanjiang.workflow.preflight import table_index, tables_with_rows_of

    package = DataPackage.load(built_repo / "data" / "raw")
    index = table_index(package, list(package.resources))
    derived_dir = built_repo / "data" / "derived"
    full = pd.read_csv(derived_dir / "indicators" / "audit.csv", dtype=str,
                       keep_default_na=False)
    found = 0
    for code in PREFECTURES:
        tables = tables_with_rows_of(index, package, [code])
        assert "durable_goods" not in tables and "county_exits" in tables
        raw = {t: load_validated(t, derived_dir / "validated") for t in tables}
        derived = {i: load_derived(derived_dir / "indicators" / f"{i}.csv")
                   for i, spec in INDICATORS.items() if set(spec.inputs) <= set(tables)}
        own = audit_of_regions(package, raw, derived, "corrected")
        mine = touching(own, code, package).reset_index(drop=True)
        theirs = touching(full, code, package).reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, theirs)
        found += len(mine)
    assert found > 0


def test_a_brief_has_the_findings_about_its_region_and_no_empty_section(built_repo):
    """Issue 26 (10): the audit findings of a brief are about the region (a
    total of 南疆四地州 that lists it among its parts is not); a section without
    data is left out, said once in a closing line; numbers and tables are
    numbered as printed; no promise of markers the print does not carry."""
    text = {code: pdf_text(built_repo / "report" / "build" / "briefs" / f"{code}.pdf")
            for code in PREFECTURES}
    for code in PREFECTURES:
        flat = squash(text[code])
        assert squash("一一对应") not in flat
        assert squash("南疆四地州建档立卡贫困总人口印为") not in flat, code
        assert squash("本节没有调研数据") not in flat
        headings = re.findall(r"^([一二三四五])、", text[code], re.M)
        assert headings == ["一", "二", "三", "四", "五"][: len(headings)], (code, headings)
        tables = [int(t) for t in re.findall(r"^\s*表 (\d+) ", text[code], re.M)]
        assert tables == list(range(1, len(tables) + 1)), (code, tables)
    # 阿克苏: its own shares misprinted (7.8 for 7.90), no survey; 克州: none of either
    assert squash("阿克苏占自治区贫困人口比例印为 7.8%") in squash(text["652900"])
    assert squash("课题组的调研样本不含阿克苏地区的县，简报不列调研数据。") in squash(
        text["652900"])
    kizilsu = squash(text["653000"])
    assert squash("数据审核中涉及本地区的发现") not in kizilsu
    assert squash("数据审核没有发现涉及克孜勒苏柯尔克孜自治州的不一致之处。") in kizilsu


def test_a_brief_carries_the_masthead_of_config(built_repo):
    """The issuing unit of config.yaml's brief_masthead under the title, in every
    format; an item left null (期号, date) is not printed."""
    config = yaml.safe_load((built_repo / "config.yaml").read_text("utf-8"))
    issuer = config["brief_masthead"]["issuer"]
    assert issuer and config["brief_masthead"]["issue"] is None
    briefs = built_repo / "report" / "build" / "briefs"
    for code in PREFECTURES:
        pdf = pdf_text(briefs / f"{code}.pdf")
        lines = [line.strip() for line in pdf.splitlines() if line.strip()]
        assert squash(lines[1]) == squash(issuer), lines[:3]  # the line under the title
        assert "None" not in lines[1] and "null" not in lines[1]
        assert squash(issuer) in squash(docx_text(briefs / f"{code}.docx"))
        assert 'data-custom-style="报头"' in (briefs / f"{code}.html").read_text("utf-8")


def test_a_brief_map_shows_only_the_kinds_of_county_it_has(built_repo):
    """克州's four counties were all poor: its legend has no 非贫困县."""
    import matplotlib

    matplotlib.use("Agg")
    from nanjiang.figures.brief_map import draw

    raw, derived = built_repo / "data" / "raw", built_repo / "data" / "derived"
    legends = {code: [t.get_text() for t in draw(
        code, str(raw / "regions.csv"), str(derived / "validated" / "county_exits.csv"),
        2020).axes[0].get_legend().get_texts()] for code in ("653000", "652900")}
    assert legends["653000"] == ["已摘帽贫困县"]
    assert legends["652900"] == ["已摘帽贫困县", "非贫困县"]


def test_a_fifth_region_needs_no_code(tmp_path):
    """A TEST DATA prefecture with one county, in the data and the config only."""
    repo = copy_repo(tmp_path / "repo")
    raw = repo / "data" / "raw"
    with (raw / "regions.csv").open("a", encoding="utf-8") as fh:
        fh.write("TST,测试地区,prefecture,650000,\nTST01,测试县,county,TST,\n")
    with as_csv(raw, "county_exits").open("a", encoding="utf-8") as fh:
        fh.write("2019,TST01,测试县,county_exit,1,个,seed,TEST DATA\n")
    config = yaml.safe_load((repo / "config.yaml").read_text("utf-8"))
    config["briefs"].append("TST")
    (repo / "config.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    snakemake(repo, "report/build/staging/briefs/TST.pdf")
    # (the Markdown as it reads: names and titles from data are escaped in it)
    markdown = unescape((repo / "report" / "build" / "work" / "briefs" / "TST.md")
                        .read_text("utf-8"))
    assert "测试地区脱贫攻坚与防返贫简报" in markdown
    assert "测试县" in markdown and "2019" in markdown
    assert "研究报告表 2-4 没有测试地区的数据" in markdown  # a gap is said, not filled
    assert (repo / "data" / "derived" / "figures" / "briefs" / "map_TST.svg").exists()
    shutil.rmtree(repo)
