"""The report's tables as one Excel workbook (``report-tables.xlsx``), for
sending up the line (上报): one sheet per table, as the report prints it.

The tables are read from the rendered report (``report/build/work/report.md``,
the Markdown every format is built from), so the workbook holds exactly what
the PDF, DOCX and HTML print: each pipe table with its caption (表号, 标题)
and the lines under it (数据来源 with its 数据年份, 注：…), and 附录四 数据出处,
which has no caption of its own (its appendix heading names it). A brief's
tables likewise (``briefs/<code>-tables.xlsx``): its numbers carry their
数据出处 entry (``{.num #n12}``), which gives the 计量单位, 资料来源 and
数据年份 its tables do not print.

Each sheet: five header rows (表号, 标题, 计量单位, 资料来源, 数据年份), an empty
row, the table's column header, its rows, and its notes. A number is stored
as a number with the number format that prints it as the report does
(decimals as printed, 90.0 stays ``0.0``; a unit printed in the cell,
``16 个`` or ``2019 年``, is literal text of the format). Nothing is hidden,
nothing merged; the workbook's dates are fixed, so the same report gives the
same bytes.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from nanjiang.common.zipdates import with_fixed_dates
from nanjiang.text.mdtext import plain_text

HEADER_ROWS = ("表号", "标题", "计量单位", "资料来源", "数据年份")
# the table's column header is on this row of its sheet (after an empty one)
COLUMN_HEADER_ROW = len(HEADER_ROWS) + 2
NOT_APPLICABLE = "—"
# a sheet name: at most 31 characters, none of these
SHEET_NAME_MAX = 31
SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")

NBSP = "\u00a0"
NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.(\d+))?")
# a number with its unit as a cell prints it: 16 个, 85.5%, 2019 年
NUMBER_WITH_UNIT = re.compile(rf"({NUMBER.pattern}) ?([^\d\s].{{0,5}})")
CAPTION = re.compile(r"^: (.*?)(?: \{#tbl-([\w-]+)\})?\s*$")
# 表 2-1 in the report, 表 1 in a brief
TABLE_LABEL = re.compile(r"(表 [0-9A-Z]+(?:-\d+)?) (.*)")
HEADING = re.compile(r"^# (.*?)\s*\{\s*#([\w-]+)[^}]*\}\s*$")
SOURCE_LINE = re.compile(r"^(?:数据)?来源：(.*?)(?:（数据年份：(.*?) ?年）)?。?$")
SOURCE_BLOCK = ':::'
# a number printed from the data: a table cell of the report ({.cell table=…
# indicator=… year=…}), a number of a brief ({.num #n12 …}: its 数据出处 entry)
DATA_CELL = re.compile(r"\{\.(?:cell|num) ")
NUMBERED = re.compile(r"\{\.num #n(\d+)")


@dataclass
class Cell:
    """A printed cell: its text; a number and the format that prints it so."""

    text: str
    number: int | float | None = None
    number_format: str = "General"


@dataclass
class ReportTable:
    key: str  # the table's name (tbl-<key>), or the appendix's anchor
    label: str  # 表 2-1, or 附录四
    title: str
    unit: str
    source: str
    years: str  # the 数据年份 as printed (2014; 2016、2019), or —
    header: list[str]
    rows: list[list[Cell]]
    notes: list[str] = field(default_factory=list)

    @property
    def sheet_name(self) -> str:
        if self.label.startswith("表"):
            return sheet_name(self.label)
        if self.label == NOT_APPLICABLE:  # a brief's 数据出处（…）
            return sheet_name(self.title.split("（")[0])
        return sheet_name(f"{self.label} {self.title}")


def sheet_name(text: str) -> str:
    """A valid sheet name: no character Excel refuses, at most 31 characters."""
    return SHEET_NAME_BAD.sub("_", text).strip("'")[:SHEET_NAME_MAX]


def _text(markdown: str) -> str:
    """What a reader sees of a cell, a caption or a line (a no-break space,
    set between a number and a Chinese character, as a space)."""
    return plain_text(markdown).replace(NBSP, " ").strip()


def number_format(decimals: int, unit: str = "") -> str:
    """``0``, ``0.0``, ``0.00`` …, with a unit as literal text (``0" 个"``)."""
    fmt = "0" + ("." + "0" * decimals if decimals else "")
    return fmt + (f'"{unit}"' if unit else "")


def _number(text: str) -> int | float:
    return float(text) if "." in text else int(text)


def cell(markdown: str, units: set[str]) -> Cell:
    """A printed cell: a number (alone, or with its unit: any unit in a data
    cell of a table, one of ``units`` elsewhere) becomes a number."""
    text = _text(markdown)
    if m := NUMBER.fullmatch(text):
        return Cell(text, _number(text), number_format(len(m.group(1) or "")))
    if (m := NUMBER_WITH_UNIT.fullmatch(text)) and '"' not in text and (
            DATA_CELL.search(markdown) or m.group(3) in units):
        unit = text[len(m.group(1)):]
        return Cell(text, _number(m.group(1)), number_format(len(m.group(2) or ""), unit))
    return Cell(text)


def _cells(line: str) -> list[str]:
    """The cells of a pipe-table line (``|`` inside a cell is escaped)."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip()[1:-1])]


