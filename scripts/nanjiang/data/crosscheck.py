"""Checks across tables: every fact's link to a table cell (``compares_to``)."""

from __future__ import annotations

from nanjiang.common.errors import Problem
from nanjiang.data.cellref import CellRef
from nanjiang.data.package import DataPackage


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
