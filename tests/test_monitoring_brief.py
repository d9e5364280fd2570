"""The 监测预警简报's text and tables from the summary as shared: no hidden count printed,
风险消除 explained (and the households whose period could not be checked counted), the
thresholds said to be local settings or cited, the information system's main risk types in
their own table."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from nanjiang.monitoring.brief import context
from nanjiang.monitoring.summary import summarise, suppress
from nanjiang.monitoring.synthetic import generate
from nanjiang.text.templating import brief_template
from test_monitoring_engine import COUNTIES, LINE
from test_monitoring_rules import BASE
from test_monitoring_summary import screened_counts

REPO = Path(__file__).resolve().parents[1]
REGIONS = REPO / "data" / "raw" / "regions.csv"
TEMPLATE = REPO / "report" / "briefs" / "monitoring.md.j2"


def shared(table: pd.DataFrame, tmp_path: Path, name: str) -> pd.DataFrame:
    """The summary CSV as the job writes it and the brief's job reads it."""
    out = suppress(summarise(screened_counts(table, tmp_path, name)))
    out.insert(0, "data", "SYNTHETIC")
    return pd.read_csv(io.StringIO(out.to_csv(index=False)), dtype={"region_code": str})


def render(summary: pd.DataFrame, settings: dict | None = None) -> tuple[str, dict]:
    ctx = context(summary, str(REGIONS), True, settings)
    return brief_template(TEMPLATE).render(map="map", risks="risks", **ctx), ctx


def tables(markdown: str) -> list[list[list[str]]]:
    """The pipe tables of a Markdown text, as rows of cells (header and rule left out)."""
    out, rows = [], []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            rows.append([c.strip() for c in line.strip("|").split("|")])
        elif rows:
            out.append(rows[2:])
            rows = []
    return out


def test_the_brief_prints_no_count_under_five_and_explains_clearance(tmp_path):
    """An older export (no date monitoring began): no household is marked 风险消除 and the
    brief says how many could not have their period checked; no count under 5 anywhere."""
    table = generate(COUNTIES, 6_000, 2023, LINE, seed=41)
    table["monitoring_start"] = None
    text, ctx = render(shared(table, tmp_path, "old"))
    assert "风险消除 0 户" not in text  # 0 is a count under 5: hidden, never printed
    undated = re.search(r"其中 (\d+) 户的农户表没有纳入监测日期，监测时长无法核对", text)
    assert undated and int(undated.group(1)) >= 5
    assert "自纳入监测到年末满 6 个月" in text and "等于不算高于" in text
    # every count printed in the text is 5 or more
    for n in re.findall(r"(?<![\d.])(\d+) 户", text):
        assert int(n) >= 5, n
    # and in the tables (表 1 and 表 3 but their share column; 表 2)
    overview, risks, counties = tables(text)
    for rows, skip in ((overview, {4}), (risks, set()), (counties, {4})):
        cells = [c for row in rows for i, c in enumerate(row[1:], start=1) if i not in skip]
        assert all(c == "\\*" or int(c) >= 5 for c in cells), cells
        assert any(c == "\\*" for c in cells) or rows is overview
    assert "\\* 少于 5 户，或为防止由合计推算" in text
    # the thresholds are local settings, said so
    assert "三个阈值是本地设置，公开文件没有规定" in ctx["settings"].replace("\\", "")


def test_a_local_notice_is_cited_for_the_thresholds(tmp_path):
    table = generate(COUNTIES, 2_000, 2023, LINE, seed=42)
    settings = {"income_drop_share": 0.25, "expenditure_spike_share": 0.5,
                "policy_dependence_share": 0.5, "clearance_min_months": 6,
                "settings_source": "某县乡村振兴局《关于防返贫监测有关标准的通知》"}
    text, _ = render(shared(table, tmp_path, "cited"), settings)
    text = text.replace("\\", "")  # as printed: Markdown's escapes dropped
    assert "下降 25% 及以上" in text
    assert "按某县乡村振兴局《关于防返贫监测有关标准的通知》设定" in text
    assert "本地设置" not in text


def test_a_county_of_two_households_prints_no_count(tmp_path):
    """塔什库尔干 printed 筛查 2 户 … 纳入监测 2 户（占 100%）."""
    monitored = {"household_type": "脱贫户", "housing_secure": 0}
    rows = [{**BASE, "household_id": f"T{i}", "county_code": "653131", **monitored}
            for i in range(2)]
    rows += [{**BASE, "household_id": f"Y{i}", **(monitored if i < 6 else {})}
             for i in range(40)]
    _, ctx = render(shared(pd.DataFrame(rows), tmp_path, "tax"))
    [tax] = [s for s in ctx["sections"] if s["name"].startswith("塔什库尔干")]
    assert "2 户" not in tax["text"] and "100" not in tax["text"]
    assert tax["text"].startswith("本期筛查户数不列示")


def test_main_risk_types_are_tabled_when_recorded_and_said_missing_when_not(tmp_path):
    table = generate(COUNTIES, 3_000, 2023, LINE, seed=43)
    text, ctx = render(shared(table, tmp_path, "risks"))
    assert ctx["main_risks_recorded"] and "表 2 监测户的主要风险类型" in text
    assert "表 3 各县（市）筛查与监测情况" in text
    assert "第四章的分析口径" in text
    table["main_risk"] = None
    text, ctx = render(shared(table, tmp_path, "norisks"))
    assert not ctx["main_risks_recorded"]
    assert "没有填写主要风险类型" in text and "表 2 各县（市）筛查与监测情况" in text
    assert "表 2 监测户的主要风险类型" not in text
