"""Issue 26 (5, 7): what the reader is given is an editor's text, not the
machine's. The rendered report, prefecture briefs and monitoring brief (their
Markdown, as the documents are made from it) hold no trace of the pipeline;
the reference list is one GB/T 7714 sequence (typography.REFERENCE_RULE)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import snakemake
from nanjiang.text.mdtext import unescape
from nanjiang.text.typography import REFERENCE_ENTRY, REFERENCE_RULE, reference_problems
from repocopy import copy_repo

BRIEF = "652900"
MONITORING = "data/derived/monitoring/SYNTHETIC/brief/monitoring_brief_SYNTHETIC.md"

# What an editor would never print: a phrase (regex) and why.
FORBIDDEN = {
    r"数据包": "the data package is the pipeline's, not the reader's (附录一: 原报告…已登记)",
    r"悬停": "a hover tip exists only in the HTML edition (its text is .html-only)",
    r"cnmaps": "a software package; a map credits the boundaries' publisher",
    r"scripts/|tools/|\.py\b": "a source file is no reference a reader can use",
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[str, str]:
    """The report's and the briefs' Markdown, as the reader's text: Markdown
    escapes and word joiners removed, a .num/.cell span's attributes (its
    HTML tooltip) kept, the HTML edition's own divs kept apart."""
    repo = copy_repo(tmp_path_factory.mktemp("reader") / "repo")
    targets = ["report/build/work/report.md", f"report/build/work/briefs/{BRIEF}.md", MONITORING]
    snakemake(repo, *targets)
    return {t: unescape((repo / t).read_text("utf-8")).replace("\u2060", "").replace("\u200b", "")
            for t in targets}


def printed(markdown: str) -> str:
    """The text of the printed editions: without the HTML edition's divs."""
    return re.sub(r"^::: \{\.html-only\}\n.*?^:::\n", "", markdown, flags=re.S | re.M)


@pytest.mark.parametrize("phrase", FORBIDDEN)
def test_no_machine_phrase_in_the_printed_text(rendered, phrase):
    for target, text in rendered.items():
        hits = [line[:160] for line in printed(text).split("\n") if re.search(phrase, line)]
        assert not hits, f"{target}: {FORBIDDEN[phrase]}:\n" + "\n".join(hits)


def test_the_hover_tip_is_explained_in_the_html_edition_only(rendered):
    report = rendered["report/build/work/report.md"]
    assert "::: {.html-only}" in report
    assert "光标停在正文的数字上" not in printed(report)


def test_whatever_the_report_year_is_said_once_if_at_all(rendered):
    report = rendered["report/build/work/report.md"]
    assert report.count("不论报告年份") <= 1


def test_the_briefs_say_their_year_as_a_date_not_a_setting(rendered):
    for target, text in rendered.items():
        if "/briefs/" in target or "monitoring" in target:
            assert not re.search(r"报告年份 ?\d{4} ?年", text), target


def test_maps_credit_the_boundaries_publisher_and_say_they_are_not_reviewed(rendered):
    """Issue 26 (8): 高德's boundaries are no 标准地图 with a 审图号; until the
    office has the maps reviewed, each says it is a schematic for internal use."""
    for target in ("report/build/work/report.md", f"report/build/work/briefs/{BRIEF}.md",
                   MONITORING):
        assert ("县级行政区划界线据高德地图公开的行政区划数据绘制（示意图，未经地图审核，"
                "仅供内部研究使用，不得公开出版、展示或登载）") in rendered[target], target


def test_a_reviewed_map_prints_its_review_number(tmp_path):
    repo = copy_repo(tmp_path / "repo")
    targets = ["report/build/work/report.md", f"report/build/work/briefs/{BRIEF}.md"]
    snakemake(repo, "--config", "map_review_number=新S(2024)012号", "--", *targets)
    for target in targets:
        text = unescape((repo / target).read_text("utf-8"))
        assert "行政区划数据绘制（审图号：新S(2024)012号）" in text, target
        assert "未经地图审核" not in text


def test_the_monitoring_brief_points_to_its_rules_where_a_reader_finds_them(rendered):
    assert "判定规则见本项目文档《防返贫动态监测》“筛查规则的设置”一节" in rendered[MONITORING]
    guide = Path(__file__).resolve().parents[1] / "docs" / "guide" / "monitoring.md"
    assert "## 筛查规则的设置" in guide.read_text("utf-8")


