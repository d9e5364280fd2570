"""Checks across tables: every fact's link to a table cell (``compares_to``),
and every table of the package validated with all problems together."""

from __future__ import annotations

from nanjiang.common.errors import DataValidationError, Problem
from nanjiang.data.cellref import CellRef
from nanjiang.data.package import DataPackage
from nanjiang.data.validation import validate_table


def validate_all(package: DataPackage, tables: list[str],
                 derived_tables: set[str] = frozenset(), printable=None) -> dict:
    """Validate every table and the facts' links; return the rows per table,
    or raise one DataValidationError holding every problem of every table."""
    problems = []
    rows_of = {}
    for table in tables:
        try:
            rows_of[table] = validate_table(package, table, printable=printable)
        except DataValidationError as e:
            problems.extend(e.problems)
    if "facts" in rows_of and len(rows_of) == len(tables):
        # (links into a broken table would only repeat its problems)
        problems.extend(fact_link_problems(package, rows_of["facts"], table_cells(rows_of),
                                           derived_tables))
    if problems:
        raise DataValidationError(problems)
    return rows_of


def table_cells(rows_of: dict) -> dict[str, set[tuple]]:
    """(indicator, region_code, year) of every row, per table (facts aside)."""
    return {t: {(r.cells["indicator"], r.cells["region_code"], int(r.cells["year"]))
                for r in rows}
            for t, rows in rows_of.items() if t != "facts"}


def fact_link_problems(package: DataPackage, facts: list, cells: dict[str, set[tuple]],
                       derived_tables: set[str]) -> list[Problem]:
    """Each ``compares_to`` names a table, and for a raw table an existing cell."""
    file = str(package.root / package.resource("facts")["path"])
    problems = []
    for row in facts:
        text = row.cells.get("compares_to", "")
        if not text:
            continue
        try:
            ref = CellRef.parse(text)
        except ValueError:
            problems.append(Problem(file, "expected table/indicator/region_code/year "
                                    "(year may end with '+')", row.line, "compares_to", text))
            continue
        if ref.table in derived_tables:
            continue
        if ref.table not in cells:
            known = ", ".join(sorted(set(cells) | set(derived_tables)))
            problems.append(Problem(file, f"no table '{ref.table}' (known: {known})",
                                    row.line, "compares_to", text))
        elif (ref.indicator, ref.region_code, ref.year) not in cells[ref.table]:
            problems.append(Problem(file, f"{ref.table} has no row for indicator "
                                    f"'{ref.indicator}', region {ref.region_code}, year "
                                    f"{ref.year}", row.line, "compares_to", text))
    return problems
