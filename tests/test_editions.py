"""Editions (issue 28): each build an edition with report year, version per
year, date and data cut-off, all kept and listed; the label chosen before the
documents that print it."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from nanjiang.publish.editions import publish_edition
from nanjiang.publish.index import edition_rows, write_index
from nanjiang.publish.label import (
    LabelError,
    build_date,
    chinese_date,
    choose_label,
    label_line,
    parts,
)

DAY = dt.date(2026, 12, 6)


def publish(build: Path, tmp: Path, year: int, sources: str, *, compare_to=None,
            today=DAY) -> dict:
    """Choose the label for documents made from ``sources`` and publish them."""
    label = choose_label(build, year=year, fingerprint=sources,
                         documents={"report.pdf": sources}, compare_to=compare_to,
                         data_until=year, today=today)
    pdf = tmp / "staging" / label["edition"] / "report.pdf"
    pdf.parent.mkdir(parents=True, exist_ok=True)
    pdf.write_bytes(f"{sources} {label['edition']} {label['date']}".encode())
    publish_edition(build, label, {"report.pdf": pdf})
    return label


def test_versions_count_per_year_and_the_same_sources_keep_their_label(tmp_path):
    build = tmp_path / "build"
    v1 = publish(build, tmp_path, 2020, "a")
    assert (v1["edition"], v1["version"], v1["baseline"]) == ("2020-v1", 1, None)
    # built again from the same sources a day later: the same edition, same date
    assert publish(build, tmp_path, 2020, "a", today=DAY + dt.timedelta(1)) == v1
    v2 = publish(build, tmp_path, 2020, "b", today=DAY + dt.timedelta(1))
    assert (v2["edition"], v2["baseline"], v2["date"]) == ("2020-v2", "2020-v1", "2026-12-07")
    # an earlier state again is a new version, compared with the one before it
    v3 = publish(build, tmp_path, 2020, "a")
    assert (v3["edition"], v3["baseline"]) == ("2020-v3", "2020-v2")
    # another year starts at v1, compared with the edition published before it
    other = publish(build, tmp_path, 2019, "a")
    assert (other["edition"], other["baseline"]) == ("2019-v1", "2020-v3")
    # back to 2020 with v3's sources: v3, published again
    assert publish(build, tmp_path, 2020, "a") == v3
    assert sorted(p.name for p in (build / "editions").iterdir() if p.is_dir()) == [
        "2019-v1", "2020-v1", "2020-v2", "2020-v3"]
    assert (build / "report.pdf").read_bytes().startswith(b"a 2020-v3")


def test_compare_to_names_the_baseline_or_is_refused_with_the_editions(tmp_path):
    build = tmp_path / "build"
    publish(build, tmp_path, 2020, "a")
    publish(build, tmp_path, 2020, "b")
    label = publish(build, tmp_path, 2020, "c", compare_to="2020-v1")
    assert (label["edition"], label["baseline"]) == ("2020-v3", "2020-v1")
    with pytest.raises(LabelError, match=r"'2018-v1' is no edition.*2020-v1, 2020-v2, 2020-v3"):
        publish(build, tmp_path, 2020, "d", compare_to="2018-v1")
    # another compare_to with the same sources: a new edition (its change
    # report and 修订 copy differ)
    again = publish(build, tmp_path, 2020, "c", compare_to="2020-v2")
    assert (again["edition"], again["baseline"]) == ("2020-v4", "2020-v2")


def test_the_date_is_today_in_china_or_edition_date():
    """Found by the hostile test: SOURCE_DATE_EPOCH, set on every build for
    reproducible bytes, dated every edition 2023-11-15."""
    today = dt.datetime.now(dt.timezone(dt.timedelta(hours=8))).date()
    assert build_date({"SOURCE_DATE_EPOCH": "1700000000"}) in (today, today + dt.timedelta(1))
    assert build_date({"EDITION_DATE": "2027-01-09"}) == dt.date(2027, 1, 9)
    with pytest.raises(LabelError, match="EDITION_DATE='2027/1/9' is no date"):
        build_date({"EDITION_DATE": "2027/1/9"})


def test_the_label_is_printed_with_its_four_items():
    label = {"year": 2020, "version": 2, "date": "2026-12-06", "data_until": 2019}
    assert label_line(label) == ("报告年份：2020 年　数据截至：2019 年　版本：v2　"
                                 "日期：2026 年 12 月 6 日")
    assert chinese_date("2027-01-09") == "2027 年 1 月 9 日"


def test_a_document_changed_only_when_its_own_sources_changed(tmp_path):
    """Every document prints the label, so its bytes change with every
    edition: what changed is told by each document's own sources. Found by
    the hostile test: a comment in the briefs' code named the report's PDF;
    a brief's text changed the report's HTML (its search) unnamed."""
    files = {}
    for name in ("report.md", "report.typ", "build_pdf.py", "reference.docx", "report.html",
                 "build_html.py", "652900.md", "map_652900.svg", "653000.md", "brief.typ",
                 "brief.html", "build_brief.py"):
        files[name] = tmp_path / name
        files[name].write_text(name)
    groups = {"text": [files["report.md"]], "pdf": [files["report.typ"], files["build_pdf.py"]],
              "docx": [files["reference.docx"]],
              "html": [files["report.html"], files["build_html.py"]],
              "briefs": [files["652900.md"], files["653000.md"]],
              "maps": [files["map_652900.svg"]], "brief_pdf": [files["brief.typ"]],
              "brief_docx": [files["reference.docx"]], "brief_html": [files["brief.html"]],
              "brief_code": [files["build_brief.py"]], "code": [], "workbook": []}
    formats, briefs, settings = ["pdf", "docx", "html"], ["652900", "653000"], {"fonts": "a"}
    before = parts(groups, formats, briefs, settings)
    assert set(before) == {"report.pdf", "report.docx", "html/index.html", "briefs/652900.pdf",
                           "briefs/652900.docx", "briefs/652900.html", "briefs/653000.pdf",
                           "briefs/653000.docx", "briefs/653000.html"}

    def changed(edit: str, text: str = "another") -> list[str]:
        files[edit].write_text(text)
        after = parts(groups, formats, briefs, settings)
        files[edit].write_text(edit)
        return sorted(n for n in before if before[n] != after[n])

    assert changed("report.typ") == ["report.pdf"]
    assert changed("build_brief.py") == [f"briefs/{r}.{e}" for r in briefs
                                         for e in ("docx", "html", "pdf")]
    assert changed("map_652900.svg") == [
        "briefs/652900.docx", "briefs/652900.html", "briefs/652900.pdf"]
    assert changed("653000.md") == [
        "briefs/653000.docx", "briefs/653000.html", "briefs/653000.pdf", "html/index.html"]
    assert changed("reference.docx") == ["briefs/652900.docx", "briefs/653000.docx",
                                         "report.docx"]
    # settings other than the fonts change no document's own sources
    assert parts(groups, formats, briefs, settings | {"compare_to": "2020-v1"}) == before


def test_the_list_of_editions_names_each_with_its_label_and_links(tmp_path):
    build = tmp_path / "build"
    # an edition folder of the layout before versions is listed, last
    legacy = tmp_path / "staging" / "old.pdf"
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(b"old")
    publish_edition(build, {"edition": "2020-1dbaf93fcd", "year": 2020}, {"report.pdf": legacy})
    publish(build, tmp_path, 2020, "a")
    publish(build, tmp_path, 2019, "a")
    publish(build, tmp_path, 2020, "b")
    rows = edition_rows(build)
    assert [r["edition"] for r in rows] == ["2020-v2", "2020-v1", "2019-v1", "2020-1dbaf93fcd"]
    assert [r["current"] for r in rows] == [True, False, False, False]
    page = write_index(build).read_text("utf-8")
    assert page == write_index(build).read_text("utf-8")  # the same editions, the same page
    assert "2020-v2 <span class=\"tag\">当前发布</span>" in page
    assert "2026 年 12 月 6 日" in page and "旧版，无版本号" in page
    for href in re.findall(r'href="([^"]+)"', page):
        assert (build / "editions" / href).is_file(), href


def test_a_draft_edition_is_listed_as_one_with_its_documents(tmp_path):
    """Found by the hostile test: the list knew only final names and showed
    a draft edition without its PDF."""
    build = tmp_path / "build"
    label = choose_label(build, year=2021, fingerprint="a", documents={}, compare_to=None,
                         data_until=2021, today=DAY) | {"draft": ["引用测试数据来源 t"]}
    pdf = tmp_path / "staging" / "report.pdf"
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"draft")
    publish_edition(build, label, {"report-草稿.pdf": pdf, "briefs/652900-草稿.pdf": pdf})
    (row,) = edition_rows(build)
    assert row["draft"] and row["documents"] == [("2021-v1/report-草稿.pdf", "PDF")]
    assert row["briefs"] == [("2021-v1/briefs/652900-草稿.pdf", "652900")]
    assert '<span class="tag draft">草稿</span>' in write_index(build).read_text("utf-8")


def test_the_html_edition_and_every_brief_name_the_edition(built_repo):
    """The HTML under its cover and at its end; each brief's PDF pages and
    DOCX footer; the list of editions marks it as published."""
    import json

    import docx
    import pypdf

    build = built_repo / "report" / "build"
    label = json.loads((build / "publication.json").read_text("utf-8"))["label"]
    line = label_line(label)
    page = (build / "html" / "index.html").read_text("utf-8")
    assert f'<footer class="edition-footer">{line}</footer>' in page
    cover = page.split('<p class="edition-label">')[1].split("</p>")[0]
    assert re.sub("<[^>]+>", "", cover) == line
    for brief in sorted((build / "briefs").glob("*.pdf")):
        # a brief's 数据截至 is the latest year of its own numbers
        numbers = json.loads((build / "work" / "briefs" / f"{brief.stem}.provenance.json")
                             .read_text("utf-8"))
        line = label_line(label | {"data_until": max(n["year"] for n in numbers)})
        pages = pypdf.PdfReader(brief).pages
        assert all(line in "".join(p.extract_text().split("\n")) for p in pages), brief
        footer = docx.Document(brief.with_suffix(".docx")).sections[-1].footer  # the body
        assert line in [p.text for p in footer.paragraphs], brief
        assert line in brief.with_suffix(".html").read_text("utf-8")
    index = (build / "editions" / "index.html").read_text("utf-8")
    assert f'{label["edition"]} <span class="tag">当前发布</span>' in index
    # issue 29, 2: the cover links the edition's documents, each there, both
    # through the published names and inside the edition's own folder
    links = re.findall(r'<a class="download" href="([^"]+)">([^<]+)</a>', page)
    titles = [title for _, title in links]
    assert titles[:3] == ["PDF", "DOCX", "表格工作簿（XLSX）"]  # a first edition: no 修订 copy
    assert len(links) == 3 + len(list((build / "briefs").glob("*.pdf")))
    for href, _ in links:
        assert (build / "html" / href).resolve().is_file(), href
        assert (build / "current" / "html" / href).resolve().is_file(), href
