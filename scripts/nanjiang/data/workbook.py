"""A raw table supplied as an Excel workbook (``durable_goods.xlsx``).

Read as Excel shows it, and nothing that Excel does not show:

* every cell is the text Excel displays, the text a CSV saved from Excel
  would hold: a number through its cell's number format
  (``nanjiang.data.numfmt``: ``=100-80.1`` in General is ``19.9``, 93 in a
  ``0.0`` cell is ``93.0``, 19900 in ``0.0,`` is ``19.9``, 0.855 in ``0.0%``
  is ``85.5%``, which the validation refuses as it does in a CSV: the unit
  column carries the %). A format the reader cannot show exactly, a date, a
  formula never calculated (no value is stored for it) or one showing an error
  is refused at its cell; a text cell goes through its format's section for
  text (the fourth): one that shows nothing (``;;;``) or other than the text
  (``0.0;-0.0;0.0;"95.0"``) is refused; with ``general_decimals`` (the
  report's tables), a number in General showing more decimals (``=100/3``)
  is refused as computed;
* a hidden row or column that holds anything (rows filtered out by an
  autofilter are hidden rows; a row under 3 pt high, a column under 0.5
  characters wide are hidden in effect) and a hidden sheet that holds
  anything are refused, located, with what to do: a value nobody sees must
  not reach the report. An empty hidden sheet is ignored and said.

The table is on the first visible sheet; other visible sheets holding
anything are said (a note the validation job prints) or refused
(``other_sheets="refuse"``, the household table). The header is the first
row holding the table's column names; rows above it may hold a title, one
cell a row (skipped and said): a row above it with two cells or more is data
above the header, refused. A column name given twice, a header spread over
two rows or merged cells is rejected with what to change. Problems are
located as ``file!sheet!E7`` (a whole row ``file!sheet!7:7``, a column
``file!sheet!E:E``).

A workbook in the old binary format (``.xls``) is not read: the package says
to save it as ``.xlsx`` (``OLD_WORKBOOK_SUFFIXES``).

openpyxl is used through its public interface only (no ``_``-names or
``_``-modules): the workbook is read twice, once read-only for the values
Excel stored with each cell's number format, once whole for the formulas and
the hidden rows and columns (``_read_book``). Parsing a large workbook so
costs seconds, and Snakemake checks every table at each start, so what is
read is cached per file (``nanjiang.common.filecache``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import warnings
import zipfile
from collections.abc import Collection
from pathlib import Path

from nanjiang.common.errors import Problem
from nanjiang.common.filecache import cached, file_key
from nanjiang.data.numfmt import FormatNotShown, is_date_format, shown, text_section

WORKBOOK_SUFFIXES = (".xlsx",)
OLD_WORKBOOK_SUFFIXES = (".xls",)
OLD_WORKBOOK = ("old Excel format (.xls): open it in Excel or LibreOffice and save it as "
                "'Excel Workbook (.xlsx)' (or as CSV UTF-8)")
# The cache kind: a new name whenever what is read from a workbook changes.
_CACHE = "workbooks-8"


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


_A_DATE = "holds a date or time"


def _a_date(fmt: str) -> str:
    return (f"{_A_DATE} (number format {fmt!r}): no column of the table is a "
            "date; type a year as a number (format 0 or General) and a note as text")


def cell_text(value, number_format: str | None) -> str:
    """The cell as Excel shows it (see ``nanjiang.data.numfmt``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    fmt = number_format or "General"
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta) or (
            isinstance(value, int | float) and is_date_format(fmt)):
        raise CellNotShown(_a_date(fmt))
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
    return _text_shown(str(value), fmt)


def _text_shown(text: str, fmt: str) -> str:
    """A text cell through its format's section for text (the fourth, or a
    lone section holding ``@``): none or ``@`` shows the text; an empty one
    shows nothing (``;;;``), refused; any other is refused as not shown
    exactly (``0.0;-0.0;0.0;"95.0"`` shows 95.0 whatever the cell holds)."""
    try:
        section = text_section(fmt)
    except FormatNotShown as e:
        raise CellNotShown(f"its number format {fmt!r} is a text format the reader cannot "
                           f"show exactly ({e}): format the cell as General or @ (Text)"
                           ) from None
    if section is None or section == "@":
        return text
    if section == "":
        raise CellNotShown(f"the text is hidden by its number format {fmt!r} (Excel shows "
                           "nothing for text in it): format the cell as General or @ (Text), "
                           "or delete the text")
    raise CellNotShown(f"its number format {fmt!r} is a text format the reader cannot show "
                       f"exactly (Excel shows the text through {section!r}, not as stored): "
                       "format the cell as General or @ (Text)")


