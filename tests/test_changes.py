"""The change report: what an update changed, before it goes out."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import snakemake
from nanjiang.text.changes import compare, parse, render
from repocopy import copy_repo

OLD = """# 二、概况 {#ch2}

南疆四地州共有贫困人口218\\.6万人，占全疆的83%。汽车每百户9辆。

| 地区 | 汽车（台） | 洗衣机（台） |
|:--|--:|--:|
| 南疆四地州 | 9 | 89.5 |

: 表 3-3 2018 年耐用消费品 {#tbl-durable_goods}

![图 3-3 耐用消费品](data/derived/figures/fig_durable_goods){#fig-fig_durable_goods width=100%}
"""


def test_a_changed_figure_is_shown_before_and_after_side_by_side(tmp_path):
    import yaml
    from PIL import Image

    from nanjiang.text.changes import before_after

    repo = Path(__file__).resolve().parents[1]
    fonts = yaml.safe_load((repo / "config.yaml").read_text("utf-8"))["fonts"]
    old, new = tmp_path / "old.png", tmp_path / "new.png"
    Image.new("RGB", (600, 300), "red").save(old)
    Image.new("RGB", (300, 300), "blue").save(new)
    for out in (tmp_path / "a.png", tmp_path / "b.png"):
        before_after(old, new, out, fonts, height=120)
    assert (tmp_path / "a.png").read_bytes() == (tmp_path / "b.png").read_bytes()
    with Image.open(tmp_path / "a.png") as picture:
        # each scaled to the height, a gap between, a title above
        assert picture.size == (240 + 12 + 120, 17 + 120)
        assert picture.getpixel((100, 17 + 60)) == (255, 0, 0)
        assert picture.getpixel((240 + 12 + 60, 17 + 60)) == (0, 0, 255)
        title = picture.crop((0, 0, 240, 17))
        assert title.getextrema() != ((255, 255), (255, 255), (255, 255)), "no title drawn"


def test_numbers_cells_and_sentences_that_changed_are_listed():
    new = (OLD.replace("汽车每百户9辆", "汽车每百户9.5辆").replace("| 9 |", "| 9.5 |")
           + "\n新增一句。\n")
    changes = compare(parse(OLD), parse(new))
    assert changes.numbers == [("二、概况", "9", "9.5", "汽车每百户9.5辆。")]
    assert changes.cells == [("表 3-3 2018 年耐用消费品", "南疆四地州", "汽车（台）", "9", "9.5")]
    assert changes.added == [("二、概况", "新增一句。")]
    assert not changes.removed and not changes.reworded
    text = render(changes, [("图 3-3 耐用消费品", "changes/fig_durable_goods.png")], False, "")
    assert "9 → 9.5" in text and "![图 3-3 耐用消费品：更新前 | 更新后]" in text


def test_an_unchanged_report_says_so_and_a_first_one_says_first_edition():
    assert not compare(parse(OLD), parse(OLD))
    assert "均无变化" in render(compare(parse(OLD), parse(OLD)), [], False, "")
    assert "first edition" in render(None, [], True, "")


@pytest.fixture(scope="module")
def updated(tmp_path_factory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("changes") / "repo")
    snakemake(repo)
    first = (repo / "report" / "build" / "changes.md").read_text("utf-8")
    assert "first edition" in first
    table = repo / "data" / "raw" / "durable_goods.csv"
    text = table.read_text("utf-8")
    assert "2018,NJ4,南疆四地州,cars,9,台," in text
    # an update of one value (TEST edit in a copy)
    edited = text.replace("2018,NJ4,南疆四地州,cars,9,台,", "2018,NJ4,南疆四地州,cars,12.3,台,")
    table.write_text(edited, "utf-8")
    snakemake(repo)
    return repo


def test_an_update_lists_the_changed_cell_prose_number_and_figure(updated):
    text = (updated / "report" / "build" / "changes.md").read_text("utf-8")
    assert "南疆四地州 × 汽车（台）：9 → 12.3" in text
    # the text keeps its own 9 (no evidence decides against it): the audit now
    # lists the contradiction, a row the change report shows
    assert "## 表格新增的行" in text and "表 3-3 印为 12.3 台" in text
    assert "耐用消费品" in text.split("## 图")[1]
    assert (updated / "report" / "build" / "changes" / "fig_durable_goods.png").exists()
    # the publication keeps the text and figures the next report compares with
    published = updated / "report" / "build" / "current" / "snapshot"
    assert "12.3" in (published / "report.md").read_text("utf-8").replace("\\", "")


def test_the_change_report_is_a_page_too_with_its_pictures_inside(updated):
    page = (updated / "report" / "build" / "changes.html").read_text("utf-8")
    assert "<title>本次更新的变化</title>" in page
    assert "南疆四地州 × 汽车（台）：9 → 12.3" in page
    # the before | after picture is embedded: the page is one file
    assert 'src="data:image/png;base64,' in page
    assert 'src="changes/' not in page


PAYLOAD = "<script>alert(1)</script> `2099`{=html} [链接](javascript:alert(1)) *粗* @引"


def test_text_from_data_is_printed_literally_in_the_change_report():
    """A sentence, a cell, a caption and a dated statement carrying markup
    (as a citation or a name from the data could): literal in the Markdown
    and in the HTML pandoc makes of it, no element, no link."""
    import pypandoc

    from nanjiang.text.changes import Changes

    changes = Changes(added=[("一、导论", PAYLOAD)],
                      cells=[(PAYLOAD, "南疆四地州", "汽车", "9", PAYLOAD)],
                      captions=[("表 2-1 劳动力构成", PAYLOAD)], cover=[("负责人", "周", PAYLOAD)])
    stale = [{"chapter": "一、导论", "as_of": "2020-10", "text": PAYLOAD}]
    markdown = render(changes, [(PAYLOAD, None)], False, "说明", stale)
    html = pypandoc.convert_text(markdown, "html", format="markdown")
    assert "<script" not in html and "<a " not in html and "<em>" not in html
    # the statement, the sentence, the cell (caption and value) and the figure
    assert html.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 7
    assert html.count("[链接](javascript:alert(1))") == 7


def test_a_caption_or_the_cover_changed_is_listed():
    """A table's title (datapackage.yaml) or a figure's caption reworded, and a
    field of the cover (report/front.yaml) changed: never 均无变化."""
    from nanjiang.text.changes import cover_changes

    new = OLD.replace("2018 年耐用消费品", "2018 年每百户耐用消费品").replace(
        "![图 3-3 耐用消费品]", "![图 3-3 每百户耐用消费品]")
    changes = compare(parse(OLD), parse(new))
    assert changes.captions == [("表 3-3 2018 年耐用消费品", "表 3-3 2018 年每百户耐用消费品"),
                                ("图 3-3 耐用消费品", "图 3-3 每百户耐用消费品")]
    changes.cover = cover_changes({"leader": "周建鹏", "title_lines": ["甲", "乙"]},
                                  {"leader": "周建鹏 等", "title_lines": ["甲乙"]})
    text = render(changes, [], False, "")
    assert "均无变化" not in text
    assert "## 封面（2）\n\n- 负责人：周建鹏 → 周建鹏 等\n- 封面题目分行：甲／乙 → 甲乙" in text
    assert "- “表 3-3 2018 年耐用消费品” → “表 3-3 2018 年每百户耐用消费品”" in text


def test_a_change_of_layout_only_or_of_formats_is_said():
    same = compare(parse(OLD), parse(OLD))
    text = render(same, [], False, "", documents={"restyled": ["report.pdf"]})
    assert "均无变化；但文档的排版有变化（模板、样式或字体），请逐页查看：report.pdf。" in text
    text = render(same, [], False, "", documents={"dropped": ["report.docx"], "restyled": []})
    assert "## 不再发布的文档格式（1）\n\n- report.docx" in text
    assert "其余文档与上次发布的相同" in text
    assert "，文档与上次发布的相同。" in render(same, [], False, "", documents={})


@pytest.fixture(scope="module")
def edited(updated, tmp_path_factory) -> dict:
    """Builds of a copy of ``updated``: (1) a table's title and the cover
    edited, (2) the PDF template only, (3) the PDF alone, (4) the change
    report's job alone after a data edit, nothing published."""
    import shutil

    repo = tmp_path_factory.mktemp("edited") / "repo"
    shutil.copytree(updated, repo, symlinks=True)
    build = repo / "report" / "build"
    states = {}
    package = repo / "data" / "raw" / "datapackage.yaml"
    package.write_text(package.read_text("utf-8").replace(
        "title: 建档立卡贫困户劳动力构成", "title: 建档立卡贫困户的劳动力构成"), "utf-8")
    front = repo / "report" / "front.yaml"
    front.write_text(front.read_text("utf-8").replace("leader: 周建鹏", "leader: 周建鹏 等"),
                     "utf-8")
    snakemake(repo)
    states["captions"] = (build / "changes.md").read_text("utf-8")
    typ = repo / "report" / "templates" / "report.typ"
    typ.write_text(typ.read_text("utf-8").replace(
        "#show footnote.entry: set text(size: 9pt)", "#show footnote.entry: set text(size: 8.5pt)"),
        "utf-8")
    snakemake(repo)
    states["layout"] = (build / "changes.md").read_text("utf-8")
    snakemake(repo, "--config", "formats=[pdf]")
    states["pdf only"] = (build / "changes.md").read_text("utf-8")
    states["pdf only names"] = sorted(p.name for p in build.iterdir())
    published = (build / "changes.md").read_text("utf-8")
    table = repo / "data" / "raw" / "durable_goods.csv"
    table.write_text(table.read_text("utf-8").replace(
        "2018,NJ4,南疆四地州,cars,12.3,台,", "2018,NJ4,南疆四地州,cars,13.1,台,"), "utf-8")
    snakemake(repo, "--config", "formats=[pdf]", "--", "report/build/staging/changes.md")
    states["staged"] = (build / "staging" / "changes.md").read_text("utf-8")
    states["published before"], states["published after"] = published, (
        build / "changes.md").read_text("utf-8")
    return states


def test_the_published_change_report_names_captions_cover_layout_and_formats(edited):
    assert "## 封面（1）\n\n- 负责人：周建鹏 → 周建鹏 等" in edited["captions"]
    assert ("“表 2-1 建档立卡贫困户劳动力构成” → “表 2-1 建档立卡贫困户的劳动力构成”"
            in edited["captions"])
    assert "排版有变化（模板、样式或字体），请逐页查看：report.pdf。" in edited["layout"]
    assert "## 不再发布的文档格式（2）\n\n- html/index.html\n- report.docx" in edited["pdf only"]
    # no page of the change report stays from an edition with the HTML format
    assert "changes.html" not in edited["pdf only names"]
    assert "html" not in edited["pdf only names"]


def test_a_change_report_of_documents_not_published_is_not_published(edited):
    """The change report is part of the edition it describes: built but not
    published (a build stopped before publishing), the published one stays."""
    assert "12.3 → 13.1" in edited["staged"]
    assert edited["published after"] == edited["published before"]
    assert "13.1" not in edited["published after"]

