"""A raw table's rows as read, whatever file supplies it: the CSV that
``datapackage.yaml`` names, or a workbook of the same name in its place, read as
the tidy table or, where the table's description declares ``workbook_layout:
wide:``, as the yearbook prints it (``nanjiang.data.wide``). Not validated:
``nanjiang.data.validation`` checks the rows.

Standard library, PyYAML and (for a workbook) openpyxl only: a validation job
starts fast.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nanjiang.common.errors import DataValidationError, Problem
from nanjiang.data.package import (
    MAX_CELL_CHARS,
    DataPackage,
    Row,
    decode_csv_bytes,
    excerpt,
    long_cell_message,
    read_rows,
    table_file,
)
from nanjiang.data.workbook import WORKBOOK_SUFFIXES, read_workbook


@dataclass
class TableRead:
    """A table as read: the file (a workbook's ``book.xlsx!Sheet``), its rows, what
    the reading did (notes) and the problems that kept it from being read."""

    file: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def read_table(package: DataPackage, name: str, path: str | Path | None = None,
               general_decimals: int | None = None) -> TableRead:
    """The rows of table ``name`` from ``path`` (default: the file supplying it,
    ``table_file``). A workbook in place of the CSV the descriptor names is said in a
    note. ``general_decimals``: see ``nanjiang.data.workbook.read_workbook``."""
    if path is None:
        path, problems = table_file(package, name)
        if problems:
            return TableRead(str(package.root / package.resource(name)["path"]),
                             problems=problems)
    path = Path(path)
    columns = [f["name"] for f in package.schema(name)["fields"]]
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        file = str(path)
        try:
            rows, problems = read_rows(decode_csv_bytes(path.read_bytes(), file), file, columns)
        except FileNotFoundError:
            return TableRead(file, problems=[Problem(file, "file not found")])
        except DataValidationError as e:
            return TableRead(file, problems=e.problems)
        return TableRead(file, rows, [], problems)
    named = Path(package.resource(name)["path"]).name
    notes = [] if path.name == named else [
        f"{path}: the workbook in place of {named} (the file datapackage.yaml names)"]
    layout = package.layout(name)
    if layout is not None:
        from nanjiang.data.wide import read_wide

        resource = package.resource(name)
        wide = read_wide(path, layout, package.regions, resource.get("region_levels") or [],
                         package.indicators(name), columns, general_decimals)
        if not wide.tidy:
            read = TableRead(wide.file, wide.rows, notes + wide.notes, wide.problems)
            return _long_cells(read)
        notes += wide.notes
    records, letters, sheet, sheet_notes, problems = read_workbook(
        path, columns, general_decimals=general_decimals,
        sheet=layout.get("sheet") if layout is not None else None)
    file = f"{path}!{sheet}" if sheet else str(path)
    rows = [Row(line, cells, letters=letters) for line, cells in records]
    read = TableRead(file, rows, notes + sheet_notes, problems)
    read = _long_cells(read)
    if not read.rows and not read.problems:
        read.problems = [Problem(file, "the sheet has a header but no data rows")]
    return read


def _long_cells(read: TableRead) -> TableRead:
    """A cell longer than any column holds, in a workbook (a CSV's are refused as
    its records are read)."""
    read.problems += [row.problem(read.file, long_cell_message(text), column, excerpt(text))
                      for row in read.rows for column, text in row.cells.items()
                      if len(text) > MAX_CELL_CHARS]
    return read
