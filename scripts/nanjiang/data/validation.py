"""Validate the raw tables of ``data/raw`` against ``datapackage.yaml``
(the package model and the reading of rows: ``nanjiang.data.package``), and write
the validated CSVs.

Only the standard library and PyYAML are used here, so that a validation job
starts fast (it runs once per raw table).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from nanjiang.common.errors import DataValidationError, Problem
from nanjiang.common.numbers import (
    halfwidth,
    printed_decimals,
    printed_year,
    rounding_tolerance,
)
from nanjiang.common.writefile import write_text_atomic
from nanjiang.data.package import DataPackage, Row
from nanjiang.data.tables import read_table
from nanjiang.data.text_check import text_problems
from nanjiang.data.workbook import GENERAL_DECIMALS

COLUMNS = [
    "year",
    "region_code",
    "region_name",
    "indicator",
    "value",
    "unit",
    "source_id",
    "note",
]
# Columns of the facts table (numbers stated in the prose) add an id and a link.
FACT_COLUMNS = ["fact_id"] + COLUMNS[:-1] + ["compares_to", "note"]

NONNEGATIVE_KINDS = {"count", "amount", "area", "share", "rate", "flag", "year"}
PERCENT_KINDS = {"share", "rate"}

# As a table prints a number: digits, optionally '-' and decimals (not '9.', '.5', '+5').
# ASCII digits only: Python's \d also takes Arabic-Indic and other scripts' digits.
_PLAIN_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
_LEADING_ZERO = re.compile(r"^-?0[0-9]")
_MINUS_ZERO = re.compile(r"^-0(\.0+)?$")
_THOUSANDS = re.compile(r"^-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?$")



def parse_number(text: str) -> float:
    """Parse a printed number; raise ValueError with what was expected.

    Accepted: ``12``, ``-3.5``, ``90.0``, full-width digits (``１２．５``, as a
    Chinese input method types them) and thousands separators in the strict
    form ``1,234,567.8``. Rejected: ``12.5%`` (the unit column carries ``%``),
    empty cells (a gap is a missing row, never an empty value), anything else.
    """
    s = halfwidth(text).strip()
    if s == "":
        raise ValueError("a number (a gap is a missing row, not an empty value)")
    if s.endswith("%"):
        raise ValueError("a number without '%' (the unit column carries '%')")
    if _THOUSANDS.match(s):
        s = s.replace(",", "")
    if not _PLAIN_NUMBER.match(s):
        raise ValueError("a number such as 12 or 12.5")
    if _LEADING_ZERO.match(s):
        # '0091' is a code or a typo, not a printed number: never guess which
        raise ValueError("a number without leading zeros, such as 91 or 0.91")
    if _MINUS_ZERO.match(s):
        raise ValueError("zero without a minus sign (0)")
    return float(s)


# --------------------------------------------------------------------------- validation


def validate_table(package: DataPackage, name: str, path: str | Path | None = None,
                   printable=None):
    """Validate one raw table (CSV or workbook); return its rows or raise
    DataValidationError.

    Every problem found is collected and raised together. ``printable``
    (a ``fontcheck.Coverage``): also reject characters the fonts cannot draw.
    """
    read = read_table(package, name, path, general_decimals=GENERAL_DECIMALS)
    package.notes += read.notes
    rows, problems, file = read.rows, read.problems, read.file
    if not problems:
        schema = package.schema(name)
        problems = _check_rows(package, name, schema, rows, file, printable)
        problems += _shared_key_problems(package, name, rows, file)
    if problems:
        # said once: the rows a wide sheet's row makes share its region's and year's cells
        raise DataValidationError(list(dict.fromkeys(problems)))
    return rows


def tables_compared_with(package: DataPackage, name: str) -> list[str]:
    """The tables whose rows table ``name``'s are compared with
    (``keys_across_tables``: those listed before it), in descriptor order."""
    out = []
    for spec in package.descriptor.get("keys_across_tables") or []:
        tables = [entry["table"] for entry in spec["rows"]]
        if name in tables:
            out += [t for t in tables[: tables.index(name)] if t not in out]
    return out


def _shared_key_problems(package: DataPackage, name: str, rows: list[Row],
                         file: str) -> list[Problem]:
    """Rows of several tables that one derived table reads as one
    (``keys_across_tables`` in datapackage.yaml): a key in this table's rows
    must be in no table listed before it. Checked with the later table, so
    each problem is said once, naming both lines; a table that cannot be read
    is skipped (its own validation says why)."""
    problems = []
    for spec in package.descriptor.get("keys_across_tables") or []:
        entries = spec["rows"]
        mine = [i for i, e in enumerate(entries) if e["table"] == name]
        if not mine:
            continue
        columns = list(spec["key"])
        earlier: dict[tuple, str] = {}
        for entry in entries[: mine[0]]:
            other_file, other_rows = _rows_as_read(package, entry["table"])
            for row in _selected(other_rows, entry):
                key = tuple(_key_value(row, c) for c in columns)
                what = f" (indicator {row.cells.get('indicator')})" if "indicator" in entry else ""
                earlier.setdefault(key, f"{_where(other_file, row)}{what}")
        said = set()
        for row in _selected(rows, entries[mine[0]]):
            key = tuple(_key_value(row, c) for c in columns)
            if key in earlier and key not in said:
                said.add(key)
                values = ", ".join(f"{c} {v}" for c, v in zip(columns, key, strict=True))
                problem = row.problem(
                    file, f"{values} is also in {earlier[key]}: the derived table "
                    f"{spec['derived']} reads these tables as one, each "
                    f"{_and(columns)} from one of them only (keys_across_tables in "
                    "datapackage.yaml); keep these rows in one table", columns[0])
                problems.append(Problem(problem.file, problem.message, problem.line,
                                        cell=problem.cell, context=problem.context))
    return problems


def _and(words: list[str]) -> str:
    return ", ".join(words[:-1]) + f" and {words[-1]}" if len(words) > 1 else words[0]


def _selected(rows: list[Row], entry: dict) -> list[Row]:
    indicator = entry.get("indicator")
    return [r for r in rows if indicator is None or r.cells.get("indicator") == indicator]


def _where(file: str, row: Row) -> str:
    name = Path(file).name  # (a workbook's: book.xlsx!Sheet1)
    if row.at is not None:  # read wide: the value's cell
        return f"{name}!{row.cell('value')}"
    return f"{name}!{row.cell('year')}" if row.letters else f"{name}:{row.line}"


def _rows_as_read(package: DataPackage, name: str) -> tuple[str, list[Row]]:
    """Another table's rows as read, not validated; none if it cannot be read."""
    read = read_table(package, name, general_decimals=GENERAL_DECIMALS)
    return read.file, [] if read.problems else read.rows


