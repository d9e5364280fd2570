"""A yearbook sheet as printed, read into the rows of its tidy table.

A table whose description in ``datapackage.yaml`` declares ``workbook_layout: wide:``
may be supplied as the workbook the yearbook prints: regions down, indicators across::

    表3-3 2019年南疆贫困地区农村每百户耐用消费品拥有量        (title: skipped, said)
    地区        汽车（台）  洗衣机（台）  电冰箱（台）  …       (the header row)
    全国均值    19.9        86.9          91.1
    南疆四地州  9           89.5          91
    注：……                                                    (notes: skipped, said)

Each filled cell under a mapped column becomes one row of the tidy table: the year
(``year``, or the cell of ``year_column``), the region (its code from regions.csv by
the name printed, ``region_name`` the name of regions.csv it matched), the column's
indicator with its declared unit, the value as the cell shows it, ``source_id`` and
``note`` of the layout. The rows are then validated as any table's; a problem is
located at the sheet's own cell and named by the sheet's header and the row's region
(``durable_goods.xlsx!耐用消费品!D7 (南疆四地州), column '电冰箱（台）', value '12..3'``).

What it does, and does not:

* the header row is the first row holding the region column's header and a mapped
  column's (headers compared without white space, full-width forms as ASCII); a header
  cell merged down into it from the row above (地区 over two rows) counts as its own.
  Rows above it (title, unit line, a group heading over several columns) are skipped
  and said; one that names a region and holds values is data above the header,
  refused. A header printed over two rows (the name above, the unit below) is not
  joined: the header row must hold each mapped column's header in one cell;
* every header cell of the header row is a column the layout reads (region, year,
  ``columns``) or ``ignore_columns``: any other is refused, as a mapped column missing;
* a blank cell, or one holding a ``gap_marks`` mark, is a gap: no row (the tidy table
  has no empty value); the gaps are said. Any other text is validated as a value and
  refused if it is no number (… — x are not gaps unless declared);
* a region is found by its name or alias in regions.csv among the levels the table
  holds (``region_levels``); ``regions:`` maps a name the sheet prints to a code (a
  name of several regions, a total row). A total row (合计, 总计, 小计) is never added
  up nor guessed: unmapped, it is refused like any unknown name;
* below the table, a line holding one cell that starts as a note (注, 说明, 资料来源,
  数据来源, 备注) ends the table: it and the lines of one cell after it are skipped and
  said; a line with values after them is refused;
* merged cells in the table's body are refused (the value is in the first cell only);
  hidden rows, columns and sheets, formats and formulas as for any workbook
  (``nanjiang.data.workbook``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nanjiang.common.errors import Problem
from nanjiang.common.numbers import printed_year
from nanjiang.data.descriptor import header_key
from nanjiang.data.package import Row
from nanjiang.data.region_names import Region
from nanjiang.data.workbook import column_letter, read_sheet

NOTE_STARTS = ("注", "说明", "资料来源", "数据来源", "备注")
TOTAL_WORDS = ("合计", "总计", "小计", "共计")
_SHOWN = 8  # cells listed in a note


@dataclass
class WideRead:
    """What reading a sheet wide gave: its rows, where they are, notes and problems;
    ``tidy`` when the sheet holds the tidy table's header instead (read it long)."""

    rows: list[Row] = field(default_factory=list)
    file: str = ""
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    tidy: bool = False


def read_wide(path: Path, layout: dict, regions: dict[str, Region], levels: list[str],
              indicators: dict[str, dict], columns: list[str],
              general_decimals: int | None = None) -> WideRead:
    """The rows of the tidy table (``columns``) a wide sheet holds (see the module)."""
    data, notes, problems = read_sheet(path, layout.get("sheet"))
    sheet, rows = data["sheet"], data["rows"]
    if not sheet:
        return WideRead([], str(path), notes, problems)
    where = f"{path}!{sheet}"
    reading = _Sheet(where, rows, data, layout)
    header_at = reading.header_row()
    if header_at is None:
        tidy = next((i for i, r in enumerate(rows)
                     if sum(c.strip() in columns for c in r) >= 2), None)
        if tidy is not None:  # (its reader says what else it does)
            return WideRead([], where, [
                f"{where}: read as the tidy table (row {tidy + 1} names its columns), not by "
                "the wide layout of datapackage.yaml"], tidy=True)
        return WideRead([], where, notes, problems + [reading.no_header()])
    out = WideRead([], where, notes, problems)
    _Table(reading, header_at, regions, levels, indicators, columns, general_decimals,
           out).read()
    return out


