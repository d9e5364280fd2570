"""Test helper: every table of a data package validated as the build does it
(each table's validation job, then the facts' links), all problems together."""

from __future__ import annotations

from nanjiang.common.errors import DataValidationError
from nanjiang.data.crosscheck import fact_link_problems
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