def _check_rows(package, name, schema, rows, file, printable=None):
    resource = package.resource(name)
    levels = resource.get("region_levels") or []
    indicators = package.indicators(name)
    fields = {f["name"]: f for f in schema["fields"]}
    year_c = fields.get("year", {}).get("constraints", {})
    year_min, year_max = year_c.get("minimum", 2000), year_c.get("maximum", 2035)
    required = [n for n, f in fields.items() if f.get("constraints", {}).get("required")]
    keys = [list(schema.get("primaryKey", ["year", "region_code", "indicator"]))]
    keys += [list(k) for k in resource.get("unique_keys") or []]
    problems: list[Problem] = []
    unknown = sorted({c for k in keys for c in k if c not in fields})
    if unknown:
        return [Problem(str(package.root / "datapackage.yaml"),
                        f"resource '{name}': unique_keys name no column {', '.join(unknown)} "
                        f"(columns: {', '.join(fields)})")]
    seen: list[dict[tuple, Row]] = [{} for _ in keys]

    def add(row, message, column=None, value=None):
        problems.append(row.problem(file, message, column, value))

    for row in rows:
        c = row.cells
        problems.extend(text_problems(row, file, printable))
        for col in required:
            if c.get(col, "") == "":
                gap = " (a gap is a missing row, not an empty value)" if col == "value" else ""
                add(row, f"required value is empty{gap}", col, "")
        year = c.get("year", "")
        if year:
            # four digits, full-width ones as an input method types them; never
            # '+2014', '20_14' or other digits that int() would also take
            parsed = printed_year(year)
            if parsed is None:
                add(row, "expected a four-digit year such as 2019", "year", year)
            elif not year_min <= parsed <= year_max:
                add(row, f"year outside {year_min}-{year_max}", "year", year)
            else:
                row.year = parsed
        region = package.regions.get(c.get("region_code", ""))
        if c.get("region_code") and region is None:
            typed = (f"; written in full-width letters: type it as "
                     f"'{halfwidth(c['region_code'])}'"
                     if halfwidth(c["region_code"]) in package.regions else "")
            add(row, f"unknown region code (see data/raw/regions.csv){typed}", "region_code",
                c["region_code"])
        elif region and levels and region.level not in levels:
            add(row, f"{region.name} is a {region.level} (regions.csv); table '{name}' holds "
                f"rows of {' or '.join(levels)} level (region_levels in datapackage.yaml)",
                "region_code", c["region_code"])
        elif region and c.get("region_name") and not region.accepts(c["region_name"]):
            names = "、".join(region.names + region.aliases)
            add(row, f"name does not match code {region.code} (expected one of: {names})",
                "region_name", c["region_name"])
        elif (region and row.year is not None
              and (renamed := region.former(c.get("region_name", ""))) is not None
              and row.year >= renamed.renamed_year):
            add(row, f"{c['region_name']} is the name of {region.code} before "
                f"{renamed.renamed_year} and {region.name_in(row.year)} from then on "
                f"(region_renames.csv line {renamed.line}): a row of {row.year} cannot "
                "print the former name; the row's year or the renamed_year is wrong",
                "region_name", c["region_name"])
        indicator = indicators.get(c.get("indicator", ""))
        if indicators and c.get("indicator") and indicator is None:
            add(row, f"indicator not declared for table '{name}' in datapackage.yaml "
                f"(declared: {', '.join(indicators)})", "indicator", c["indicator"])
        if indicator and c.get("unit") != indicator.get("unit"):
            add(row, f"unit of '{indicator['code']}' must be {indicator.get('unit')!r}",
                "unit", c.get("unit"))
        if c.get("source_id") and c["source_id"] not in package.sources:
            add(row, "unknown source_id (see data/raw/sources.csv)", "source_id",
                c["source_id"])
        if c.get("value", "") != "":
            try:
                row.value = parse_number(c.get("value", ""))
            except ValueError as e:
                text = c.get("value", "")
                hint = ""
                if row.in_workbook and text.endswith("%"):
                    # a workbook cell formatted as a percentage: 0.855 shows as 85.5%
                    hint = (f"; the cell is formatted as a percentage: type {text[:-1]} in a "
                            "cell formatted as a number (0.0)")
                add(row, f"expected {e}{hint}", "value", text)
        if row.value is not None and indicator:
            _check_range(row, indicator, add)
        duplicate = _duplicate_key(row, keys, seen, name)
        if duplicate:
            add(row, duplicate)
    problems.extend(_pattern_problems(fields, rows, file, problems))
    # Always checked (on the rows whose values parsed): one run shows every problem.
    parsed = [r for r in rows if r.value is not None and r.year is not None]
    problems.extend(_check_share_groups(resource, parsed, file))
    return problems


