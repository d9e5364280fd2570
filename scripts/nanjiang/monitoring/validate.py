"""Read and check a household table: every problem located, all reported at once.

The same checks, and the same values accepted and refused, for every format the table may
come in (a property test writes one table in all three and compares):

* CSV (UTF-8 or GB18030, as Excel saves it): located as ``file:line``, the line on which the
  record starts, as an editor shows it (a quoted line break inside a value does not shift the
  lines after it);
* an Excel workbook (``.xlsx``, the first visible sheet, read as Excel shows each cell by
  ``nanjiang.data.workbook``, a title row of one cell above the header skipped; a row of
  more cells above it refused as data, as the CSV refuses it, and so are other visible
  sheets holding anything; a number in General read as shown whatever its decimals, as
  CSV and Parquet take any): ``book.xlsx!Sheet!C7``;
* Parquet (large tables), checked by DuckDB (``columnar.py``): ``file, row N`` (N counts
  data rows from 1).

The columns may come in any order; each is found by its name in the header (whitespace
around a name dropped). A column marked ``column_optional`` in schema.yaml (the date
monitoring began, the assistance measures, the main risk type: older exports lack them) may
be missing; its values are then gaps. A cell is read as ``values.py`` says: whitespace
around it dropped, numbers in ASCII digits with an optional sign and at most one decimal
point, dates as ``YYYY-MM-DD`` (or ``YYYY/M/D``, ``YYYY年M月D日``), no line break inside an
id. A row with every cell blank is skipped (as in a workbook).

Beyond each cell: a household id once per year, at most ``household_size`` members working,
and the per-capita net income equal to the sum of its four parts (wage, operating, property,
transfer) within ``INCOME_TOLERANCE`` 元 (a household stating 6000 with parts adding up to
9000 is refused, located at its income).
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from nanjiang.common.errors import DataValidationError, Problem
from nanjiang.data.package import decode_csv_bytes
from nanjiang.data.workbook import (
    OLD_WORKBOOK,
    OLD_WORKBOOK_SUFFIXES,
    WORKBOOK_SUFFIXES,
    read_workbook,
)
from nanjiang.monitoring.regions import prefecture_counties
from nanjiang.monitoring.schema import load_schema
from nanjiang.monitoring.values import INTEGER_MAX, has_line_break, parse_date, parse_number

FLAG_VALUES = {"1": 1, "0": 0, "是": 1, "否": 0}
SUFFIXES = (".csv", *WORKBOOK_SUFFIXES, ".parquet")
ONE_LINE_EXPECTED = "expected an id on one line (a line break is inside it)"
# The pandas dtype of each type of schema.yaml (the validated Parquet's: VARCHAR, BIGINT, DOUBLE)
DTYPES = {"string": "str", "county": "str", "enum": "str", "text": "str", "date": "str",
          "flag": "int64", "integer": "int64", "number": "float64"}
# The DuckDB type of each (the validated Parquet file's)
SQL_TYPES = {"string": "VARCHAR", "county": "VARCHAR", "enum": "VARCHAR", "text": "VARCHAR",
             "date": "VARCHAR", "flag": "BIGINT", "integer": "BIGINT", "number": "DOUBLE"}
# income_per_capita = the sum of these within INCOME_TOLERANCE 元 (per person and year): the
# parts are often rounded to whole 元 each, so a few 元 apart is rounding, 10 is not
INCOME_PARTS = ["income_wage", "income_operating", "income_property", "income_transfer"]
INCOME_TOLERANCE = 10.0
SUM_SHOWN_MAX = 10**15  # a sum this large or more is not written out in the message


INCOME_SUM_EXPECTED = (f"expected the sum of its parts within {INCOME_TOLERANCE:g} 元 "
                       f"({' + '.join(INCOME_PARTS)} = ")


def income_sum_problem(total: float) -> str:
    """What an income not matching its parts (adding up to ``total``, shown rounded to whole
    元) is told; the SQL of ``columnar.py`` writes the same words."""
    shown = (str(math.floor(total + 0.5)) if total < SUM_SHOWN_MAX
             else f"at least {SUM_SHOWN_MAX}")
    return f"{INCOME_SUM_EXPECTED}{shown})"


def income_parts_disagree(stated: float, parts: list[float]) -> float | None:
    """The parts' sum (added left to right, as DuckDB adds them) if ``stated`` is more than
    INCOME_TOLERANCE from it, else None."""
    total = ((parts[0] + parts[1]) + parts[2]) + parts[3]
    return None if abs(stated - total) <= INCOME_TOLERANCE else total


def absent_ok(fields: list[dict]) -> list[str]:
    """The columns that may be missing from a table (``column_optional``)."""
    return [f["name"] for f in fields if f.get("column_optional")]


def county_codes(regions_csv: Path) -> set[str]:
    """County codes (GB/T 2260) of the study prefectures (nanjiang.data.study_regions)."""
    return {c for counties in prefecture_counties(regions_csv).values() for c in counties}


def _read_text(path: Path, label: str) -> str:
    """The CSV's text, decoded as every CSV of the project is (UTF-8 or GB18030,
    a mixed or renamed file refused, located)."""
    return decode_csv_bytes(path.read_bytes(), label)


def _check_value(field: dict, value: str, counties: set[str]) -> tuple[object, str | None]:
    """The typed value of the stripped text ``value``, or None and what was expected."""
    kind = field["type"]
    if value == "":
        if field.get("optional"):
            return None, None
        return None, "expected a value (a gap is not allowed here)"
    if kind == "string":
        if has_line_break(value):
            return None, ONE_LINE_EXPECTED
        return value, None
    if kind == "text":
        return value, None
    if kind == "date":
        return parse_date(value)
    if kind == "county":
        if value in counties:
            return value, None
        return None, "expected a county code of the four prefectures (regions.csv)"
    if kind == "flag":
        if value in FLAG_VALUES:
            return FLAG_VALUES[value], None
        return None, "expected one of 1, 0, 是, 否"
    if kind == "enum":
        if value in field["values"]:
            return value, None
        return None, "expected one of " + ", ".join(field["values"])
    number, error = parse_number(value)
    if error:
        return None, error
    if kind == "integer" and number != int(number):
        return None, "expected a whole number"
    if "minimum" in field and number < field["minimum"]:
        return None, f"expected a value >= {field['minimum']}"
    if "maximum" in field and number > field["maximum"]:
        return None, f"expected a value <= {field['maximum']}"
    if kind == "integer" and "maximum" not in field and number > INTEGER_MAX:
        return None, f"expected a value <= {INTEGER_MAX}"
    return (int(number) if kind == "integer" else number), None


# A table as read: its rows (key, {column: text}) and how to locate a key and column.
Rows = list[tuple[int, dict[str, str]]]
Locate = Callable[[int, str | None], dict]


def header_problem(found: list[str], names: list[str], what: str = "header does not",
                   optional: list[str] | tuple = ()) -> str | None:
    """What is wrong with a header of column names (any order; those of ``optional`` may be
    missing), or None."""
    missing = [n for n in names if n not in found and n not in optional]
    extra = [n for n in found if n not in names]
    twice = sorted({n for n in found if found.count(n) > 1})
    if not (missing or extra or twice):
        return None
    msg = f"{what} match schema.yaml; missing {missing}, extra {extra}"
    return msg + (f", more than once {twice}" if twice else "")


def _records(text: str, label: str) -> Iterable[tuple[int, list[str]]]:
    """(the line a record starts on, its cells): lines as an editor counts them (CR LF,
    LF or CR ends one), a quoted line break inside a value counted in its record."""
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    try:
        for row in reader:
            yield start, row
            start = reader.line_num + 1
    except csv.Error as e:
        raise DataValidationError([Problem(label, f"cannot read the CSV ({e})", line=start)]) \
            from None


def _csv_rows(path: Path, label: str, names: list[str],
              optional: list[str]) -> tuple[Rows, Locate]:
    records = _records(_read_text(path, label), label)
    first = next(records, None)
    if first is None:
        raise DataValidationError([Problem(label, "empty file")])
    header = [h.strip() for h in first[1]]
    # as in a workbook, a column without a name (Excel's trailing separators) is no column
    msg = header_problem([h for h in header if h], names, optional=optional)
    if msg:
        raise DataValidationError([Problem(label, msg, line=1)])
    index = {name: header.index(name) for name in names if name in header}
    problems, out = [], []
    for line, row in records:
        if not any(cell.strip() for cell in row):
            continue  # a blank line, or one of separators only
        if len(row) != len(header):
            msg = f"expected {len(header)} columns, found {len(row)}"
            problems.append(Problem(label, msg, line=line))
            continue
        stray = [str(i + 1) for i, cell in enumerate(row) if not header[i] and cell.strip()]
        if stray:
            problems.append(Problem(label, "a value outside the table's columns (in column "
                                    f"{', '.join(stray)})", line=line))
            continue
        out.append((line, {name: row[i] for name, i in index.items()}))
    if problems:
        raise DataValidationError(problems)
    return out, lambda key, column: {"file": label, "line": key}


def _xlsx_rows(path: Path, label: str, names: list[str], optional: list[str],
               dates: list[str]) -> tuple[Rows, Locate]:
    records, letters, sheet, _notes, problems = read_workbook(path, names, optional, dates,
                                                              other_sheets="refuse")
    if problems:
        raise DataValidationError([
            Problem(p.file.replace(str(path), label, 1), p.message, p.line, p.column, p.value,
                    p.cell)
            for p in problems
        ])
    where = f"{label}!{sheet}"

    def locate(key: int, column: str | None) -> dict:
        if column is None:
            return {"file": where, "line": key}
        return {"file": where, "cell": f"{letters[column]}{key}"}

    return records, locate


def _where(locate: Locate, key: int) -> str:
    loc = locate(key, None)
    return f"row {loc['row']}" if "row" in loc else f"line {loc['line']}"


def _check_rows(rows: Iterable[tuple[int, dict[str, str]]], locate: Locate, fields: list[dict],
                counties: set[str]) -> tuple[list[dict], list[Problem]]:
    problems: list[Problem] = []
    records = []
    first_seen: dict[tuple[str, str], int] = {}
    for key, row in rows:
        record, texts, valid = {}, {}, set()
        for field in fields:
            name = field["name"]
            value = texts[name] = row.get(name, "").strip()  # a missing column: gaps
            typed, error = _check_value(field, value, counties)
            if error:
                problems.append(Problem(message=error, column=name, value=value,
                                        **locate(key, name)))
            else:
                valid.add(name)
            record[name] = typed
        # a household is a household_id and a year, however the year is written (2023.0)
        year = str(record["year"]) if "year" in valid else texts["year"]
        id_key = (texts["household_id"], year)
        if id_key in first_seen:
            msg = (f"duplicate household id in year {year} "
                   f"(first on {_where(locate, first_seen[id_key])})")
            problems.append(Problem(message=msg, column="household_id",
                                    value=texts["household_id"], **locate(key, "household_id")))
        else:
            first_seen[id_key] = key
        size, working = record["household_size"], record["members_working"]
        if size is not None and working is not None and working > size:
            msg = f"expected at most household_size ({size}) members"
            problems.append(Problem(message=msg, column="members_working", value=str(working),
                                    **locate(key, "members_working")))
        stated, parts = record["income_per_capita"], [record[n] for n in INCOME_PARTS]
        if "income_per_capita" in valid and all(n in valid for n in INCOME_PARTS):
            total = income_parts_disagree(stated, parts)
            if total is not None:
                problems.append(Problem(message=income_sum_problem(total),
                                        column="income_per_capita",
                                        value=texts["income_per_capita"],
                                        **locate(key, "income_per_capita")))
        records.append(record)
    return records, problems


def schema_dtypes(fields: list[dict]) -> dict[str, str]:
    """The pandas dtype of each column, whatever the format (an optional integer, which
    schema.yaml has none of, would need a nullable dtype here)."""
    return {f["name"]: DTYPES[f["type"]] for f in fields}


def typed_frame(records: list[dict], fields: list[dict]) -> pd.DataFrame:
    """The validated rows, dtyped by ``schema_dtypes``."""
    frame = pd.DataFrame.from_records(records, columns=[f["name"] for f in fields])
    return frame.astype(schema_dtypes(fields))


def read_households(path: Path, regions_csv: Path, label: str | None = None) -> pd.DataFrame:
    """The validated household table of a CSV (UTF-8 or GB18030), XLSX or Parquet file, in
    file order (a Parquet file is checked by DuckDB, ``columnar.py``).

    Raises DataValidationError listing every problem (where, column, value, expectation).
    """
    path = Path(path)
    label = label or str(path)
    fields = load_schema()["fields"]
    names = [f["name"] for f in fields]
    suffix = path.suffix.lower()
    if suffix in OLD_WORKBOOK_SUFFIXES:
        raise DataValidationError([Problem(label, OLD_WORKBOOK)])
    if suffix not in SUFFIXES:
        raise DataValidationError([Problem(
            label, f"expected a household table as {', '.join(SUFFIXES)}")])
    if suffix == ".parquet":
        from nanjiang.monitoring.columnar import read_parquet_households

        return read_parquet_households(path, regions_csv, label)
    if suffix == ".csv":
        rows, locate = _csv_rows(path, label, names, absent_ok(fields))
    else:  # a date column takes Excel's date cells
        dates = [f["name"] for f in fields if f["type"] == "date"]
        rows, locate = _xlsx_rows(path, label, names, absent_ok(fields), dates)
    records, problems = _check_rows(rows, locate, fields, county_codes(regions_csv))
    if problems:
        raise DataValidationError(problems)
    if not records:
        raise DataValidationError([Problem(label, "header without rows")])
    return typed_frame(records, fields)
