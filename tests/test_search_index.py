"""The HTML edition's search index (nanjiang.documents.search) and the ids
it jumps to (nanjiang.documents.html.number_blocks), on small pages; the
search itself is tested in Chromium (test_html.py)."""

from __future__ import annotations

import pytest

from nanjiang.documents.html import name_sheets, number_blocks
from nanjiang.documents.search import build_index, merge_indexes, page_blocks

PAGE = """<html><body><nav id="TOC"><ul><li><a href="#ch4">四</a></li></ul></nav>
<main id="content">
<section id="ch4" class="level1">
<h1>四、返贫风险</h1>
<p>脱贫人口面临返贫风险<a href="#fn1" class="footnote-ref" id="fnref1"><sup>1</sup></a>。</p>
<ul><li><p>第一项</p></li><li>第二项</li></ul>
<div class="table-wrap"><table>
<caption>表 4-1 贫困人口</caption>
<thead><tr><th><span class="w">地区</span></th><th>人口</th></tr></thead>
<tbody><tr><td>喀什地区</td><td><span class="cell" title="来源">105.59</span></td></tr></tbody>
</table></div>
<p id="kept">已有 id 的段落</p>
</section>
<section id="footnotes" class="footnotes footnotes-end-of-document">
<ol><li id="fn1"><p>注释的内容。<a href="#fnref1" class="footnote-back">↩︎</a></p></li></ol>
</section>
</main></body></html>"""


def test_every_block_of_the_text_gets_an_id_in_order():
    page = number_blocks(PAGE)
    assert '<li><a href="#ch4">' in page  # the 目录 is not the text
    assert '<p id="b-1">脱贫人口' in page
    assert '<li id="b-2"><p id="b-3">第一项' in page
    assert '<caption id="b-5">' in page and '<tr id="b-6">' in page
    assert '<p id="kept">' in page and '<li id="fn1">' in page
    assert number_blocks(PAGE) == page  # the same page, the same ids


def test_the_blocks_are_those_of_the_text_with_their_own_words():
    blocks = [(b.id, b.level, b.text) for b in page_blocks(number_blocks(PAGE))]
    assert blocks == [
        ("ch4", 1, "四、返贫风险"),
        ("b-1", 0, "脱贫人口面临返贫风险。"),  # the footnote's number is no part of it
        ("b-3", 0, "第一项"),
        ("b-4", 0, "第二项"),
        ("b-5", 0, "表 4-1 贫困人口"),
        ("b-6", 0, "地区\t人口"),  # a row: its cells, tab-separated
        ("b-7", 0, "喀什地区\t105.59"),
        ("kept", 0, "已有 id 的段落"),
        ("footnotes", 1, "注释"),
        ("b-8", 0, "注释的内容。"),
    ]


def test_the_index_holds_the_words_of_each_block():
    page = number_blocks(PAGE)
    index = build_index([("html/index.html", "研究报告", page),
                         ("briefs/653100.html", "喀什地区简报", page)])
    assert index["docs"] == [["html/index.html", "研究报告"],
                             ["briefs/653100.html", "喀什地区简报"]]
    assert index["blocks"][1] == [0, "b-1", 0, "脱贫人口面临返贫风险。"]
    n = len(index["blocks"]) // 2  # the second page's first block
    assert index["blocks"][n + 1] == [1, "b-1", 0, "脱贫人口面临返贫风险。"]
    # jieba's words (贫困人口 also as 贫困 and 人口), never a single character
    assert index["words"]["风险"] == [0, 1, n, n + 1]
    assert index["words"]["贫困人口"] == [4, n + 4]
    assert {"贫困", "人口"} <= set(index["words"])
    assert all(len(w) > 1 for w in index["words"])
    assert list(index["words"]) == sorted(index["words"])
    assert build_index([("html/index.html", "研究报告", page)]) == \
        build_index([("html/index.html", "研究报告", page)])


def test_the_indexes_of_several_pages_put_together_are_the_index_of_them_all():
    page = number_blocks(PAGE)
    report = ("html/index.html", "研究报告", page)
    brief = ("briefs/653100.html", "喀什地区简报", page.replace("喀什地区", "阿克苏地区"))
    assert merge_indexes([build_index([report]), build_index([brief])]) == \
        build_index([report, brief])


def test_each_table_names_its_sheet_and_a_count_that_differs_stops():
    page = name_sheets(PAGE, ["表 4-1"])
    assert '<table data-sheet="表 4-1">' in page
    assert name_sheets(PAGE, []) == PAGE
    with pytest.raises(ValueError, match="1 tables in the page, 2 sheets"):
        name_sheets(PAGE, ["表 4-1", "表 4-2"])
