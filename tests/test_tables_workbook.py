"""report-tables.xlsx: the report's tables as a workbook, one sheet per table,
read back against the tables of the published DOCX (another reader of the
same report), opened by LibreOffice Calc, published with the edition, and
the same bytes from the same report."""

from __future__ import annotations

import csv
import json
import re
import shutil
import subprocess
import time
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph

from conftest import snakemake, with_venv
from nanjiang.documents.tables_workbook import (
    COLUMN_HEADER_ROW,
    HEADER_ROWS,
    read_tables,
    sheet_name,
    workbook_bytes,
)
from readback import WORD_JOINER, ZERO_WIDTH_SPACE
from repocopy import copy_repo

WORKBOOK = "report/build/report-tables.xlsx"
STAGED = "report/build/staging/report-tables.xlsx"
NUMBER = re.compile(r"-?\d+(?:\.(\d+))?")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("tables") / "repo")
    snakemake(with_venv(repo))
    return repo


def plain(text: str) -> str:
    """A cell as a reader sees it (no word joiners; a no-break space as a space;
    a line break, which the DOCX places between two words of a cell too wide
    for its column (nanjiang.documents.docx_cells), as a space)."""
    return (text.replace(WORD_JOINER, "").replace(ZERO_WIDTH_SPACE, "")
            .replace("\u00a0", " ").replace("\n", " ").strip())


HTML_ONLY = {"附录四 数据出处"}


def unspaced(row: list[str]) -> list[str]:
    return [re.sub(r"\s", "", cell) for cell in row]


def docx_tables(path: Path) -> list[dict]:
    """Every table of the DOCX with the paragraph before it (its caption, or
    for 附录四 the appendix heading) and the 数据来源 paragraphs after it."""
    document = docx.Document(path)
    items = list(document.element.body.iterchildren())
    tables, heading = [], ""
    for i, element in enumerate(items):
        if element.tag.endswith("}p"):
            paragraph = Paragraph(element, document)
            if paragraph.style.name.startswith("Heading 1"):
                heading = plain(paragraph.text)
            continue
        if not element.tag.endswith("}tbl"):
            continue
        before = Paragraph(items[i - 1], document)
        caption = plain(before.text) if before.style.name == "Table Caption" else heading
        under = []
        for after in items[i + 1:]:
            if after.tag.endswith(("}bookmarkStart", "}bookmarkEnd")):
                continue
            if not after.tag.endswith("}p"):
                break
            paragraph = Paragraph(after, document)
            if paragraph.style.name != "数据来源":
                break
            under.append(plain(paragraph.text))
        rows = [[plain(c.text) for c in row.cells] for row in Table(element, document).rows]
        tables.append({"caption": caption, "under": under, "header": rows[0], "rows": rows[1:]})
    return tables


def calc_csv(xlsx: Path, out: Path) -> dict[str, list[list[str]]]:
    """Every sheet as LibreOffice Calc shows it (cell contents as shown), by sheet name."""
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{out / 'profile'}",
         # UTF-8, first line 1, cells as shown, every sheet to a file of its own (-1)
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,"
         "false,false,-1", "--outdir", str(out), str(xlsx)],
        check=True, capture_output=True, timeout=300)
    sheets = {}
    for path in out.glob(f"{xlsx.stem}-*.csv"):
        with path.open(encoding="utf-8", newline="") as f:
            sheets[path.stem.removeprefix(f"{xlsx.stem}-")] = list(csv.reader(f))
    return sheets


