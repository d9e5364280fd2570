"""The edition's typography (nanjiang.text.typography): one rule per defect,
applied to every chapter and appendix, in both editions; and the rendered
report (report.md, the HTML page, the PDF's text) free of each defect."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from nanjiang.text.templating import Report
from nanjiang.text.typography import RULES, normalise

NBSP = "\u00a0"


@pytest.mark.parametrize(("before", "after"), [
    # the original's "....." after a quotation (pandoc would print "….."),
    # a single ellipsis, an ellipsis run into dots
    ("发生率降至2%.....”“要以此", "发生率降至 2%……”“要以此"),
    ("困难……”。有的…号", "困难……”。有的……号"),
    ("改善…..”这些", "改善……”这些"),
    ("1\\.1\\.2 版", "1\\.1\\.2 版"),  # a version number is no ellipsis
])
def test_ellipsis(before, after):
    assert normalise(before) == after


@pytest.mark.parametrize(("before", "after"), [
    # years and dates: 一字线
    ("在2014-2019年6年间", "在 2014—2019 年 6 年间"),
    ("意见》（2018-2020）《新疆", "意见》（2018—2020）《新疆"),
    ("2015\\-2018年《新疆统计年鉴》", "2015—2018 年《新疆统计年鉴》"),
    ("9月25—26日", "9 月 25—26 日"),
    # other ranges: 浪纹线, never a hyphen or a minus sign
    ("人均收入在[3700]{.num #a}-[5000]{.num #b}之间",
     "人均收入在 [3700]{.num #a}～[5000]{.num #b} 之间"),
    ("低近[9]{.num #a}—[10]{.num #b}个百分点", "低近 [9]{.num #a}～[10]{.num #b} 个百分点"),
    ("收入介于 2000\\-2800 元", "收入介于 2000～2800 元"),
    ("第1-2页", "第 1～2 页"),
    # no ranges: table and figure numbers, dates, a citation's pages, URLs
    ("见表 2\\-4、表2-1、图 A-1", "见表 2\\-4、表 2-1、图 A-1"),
    ("新华社 2019-10-11 电", "新华社 2019-10-11 电"),
    ("中国农村经济, 2009(12): 4-23.", "中国农村经济, 2009(12): 4-23."),
    ("http\\:\\/\\/ecns\\.cn\\/2016\\/01\\-08\\/1\\.shtml",
     "http\\:\\/\\/ecns\\.cn\\/2016\\/01\\-08\\/1\\.shtml"),
    ("脚注[^c3-1]：10762 − 10371 = 391", "脚注[^c3-1]：10762 − 10371 = 391"),
])
def test_ranges(before, after):
    assert normalise(before) == after


def test_titles_keep_the_form_they_were_published_in():
    text = ("《南疆四地州深度贫困地区脱贫攻坚实施方案（2018-2020年）》"
            "《2018\\-2019年自治区扶贫办统计资料公报》")
    assert normalise(text) == text


def test_document_numbers_take_the_hexagonal_brackets():
    assert normalise("通知》（新扶贫领字（2018）60号）") == "通知》（新扶贫领字〔2018〕60号）"
    # a document number is a name: no space inside it
    assert normalise("（中发〔2018〕16号）") == "（中发〔2018〕16号）"
    # a map's 审图号 is printed as the reviewing office issued it (no GB/T 9704)
    line = "绘制（审图号：新S\\(2024\\)012号）；见新扶贫领字（2018）60号"
    assert normalise(line) == "绘制（审图号：新S\\(2024\\)012号）；见新扶贫领字〔2018〕60号"


def test_one_term_for_the_source_line():
    assert normalise("资料来源：《2016 年新疆统计年鉴》") == "数据来源：《2016 年新疆统计年鉴》"
    # a quotation of what the original printed stays
    quoted = "原报告 表 2\\-3 下方“资料来源：《2016 年新疆统计年鉴》”"
    assert normalise(quoted) == quoted


def test_one_space_after_a_bracketed_entry_number():
    assert normalise("[8]国务院扶贫办.脱贫攻坚政策解读[M].2016.", "07_references") == \
        "[8] 国务院扶贫办.脱贫攻坚政策解读[M].2016."
    # a data number opening a line is no entry number
    assert normalise("[2605]{.num #x}个贫困村") == "[2605]{.num #x} 个贫困村"


def test_one_space_between_chinese_and_numbers():
    before = "截至2018年末，约[16\\.6]{.num title=\"2019年\"}万人（见[表 2-4](#t)所示）"
    after = "截至 2018 年末，约 [16\\.6]{.num title=\"2019 年\"} 万人（见[表 2-4](#t) 所示）"
    assert normalise(before) == after
    # in a table a number and its unit stay on one line
    assert normalise("| 1 | 16\\.58万\u2060人 |") == f"| 1 | 16\\.58{NBSP}万\u2060人 |"
    # Markdown that is no text stays as it is
    for markup in ("# 一、导论 {#ch1}", "::: {custom-style=\"数据来源\"}", "|:---|---:|",
                   "![图 1-1 题](data/derived/figures/fig_x){#fig-fig_x width=90%}"):
        assert normalise(markup) == markup


def test_the_reference_list_keeps_its_entries_as_printed():
    entry = "[32]阿班·毛力提汗.2018年新疆扶贫攻坚报告[J].新西部,2019年2-3月。"
    assert normalise(entry, "07_references") == "[32] " + entry[4:]


def test_every_rule_says_what_it_does():
    assert len({r.name for r in RULES}) == len(RULES)
    assert all(len(r.note) > 10 and r.apply.__doc__ for r in RULES)


def render(tmp_path: Path, edition: str) -> str:
    chapters = tmp_path / edition
    chapters.mkdir()
    (chapters / "01_x.md.j2").write_text(
        "# 一、测试 {#ch1}\n\n在2014-2019年，降至2%.....”《方案（2018-2020年）》\n", "utf-8")
    (chapters / "A_notes.md.j2").write_text("# 编者说明\n\n{{ editor_notes() }}\n", "utf-8")
    return Report(chapters, facts={}, tables={}, figures={}, report_year=2020,
                  edition=edition).render()


@pytest.mark.parametrize("edition", ["corrected", "faithful"])
def test_every_chapter_is_set_by_the_rules_in_both_editions(tmp_path, edition):
    text = re.sub(r"\\(.)", r"\1", render(tmp_path, edition))  # Markdown escapes undone
    assert "在 2014—2019 年，降至 2%……”《方案（2018-2020年）》" in text
    # the 编者说明 lists the rules, and that titles keep their published form
    for rule in RULES:
        assert rule.note.split("（")[0] in text, rule.name
    assert "书名号内的文献标题" in text


def test_the_editor_s_note_counts_from_the_lists(tmp_path):
    chapters = tmp_path / "c"
    chapters.mkdir()
    (chapters / "01_x.md.j2").write_text("# 一、测试 {#ch1}\n\n确保确保。\n", "utf-8")
    (chapters / "07_references.md.j2").write_text(
        "# 参考文献 {#references}\n\n[1] 作者. 书[M]. 出版者, 2016."
        "{# seed removed 尅俾: 导出残留的乱码字符 #}\n", "utf-8")
    (chapters / "A_notes.md.j2").write_text("# 编者说明\n\n{{ editor_notes() }}\n", "utf-8")
    erratum = {"chapter": "01_x", "location": "一", "original": "确保确保", "correction": "确保",
               "occurrences": "1", "basis": "重字"}
    decisions = [{"kind": "doubled_word"}, {"kind": "sound_alike"}, {"kind": "reading"}]
    text = Report(chapters, facts={}, tables={}, figures={}, report_year=2020,
                  errata=[erratum], typo_decisions=decisions).render()
    assert "共 2 处，连同通读所见 1 处" in text
    assert "认定为错字的 1 条（1 处）已改正" in text
    assert "导出残留的乱码字符 1 处（参考文献“尅俾”）" in text


# -- the rendered report ------------------------------------------------------

def _without_kept(text: str) -> str:
    """What the rules govern: titles in 《》 and the entries of the reference
    list ([1] …) keep their published form."""
    # (a title may run over lines of a table cell in the PDF's text)
    text = re.sub(r"《[^》《]{0,120}》", "《》", text)
    return re.sub(r"(?m)^\s*\\?\[\d+\\?\].*$", "", text)


DEFECTS = {
    "year range with a hyphen": r"(?<![\d:/-])(?:19|20)\d{2}\\?-(?:19|20)\d{2}(?![\d-])",
    "range with a minus sign": r"\d−\d",
    "dots for an ellipsis": r"(?<!\\)\.{2,}|(?:\\\.){2,}|…\.",
    "single ellipsis": r"(?<!…)…(?!…)",
    "document number in （）": r"（\d{4}）\d+号",
    "资料来源 as the source line": r"(?m)^资料来源：",
}


def _defects(text: str) -> dict[str, list[str]]:
    text = _without_kept(text)
    return {name: [text[max(0, m.start() - 15):m.end() + 15]
                   for m in re.finditer(pattern, text)]
            for name, pattern in DEFECTS.items() if re.search(pattern, text)}


def test_the_rendered_markdown_has_none_of_the_defects(built_repo):
    markdown = (built_repo / "report/build/work/report.md").read_text("utf-8")
    assert not _defects(markdown)
    body = _without_kept(re.sub(r"\{[^}]*\}|\]\([^)]*\)|https?\S+", "", markdown))
    tight = re.findall(r".{6}(?:[\u4e00-\u9fff][\u2060]?\d|\d[\u2060]?[\u4e00-\u9fff]).{6}", body)
    tight = [t for t in tight if not re.search(r"〕\d+号", t)]
    assert not tight, tight[:20]
    # the original's ranges, now as the rules set them
    assert "[3700]" in markdown and re.search(r"\[3700\]\{[^}]*\}～\[5000\]", markdown)
    assert "在 2014—2019 年 6 年间" in markdown
    assert "新扶贫领字〔2018〕60号" in markdown


def test_the_html_page_has_none_of_the_defects(built_repo):
    page = (built_repo / "report/build/html/index.html").read_text("utf-8")
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", page)).replace("\u2060", "")
    assert not _defects(text)


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) not here")
def test_the_pdf_text_has_none_of_the_defects(built_repo):
    text = subprocess.run(["pdftotext", "-layout", str(built_repo / "report/build/report.pdf"),
                           "-"], capture_output=True, text=True, check=True).stdout
    text = text.replace("\u2060", "")
    assert not _defects(text)
    assert re.search(r"3700\s*～\s*5000", text)