def _pattern_problems(fields: dict, rows, file: str, found: list[Problem]) -> list[Problem]:
    """The schema's ``pattern`` constraints (facts.csv's fact_id, the ids of
    the tidy tables), for a cell no other check has already refused."""
    said = {(p.line, p.cell, p.column) for p in found}
    out = []
    for name, field in fields.items():
        pattern = field.get("constraints", {}).get("pattern")
        if not pattern:
            continue
        regex = re.compile(pattern)
        for row in rows:
            value = row.cells.get(name, "")
            if not value or regex.fullmatch(value):
                continue
            problem = row.problem(file, f"expected a value matching {pattern}", name, value)
            if (problem.line, problem.cell, problem.column) not in said:
                out.append(problem)
    return out


def _duplicate_key(row, keys: list[list[str]], seen: list[dict], table: str) -> str | None:
    """What ``row`` repeats: the first key of ``keys`` (the primary key, then
    the resource's unique_keys) whose values an earlier row has, or None.
    Keys are compared as parsed, not as typed: ２０１４ and 2014 are one year."""
    for columns, rows in zip(keys, seen, strict=True):
        key = tuple(_key_value(row, c) for c in columns)
        first = rows.setdefault(key, row)
        if first is row:
            continue
        at = f"on line {first.line}" if first.at is None else f"at {first.place()}"
        message = f"duplicate key {dict(zip(columns, key, strict=True))} (first {at})"
        differ = [c for c in row.cells if c not in columns and c != "note"
                  and _key_value(first, c) != _key_value(row, c)]
        if differ:
            message += "; the rows differ in " + " and ".join(
                f"{c} ({_short(first.cells[c])} {at}, {_short(row.cells[c])} "
                "here)" for c in differ[:3])
        if columns is not keys[0]:
            message += (f"; table '{table}' holds one row per {' and '.join(columns)}, "
                        "whatever the other columns say (unique_keys in datapackage.yaml)")
        return message
    return None