def check_against_docx(xlsx: Path, document: Path, out: Path, brief: bool = False) -> int:
    """Each sheet of ``xlsx`` is a table of ``document``, in order: header
    rows from its caption and the lines under it, its column header and rows
    as Calc shows them, numbers stored as numbers with the printed decimals.
    Returns the number of tables."""
    book = openpyxl.load_workbook(xlsx)
    printed = docx_tables(document)
    # 附录四's full list is the HTML's and the workbook's; print has its summary (表 D-1)
    sheets = [ws for ws in book.worksheets if ws.title not in HTML_ONLY]
    assert len(sheets) == len(printed), (book.sheetnames, [t["caption"] for t in printed])
    shown = calc_csv(xlsx, out)
    assert sorted(shown) == sorted(book.sheetnames)
    for ws, table in zip(sheets, printed, strict=True):
        caption = table["caption"]
        if caption.startswith("表"):  # 表 2-1 标题
            label, title = re.fullmatch(r"(表 \S+) (.*)", caption).groups()
        elif "　" in caption:  # 附录四　数据出处: its heading
            label, _, title = caption.partition("　")
        else:  # a brief's 数据出处（…）: no 表号
            label, title = "—", caption
        where = f"{xlsx.name} {ws.title} ({caption})"
        assert [ws.cell(r, 1).value for r in range(1, 6)] == list(HEADER_ROWS), where
        assert ws.cell(1, 2).value == label and ws.cell(2, 2).value == title, where
        # 资料来源 and 数据年份: the 数据来源 line under the table; notes below the rows
        source = next((u for u in table["under"] if re.match("(数据)?来源：", u)), None)
        notes = [u for u in table["under"] if u != source]
        if source:
            m = re.fullmatch(r"(?:数据)?来源：(.*?)(?:（数据年份：(.*?) 年）)?。?", source)
            assert ws.cell(4, 2).value == m.group(1), where
            if not brief:
                assert str(ws.cell(5, 2).value) == (m.group(2) or "—"), where
        elif brief:  # a brief's table: the sources of its numbers
            assert ws.cell(4, 2).value, where
        else:
            assert ws.cell(4, 2).value == "—" and ws.cell(5, 2).value == "—", where
        assert ws.cell(3, 2).value and ws.cell(5, 2).value, where  # (— where none)
        # the column header and every row: Calc shows what the DOCX prints
        sheet = shown[ws.title]
        width = len(table["header"])
        # (compared without white space: the DOCX breaks a cell too wide for its
        # column between two words, in place of a space or not)
        assert unspaced(sheet[COLUMN_HEADER_ROW - 1][:width]) == unspaced(table["header"]), where
        body = sheet[COLUMN_HEADER_ROW:COLUMN_HEADER_ROW + len(table["rows"])]
        assert [unspaced(r[:width]) for r in body] == [unspaced(r) for r in table["rows"]], where
        assert [r[0] for r in sheet[COLUMN_HEADER_ROW + len(table["rows"]) + 1:]] == notes
        # numbers are numbers, with the decimals as printed
        for r, row in enumerate(table["rows"], start=COLUMN_HEADER_ROW + 1):
            for c, text in enumerate(row, start=1):
                value = ws.cell(r, c)
                number = NUMBER.match(text)
                if number and number.end() == len(text):
                    assert value.data_type == "n", f"{where} {value.coordinate}: {text!r}"
                if value.data_type == "n":  # (a number with its unit too: 2019 年)
                    assert number, (where, text)
                    decimals = len(number.group(1) or "")
                    assert value.number_format.startswith(
                        "0" + ("." + "0" * decimals if decimals else "")), (where, text)
                    assert float(number.group(0)) == value.value, (where, text)
                else:
                    assert value.data_type == "s" or value.value is None, (where, text)
    return len(printed)


def test_one_sheet_per_table_of_the_report_as_printed(built, tmp_path):
    tables = check_against_docx(built / WORKBOOK, built / "report/build/report.docx",
                                tmp_path / "csv")
    assert tables >= 16  # 表 2-1 … 表 4-3, 附录一 to 三, 表 D-1
    # and 附录四's full list, which only the HTML edition prints
    assert openpyxl.load_workbook(built / WORKBOOK).sheetnames[-2:] == [
        "表 D-1", "附录四 数据出处"]


def test_a_briefs_tables_likewise(built, tmp_path):
    """Every brief has its workbook; 喀什地区's (with the survey tables, whose
    captions carry no anchor) read back against its DOCX."""
    briefs = built / "report/build/briefs"
    for docx_file in sorted(briefs.glob("*.docx")):
        assert (briefs / f"{docx_file.stem}-tables.xlsx").is_file(), docx_file
    tables = check_against_docx(briefs / "653100-tables.xlsx", briefs / "653100.docx",
                                tmp_path / "csv", brief=True)
    assert tables == 7  # 表 1 … 表 6 and 数据出处
    book = openpyxl.load_workbook(briefs / "653100-tables.xlsx")
    assert book.sheetnames[-1] == "数据出处"
    poor = book["表 2"]
    assert poor["B5"].value == 2014 and "万人" in poor["B3"].value
    assert "新疆统计年鉴" in poor["B4"].value  # from its numbers' 数据出处 entries


def test_the_data_tables_are_numbers_with_their_units_and_sources(built):
    book = openpyxl.load_workbook(built / WORKBOOK)
    ws = book["表 2-4"]
    assert ws["B2"].value == "2014 年南疆四地州贫困县重点村、贫困人口比例"
    assert ws["B5"].value == 2014 and ws["B5"].number_format == "0"
    assert ws["B3"].value.startswith("万人、个、%")
    row = next(r for r in ws.iter_rows(min_row=COLUMN_HEADER_ROW + 1) if r[0].value == "南疆四地州")
    assert (row[1].value, row[1].number_format) == (218.6, "0.0")
    assert (row[2].value, row[2].number_format) == (2589, "0")
    exits = book["表 3-1"]
    assert exits["B3"].value == "年"
    cell = exits.cell(COLUMN_HEADER_ROW + 1, 4)
    assert (cell.value, cell.number_format) == (2019, '0" 年"')
    provenance = book["附录四 数据出处"]
    assert provenance["B1"].value == "附录四" and provenance["B2"].value == "数据出处"
    first = provenance.cell(COLUMN_HEADER_ROW + 1, 3)
    assert first.data_type == "n" and first.number_format.startswith("0")
    entries = json.loads((built / "report/build/work/report.provenance.json").read_text("utf-8"))
    assert provenance.max_row == COLUMN_HEADER_ROW + len(entries)


