"""A raw table supplied as an Excel workbook (``durable_goods.xlsx``).

Read as Excel shows it, and nothing that Excel does not show:

* every cell is the text Excel displays, the text a CSV saved from Excel
  would hold: a number through its cell's number format
  (``nanjiang.data.numfmt``: ``=100-80.1`` in General is ``19.9``, 93 in a
  ``0.0`` cell is ``93.0``, 19900 in ``0.0,`` is ``19.9``, 0.855 in ``0.0%``
  is ``85.5%``, which the validation refuses as it does in a CSV: the unit
  column carries the %). A format the reader cannot show exactly, a date, a
  formula never calculated (no value is stored for it) or one showing an error
  is refused at its cell;
* a hidden row or column that holds anything (rows filtered out by an
  autofilter are hidden rows) and a hidden sheet that holds anything are
  refused, located, with what to do: a value nobody sees must not reach the
  report. An empty hidden sheet is ignored and said.

The table is on the first visible sheet. The header is the first row holding
the table's column names; rows above it (a title, as yearbooks print one) are
skipped and said. A header spread over two rows or merged cells is rejected
with what to change. Problems are located as ``file!sheet!E7`` (a whole row
``file!sheet!7:7``, a column ``file!sheet!E:E``).

A workbook in the old binary format (``.xls``) is not read: the package says
to save it as ``.xlsx`` (``OLD_WORKBOOK_SUFFIXES``).

Parsing a large workbook costs seconds, and Snakemake checks every table at
each start, so what is read is cached per file (``nanjiang.common.filecache``).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from nanjiang.common.errors import Problem
from nanjiang.common.filecache import cached, file_key
from nanjiang.data.numfmt import FormatNotShown, is_date_format, shown

WORKBOOK_SUFFIXES = (".xlsx",)
OLD_WORKBOOK_SUFFIXES = (".xls",)
OLD_WORKBOOK = ("old Excel format (.xls): open it in Excel or LibreOffice and save it as "
                "'Excel Workbook (.xlsx)' (or as CSV UTF-8)")
# The cache kind: a new name whenever what is read from a workbook changes.
_CACHE = "workbooks-2"
_TRUE = ("1", "true")


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


class CellNotShown(ValueError):
    """A cell whose value cannot be read as Excel shows it; the message says
    why and what to do."""


def cell_text(value, number_format: str | None) -> str:
    """The cell as Excel shows it (see ``nanjiang.data.numfmt``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    fmt = number_format or "General"
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta) or (
            isinstance(value, int | float) and is_date_format(fmt)):
        raise CellNotShown(f"holds a date or time (number format {fmt!r}): no column of the "
                           "table is a date; type a year as a number (format 0 or General) "
                           "and a note as text")
    if isinstance(value, int | float):
        try:
            text = shown(value, fmt)
        except FormatNotShown as e:
            raise CellNotShown(f"number format {fmt!r} is not one the reader can show as "
                               f"Excel does ({e}): format the cell as General, 0, 0.0 or "
                               "0.00") from None
        if not text.strip():
            raise CellNotShown(f"its number format {fmt!r} shows nothing for this number: "
                               "format the cell as General, 0, 0.0 or 0.00")
        return text
    return str(value)


@cache
def _parser_class():
    """openpyxl's streaming sheet parser (imported only when a workbook is
    read), keeping also what a cell's value alone loses: a formula that holds
    no calculated value, and which rows are hidden."""
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def __init__(self, src, shared_strings):
            # no date formats: a date stays the number stored, the format says it is one
            super().__init__(src, shared_strings, data_only=True)
            self.hidden_rows: set[int] = set()

        def parse_row(self, row):
            number, cells = super().parse_row(row)
            height = row.get("ht")
            zero = height is not None and float(height) == 0
            by_default = getattr(getattr(self, "sheet_format", None), "zeroHeight", False)
            if (row.get("hidden") in _TRUE or zero
                    or (by_default and row.get("hidden") is None and not height)):
                self.hidden_rows.add(number)
            return number, cells

        def parse_cell(self, element):
            cell = super().parse_cell(element)
            formula = element.find(FORMULA_TAG)
            if formula is None:
                return cell
            if formula.get("t") == "shared" and formula.text:
                self.parse_formula(element)  # the master cell: its dependents need it
            cached_text = element.get("t") == "str" and element.find(VALUE_TAG) is not None
            if cell["value"] is None and not cached_text:  # no calculated value stored
                text = self.parse_formula(element)
                cell["formula"] = str(getattr(text, "text", text))
            return cell

        def hidden_columns(self) -> list[tuple[int, int]]:
            spans = []
            for attrs in self.column_dimensions.values():
                width = attrs.get("width")
                if attrs.get("hidden") in _TRUE or (width is not None and float(width) == 0):
                    spans.append((int(attrs["min"]), int(attrs.get("max", attrs["min"]))))
            return spans

    return Parser