def _short(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _key_value(row, column: str):
    if column == "year" and row.year is not None:
        return str(row.year)
    return halfwidth(row.cells.get(column, "")).strip()  # as every value is read


def _check_range(row, indicator, add):
    kind = indicator.get("kind", "")
    lo = indicator.get("minimum", 0 if kind in NONNEGATIVE_KINDS else None)
    hi = indicator.get("maximum", 100 if kind in PERCENT_KINDS else None)
    if lo is not None and row.value < lo:
        add(row, f"expected a value >= {lo} for a {kind or 'value'}", "value",
            row.cells["value"])
    if hi is not None and row.value > hi:
        add(row, f"expected a value <= {hi} for a {kind or 'value'}", "value",
            row.cells["value"])


def _check_share_groups(resource, rows, file):
    """Shares of one whole must add up to 100 within rounding.

    A group the source itself prints inconsistently is listed under
    ``printed_inconsistencies`` in the descriptor: it passes validation
    (the source is kept as printed) and the data audit reports it.
    """
    accepted = {
        (p["group"], str(p["region_code"]), int(p["year"]))
        for p in resource.get("printed_inconsistencies", []) or []
    }
    problems = []
    for group in resource.get("share_groups", []) or []:
        gname, parts = _group_name_parts(group)
        by_cell: dict[tuple, dict[str, list[Row]]] = {}
        for r in rows:
            if r.cells["indicator"] in parts:
                k = (r.cells["region_code"], r.year)
                by_cell.setdefault(k, {}).setdefault(r.cells["indicator"], []).append(r)
        for (region, year), found in by_cell.items():
            if len(found) != len(parts) or (gname, region, year) in accepted:
                continue  # a part not printed: nothing to add up
            order = _source_order(resource)
            for members, own in _share_groups_of(found, parts, order):
                total = sum(m.value for m in members)
                tol = rounding_tolerance([m.cells["value"] for m in members])
                if abs(total - 100) > tol:
                    lines = ", ".join(str(m.line) for m in members)
                    where = f"lines {lines}"
                    if own.at is not None:  # read wide: the cells of the parts
                        where = "cells " + ", ".join(m.place() for m in members)
                    message = (f"shares of group '{gname}' ({', '.join(parts)}) for region "
                               f"{region}, {year} add up to {total:g}, expected 100 within "
                               f"rounding (±{tol:.2g}); {where}. If the source prints "
                               "them so, list the group under printed_inconsistencies")
                    problems.append(Problem(file, message, own.line, "value")
                                    if own.at is None else own.problem(file, message, "value"))
    return problems


def _source_order(resource) -> list[str]:
    """The resource's sources in datapackage.yaml: the first is printed."""
    return [s["source_id"] if isinstance(s, dict) else str(s)
            for s in resource.get("sources") or []]


def _share_groups_of(found: dict[str, list[Row]], parts: list[str],
                     order: list[str]) -> list[tuple[list[Row], Row]]:
    """The groups to add up, one row per part, each with the row it is
    located at: for every source, its rows, and for the parts it does not
    give, the rows the table prints (the first of the resource's ``sources``,
    ties in file order, as nanjiang.derive.primary). So every sum a printed
    table, or a table with a note of another source's value, can show is
    checked: a group is never skipped for citing two sources."""
    rank = {s: i for i, s in enumerate(order)}

    def printed(rows: list[Row]) -> Row:
        return min(rows, key=lambda r: (rank.get(r.cells["source_id"], len(rank)), r.line))

    shown = {part: printed(found[part]) for part in parts}
    sources = sorted({r.cells["source_id"] for rs in found.values() for r in rs},
                     key=lambda s: (rank.get(s, len(rank)), s))
    groups, seen = [], set()
    for source in sources:
        members = []
        for part in parts:
            mine = [r for r in found[part] if r.cells["source_id"] == source]
            members.append(min(mine, key=lambda r: r.line) if mine else shown[part])
        if (key := tuple(m.line for m in members)) in seen:
            continue
        seen.add(key)
        own = next(m for m in members if m.cells["source_id"] == source)
        groups.append((members, own))
    return groups


def _group_name_parts(group) -> tuple[str, list[str]]:
    if isinstance(group, dict):
        return group["name"], list(group["parts"])
    return "+".join(group), list(group)


def write_validated(rows: list[Row], path: str | Path) -> None:
    """Write validated rows as UTF-8 CSV, values normalised but printed decimals kept."""
    if not rows:
        raise ValueError("nothing to write")
    columns = list(rows[0].cells)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns + ["decimals"])
    for r in rows:
        cells = dict(r.cells)
        if r.year is not None and "year" in cells:
            cells["year"] = str(r.year)  # as parsed: ２０１４ is 2014 downstream
        if r.value is not None:
            cells["value"] = halfwidth(cells["value"]).replace(",", "")
        w.writerow([cells[c] for c in columns] + [printed_decimals(r.cells.get("value", ""))])
    write_text_atomic(path, buf.getvalue())

