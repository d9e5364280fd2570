"""The yearly 监测范围 (per-capita net income line, 元/人/年): data with a source.

A year without a sourced line is a gap: screening that year stops with an error naming it.
A user's local line file (same columns) is accepted; its rows carry their own source_id.
Its numbers are read as the household table's (``values.py``: the digits 0-9, an optional
sign, at most one decimal point; ``nan``, ``inf``, ``1e3``, ``２０２３`` refused, located by
the line a row starts on).
"""

from __future__ import annotations

import csv
from pathlib import Path

from nanjiang.common.errors import DataValidationError, Problem
from nanjiang.monitoring.values import parse_number

COLUMNS = ["year", "line_yuan", "source_id", "note"]


def _rows(path: Path):
    """(the line a row starts on, {column: text}) of a CSV with the header COLUMNS."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(fh)
        if next(reader, None) != COLUMNS:
            raise DataValidationError([Problem(str(path), f"expected header {COLUMNS}", line=1)])
        start = reader.line_num + 1
        for row in reader:
            if any(cell.strip() for cell in row):
                if len(row) != len(COLUMNS):
                    raise DataValidationError([Problem(
                        str(path), f"expected {len(COLUMNS)} columns, found {len(row)}",
                        line=start)])
                yield start, dict(zip(COLUMNS, row, strict=True))
            start = reader.line_num + 1


def read_lines(path: Path, known_sources: set[str] | None) -> dict[int, float]:
    """Year -> line in 元 from a line table; every row needs a known source_id.

    ``known_sources`` None: a user's local file, whose source_id is its own citation (non-empty).
    """
    problems: list[Problem] = []
    lines: dict[int, float] = {}
    for lineno, row in _rows(path):
        year, error = parse_number(row["year"].strip())
        if error or year != int(year):
            problems.append(Problem(str(path), "expected a year (a whole number, e.g. 2023)",
                                    lineno, "year", row["year"]))
            continue
        year = int(year)
        value, error = parse_number(row["line_yuan"].strip())
        if error or value <= 0:
            problems.append(Problem(str(path), error or "expected an amount > 0 in 元", lineno,
                                    "line_yuan", row["line_yuan"]))
            continue
        if known_sources is None and not row["source_id"].strip():
            problems.append(
                Problem(str(path), "expected the line's source", lineno, "source_id", "")
            )
        elif known_sources is not None and row["source_id"] not in known_sources:
            problems.append(
                Problem(str(path), "unknown source (add it to sources.csv)", lineno,
                        "source_id", row["source_id"])
            )
        if year in lines:
            problems.append(Problem(str(path), "second line for this year", lineno, "year",
                                    row["year"]))
        lines[year] = value
    if problems:
        raise DataValidationError(problems)
    return lines


def line_for(lines: dict[int, float], year: int, where: str) -> float:
    """The line of ``year``, or an error naming the year and what to do."""
    if year not in lines:
        raise DataValidationError([Problem(
            where,
            f"no sourced 监测范围 for year {year}: add a row with its source_id, "
            "or give a local line file (config monitoring.line_file)",
            column="year", value=str(year),
        )])
    return lines[year]


def source_ids(sources_csv: Path) -> set[str]:
    with open(sources_csv, encoding="utf-8-sig", newline="") as fh:
        return {row["source_id"] for row in csv.DictReader(fh)}