def _number_format(cell, formats: dict) -> str | None:
    """The cell's format code; None for a built-in format that depends on
    Excel's language (ids 27-36 and 50-81 are Chinese dates in a Chinese
    Excel; openpyxl's ``number_format`` says General for them). ``formats``
    keeps each format id's code once found."""
    fmt_id = cell.style_array.numFmtId
    if fmt_id not in formats:
        from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE

        formats[fmt_id] = (None if fmt_id < BUILTIN_FORMATS_MAX_SIZE
                           and fmt_id not in BUILTIN_FORMATS else cell.number_format)
    return formats[fmt_id]


def _days(value) -> float:
    """An elapsed time (openpyxl reads a number in a ``[h]:mm`` cell as one)
    as the number of days stored."""
    return value / dt.timedelta(days=1)


def _as_typed(book, value, fmt: str | None) -> str:
    """A cell refused, as the message quotes it: a date as a date (not its
    serial number), a number as stored."""
    from openpyxl.utils.datetime import from_excel

    if isinstance(value, dt.timedelta):
        value = _days(value)
    if isinstance(value, int | float) and not isinstance(value, bool) and is_date_format(fmt):
        try:
            value = from_excel(value, book.epoch)
        except (OverflowError, ValueError):
            return repr(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value) if isinstance(value, str | dt.timedelta) else repr(value)


def _whole_date(book, value, fmt: str | None) -> str | None:
    """A date cell's day as yyyy-mm-dd (a date-time at midnight, or a serial
    number in a date format), for a column that takes dates; None for a time
    of day, an elapsed time or a number Excel cannot show as a date."""
    from openpyxl.utils.datetime import from_excel

    if (isinstance(value, int | float) and not isinstance(value, bool)
            and is_date_format(fmt) and float(value).is_integer()):
        try:
            value = from_excel(value, book.epoch)
        except (OverflowError, ValueError):
            return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else None
    return value.isoformat() if isinstance(value, dt.date) else None


def _stored(book, value, fmt: str | None):
    """The number stored in a cell whose format openpyxl takes for a date and
    ``is_date_format`` does not (a letter repeated to fill the cell, ``*d0``):
    openpyxl gives a date, Excel shows the number (to openpyxl's precision of
    a millisecond)."""
    from openpyxl.styles.numbers import is_date_format as openpyxl_date
    from openpyxl.utils.datetime import to_excel

    if openpyxl_date(fmt) and not is_date_format(fmt):
        return _days(value) if isinstance(value, dt.timedelta) else to_excel(value, book.epoch)
    return value


def _formula(sheet, number: int, col: int) -> str | None:
    """The formula in a cell of the sheet read for its formulas, or None."""
    cell = sheet.cell(row=number, column=col + 1)
    if cell.data_type != "f":
        return None
    return str(getattr(cell.value, "text", cell.value))  # an array formula has its text


# A row lower than this (points) or a column narrower (characters) shows nothing
# readable: hidden in effect, as one made 0 high or wide is.
MIN_ROW_HEIGHT = 3.0
MIN_COLUMN_WIDTH = 0.5


def _hidden_rows(sheet, numbers) -> list[int]:
    """Which of the rows ``numbers`` Excel hides: by hand, in a collapsed group
    or by a filter (hidden), made 0 high, or every row not given a height
    when the sheet hides rows by default (zeroHeight)."""
    by_default = bool(sheet.sheet_format.zeroHeight)
    hidden = []
    for number in numbers:
        dim = sheet.row_dimensions.get(number)  # .get: [] would add one
        height = dim.ht if dim is not None else None
        if (dim is not None and dim.hidden) or height == 0 or (by_default and not height):
            hidden.append(number)
    return hidden