def _units_of(cells: list[tuple[str, Cell]], indicator_unit, numbered: list[dict]) -> str:
    """The 计量单位 of a table: what its data cells print with the number
    (2019 年), else their indicators' units (the ``table`` and ``indicator``
    attributes of a report's cell; a brief's number: its 数据出处 entry)."""
    units = []
    for markdown, printed in cells:
        if printed.number is not None and printed.number_format.endswith('"'):
            found = [printed.number_format.split('"')[1].strip()]
        elif entry := _entry(markdown, numbered):
            found = [entry.get("unit", "")]
        else:
            found = [indicator_unit(table.replace("\\", ""), indicator.replace("\\", ""))
                     for table, indicator in re.findall(
                         r'table="((?:\\.|[^"\\])*)" [^}]*?indicator="((?:\\.|[^"\\])*)"',
                         markdown)]
        units += [u for u in found if u and u not in units]
    if not units:
        return NOT_APPLICABLE
    if len(units) == 1:
        return units[0]
    return "、".join(units) + "（各项的单位见表中）"


def _entry(markdown: str, numbered: list[dict]) -> dict | None:
    """A brief's number's 数据出处 entry ({.num #n12 …}: the 12th)."""
    m = NUMBERED.search(markdown)
    return numbered[int(m.group(1)) - 1] if m and 0 < int(m.group(1)) <= len(numbered) else None


def read_tables(markdown: str, indicator_unit=lambda table, indicator: "",
                units: set[str] = frozenset(), numbered: list[dict] = ()) -> list[ReportTable]:
    """Every table of the rendered report (or brief), in the order printed.

    ``indicator_unit(table, indicator)``: an indicator's unit (the 计量单位
    row); ``units``: units a number may carry in a cell that is no data cell
    (附录四's 数值: ``16 个``); ``numbered``: a brief's 数据出处 entries (unit,
    year and citation of each of its numbers), for the header rows of a
    brief's table, which prints no 数据来源 line with a year."""
    lines = markdown.split("\n")
    tables, heading, i = [], ("", ""), 0
    while i < len(lines):
        line = lines[i]
        if m := HEADING.match(line):
            heading = (_text(m.group(1)), m.group(2))
        if not line.startswith("|"):
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].startswith("|"):
            i += 1
        header, body = _cells(lines[start]), [_cells(r) for r in lines[start + 2:i]]
        # the caption and the lines under the table
        j = i
        while j < len(lines) and not lines[j].strip():
            j += 1
        caption = CAPTION.match(lines[j]) if j < len(lines) else None
        under: list[str] = []
        if caption:
            j += 1
            while True:
                while j < len(lines) and not lines[j].strip():
                    j += 1
                if j >= len(lines) or not lines[j].startswith(SOURCE_BLOCK + " {custom-style"):
                    break
                j += 1
                while j < len(lines) and lines[j].strip() != SOURCE_BLOCK:
                    under.append(_text(lines[j]))
                    j += 1
                j += 1
            title, key = _text(caption.group(1)), caption.group(2) or ""
            label, title = (m.groups() if (m := TABLE_LABEL.fullmatch(title))
                            else (NOT_APPLICABLE, title))
            key = key or label
        else:  # 附录四: the appendix heading is its caption (附录四　数据出处)
            label, _, title = heading[0].partition("　")
            key = heading[1]
        source, years, notes = NOT_APPLICABLE, NOT_APPLICABLE, []
        for text in under:
            if (m := SOURCE_LINE.match(text)) and source == NOT_APPLICABLE:
                source = m.group(1).strip()
                years = m.group(2) or NOT_APPLICABLE
            else:
                notes.append(text)
        rows = [[cell(c, units) for c in row] for row in body]
        data = [(c, printed) for row, cells in zip(body, rows, strict=True)
                for c, printed in zip(row, cells, strict=True) if DATA_CELL.search(c)]
        # a brief's table: the sources and years of its numbers' 数据出处 entries
        entries = [e for c, _ in data if (e := _entry(c, numbered))]
        if entries and source == NOT_APPLICABLE:
            source = "；".join(dict.fromkeys(e["citation"] for e in entries))
        if entries and years == NOT_APPLICABLE:
            years = "、".join(str(y) for y in sorted({int(e["year"]) for e in entries}))
        tables.append(ReportTable(
            key=key, label=label, title=title or label,
            unit=_units_of(data, indicator_unit, numbered), source=source, years=years,
            header=[_text(h) for h in header], rows=rows, notes=notes))
        i = max(i, j)
    return tables


