"""A raw table supplied as an Excel workbook instead of its CSV (TEST copies)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import Workbook

from conftest import REPO
from nanjiang.common.errors import DataValidationError
from nanjiang.common.numbers import printed_decimals
from nanjiang.data.package import DataPackage
from nanjiang.data.validation import validate_table, write_validated
from nanjiang.data.workbook import cell_text, column_letter


def csv_rows(path: Path) -> list[list[str]]:
    import csv

    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def to_workbook(csv_path: Path, out: Path, title: str | None = None,
                sheet: str = "Sheet1") -> None:
    """The table as an office would keep it: numbers as numbers with the
    printed decimals as cell format, years as integers, an optional title row."""
    book = Workbook()
    ws = book.active
    ws.title = sheet
    if title:
        ws.append([title])
    header, *rows = csv_rows(csv_path)
    ws.append(header)
    for row in rows:
        ws.append([int(v) if h == "year" else v for h, v in zip(header, row, strict=True)])
        r = ws.max_row
        for i, h in enumerate(header):
            if h == "value":
                text = row[i]
                cell = ws.cell(row=r, column=i + 1, value=float(text))
                places = printed_decimals(text)
                cell.number_format = "0." + "0" * places if places else "0"
    book.save(out)


@pytest.fixture
def raw(tmp_path) -> Path:
    root = tmp_path / "raw"
    shutil.copytree(REPO / "data" / "raw", root)
    return root


@pytest.mark.parametrize("table", ["durable_goods", "poor_population_2014", "income_structure"])
def test_a_workbook_in_place_of_the_csv_gives_the_same_validated_table(raw, tmp_path, table):
    package = DataPackage.load(raw)
    write_validated(validate_table(package, table), tmp_path / "from_csv.csv")
    to_workbook(raw / f"{table}.csv", raw / f"{table}.xlsx", title="表题（年鉴印在表头上方）")
    (raw / f"{table}.csv").unlink()
    package = DataPackage.load(raw)
    write_validated(validate_table(package, table), tmp_path / "from_xlsx.csv")
    assert (tmp_path / "from_xlsx.csv").read_bytes() == (tmp_path / "from_csv.csv").read_bytes()
    assert any("rows 1-1 above the header skipped" in n for n in package.notes)


def test_errors_name_workbook_sheet_and_cell(raw):
    to_workbook(raw / "durable_goods.csv", raw / "durable_goods.xlsx", sheet="表3-3")
    (raw / "durable_goods.csv").unlink()
    from openpyxl import load_workbook

    book = load_workbook(raw / "durable_goods.xlsx")
    book.active["E3"] = "1x9"
    book.active["B4"] = "659999"
    book.save(raw / "durable_goods.xlsx")
    with pytest.raises(DataValidationError) as e:
        validate_table(DataPackage.load(raw), "durable_goods")
    text = str(e.value)
    assert "durable_goods.xlsx!表3-3!E3, column 'value', value '1x9': expected a number" in text
    assert "durable_goods.xlsx!表3-3!B4, column 'region_code'" in text


def test_a_header_in_merged_cells_is_rejected_with_what_to_change(raw):
    book = Workbook()
    ws = book.active
    ws.append(["year", "地区", None, "indicator", "数值", "unit", "source_id", "note"])
    ws.append([None, "region_code", "region_name", None, "value", None, None, None])
    ws.merge_cells("B1:C1")
    book.save(raw / "durable_goods.xlsx")
    (raw / "durable_goods.csv").unlink()
    with pytest.raises(DataValidationError) as e:
        validate_table(DataPackage.load(raw), "durable_goods")
    assert "must become one row of the column names" in str(e.value)


def test_a_table_supplied_twice_is_an_error(raw):
    to_workbook(raw / "durable_goods.csv", raw / "durable_goods.xlsx")
    with pytest.raises(DataValidationError) as e:
        validate_table(DataPackage.load(raw), "durable_goods")
    assert "supplied twice (durable_goods.csv and durable_goods.xlsx): keep one" in str(e.value)


@pytest.mark.parametrize("value, fmt, text", [
    (90.0, "0.0", "90.0"), (9.0, "General", "9"), (19.9, "General", "19.9"),
    (0.125, "0.00", "0.13"), (1234.5, "#,##0.0", "1234.5"), (2018, "General", "2018"),
    (None, "General", ""), ("１２", "@", "１２"),
])
def test_cell_text_is_what_excel_shows(value, fmt, text):
    assert cell_text(value, fmt) == text


def test_column_letters():
    assert [column_letter(i) for i in (0, 4, 25, 26, 27)] == ["A", "E", "Z", "AA", "AB"]


def test_the_build_reads_the_workbook(tmp_path):
    """End to end: the workbook is picked up with no other edit, the build says so."""
    from conftest import snakemake
    from repocopy import copy_repo

    repo = copy_repo(tmp_path / "repo")
    raw = repo / "data" / "raw"
    to_workbook(raw / "durable_goods.csv", raw / "durable_goods.xlsx", title="表 3-3")
    (raw / "durable_goods.csv").unlink()
    proc = snakemake(repo, "data/derived/validated/durable_goods.csv")
    assert "durable_goods.xlsx!Sheet1: rows 1-1 above the header skipped" in proc.stderr
    log = (repo / "logs" / "validate" / "durable_goods.log").read_text("utf-8")
    assert "read data/raw/durable_goods.xlsx" in log