def _low_rows(sheet, numbers, hidden) -> dict[int, float]:
    """The rows of ``numbers`` not hidden but under MIN_ROW_HEIGHT high (0.5 pt):
    {row: height}."""
    low = {}
    for number in numbers:
        dim = sheet.row_dimensions.get(number)
        height = dim.ht if dim is not None else None
        if number not in hidden and height is not None and 0 < height < MIN_ROW_HEIGHT:
            low[number] = height
    return low


def _hidden_columns(sheet) -> list[tuple[int, int]]:
    """The spans (first, last column, 1-based) of the columns Excel hides."""
    return [(dim.min, dim.max or dim.min) for dim in sheet.column_dimensions.values()
            if dim.min is not None and (dim.hidden or dim.width == 0)]


def _narrow_columns(sheet) -> list[tuple[int, int, float]]:
    """The spans (first, last, width) of the columns not hidden but narrower than
    MIN_COLUMN_WIDTH characters (0.3)."""
    return [(dim.min, dim.max or dim.min, dim.width) for dim in sheet.column_dimensions.values()
            if dim.min is not None and not dim.hidden and dim.width is not None
            and 0 < dim.width < MIN_COLUMN_WIDTH]


def _parse_sheet(book, ws, formulas) -> dict:
    """Every row of a sheet as text, with what cannot be read as shown.

    ``ws`` is the sheet in ``book`` read for the values Excel stored (read
    only); ``formulas`` the same sheet read whole for its formulas, to name a
    formula never calculated, and for which rows and columns are hidden."""
    from openpyxl.cell.read_only import EMPTY_CELL
    from openpyxl.styles.numbers import is_date_format as openpyxl_date

    rows: list[list[str]] = []
    problems: list[list] = []  # [row, column index, message, value, the day of a date]
    general: list[list] = []  # [row, column index, text]: a number in General (or @), decimals
    formats: dict[int, str | None] = {}
    ws.reset_dimensions()  # every row stored, whatever range the sheet declares
    with warnings.catch_warnings():
        # a number beyond the last date in a date cell: an error for openpyxl, refused below
        warnings.filterwarnings("ignore", r"Cell \S+ is marked as a date", UserWarning)
        for number, cells in enumerate(ws.iter_rows(), start=1):
            texts = [""] * len(cells)
            for col, cell in enumerate(cells):
                value = cell.value
                if value is None:
                    if cell is EMPTY_CELL or cell.data_type == "str":
                        continue  # no cell stored there; a formula's empty text
                    formula = _formula(formulas, number, col)  # one never calculated?
                    if formula is not None:
                        problems.append([number, col, f"holds a formula ({formula}) that "
                                         "was never calculated: open and save the workbook "
                                         "in Excel or LibreOffice", None, None])
                    continue
                fmt = _number_format(cell, formats)
                if cell.data_type == "e":
                    if (value == "#VALUE!" and openpyxl_date(fmt)
                            and _formula(formulas, number, col) is None):
                        # a number openpyxl cannot make a date of (20180101 in yyyy-mm-dd)
                        problems.append([number, col, _a_date(fmt), None, None])
                    else:
                        problems.append([number, col, f"shows the error {value} (its formula "
                                         "failed): correct it, or type the value", str(value),
                                         None])
                    continue
                if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
                    value = _stored(book, value, fmt)
                try:
                    if fmt is None and cell.data_type == "n":
                        raise CellNotShown(f"its number format is Excel's built-in format "
                                           f"{cell.style_array.numFmtId}, which each language "
                                           "of Excel shows its own way (a date): format the "
                                           "cell as General, 0 or 0.0")
                    texts[col] = cell_text(value, fmt)
                    if (isinstance(value, int | float) and not isinstance(value, bool)
                            and (fmt or "").strip().lower() in ("general", "@")
                            and "." in texts[col]):
                        general.append([number, col, texts[col], fmt.strip()])
                except CellNotShown as e:
                    problems.append([number, col, str(e), _as_typed(book, value, fmt),
                                     _whole_date(book, value, fmt)])
            rows.append(texts)
    # a hidden row or column is refused when it holds anything: text or a cell refused
    problem_rows, problem_columns = {p[0] for p in problems}, {p[1] for p in problems}
    numbers = range(1, len(rows) + 1)
    hidden_rows = [r for r in _hidden_rows(formulas, numbers)
                   if any(c.strip() for c in rows[r - 1]) or r in problem_rows]
    low_rows = [[r, h] for r, h in _low_rows(formulas, numbers, hidden_rows).items()
                if any(c.strip() for c in rows[r - 1]) or r in problem_rows]
    width = max((len(r) for r in rows), default=0)

    def holds(col: int) -> bool:
        return any(col < len(r) and r[col].strip() for r in rows) or col in problem_columns

    hidden_columns = sorted({
        col for lo, hi in _hidden_columns(formulas) for col in range(lo - 1, min(hi, width))
        if holds(col)})
    narrow_columns = sorted([col, w] for lo, hi, w in _narrow_columns(formulas)
                            for col in range(lo - 1, min(hi, width))
                            if holds(col) and col not in hidden_columns)
    # merged cells: Excel shows one value over several cells, the file stores it in one
    merged = [[r.min_row, r.max_row, r.coord] for r in formulas.merged_cells.ranges]
    return {"rows": rows, "problems": problems, "general": general, "hidden_rows": hidden_rows,
            "hidden_columns": hidden_columns, "low_rows": low_rows,
            "narrow_columns": narrow_columns, "merged": sorted(merged)}