class _Sheet:
    """The sheet's rows and the layout, compared as keys (``header_key``)."""

    def __init__(self, where: str, rows: list[list[str]], data: dict, layout: dict):
        self.where, self.rows, self.data, self.layout = where, rows, data, layout
        self.region_key = header_key(layout["region_column"])
        self.year_key = header_key(layout["year_column"]) if "year_column" in layout else None
        self.mapped = {}  # header key -> (header as written, indicator code)
        for header, spec in layout["columns"].items():
            code = spec if isinstance(spec, str) else spec["indicator"]
            self.mapped[header_key(header)] = (str(header), code)
        self.ignored = {header_key(h) for h in layout.get("ignore_columns") or []}
        self.down = self._merged_down()

    def _merged_down(self) -> dict[tuple[int, int], str]:
        """(row, column index) -> the text of a one-column merge covering it from a row
        above: a header cell merged over two rows (地区 in A3:A4) is A4's header too."""
        from openpyxl.utils import range_boundaries

        out = {}
        for _first, _last, coord in self.data.get("merged", []):
            min_col, min_row, max_col, max_row = range_boundaries(coord)
            if min_col != max_col or max_row == min_row:
                continue
            top = self.rows[min_row - 1] if min_row <= len(self.rows) else []
            text = top[min_col - 1] if min_col - 1 < len(top) else ""
            for number in range(min_row + 1, max_row + 1):
                out[(number, min_col - 1)] = text
        return out

    def header(self, number: int) -> list[str]:
        """The header texts of row ``number`` (1-based), merges from above included."""
        row = list(self.rows[number - 1]) if number <= len(self.rows) else []
        for (n, col), text in self.down.items():
            if n == number:
                row += [""] * (col + 1 - len(row))
                row[col] = row[col] or text
        return row

    def header_row(self) -> int | None:
        """The first row (1-based) with the region column's header and a mapped one's."""
        for number in range(1, len(self.rows) + 1):
            keys = {header_key(c) for c in self.header(number)}
            if self.region_key in keys and keys & set(self.mapped):
                return number
        return None

    def no_header(self) -> Problem:
        layout = self.layout
        near = ""
        for number in range(1, len(self.rows) + 1):
            cells = [c.strip() for c in self.header(number) if c.strip()]
            if self.region_key in {header_key(c) for c in cells}:
                near = (f"; row {number} holds '{layout['region_column']}' with "
                        f"{', '.join(repr(c) for c in cells[:8])}: none is a header of "
                        "workbook_layout.wide.columns (a header printed over two rows must "
                        "be written in one cell, as the layout names it)")
                break
        sheet = f" (the sheet read: '{self.data['sheet']}')"
        return Problem(self.where, f"no header row with the region column "
                       f"'{layout['region_column']}' and a column of the layout "
                       f"({', '.join(h for h, _ in self.mapped.values())}){near}; the "
                       f"layout is workbook_layout.wide in datapackage.yaml{sheet}")