def _number_format(book, style_id: int) -> str | None:
    """The cell's format code; None for a built-in format that depends on
    Excel's language (ids 27-36 and 50-81 are Chinese dates in a Chinese Excel)."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

    fmt_id = book._cell_styles[style_id].numFmtId
    if fmt_id < BUILTIN_FORMATS_MAX_SIZE:
        return BUILTIN_FORMATS.get(fmt_id)
    return book._number_formats[fmt_id - BUILTIN_FORMATS_MAX_SIZE]


def _as_typed(book, value, fmt: str | None) -> str:
    """A cell refused, as the message quotes it: a date as a date (not its
    serial number), a number as stored."""
    if isinstance(value, int | float) and not isinstance(value, bool) and is_date_format(fmt):
        from openpyxl.utils.datetime import from_excel

        try:
            value = from_excel(value, book.epoch)
        except (OverflowError, ValueError):
            return repr(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value) if isinstance(value, str | dt.timedelta) else repr(value)


def _parse_sheet(book, ws) -> dict:
    """Every row of a sheet as text, with what cannot be read as shown."""
    rows: list[list[str]] = []
    problems: list[list] = []  # [row, column index, message, value]
    parser = _parser_class()(ws._get_source(), ws._shared_strings)
    try:
        for number, cells in parser.parse():
            texts: list[str] = []
            for cell in cells:
                col = cell["column"] - 1
                texts += [""] * (col + 1 - len(texts))
                value = cell["value"]
                if "formula" in cell:
                    problems.append([number, col, f"holds a formula ({cell['formula']}) that "
                                     "was never calculated: open and save the workbook in "
                                     "Excel or LibreOffice", None])
                    continue
                if cell["data_type"] == "e":
                    problems.append([number, col, f"shows the error {value} (its formula "
                                     "failed): correct it, or type the value", str(value)])
                    continue
                fmt = _number_format(book, cell["style_id"])
                try:
                    if fmt is None and value is not None and cell["data_type"] == "n":
                        fmt_id = book._cell_styles[cell["style_id"]].numFmtId
                        raise CellNotShown(f"its number format is Excel's built-in format "
                                           f"{fmt_id}, which each language of Excel shows "
                                           "its own way (a date): format the cell as "
                                           "General, 0 or 0.0")
                    texts[col] = cell_text(value, fmt)
                except CellNotShown as e:
                    problems.append([number, col, str(e), _as_typed(book, value, fmt)])
            rows += [[]] * (number - 1 - len(rows))
            rows.append(texts)
    finally:
        parser.source.close()
    filled = {(p[0], p[1]) for p in problems}
    hidden_rows = sorted(r for r in parser.hidden_rows
                         if r <= len(rows) and (any(c.strip() for c in rows[r - 1])
                                                or any(p[0] == r for p in problems)))
    width = max((len(r) for r in rows), default=0)
    hidden_columns = sorted({
        col for lo, hi in parser.hidden_columns() for col in range(lo - 1, min(hi, width))
        if any(col < len(r) and r[col].strip() for r in rows)
        or any(c == col for _, c in filled)})
    return {"rows": rows, "problems": problems, "hidden_rows": hidden_rows,
            "hidden_columns": hidden_columns}


def _read_book(path: Path) -> dict:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
        hidden, empty_hidden = [], []
        for ws in book.worksheets:
            if ws.sheet_state != "visible":
                sheet = _parse_sheet(book, ws)
                holds = any(c.strip() for r in sheet["rows"] for c in r) or sheet["problems"]
                (hidden if holds else empty_hidden).append(ws.title)
        if not visible:
            return {"sheet": "", "hidden_sheets": hidden, "empty_hidden_sheets": empty_hidden,
                    "other_sheets": [], "rows": [], "problems": [], "hidden_rows": [],
                    "hidden_columns": []}
        ws = visible[0]
        others = [s.title for s in visible[1:] if s.max_row and s.max_row > 1]
        return {"sheet": ws.title, "hidden_sheets": hidden, "empty_hidden_sheets": empty_hidden,
                "other_sheets": others, **_parse_sheet(book, ws)}
    finally:
        book.close()


def _spans(numbers: list[int]) -> list[tuple[int, int]]:
    """[3, 4, 5, 9] -> [(3, 5), (9, 9)]."""
    spans: list[tuple[int, int]] = []
    for n in numbers:
        if spans and spans[-1][1] == n - 1:
            spans[-1] = (spans[-1][0], n)
        else:
            spans.append((n, n))
    return spans


def _hidden_problems(file: str, data: dict) -> list[Problem]:
    where = f"{file}!{data['sheet']}"
    problems = [Problem(f"{file}!{name}", "the sheet is hidden and holds data nobody sees: "
                        "unhide it (right-click a sheet tab, Unhide) or delete it; the table "
                        "is read from the first visible sheet")
                for name in data["hidden_sheets"]]
    for lo, hi in _spans(data["hidden_rows"]):
        rows, verbs = (f"row {lo}", ("is hidden", "holds")) if lo == hi else (
            f"rows {lo}-{hi}", ("are hidden", "hold"))
        problems.append(Problem(where, f"{rows} {verbs[0]} (by hand, in a collapsed group or "
                                f"by a filter) and {verbs[1]} values nobody sees: unhide or "
                                f"delete {rows} of sheet '{data['sheet']}' (clear any filter)",
                                cell=f"{lo}:{hi}"))
    for lo, hi in _spans(data["hidden_columns"]):
        a, b = column_letter(lo), column_letter(hi)
        cols, verbs = (f"column {a}", ("is hidden", "holds")) if lo == hi else (
            f"columns {a}-{b}", ("are hidden", "hold"))
        problems.append(Problem(where, f"{cols} {verbs[0]} and {verbs[1]} values nobody "
                                f"sees: unhide or delete {cols} of sheet '{data['sheet']}'",
                                cell=f"{a}:{b}"))
    return problems


def read_workbook(path: Path, columns: list[str]):
    """(records [(row number, {column: text})], letters {column: 'E'}, sheet,
    notes, problems) of the first visible sheet."""
    file = str(path)
    try:
        data = cached(_CACHE, file_key(path), lambda: _read_book(path))
    except Exception as e:  # not a workbook openpyxl can open: say so, located
        return [], {}, "", [], [Problem(file, f"cannot read the workbook ({e}); save it "
                                         "from Excel as .xlsx, or as CSV UTF-8")]
    sheet, rows = data["sheet"], data["rows"]
    where = f"{file}!{sheet}"
    notes = [f"{file}: hidden sheet '{name}' is empty: ignored"
             for name in data["empty_hidden_sheets"]]
    problems = _hidden_problems(file, data)
    if not sheet:
        return [], {}, "", notes, problems or [Problem(file, "the workbook has no sheet")]
    if data["other_sheets"]:
        notes.append(f"{file}: read sheet '{sheet}'; other sheets ignored: "
                     f"{', '.join(data['other_sheets'])}")
    header_at = next((i for i, r in enumerate(rows)
                      if sum(c.strip() in columns for c in r) >= 2), None)
    if header_at is None:
        return [], {}, sheet, notes, problems + [Problem(
            where, f"no header row with the column names {', '.join(columns)}: put them "
            "in one row above the data (a title row above it may stay)")]
    header = [c.strip() for c in rows[header_at]]
    if header_at:
        notes.append(f"{where}: rows 1-{header_at} above the header skipped (title)")
    missing = [c for c in columns if c not in header]
    for c in missing:
        problems.append(Problem(
            where, f"missing column '{c}' in the header row {header_at + 1}; a header "
            "printed over two rows or in merged cells must become one row of the column "
            f"names {', '.join(columns)}", header_at + 1, c))
    extra = [h for h in header if h and h not in columns]
    for h in extra:
        problems.append(Problem(where, f"unexpected column; expected {columns}",
                                header_at + 1, h))
    index = {h: i for i, h in enumerate(header) if h}
    names = {i: h for h, i in index.items()}
    for number, col, message, value in data["problems"]:
        if number > header_at:  # the title rows above the header are not read
            problems.append(Problem(where, message, number, names.get(col), value,
                                    f"{column_letter(col)}{number}"))
    if problems:
        return [], {}, sheet, notes, problems
    letters = {h: column_letter(i) for h, i in index.items()}
    records = []
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        cells = {h: (row[i].strip() if i < len(row) else "") for h, i in index.items()}
        stray = [column_letter(i) for i, v in enumerate(row)
                 if v.strip() and i not in index.values()]
        if stray:
            problems.append(Problem(where, f"a value outside the table's columns (in "
                                    f"column {', '.join(stray)})", number))
        if any(cells.values()):
            records.append((number, cells))
    return records, letters, sheet, notes, problems