# -- 参考文献 ---------------------------------------------------------------------


def references(report: str) -> str:
    start = report.index("# 参考文献")
    end = report.index("\n# ", start + 1)
    return report[start:end]


def test_every_reference_is_a_gbt7714_entry_of_one_sequence(rendered):
    refs = references(rendered["report/build/work/report.md"])
    assert reference_problems(refs) == []
    numbers = [int(n) for n in re.findall(r"^\[(\d+)\] ", refs, flags=re.M)]
    assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) == 53
    # the sub-lists are labelled, and each holds one type of document
    heads = re.findall(r"^## (.+?)(?: \{.*\})?$", refs, flags=re.M)
    assert heads == ["一、专著", "二、期刊论文", "三、学位论文"]
    for head, kind in zip(heads, "MJD", strict=True):
        block = refs.split(f"## {head}", 1)[1].split("\n## ", 1)[0]
        entries = re.findall(r"^\[\d+\] .*$", block, flags=re.M)
        assert entries and all(f"[{kind}]. " in e for e in entries), head


def test_the_editors_note_states_the_reference_rule(rendered):
    assert REFERENCE_RULE in rendered["report/build/work/report.md"]


@pytest.mark.parametrize("entry", [
    "[1] 凌文豪, 刘欣. 中国特色扶贫开发的理念、实践及其世界意义[J]. 社会主义研究, 2016(4).",
    "[1] 方黎明, 张秀兰. 中国农村扶贫的政策效应分析[J]. 财经研究, 2017, 33(12).",
    "[1] 中共中央宣传部. 习近平总书记系列重要讲话读本[M]. 北京: 学习出版社, 人民出版社, 2016.",
    "[1] 习近平. 习近平谈治国理政: 第一卷[M]. 2版. 外文出版社, 2018.",
    "[1] 杨瑚. 返贫预警机制研究[D]. 兰州大学, 2019.",
])
def test_the_rule_takes_gbt7714_entries(entry):
    assert REFERENCE_ENTRY.fullmatch(entry)


@pytest.mark.parametrize("entry", [
    # the original's forms: no [J], full-width or missing separators, no space
    "[1] 彭琪, 王庆. 精准扶贫背景下返贫问题的成因及对策. 贵阳市委党校学报, 2017(6).",
    "[1]凌文豪,刘欣.中国特色扶贫开发的理念、实践及其世界意义[J].社会主义研究,2016(4).",
    "[1] 王彦发. 南疆深度贫困区贫困现状及脱贫攻坚工作调查研究[J]. 克拉玛依学刊, 2019(03)。",
    "[1] 刘宝臣, 韩克庆. 中国反贫困政策的分裂与整合[J]. 广东社会科学, 2016,(4).",
    "[1] 江立华, 肖慧敏. 心理健康与精准扶贫[J]. 湖北民族学院学报, 2018(5)",
    "[1] 中共中央宣传部. 习近平总书记系列重要讲话读本[M]. 北京: 学习出版社, 2016年版.",
    "[1] 习近平. 决胜全面建成小康社会, 夺取新时代中国特色社会主义伟大胜利[M]. 人民出版社, 2017.",
    "[1] 阿班·毛力提汗. 2018年新疆扶贫攻坚报告[J]. 新西部, 陕西省社会科学院主办，2019年2-3月。",
])
def test_the_rule_refuses_the_originals_forms(entry):
    assert REFERENCE_ENTRY.fullmatch(entry) is None


def test_two_sequences_are_refused():
    refs = "[1] 杨瑚. 返贫预警机制研究[D]. 兰州大学, 2019.\n\n" * 2
    assert reference_problems(refs) == [
        "numbered 1, expected 2: [1] 杨瑚. 返贫预警机制研究[D]. 兰州大学, 2019."]


def test_the_print_filter_drops_the_html_editions_own_text():
    pypandoc = pytest.importorskip("pypandoc")
    lua = Path(__file__).resolve().parents[1] / "report" / "templates" / "custom-styles.lua"
    text = "正文。\n\n::: {.html-only}\n电子版中。\n:::\n"
    out = pypandoc.convert_text(text, "typst", format="markdown",
                                extra_args=[f"--lua-filter={lua}"])
    assert "正文" in out and "电子版" not in out