class _Table:
    """The table under the header row: its columns, rows, gaps and notes."""

    def __init__(self, sheet: _Sheet, header_at: int, regions: dict[str, Region],
                 levels: list[str], indicators: dict[str, dict], columns: list[str],
                 general_decimals: int | None, out: WideRead):
        self.s, self.h, self.out = sheet, header_at, out
        self.regions, self.levels, self.indicators = regions, levels, indicators
        self.columns, self.general_decimals = columns, general_decimals
        self.layout = sheet.layout
        self.cell_problems = {(p[0], p[1]): p for p in sheet.data["problems"]}
        self.names = {header_key(n): c for n, c in (self.layout.get("regions") or {}).items()}
        self.marks = {header_key(m) for m in self.layout.get("gap_marks") or []}
        self.skipped: list[str] = []  # rows of a name and no value that is no region

    def problem(self, message: str, cell: str | None = None, column: str | None = None,
                value: str | None = None, context: str | None = None,
                line: int | None = None) -> None:
        self.out.problems.append(Problem(self.s.where, message, line, column, value, cell,
                                         context=context))

    # ---------------------------------------------------------------- the header
    def read(self) -> None:
        if not self._columns():
            return
        self._above()
        body = self._body()
        self._merged(body)
        if self.out.problems:
            self.out.rows = []
            return
        self._notes(body)
        if not self.out.rows:
            self.problem(f"no value under the header (row {self.h}): the sheet's table is "
                         "empty")

    def _columns(self) -> bool:
        """The role of each column of the header row; False when they are wrong."""
        h, s = self.h, self.s
        header = s.header(h)
        self.header = header
        self.region_col = self.year_col = None
        self.value_cols: dict[int, tuple[str, str]] = {}  # column -> (header, indicator)
        self.empty_cols: set[int] = set()
        self.ignored_cols: set[int] = set()
        seen: dict[str, list[int]] = {}
        ok = True
        for col, text in enumerate(header):
            key = header_key(text)
            if not key:
                self.empty_cols.add(col)
                continue
            seen.setdefault(key, []).append(col)
            if key == s.region_key:
                self.region_col = col
            elif key == s.year_key:
                self.year_col = col
            elif key in s.mapped:
                self.value_cols[col] = (text.strip(), s.mapped[key][1])
            elif key in s.ignored:
                self.ignored_cols.add(col)
            else:
                ok = False
                mapped = ", ".join(h for h, _ in s.mapped.values())
                self.problem(f"a column the layout does not map (mapped: {mapped}): add its "
                             "header to workbook_layout.wide.columns in datapackage.yaml with "
                             "the indicator it holds, or to ignore_columns, or delete the "
                             "column", f"{column_letter(col)}{h}", text.strip())
        for cols in seen.values():
            if len(cols) > 1:
                ok = False
                cells = " and ".join(f"{column_letter(c)}{h}" for c in cols)
                self.problem(f"a column name appears twice (in {cells}): each column of the "
                             "table once; rename or delete the other", cells.split(" and ")[0],
                             header[cols[0]].strip())
        found = {header_key(t) for t in header}
        for key, (written, _code) in s.mapped.items():
            if key not in found:
                ok = False
                self.problem(f"the layout's column '{written}' is not in the header (row "
                             f"{h}): if the table no longer prints it, remove it from "
                             "workbook_layout.wide.columns; if its header is spelt otherwise, "
                             "write it as printed there", f"{h}:{h}")
        if s.year_key is not None and s.year_key not in found:
            ok = False
            self.problem(f"the year column '{self.layout['year_column']}' (workbook_layout."
                         f"wide.year_column) is not in the header (row {h})", f"{h}:{h}")
        return ok

    def _above(self) -> None:
        """Rows above the header: a title, a unit line, group headings; one naming a
        region of the table with values beside it is data above the header."""
        said = []
        for number in range(1, self.h):
            row = self.s.rows[number - 1]
            texts = [c.strip() for c in row if c.strip()]
            if not texts:
                continue
            said.append(number)
            name = row[self.region_col].strip() if self.region_col < len(row) else ""
            if name and len(texts) > 1 and self._candidates(header_key(name)):
                self.problem(f"row {number} above the header (row {self.h}) names the region "
                             f"{name!r} and holds values: it looks like data above the header, "
                             "which is not read; move it below the header", f"{number}:{number}")
        if said and not self.out.problems:
            texts = [c.strip() for n in said for c in self.s.rows[n - 1] if c.strip()]
            self.out.notes.append(f"{self.s.where}: rows 1-{self.h - 1} above the header "
                                  f"skipped ({_listed(texts)})")

    # ---------------------------------------------------------------- the body
    def _body(self) -> dict:
        """Each row under the header as table rows, a note line or blank; the rows
        made, the gaps said."""
        rows = self.s.rows
        notes_from = None  # the first note line
        note_rows: list[int] = []
        table_rows: list[int] = []
        gaps: list[str] = []
        for number in range(self.h + 1, len(rows) + 1):
            row = rows[number - 1]
            filled = [c for c, t in enumerate(row) if t.strip()]
            filled += sorted(c for n, c in self.cell_problems if n == number and c not in filled)
            if not filled:
                continue
            if notes_from is not None:
                if len(filled) == 1:
                    note_rows.append(number)
                else:
                    first = rows[notes_from - 1]
                    text = next(t.strip() for t in first if t.strip())
                    self.problem(f"row {number} holds values below the table's notes (row "
                                 f"{notes_from}: {_cut(text)!r}): the table ends where its "
                                 "notes begin; move the row above the notes, or delete it",
                                 f"{number}:{number}")
                continue
            if len(filled) == 1 and _is_note(row[filled[0]] if filled[0] < len(row) else ""):
                notes_from = number
                note_rows.append(number)
                continue
            table_rows.append(number)
            gaps += self._row(number, row, filled)
        return {"notes_from": notes_from, "note_rows": note_rows, "table_rows": table_rows,
                "gaps": gaps}

    def _cell(self, number: int, col: int) -> str:
        row = self.s.rows[number - 1]
        return row[col].strip() if col < len(row) else ""

    def _refused_cell(self, number: int, col: int, header: str,
                      context: str | None) -> bool:
        """A cell the workbook reader could not read as shown: said, located."""
        found = self.cell_problems.get((number, col))
        if found is None:
            return False
        _n, _c, message, value, _day = found
        self.problem(message, f"{column_letter(col)}{number}", header, value, context)
        return True

    def _row(self, number: int, row: list[str], filled: list[int]) -> list[str]:
        """The table rows of sheet row ``number``; returns its gaps (cells)."""
        for col in filled:
            if col in self.empty_cols or col >= len(self.header):
                self.problem("a value outside the table's columns (its header cell "
                             f"{column_letter(col)}{self.h} is empty): give the column a "
                             "header the layout maps, or delete the value",
                             f"{column_letter(col)}{number}", None, self._cell(number, col))
        rc = self.region_col
        region_header = self.header[rc].strip()
        region_cell = f"{column_letter(rc)}{number}"
        if self._refused_cell(number, rc, region_header, None):
            return []
        printed = self._cell(number, rc)
        values = [c for c in filled if c in self.value_cols or c == self.year_col]
        if not printed:
            if values:
                cells = ", ".join(f"{column_letter(c)}{number}" for c in values[:4])
                self.problem(f"values ({cells}) in a row without a region: write the region's "
                             f"name in {region_cell} (a name merged over several rows must be "
                             "unmerged and written in each)", region_cell, region_header, "")
            return []
        if self.year_col is not None:
            year_header = self.header[self.year_col].strip()
            if self._refused_cell(number, self.year_col, year_header, printed):
                return []
            year_text = self._cell(number, self.year_col)
            year_at = f"{column_letter(self.year_col)}{number}"
        else:
            year_header = "year"
            year_text, year_at = str(self.layout["year"]), None
        if not any(self._holds_value(number, c) for c in self.value_cols) and not (
                header_key(printed) in self.names or self._candidates(header_key(printed))):
            self.skipped.append(f"{region_cell} {printed!r}")  # a heading: nothing to read
            return []
        region, name = self._region(printed, printed_year(year_text), region_cell,
                                    region_header)
        gaps = []
        for col, (header, code) in sorted(self.value_cols.items()):
            cell = f"{column_letter(col)}{number}"
            if self._refused_cell(number, col, header, printed):
                continue
            text = self._cell(number, col)
            if not text or header_key(text) in self.marks:
                gaps.append(f"{cell} ({header}, {printed}"
                            + (f": {text!r}" if text else "") + ")")
                continue
            self._computed(number, col, header, printed)
            if region is None:
                continue
            note = self.layout.get("note", "")
            if name != printed and header_key(name) != header_key(printed):
                note = f"印作“{printed}”" + (f"；{note}" if note else "")
            ind = self.indicators[code]
            cells = {"year": year_text, "region_code": region.code, "region_name": name,
                     "indicator": code, "value": text, "unit": str(ind.get("unit", "")),
                     "source_id": self.layout["source_id"], "note": note}
            header_cell = f"{column_letter(col)}{self.h}"
            at = {"year": year_at, "region_code": region_cell, "region_name": region_cell,
                  "indicator": header_cell, "unit": header_cell, "value": cell,
                  "source_id": None, "note": None}
            headers = {"year": year_header, "region_code": region_header,
                       "region_name": region_header, "indicator": header, "unit": header,
                       "value": header}
            self.out.rows.append(Row(number, {c: cells.get(c, "") for c in self.columns},
                                     at=at, headers=headers, printed=printed))
        return gaps

    def _holds_value(self, number: int, col: int) -> bool:
        text = self._cell(number, col)
        return (number, col) in self.cell_problems or bool(
            text and header_key(text) not in self.marks)

    def _computed(self, number: int, col: int, header: str, printed: str) -> None:
        if self.general_decimals is None:
            return
        for n, c, text, fmt in self.s.data.get("general", []):
            decimals = len(text.partition(".")[2])
            if (n, c) == (number, col) and decimals > self.general_decimals:
                kind = "Text (@)" if fmt == "@" else "General"
                self.problem(f"a number in {kind} format shown with {decimals} decimals looks "
                             "computed (a formula's result, or one pasted as a value): type "
                             "the value as printed, or give the cell a number format with the "
                             "printed decimals (0.0)", f"{column_letter(col)}{number}", header,
                             text, printed)

    # ---------------------------------------------------------------- regions
    def _candidates(self, key: str) -> list[tuple[Region, str]]:
        """The regions of the table's levels with a name or alias ``key``, each with
        the name of regions.csv (or region_renames.csv) it matched."""
        out = []
        for region in self.regions.values():
            if self.levels and region.level not in self.levels:
                continue
            match = next((n for n in (*region.names, *region.aliases) if header_key(n) == key),
                         None)
            if match is not None:
                out.append((region, match))
        return out

    def _region(self, printed: str, year: int | None, cell: str,
                header: str) -> tuple[Region | None, str]:
        """The region a name printed stands for, and the name the row carries: the
        name of regions.csv it matched, or for a name mapped under ``regions:`` that
        is none of the region's, the region's name in the row's year."""
        key = header_key(printed)
        if key in self.names:
            region = self.regions[self.names[key]]
            match = next((n for n in (*region.names, *region.aliases) if header_key(n) == key),
                         None)
            return region, match if match is not None else region.name_in(year)
        found = self._candidates(key)
        if len(found) == 1:
            return found[0]
        levels = " or ".join(self.levels)
        if len(found) > 1:
            names = "、".join(f"{r.name} ({r.code})" for r, _ in found)
            self.problem(f"the name of more than one region of the table's levels ({names}): "
                         "say which under workbook_layout.wide.regions in datapackage.yaml "
                         f"({printed}: {found[0][0].code})", cell, header, printed)
            return None, printed
        elsewhere = [r for r in self.regions.values()
                     if any(header_key(n) == key for n in (*r.names, *r.aliases))]
        if any(word in key for word in TOTAL_WORDS):
            why = ("a total row: the reader adds nothing up and guesses no region; if it is "
                   "a region of regions.csv (the four prefectures' total is NJ4 南疆四地州), "
                   f"map it under workbook_layout.wide.regions ({printed}: NJ4), else delete "
                   "the row")
        elif elsewhere:
            r = elsewhere[0]
            why = (f"{r.name} ({r.code}) is a {r.level} (regions.csv); the table holds rows "
                   f"of {levels} level (region_levels in datapackage.yaml): delete the row")
        else:
            why = (f"not the name or alias of a region of regions.csv at the table's levels "
                   f"({levels}): add it to the region's aliases in regions.csv, or map it "
                   "under workbook_layout.wide.regions in datapackage.yaml")
        self.problem(why, cell, header, printed)
        return None, printed

    # ---------------------------------------------------------------- merged, notes
    def _merged(self, body: dict) -> None:
        """Merged cells in the table's body: Excel shows one value over several cells,
        the file holds it in the first only. Title rows above and note lines below
        may be merged."""
        from openpyxl.utils import range_boundaries

        notes = set(body["note_rows"])
        for _first, _last, coord in self.s.data.get("merged", []):
            _c0, min_row, _c1, max_row = range_boundaries(coord)
            rows = set(range(max(min_row, self.h + 1), max_row + 1))
            if rows and not rows <= notes:
                self.problem(f"cells {coord} are merged: Excel shows their value once, but the "
                             "file holds it in the first cell only and each row needs its own; "
                             "unmerge them and fill every cell", coord)

    def _notes(self, body: dict) -> None:
        where, out = self.s.where, self.out
        regions = len({r.line for r in out.rows})
        year = (f"each row's year from column '{self.layout['year_column']}'"
                if "year_column" in self.layout
                else f"every value of {self.layout['year']} (workbook_layout.wide.year)")
        out.notes.append(
            f"{where}: read by the wide layout of datapackage.yaml (header row {self.h}, "
            f"regions in column {column_letter(self.region_col)}): {len(out.rows)} values of "
            f"{regions} regions, {year}, source {self.layout['source_id']}")
        if self.skipped:
            out.notes.append(f"{where}: rows of a heading and no value skipped (no region of "
                             f"the table): {_listed(self.skipped, quote=False)}")
        if body["gaps"]:
            n = len(body["gaps"])
            cells = "cell without a value is a gap" if n == 1 else "cells without a value are gaps"
            out.notes.append(f"{where}: {n} {cells} (no row): "
                             f"{_listed(body['gaps'], quote=False)}")
        if body["note_rows"]:
            first, last = body["note_rows"][0], body["note_rows"][-1]
            texts = [c.strip() for n in body["note_rows"] for c in self.s.rows[n - 1]
                     if c.strip()]
            span = f"row {first}" if first == last else f"rows {first}-{last}"
            out.notes.append(f"{where}: {span} below the table skipped (its notes: "
                             f"{_listed(texts)}); a note that belongs to a value goes in the "
                             "layout's note or the table's year_note")


def _is_note(text: str) -> bool:
    return header_key(text).startswith(NOTE_STARTS)


def _cut(text: str, width: int = 30) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _listed(texts: list[str], quote: bool = True) -> str:
    shown = [repr(_cut(t)) if quote else t for t in texts[:_SHOWN]]
    more = f" and {len(texts) - _SHOWN} more" if len(texts) > _SHOWN else ""
    return ", ".join(shown) + more
