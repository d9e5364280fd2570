"""A raw table supplied as an Excel workbook (``durable_goods.xlsx``).

Read with openpyxl (read-only, streaming): every cell's text is what Excel
shows for it, so a number formatted ``0.0`` is read as ``90.0``, as printed.
The header is the first row holding the table's column names; rows above it
(a title, as yearbooks print one) are skipped and said. A header spread over
two rows or merged cells is rejected with what to change. Problems are
located as ``file!sheet!E7``.

Parsing a large workbook costs seconds, and Snakemake checks every table at
each start, so the records are cached per file (``nanjiang.common.filecache``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection
from pathlib import Path

from nanjiang.common.errors import Problem
from nanjiang.common.filecache import cached, file_key
from nanjiang.common.numbers import fixed

WORKBOOK_SUFFIXES = (".xlsx",)
# Cell formats that fix the decimals shown: "0.0", "#,##0.00", "0.0_ ", "0.0%"…
_FIXED_DECIMALS = re.compile(r"^[#,]*0(?:\.(0+))?")


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    out = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def cell_text(value, number_format: str | None) -> str:
    """The cell as Excel shows it: numbers with their format's decimals."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        fmt = (number_format or "General").split(";")[0].strip()
        match = _FIXED_DECIMALS.match(fmt.replace('"', ""))
        if match and fmt != "General":
            shown = value * 100 if "%" in fmt else value
            return fixed(shown, len(match.group(1) or "")) + ("%" if "%" in fmt else "")
        text = repr(value)  # General: the shortest form that reads back as the value
        return text[:-2] if text.endswith(".0") else text
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def _read_sheet(path: Path) -> dict:
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        sheets = [ws for ws in book.worksheets if ws.sheet_state == "visible"]
        ws = sheets[0]
        rows = [[cell_text(c.value, getattr(c, "number_format", None)) for c in row]
                for row in ws.iter_rows()]
        others = [s.title for s in sheets[1:] if s.max_row and s.max_row > 1]
    finally:
        book.close()
    return {"sheet": ws.title, "rows": rows, "other_sheets": others}


def read_workbook(path: Path, columns: list[str], optional: Collection[str] = ()):
    """(records [(row number, {column: text})], letters {column: 'E'}, sheet,
    notes, problems) of the first visible sheet. A column of ``optional`` may be missing
    from the header (it is then missing from the records and letters too)."""
    file = str(path)
    try:
        data = cached("workbooks", file_key(path), lambda: _read_sheet(path))
    except Exception as e:  # not a workbook openpyxl can open: say so, located
        return [], {}, "", [], [Problem(file, f"cannot read the workbook ({e}); save it "
                                         "from Excel as .xlsx, or as CSV UTF-8")]
    sheet, rows = data["sheet"], data["rows"]
    where = f"{file}!{sheet}"
    notes = []
    if data["other_sheets"]:
        notes.append(f"{file}: read sheet '{sheet}'; other sheets ignored: "
                     f"{', '.join(data['other_sheets'])}")
    header_at = next((i for i, r in enumerate(rows)
                      if sum(c.strip() in columns for c in r) >= 2), None)
    if header_at is None:
        return [], {}, sheet, notes, [Problem(
            where, f"no header row with the column names {', '.join(columns)}: put them "
            "in one row above the data (a title row above it may stay)")]
    header = [c.strip() for c in rows[header_at]]
    if header_at:
        notes.append(f"{where}: rows 1-{header_at} above the header skipped (title)")
    problems = []
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
    if problems:
        return [], {}, sheet, notes, problems
    index = {h: i for i, h in enumerate(header) if h}
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
