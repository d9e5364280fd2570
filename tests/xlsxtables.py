"""Test helper: a raw table's CSV saved as a real .xlsx, as an office keeps it
(shared by test_workbook.py and the adversarial workbooks)."""

from __future__ import annotations

import csv
import math
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook

from nanjiang.common.numbers import printed_decimals


def csv_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def decimals_format(places: int) -> str:
    return "0." + "0" * places if places else "0"


def as_printed(text: str) -> tuple[float, str]:
    """The value as a float, formatted with its printed decimals."""
    return float(text), decimals_format(printed_decimals(text))


def whole_as_integer(text: str) -> tuple[float | int, str]:
    """A whole number stored as an integer (as 93 is, typed into a 0.0 cell)."""
    value, fmt = as_printed(text)
    return (int(value) if value.is_integer() else value), fmt


def computed(text: str) -> tuple[float, str]:
    """The value as a formula's result leaves it: off by the last binary digit
    (100-80.1 is 19.90000000000001)."""
    value, fmt = as_printed(text)
    return math.nextafter(value, math.inf), fmt


def in_thousands(text: str) -> tuple[float, str]:
    """The value stored in units, shown in thousands (``0.0,``)."""
    value, fmt = as_printed(text)
    return value * 1000, fmt + ","


def general(text: str) -> tuple[float, str]:
    """A computed value in a General cell, where the printed decimals allow it
    (General shows 90.0 as 90: such a value keeps its fixed format)."""
    value, fmt = computed(text)
    return (value, "General") if not text.endswith("0") or "." not in text else (value, fmt)


def to_workbook(csv_path: Path, out: Path, title: str | None = None,
                sheet: str = "Sheet1",
                store: Callable[[str], tuple[float | int, str]] = as_printed) -> None:
    """The table as an office would keep it: numbers as numbers with a number
    format (``store`` says how), years as integers, an optional title row."""
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
                value, fmt = store(row[i])
                cell = ws.cell(row=r, column=i + 1, value=value)
                cell.number_format = fmt
    book.save(out)


def edit(path: Path, change: Callable) -> None:
    """Open a saved workbook, ``change(book)``, save it again."""
    book = load_workbook(path)
    change(book)
    book.save(path)


def set_cached_value(path: Path, cell: str, value: str, sheet: int = 1) -> None:
    """Give a formula cell the calculated value Excel would have stored with it
    (openpyxl writes formulas without one)."""
    name = f"xl/worksheets/sheet{sheet}.xml"
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    xml = parts[name].decode("utf-8")
    pattern = re.compile(rf'(<c r="{cell}"[^>]*>)(<f>[^<]*</f>)<v\s*(?:/>|></v>)')
    assert pattern.search(xml), xml
    parts[name] = pattern.sub(rf"\g<1>\g<2><v>{value}</v>", xml).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            z.writestr(n, data)