def test_nothing_hidden_nothing_merged_valid_names(built):
    book = openpyxl.load_workbook(built / WORKBOOK)
    for ws in book.worksheets:
        assert ws.sheet_state == "visible"
        assert not ws.merged_cells.ranges, ws.title
        assert len(ws.title) <= 31 and not re.search(r"[\[\]:*?/\\]", ws.title)
        assert not any(d.hidden for d in ws.row_dimensions.values()), ws.title
        assert not any(d.hidden for d in ws.column_dimensions.values()), ws.title
    assert sheet_name("表 2-1") == "表 2-1"
    assert sheet_name("附录四 " + "很长的标题" * 10) == ("附录四 " + "很长的标题" * 10)[:31]
    assert sheet_name("a/b:c") == "a_b_c"


def test_published_with_the_edition_and_the_same_bytes_again(built):
    build = built / "report/build"
    record = json.loads((build / "publication.json").read_text("utf-8"))
    assert "report-tables.xlsx" in record["documents"]
    assert "briefs/653100-tables.xlsx" in record["documents"]
    assert (build / "report-tables.xlsx").is_symlink()
    edition = build / "current" / "report-tables.xlsx"
    assert edition.read_bytes() == (built / STAGED).read_bytes()
    before = (built / STAGED).read_bytes()
    time.sleep(2)  # a zip entry's time has a resolution of 2 s
    snakemake(built, "--forcerun", "tables_workbook")
    assert (built / STAGED).read_bytes() == before
    assert json.loads((build / "publication.json").read_text("utf-8"))["edition"] == \
        record["edition"]
    # the HTML edition names it beside itself, each table its sheet (report.js
    # links each table to its sheet; tested in Chromium: test_html.py)
    page = (build / "html/index.html").read_text("utf-8")
    assert '<meta name="tables-workbook" content="../report-tables.xlsx">' in page
    assert '<table data-sheet="表 2-1"' in page


def test_the_workbook_follows_the_markdown(tmp_path):
    """A unit of the reader: caption, source line with its year, notes, a
    number with its unit, an escaped cell; the bytes do not depend on the
    time of writing."""
    markdown = "\n".join([
        "# 二、概况 {#ch2}", "",
        "| 地⁠区 | 人⁠口（万人） | 说明 |", "|:--|--:|:--|",
        '| 南⁠疆 | [218\\.60]{.cell table="t" region="NJ4" indicator="pop" year="2014" '
        'source="s" title="x"} | a\\|b |',
        "| 全国 | — | 3 户 |", "",
        ": 表 2-1 2014 年人口 {#tbl-t}", "",
        '::: {custom-style="数据来源"}', "注：一条注。", ":::", "",
        '::: {custom-style="数据来源"}', "数据来源：《年鉴》（数据年份：2014 年）", ":::",
    ])
    (table,) = read_tables(markdown, lambda t, i: "万人" if i == "pop" else "", {"户"})
    assert (table.label, table.title, table.unit, table.source, table.years) == (
        "表 2-1", "2014 年人口", "万人", "《年鉴》", "2014")
    assert table.notes == ["注：一条注。"]
    assert table.header == ["地区", "人口（万人）", "说明"]
    south, china = table.rows
    assert (south[1].number, south[1].number_format) == (218.6, "0.00")
    assert south[2].text == "a|b" and south[2].number is None
    assert (china[1].text, china[1].number) == ("—", None)
    assert (china[2].number, china[2].number_format) == (3, '0" 户"')
    import datetime as dt
    when = dt.datetime(2021, 1, 1)
    first = workbook_bytes([table], "t", when)
    time.sleep(2)
    assert workbook_bytes([table], "t", when) == first
    out = tmp_path / "t.xlsx"
    out.write_bytes(first)
    ws = openpyxl.load_workbook(out)["表 2-1"]
    assert ws["B5"].value == 2014 and ws.cell(COLUMN_HEADER_ROW + 1, 2).value == 218.6


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_calc_opens_it_cleanly(built, tmp_path):
    """Calc converts the workbook to PDF without a complaint (every sheet)."""
    proc = subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(built / WORKBOOK)],
        capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "report-tables.pdf").stat().st_size > 10_000
    assert "Error" not in proc.stderr
