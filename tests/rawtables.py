"""Test helper: the raw tables of a data package as CSV, whatever file supplies
each (its CSV, or a workbook of the same name in its place, tidy or wide).

Tests that edit a table's text (a value, a line) work on a copy in which the
table is the CSV ``datapackage.yaml`` names: ``as_csv`` puts it there, from the
rows the workbook gives, as Excel would save the tidy table. So the suite runs
the same when data/raw holds a workbook in place of a CSV.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from conftest import REPO
from nanjiang.data.package import DataPackage, table_file
from nanjiang.data.tables import read_table
from nanjiang.data.workbook import WORKBOOK_SUFFIXES

RAW = REPO / "data" / "raw"


def csv_text(raw: Path, table: str) -> str:
    """Table ``table`` of the package in ``raw`` as CSV text: its CSV's, or the
    rows of the workbook in its place (header: the schema's columns)."""
    package = DataPackage.load(raw)
    path, problems = table_file(package, table)
    assert not problems, problems
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return path.read_text("utf-8-sig")
    read = read_table(package, table, path)
    assert not read.problems, read.problems
    columns = [f["name"] for f in package.schema(table)["fields"]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([row.cells[c] for c in columns] for row in read.rows)
    return out.getvalue()


def as_csv(raw: Path, table: str) -> Path:
    """In a copy of the package (``raw``): table ``table`` as the CSV the descriptor
    names, a workbook in its place replaced by the CSV of its rows; the CSV's path."""
    package = DataPackage.load(raw)
    path, problems = table_file(package, table)
    assert not problems, problems
    target = raw / package.resource(table)["path"]
    if path != target:
        text = csv_text(raw, table)
        path.unlink()
        target.write_text(text, "utf-8")
    return target


def copy_raw(dest: Path, source: Path = RAW) -> Path:
    """A copy of the package with every table as its CSV (``as_csv``)."""
    shutil.copytree(source, dest)
    for table in DataPackage.load(dest).resources:
        as_csv(dest, table)
    return dest


def raw_csv(table: str, folder: Path, raw: Path = RAW) -> Path:
    """A CSV of the repository's table ``table``: its own, or one written in
    ``folder`` from the workbook in its place."""
    package = DataPackage.load(raw)
    path, problems = table_file(package, table)
    assert not problems, problems
    if path.suffix.lower() not in WORKBOOK_SUFFIXES:
        return path
    out = folder / f"{table}.csv"
    out.write_text(csv_text(raw, table), "utf-8")
    return out
