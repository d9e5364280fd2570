"""The change report: what an update changed, before it goes out."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import snakemake
from nanjiang.text.changes import compare, parse, render
from rawtables import as_csv
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
    as_csv(repo / "data" / "raw", "durable_goods")  # the table edited below, as CSV
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
    text = render(same, [], False, "", documents={"changed": ["report.pdf"]})
    assert "## 有变化的文档（1）\n\n- report.pdf\n" in text
    assert "均无变化；上列文档有变化（排版、简报或表格工作簿），请逐一查看。" in text
    text = render(same, [], False, "", documents={"dropped": ["report.docx"], "changed": []})
    assert "## 不再发布的文档（1）\n\n- report.docx" in text
    assert "其余文档除版本标注外与上次发布的相同" in text
    # a new version with the same documents says why (found by the hostile test)
    assert ("，文档除版本标注外与上次发布的相同；新版本是因为设置有变化（如比较对象 compare_to）。"
            in render(same, [], False, "", documents={}))
    text = render(same, [], False, "", documents={"sources": ["data/raw/sources.csv"]})
    assert "## 有变化的来源文件（1）\n\n- data/raw/sources.csv\n" in text
    assert "新版本是因为上列来源文件有变化，它们未改变文档的内容。" in text


@pytest.fixture(scope="module")
def edited(updated, tmp_path_factory) -> dict:
    """Builds of a copy of ``updated``, each read back: (1) a table's title and
    the cover edited, (2) the PDF template, (3) the briefs' template only,
    (4) the PDF alone, (5) every format again, (6) the same compared with the
    first edition (config compare_to), (7) a data edit built up to a staged
    PDF, nothing published."""
    import json
    import shutil

    repo = tmp_path_factory.mktemp("edited") / "repo"
    shutil.copytree(updated, repo, symlinks=True)
    build = repo / "report" / "build"
    states = {"repo": repo}

    def edit(path: str, old: str, new: str) -> None:
        file = repo / path
        text = file.read_text("utf-8")
        assert old in text, (path, old)
        file.write_text(text.replace(old, new, 1), "utf-8")

    def published(name: str) -> None:
        snakemake(repo, *states.get("args", []))
        states[name] = (build / "changes.md").read_text("utf-8")
        states[name + " edition"] = json.loads(
            (build / "publication.json").read_text("utf-8"))["edition"]
        states[name + " names"] = sorted(p.name for p in build.iterdir())

    edit("data/raw/datapackage.yaml", "title: 建档立卡贫困户劳动力构成",
         "title: 建档立卡贫困户的劳动力构成")
    edit("report/front.yaml", "leader: 周建鹏", "leader: 周建鹏 等")
    published("captions")
    edit("report/templates/report.typ", "#show footnote.entry: set text(size: 9pt)",
         "#show footnote.entry: set text(size: 8.5pt)")
    published("layout")
    edit("report/briefs/brief.md.j2", "下辖", "共下辖")
    published("briefs")
    states["args"] = ["--config", "formats=[pdf]"]
    published("pdf only")
    states["args"] = []
    published("all formats again")
    states["args"] = ["--config", "compare_to=2020-v1"]
    published("against v1")
    states["args"] = []
    before = (build / "changes.md").read_text("utf-8")
    edit("data/raw/durable_goods.csv", "2018,NJ4,南疆四地州,cars,12.3,台,",
         "2018,NJ4,南疆四地州,cars,13.1,台,")
    snakemake(repo, "report/build/staging/report.pdf")
    states["published before"], states["published after"] = before, (
        build / "changes.md").read_text("utf-8")
    return states


def test_the_published_change_report_names_captions_cover_layout_and_formats(edited):
    assert "## 封面（1）\n\n- 负责人：周建鹏 → 周建鹏 等" in edited["captions"]
    assert ("“表 2-1 建档立卡贫困户劳动力构成” → “表 2-1 建档立卡贫困户的劳动力构成”"
            in edited["captions"])
    assert "## 有变化的文档（1）\n\n- report.pdf\n" in edited["layout"]
    assert "上列文档有变化（排版、简报或表格工作簿），请逐一查看。" in edited["layout"]
    dropped = edited["pdf only"].split("## 不再发布的文档（10）\n\n")[1].split("\n\n")[0]
    assert {"- html/index.html", "- report.docx", "- briefs/652900.docx"} <= set(
        dropped.splitlines())
    # no page of the change report stays from an edition with the HTML format
    assert "changes.html" not in edited["pdf only names"]
    assert "html" not in edited["pdf only names"]


def test_the_change_report_is_against_the_edition_published_just_before(edited):
    """Found by the hostile test: a build of the briefs only compared with an
    older edition (and listed its changes again); a state built again after
    another edition republished the old edition with its old change report."""
    briefs = edited["briefs"]
    assert f"比较对象：版本 {edited['layout edition']}" in briefs
    assert "briefs/652900.pdf" in briefs.split("## 有变化的文档")[1]
    assert "## 封面" not in briefs and "## 标题" not in briefs and "report.pdf" not in briefs
    assert "报告的正文、表格、图、标题和封面均无变化；上列文档有变化" in briefs
    again = edited["all formats again"]
    assert f"比较对象：版本 {edited['pdf only edition']}" in again
    added = again.split("## 新发布的文档（10）\n\n")[1].split("\n\n")[0]
    assert {"- html/index.html", "- report.docx", "- briefs/652900.html"} <= set(added.splitlines())
    assert "{" not in again  # a heading's attributes are not its name
    assert edited["all formats again edition"] != edited["briefs edition"]
    assert "changes.html" in edited["all formats again names"]


def test_a_change_report_of_documents_not_published_is_not_published(edited):
    """The change report is made when its edition is published: a build
    stopped before publishing leaves the published one as it was."""
    assert edited["published after"] == edited["published before"]
    assert "13.1" not in edited["published after"]


def test_each_build_is_the_next_version_of_its_year_kept_and_listed(edited):
    """Issue 28: v1 and v2 (the fixture ``updated``), then one version per
    build that changed what the documents are made from; all kept, listed in
    editions/index.html with the published one marked."""
    names = ["captions", "layout", "briefs", "pdf only", "all formats again", "against v1"]
    assert [edited[f"{n} edition"] for n in names] == [f"2020-v{v}" for v in range(3, 9)]
    build = edited["repo"] / "report" / "build"
    index = (build / "editions" / "index.html").read_text("utf-8")
    for version in range(1, 9):
        assert f"<td class=\"edition\">2020-v{version}" in index
    assert index.count("当前发布") == 2  # the explanation and the one edition


def test_compare_to_makes_the_change_report_against_the_edition_named(edited):
    against = edited["against v1"]
    assert "本次版本：2020-v8（报告年份 2020，" in against
    assert "比较对象：版本 2020-v1（报告年份 2020，" in against
    # v1 had the original 9 cars: the update since is listed again
    assert "南疆四地州 × 汽车（台）：9 → 12.3" in against
    assert "南疆四地州 × 汽车（台）" not in edited["all formats again"]


def test_the_edition_holds_a_revised_docx_against_its_baseline(edited):
    """Issue 28, 2: report-修订.docx, published with the edition, holds the
    changes since its baseline as Word tracked changes signed by the edition
    (read back in LibreOffice by tests/test_revisions.py)."""
    import zipfile

    build = edited["repo"] / "report" / "build"
    revised = build / "report-修订.docx"
    assert revised.resolve().parent.name == "2020-v8"
    xml = zipfile.ZipFile(revised).read("word/document.xml").decode("utf-8")
    inserted = "".join(re.findall(r"<w:ins [^>]*>(.*?)</w:ins>", xml, re.S))
    deleted = "".join(re.findall(r"<w:del [^>]*>(.*?)</w:del>", xml, re.S))
    assert 'w:author="课题组（2020-v8）"' in xml
    assert "12.3" in inserted and deleted  # the cars of 表 3-3, 9 -> 12.3
    assert re.search(r"<w:delText[^>]*>9</w:delText>", xml)
    assert "修订稿 report-修订.docx：本版本的 DOCX，相对于 2020-v1 的 " in edited["against v1"]
    # the PDF-only edition before "all formats again" has no DOCX to compare with
    assert "比较对象 2020-v6 没有 DOCX，未生成修订稿。" in edited["all formats again"]
    assert "report-修订.docx" not in edited["pdf only names"]
