"""Checks across tables: every fact's link to a table cell (``compares_to``)."""

from __future__ import annotations

from nanjiang.common.errors import Problem
from nanjiang.data.cellref import CellRef
from nanjiang.data.package import DataPackage


def fact_link_problems(package: DataPackage, facts: list, cells: dict[str, set[tuple]],
                       derived_tables: set[str]) -> list[Problem]:
    """Each ``compares_to`` names a table, and for a raw table an existing cell;
    located in the file supplying the facts (its CSV, or the workbook in its place)."""
    found = []
    for row in facts:
        text = row.cells.get("compares_to", "")
        if not text:
            continue
        try:
            ref = CellRef.parse(text)
        except ValueError:
            found.append((row, "expected table/indicator/region_code/year (year may end "
                          "with '+')", text))
            continue
        if ref.table in derived_tables:
            continue
        if ref.table not in cells:
            known = ", ".join(sorted(set(cells) | set(derived_tables)))
            found.append((row, f"no table '{ref.table}' (known: {known})", text))
        elif (ref.indicator, ref.region_code, ref.year) not in cells[ref.table]:
            found.append((row, f"{ref.table} has no row for indicator '{ref.indicator}', "
                          f"region {ref.region_code}, year {ref.year}", text))
    if not found:
        return []
    from nanjiang.data.tables import read_table

    file = read_table(package, "facts").file  # (a workbook's: facts.xlsx!Sheet1)
    return [row.problem(file, message, "compares_to", text) for row, message, text in found]