_PHONETIC = re.compile(rb'(<(?:\w+:)?col\b[^>]*?)\s+phonetic="[^"]*"')


def _loadable(path: Path):
    """The workbook as openpyxl's full loader can read it: a column that sets
    Excel's phonetic-field option (``<col phonetic="1">``, furigana/pinyin
    guides, nothing of the values) stops openpyxl 3.1 with a TypeError, so the
    attribute is left out of a copy in memory; any other workbook as it is."""
    with zipfile.ZipFile(path) as z:
        sheets = {n: z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/")}
        if not any(_PHONETIC.search(data) for data in sheets.values()):
            return path
        copy = io.BytesIO()
        with zipfile.ZipFile(copy, "w", zipfile.ZIP_DEFLATED) as out:
            for info in z.infolist():
                if info.filename in sheets:
                    out.writestr(info, _PHONETIC.sub(rb"\1", sheets[info.filename]))
                else:
                    out.writestr(info, z.read(info.filename))
    copy.seek(0)
    return copy


def _holds_anything(ws) -> bool:
    """Whether a sheet (read only) has a cell holding a value (even one row)."""
    ws.reset_dimensions()
    return any(v is not None and str(v).strip() for row in ws.iter_rows(values_only=True)
               for v in row)


def _read_book(path: Path, sheet: str | None = None) -> dict:
    """The workbook read twice through openpyxl: read only, for the values
    Excel calculated and stored (and each cell's number format), and whole,
    for the formulas and the hidden rows and columns. The table's sheet is
    ``sheet`` (by its name) or the first visible one."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        with warnings.catch_warnings():  # what openpyxl cannot keep is said on the first read
            warnings.simplefilter("ignore")
            whole = load_workbook(_loadable(path), data_only=False)
        visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
        hidden, empty_hidden = [], []
        for ws in book.worksheets:
            if ws.sheet_state != "visible":
                parsed = _parse_sheet(book, ws, whole[ws.title])
                holds = any(c.strip() for r in parsed["rows"] for c in r) or parsed["problems"]
                (hidden if holds else empty_hidden).append(ws.title)
        none = {"sheet": "", "hidden_sheets": hidden, "empty_hidden_sheets": empty_hidden,
                "other_sheets": [], "rows": [], "problems": [], "general": [],
                "hidden_rows": [], "hidden_columns": [], "low_rows": [],
                "narrow_columns": [], "sheets": [ws.title for ws in book.worksheets]}
        if sheet is not None:
            named = [ws for ws in book.worksheets if ws.title == sheet]
            if not named:
                return none | {"missing_sheet": sheet}
            ws = named[0]  # (a hidden one is refused as any hidden sheet holding data)
        elif not visible:
            return none
        else:
            ws = visible[0]
        others = [s.title for s in visible if s is not ws and _holds_anything(s)]
        return {"sheet": ws.title, "hidden_sheets": hidden, "empty_hidden_sheets": empty_hidden,
                "other_sheets": others, **_parse_sheet(book, ws, whole[ws.title])}
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
    for row, height in data.get("low_rows", []):
        problems.append(Problem(where, f"row {row} is {height:g} pt high (under "
                                f"{MIN_ROW_HEIGHT:g} pt: hidden in effect) and holds values "
                                f"nobody sees: give row {row} of sheet '{data['sheet']}' a "
                                "normal height (Format, AutoFit Row Height) or delete it",
                                cell=f"{row}:{row}"))
    for col, width in data.get("narrow_columns", []):
        a = column_letter(col)
        problems.append(Problem(where, f"column {a} is {width:g} characters wide (under "
                                f"{MIN_COLUMN_WIDTH:g}: hidden in effect) and holds values "
                                f"nobody sees: widen column {a} of sheet '{data['sheet']}' "
                                "(Format, AutoFit Column Width) or delete it",
                                cell=f"{a}:{a}"))
    return problems


def _title_problems(where: str, sheet: str, rows: list[list[str]], header_at: int,
                    problem_cells: set[tuple[int, int]]) -> list[Problem]:
    """Rows above the header hold a title, one cell each: a row with two or more
    cells filled (or refused) is data above the header, refused, not skipped."""
    problems = []
    for number, row in enumerate(rows[:header_at], start=1):
        filled = [i for i, c in enumerate(row) if c.strip() or (number, i) in problem_cells]
        filled += sorted(i for n, i in problem_cells if n == number and i >= len(row))
        if len(filled) < 2:
            continue
        cells = ", ".join(f"{column_letter(i)}{number} "
                          f"{(row[i].strip() if i < len(row) else '')!r}" for i in filled[:4])
        more = f" and {len(filled) - 4} more" if len(filled) > 4 else ""
        problems.append(Problem(
            where, f"row {number} above the header (row {header_at + 1}) has {len(filled)} "
            f"filled cells ({cells}{more}): it looks like data above the header, which is "
            "not read; a row above the header may hold a title in one cell only: move the "
            f"row below the header or delete it (sheet '{sheet}'); a header printed over "
            "two rows must become one row of the column names", cell=f"{number}:{number}"))
    return problems


GENERAL_DECIMALS = 4
"""The most decimals a number in General format may show in a table: more
(``=100/3`` shows 33.3333333333333) is a computed value, not one printed."""


def read_sheet(path: Path, sheet: str | None = None, other_sheets: str = "note"
               ) -> tuple[dict, list[str], list[Problem]]:
    """(the sheet parsed, notes, problems) of the table's sheet of a workbook:
    ``sheet`` by its name, or the first visible one. The parse (cached per
    file) holds ``sheet`` (its name, "" when there is none), ``rows`` (every
    row as the text Excel shows, 1-based row n at rows[n - 1]), ``problems``
    ([row, column index, message, value, day] of the cells that cannot be
    read as shown), ``general`` and ``merged``. The problems returned are
    the sheet's: hidden rows, columns and sheets holding anything, no sheet,
    other sheets holding data when ``other_sheets="refuse"``."""
    file = str(path)
    key = file_key(path) if sheet is None else hashlib.sha1(
        f"{file_key(path)}|{sheet}".encode()).hexdigest()
    try:
        data = cached(_CACHE, key, lambda: _read_book(path, sheet))
    except Exception as e:  # not a workbook openpyxl can open: say so, located
        return {"sheet": "", "rows": []}, [], [Problem(
            file, f"cannot read the workbook ({e}); save it from Excel as .xlsx, or as CSV "
            "UTF-8")]
    name = data["sheet"]
    notes = [f"{file}: hidden sheet '{hidden}' is empty: ignored"
             for hidden in data["empty_hidden_sheets"]]
    problems = _hidden_problems(file, data)
    if data.get("missing_sheet") is not None:
        return data, notes, problems + [Problem(
            file, f"no sheet named '{data['missing_sheet']}' (the layout of the table in "
            f"datapackage.yaml names it); the workbook's sheets: {', '.join(data['sheets'])}: "
            "rename the sheet, or change 'sheet' in the layout")]
    if not name:
        return data, notes, problems or [Problem(file, "the workbook has no sheet")]
    if data["other_sheets"] and other_sheets == "refuse":
        problems.append(Problem(file, f"the table is read from sheet '{name}' only, and "
                                f"other sheets hold data: {', '.join(data['other_sheets'])}; "
                                "put every row in one sheet (the first) and delete the "
                                "others, or move them to another workbook"))
    elif data["other_sheets"]:
        notes.append(f"{file}: read sheet '{name}'; other sheets ignored: "
                     f"{', '.join(data['other_sheets'])}")
    return data, notes, problems


def read_workbook(path: Path, columns: list[str], optional: Collection[str] = (),
                  dates: Collection[str] = (), other_sheets: str = "note",
                  general_decimals: int | None = None, sheet: str | None = None):
    """(records [(row number, {column: text})], letters {column: 'E'}, sheet,
    notes, problems) of the first visible sheet, or the one named ``sheet``. A column
    of ``optional`` may be missing from the header (it is then missing from the records
    and letters too). A column of ``dates`` takes a date cell and reads it as
    yyyy-mm-dd, the text a CSV holds; a date in any other column is refused. Other
    visible sheets holding anything are said in a note (``other_sheets="note"``) or
    refused (``"refuse"``). With ``general_decimals``, a number in General format
    showing more decimals is refused as computed."""
    data, notes, problems = read_sheet(path, sheet, other_sheets=other_sheets)
    sheet, rows = data["sheet"], data["rows"]
    if not sheet:
        return [], {}, "", notes, problems
    where = f"{path}!{sheet}"
    header_at = next((i for i, r in enumerate(rows)
                      if sum(c.strip() in columns for c in r) >= 2), None)
    if header_at is None:
        return [], {}, sheet, notes, problems + [Problem(
            where, f"no header row with the column names {', '.join(columns)}: put them "
            "in one row above the data (a title row above it may stay)")]
    header = [c.strip() for c in rows[header_at]]
    above = _title_problems(where, sheet, rows, header_at,
                            {(p[0], p[1]) for p in data["problems"] if p[0] <= header_at})
    if above:
        problems += above
    elif header_at:
        notes.append(f"{where}: rows 1-{header_at} above the header skipped (title)")
    twice = {h: [i for i, x in enumerate(header) if x == h] for h in header
             if h and header.count(h) > 1}
    for h, at in twice.items():
        cells = " and ".join(f"{column_letter(i)}{header_at + 1}" for i in at)
        problems.append(Problem(where, f"a column name appears twice (in {cells}): each "
                                "column of the table once; rename or delete the other",
                                header_at + 1, h, cell=cells.split(" and ")[0]))
    if twice:
        return [], {}, sheet, notes, problems
    missing = [c for c in columns if c not in header and c not in optional]
    for c in missing:
        problems.append(Problem(
            where, f"missing column '{c}' in the header row {header_at + 1}; a header "
            "printed over two rows or in merged cells must become one row of the column "
            f"names {', '.join(columns)}", header_at + 1, c))
    extra = [h for h in header if h and h not in columns]
    for h in extra:
        problems.append(Problem(where, f"unexpected column; expected {columns}",
                                header_at + 1, h))
    for _first, last, coord in data.get("merged", []):
        if last > header_at + 1:  # below the header: a value shown over several cells
            problems.append(Problem(where, f"cells {coord} are merged: Excel shows their "
                                    "value once, but the file holds it in the first cell "
                                    "only and each row needs its own; unmerge them and "
                                    "fill every cell", cell=coord))
    index = {h: i for i, h in enumerate(header) if h}
    names = {i: h for h, i in index.items()}
    rows = [list(r) for r in rows]  # the cached rows stay as read
    for number, col, message, value, day in data["problems"]:
        if number <= header_at:  # the title rows above the header are not read
            continue
        if names.get(col) in dates:
            if day is not None:
                rows[number - 1][col] = day
                continue
            if message.startswith(_A_DATE):
                message = (f"holds a date with a time of day, or a number that is no day "
                           f"({value}): the column takes a day, yyyy-mm-dd")
        problems.append(Problem(where, message, number, names.get(col), value,
                                f"{column_letter(col)}{number}"))
    if general_decimals is not None:
        for number, col, text, fmt in data["general"]:
            decimals = len(text.partition(".")[2])
            if number > header_at + 1 and decimals > general_decimals:
                kind = "Text (@)" if fmt == "@" else "General"
                problems.append(Problem(
                    where, f"a number in {kind} format shown with {decimals} decimals looks "
                    "computed (a formula's result, or one pasted as a value): type the value "
                    "as printed, or give the cell a number format with the printed decimals "
                    "(0.0)", number, names.get(col), text, f"{column_letter(col)}{number}"))
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
