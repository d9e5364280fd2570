"""Read and check a household table: every problem located, all reported at once."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from nanjiang.errors import DataValidationError, Problem

from .schema import load_schema

FLAG_VALUES = {"1": 1, "0": 0, "是": 1, "否": 0}
# The four prefectures: 阿克苏地区, 克州, 喀什地区, 和田地区.
PREFECTURE_PREFIXES = ("6529", "6530", "6531", "6532")


def county_codes(regions_csv: Path) -> set[str]:
    """County-level GB/T 2260 codes of the four prefectures listed in regions.csv."""
    with open(regions_csv, encoding="utf-8-sig", newline="") as fh:
        return {
            row["region_code"]
            for row in csv.DictReader(fh)
            if row["region_code"].startswith(PREFECTURE_PREFIXES)
            and not row["region_code"].endswith("00")
        }


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
    if kind == "integer" and number != int(number):
        return None, "expected a whole number"
    if "minimum" in field and number < field["minimum"]:
        return None, f"expected a value >= {field['minimum']}"
    if "maximum" in field and number > field["maximum"]:
        return None, f"expected a value <= {field['maximum']}"
    return (int(number) if kind == "integer" else number), None


def read_households(path: Path, regions_csv: Path, label: str | None = None) -> pd.DataFrame:
    """The validated household table of a CSV file (UTF-8 or GB18030).

    Raises DataValidationError listing every problem (file:line, column, value, expectation).
    """
    path = Path(path)
    label = label or str(path)
    fields = load_schema()["fields"]
    names = [f["name"] for f in fields]
    counties = county_codes(regions_csv)
    rows = list(csv.reader(_read_text(path).splitlines()))
    if not rows:
        raise DataValidationError([Problem(label, "empty file")])
    header, body = rows[0], rows[1:]
    if header != names:
        missing = [n for n in names if n not in header]
        extra = [n for n in header if n not in names]
        msg = f"header does not match schema.yaml; missing {missing}, extra {extra}"
        raise DataValidationError([Problem(label, msg, line=1)])
    problems: list[Problem] = []
    records = []
    first_seen: dict[tuple[str, str], int] = {}
    for lineno, row in enumerate(body, start=2):
        if len(row) != len(names):
            msg = f"expected {len(names)} columns, found {len(row)}"
            problems.append(Problem(label, msg, line=lineno))
            continue
        record = {}
        for field, value in zip(fields, row, strict=True):
            typed, error = _check_value(field, value.strip(), counties)
            if error:
                problems.append(Problem(label, error, lineno, field["name"], value))
            record[field["name"]] = typed
        key = (row[0], row[2])
        if key in first_seen:
            msg = f"duplicate household id in year {row[2]} (first on line {first_seen[key]})"
            problems.append(Problem(label, msg, lineno, "household_id", row[0]))
        else:
            first_seen[key] = lineno
        size, working = record["household_size"], record["members_working"]
        if size is not None and working is not None and working > size:
            msg = f"expected at most household_size ({size}) members"
            problems.append(Problem(label, msg, lineno, "members_working", str(working)))
        records.append(record)
    if problems:
        raise DataValidationError(problems)
    if not records:
        raise DataValidationError([Problem(label, "header without rows")])
    return pd.DataFrame.from_records(records, columns=names)