# --------------------------------------------------------------------------- workbook


def _header_value(text: str) -> Cell:
    """A header row's value: a single data year is a number (2014)."""
    return Cell(text, int(text), "0") if re.fullmatch(r"(19|20)\d{2}", text) else Cell(text)


def _width(text: str) -> int:
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def workbook_bytes(tables: list[ReportTable], title: str, when: dt.datetime) -> bytes:
    """The workbook of ``tables``, its dates (properties and zip entries) at ``when``."""
    # (openpyxl here: the HTML jobs read the tables, for their sheets' names, without it)
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    wb.remove(wb.active)
    names: set[str] = set()
    bold = Font(bold=True)
    for table in tables:
        name = table.sheet_name
        if name in names:
            raise ValueError(f"two tables would be sheet '{name}'")
        names.add(name)
        ws = wb.create_sheet(name)
        values = (table.label, table.title, table.unit, table.source, table.years)
        for r, (what, value) in enumerate(zip(HEADER_ROWS, values, strict=True), start=1):
            ws.cell(r, 1, what).font = bold
            _put(ws.cell(r, 2), _header_value(value))
        for c, text in enumerate(table.header, start=1):
            head = ws.cell(COLUMN_HEADER_ROW, c, text)
            head.font = bold
            head.alignment = Alignment(wrap_text=True, vertical="top")
        for r, row in enumerate(table.rows, start=COLUMN_HEADER_ROW + 1):
            for c, value in enumerate(row, start=1):
                _put(ws.cell(r, c), value)
        after = COLUMN_HEADER_ROW + len(table.rows) + 2
        for r, note in enumerate(table.notes, start=after):
            ws.cell(r, 1, note)
        # columns as wide as their widest cell of the table (header rows aside)
        for c in range(1, max(len(table.header), 2) + 1):
            cells = [table.header[c - 1]] if c <= len(table.header) else []
            cells += [row[c - 1].text for row in table.rows if c <= len(row)]
            if c <= 2:
                cells.append(HEADER_ROWS[0] if c == 1 else "")
            width = min(60, max([_width(t) for t in cells] + [6]) + 2)
            ws.column_dimensions[ws.cell(1, c).column_letter].width = width
        ws.freeze_panes = ws.cell(COLUMN_HEADER_ROW + 1, 1)
    wb.properties.title = title
    wb.properties.creator = "nanjiang report pipeline"
    wb.properties.lastModifiedBy = None
    wb.properties.created = when
    wb.properties.modified = when
    buffer = io.BytesIO()
    wb.save(buffer)
    return with_fixed_dates(buffer.getvalue(), when)


def _put(target, value: Cell) -> None:
    from openpyxl.styles import Alignment

    if value.number is None:
        target.value = value.text
        target.number_format = "@"  # text as printed, never read as a number or date
    else:
        target.value = value.number
        target.number_format = value.number_format
        target.alignment = Alignment(horizontal="right")
