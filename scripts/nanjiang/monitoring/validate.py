"""Read and check a household table: every problem located, all reported at once.

The same checks for every format the table may come in:

* CSV (UTF-8 or GB18030, as Excel saves it): located as ``file:line``;
* an Excel workbook (``.xlsx``, the first visible sheet, read as Excel shows each cell by
  ``nanjiang.data.workbook``, a title row above the header skipped): ``book.xlsx!Sheet!C7``;
* Parquet (large tables): ``file, row N`` (N counts data rows from 1).
"""

from __future__ import annotations

import csv
import math
from collections.abc import Callable, Iterable
from pathlib import Path

import pandas as pd

from nanjiang.common.errors import DataValidationError, Problem
from nanjiang.data.workbook import (
    OLD_WORKBOOK,
    OLD_WORKBOOK_SUFFIXES,
    WORKBOOK_SUFFIXES,
    read_workbook,
)
from nanjiang.monitoring.regions import prefecture_counties
from nanjiang.monitoring.schema import load_schema

FLAG_VALUES = {"1": 1, "0": 0, "是": 1, "否": 0}
SUFFIXES = (".csv", *WORKBOOK_SUFFIXES, ".parquet")


def county_codes(regions_csv: Path) -> set[str]:
    """County codes (GB/T 2260) of the study prefectures (nanjiang.data.study_regions)."""
    return {c for counties in prefecture_counties(regions_csv).values() for c in counties}


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise DataValidationError([Problem(str(path), "cannot decide the text encoding")])


def _check_value(field: dict, value: str, counties: set[str]) -> tuple[object, str | None]:
    """The typed value, or None and what was expected."""
    kind = field["type"]
    if value == "":
        if field.get("optional"):
            return None, None
        return None, "expected a value (a gap is not allowed here)"
    if kind == "string":
        return value, None
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
    try:
        number = float(value)
    except ValueError:
        return None, "expected a number"
    if not math.isfinite(number):
        return None, "expected a number"
    if kind == "integer" and number != int(number):
        return None, "expected a whole number"
    if "minimum" in field and number < field["minimum"]:
        return None, f"expected a value >= {field['minimum']}"
    if "maximum" in field and number > field["maximum"]:
        return None, f"expected a value <= {field['maximum']}"
    return (int(number) if kind == "integer" else number), None


# A table as read: its rows (key, {column: text}) and how to locate a key and column.
Rows = list[tuple[int, dict[str, str]]]
Locate = Callable[[int, str | None], dict]


def _csv_rows(path: Path, label: str, names: list[str]) -> tuple[Rows, Locate]:
    rows = list(csv.reader(_read_text(path).splitlines()))
    if not rows:
        raise DataValidationError([Problem(label, "empty file")])
    header, body = rows[0], rows[1:]
    if header != names:
        missing = [n for n in names if n not in header]
        extra = [n for n in header if n not in names]
        msg = f"header does not match schema.yaml; missing {missing}, extra {extra}"
        raise DataValidationError([Problem(label, msg, line=1)])
    problems, out = [], []
    for lineno, row in enumerate(body, start=2):
        if len(row) != len(names):
            msg = f"expected {len(names)} columns, found {len(row)}"
            problems.append(Problem(label, msg, line=lineno))
            continue
        out.append((lineno, dict(zip(names, row, strict=True))))
    if problems:
        raise DataValidationError(problems)
    return out, lambda key, column: {"file": label, "line": key}


def _xlsx_rows(path: Path, label: str, names: list[str]) -> tuple[Rows, Locate]:
    records, letters, sheet, _notes, problems = read_workbook(path, names)
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


def _parquet_text(value) -> str:
    """A Parquet value as the text the checks read (1.0 -> '1', NULL -> '')."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _parquet_rows(path: Path, label: str, names: list[str]) -> tuple[Rows, Locate]:
    import duckdb

    con = duckdb.connect()
    try:
        rel = con.sql(f"SELECT * FROM read_parquet('{path}')")
        columns = rel.columns
        if sorted(columns) != sorted(names):
            missing = [n for n in names if n not in columns]
            extra = [n for n in columns if n not in names]
            msg = f"columns do not match schema.yaml; missing {missing}, extra {extra}"
            raise DataValidationError([Problem(label, msg)])
        data = rel.fetchall()
    except duckdb.Error as e:
        raise DataValidationError([Problem(label, f"cannot read the Parquet file ({e})")]) \
            from None
    finally:
        con.close()
    out = [(i, {c: _parquet_text(v) for c, v in zip(columns, row, strict=True)})
           for i, row in enumerate(data, start=1)]
    return out, lambda key, column: {"file": label, "row": key}


def _where(locate: Locate, key: int) -> str:
    loc = locate(key, None)
    return f"row {loc['row']}" if "row" in loc else f"line {loc['line']}"


def _check_rows(rows: Iterable[tuple[int, dict[str, str]]], locate: Locate, fields: list[dict],
                counties: set[str]) -> tuple[list[dict], list[Problem]]:
    problems: list[Problem] = []
    records = []
    first_seen: dict[tuple[str, str], int] = {}
    for key, row in rows:
        record = {}
        for field in fields:
            name = field["name"]
            value = row[name]
            typed, error = _check_value(field, value.strip(), counties)
            if error:
                problems.append(Problem(message=error, column=name, value=value,
                                        **locate(key, name)))
            record[name] = typed
        id_key = (row["household_id"].strip(), row["year"].strip())
        if id_key in first_seen:
            msg = (f"duplicate household id in year {id_key[1]} "
                   f"(first on {_where(locate, first_seen[id_key])})")
            problems.append(Problem(message=msg, column="household_id",
                                    value=row["household_id"], **locate(key, "household_id")))
        else:
            first_seen[id_key] = key
        size, working = record["household_size"], record["members_working"]
        if size is not None and working is not None and working > size:
            msg = f"expected at most household_size ({size}) members"
            problems.append(Problem(message=msg, column="members_working", value=str(working),
                                    **locate(key, "members_working")))
        records.append(record)
    return records, problems


def read_households(path: Path, regions_csv: Path, label: str | None = None) -> pd.DataFrame:
    """The validated household table of a CSV (UTF-8 or GB18030), XLSX or Parquet file.

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
    reader = {".csv": _csv_rows, ".parquet": _parquet_rows}.get(suffix, _xlsx_rows)
    rows, locate = reader(path, label, names)
    records, problems = _check_rows(rows, locate, fields, county_codes(regions_csv))
    if problems:
        raise DataValidationError(problems)
    if not records:
        raise DataValidationError([Problem(label, "header without rows")])
    return pd.DataFrame.from_records(records, columns=names)
