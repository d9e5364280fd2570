"""Checks that run when Snakemake reads the workflow, before any rule runs."""

from __future__ import annotations

from pathlib import Path

from nanjiang.data.cellref import CellRef
from nanjiang.common.errors import DataValidationError, Problem
from nanjiang.documents.fonts import Coverage, coverage, families_in, family_faces
from nanjiang.data.package import DataPackage
from nanjiang.data.validation import validate_table

FONT_INSTALL_HINT = (
    "Install them with: sudo apt-get install fonts-noto-cjk "
    "(or run ./run.sh report, which installs everything it needs)."
)
# Tables whose rows are statements of the prose, not a series per year.
YEARLESS_TABLES = {"facts"}


class PreflightError(Exception):
    """A problem that stops the build before any job starts."""


def check_fonts(fonts: dict) -> Coverage:
    """The configured families exist (by the names inside the font files);
    returns the characters they can all draw."""
    found = family_faces(fonts)
    missing = [family for family, faces in found.items() if not faces]
    if missing:
        available = ", ".join(families_in(fonts["dir"])) or "none"
        raise PreflightError(
            f"CJK font famil{'ies' if len(missing) > 1 else 'y'} "
            f"{', '.join(repr(m) for m in missing)} not found in {fonts['dir']} "
            f"(config keys fonts.serif / fonts.sans / fonts.dir). Families there: "
            f"{available}. The report needs real CJK fonts and never falls back "
            f"silently. {FONT_INSTALL_HINT}"
        )
    return coverage(fonts)


def table_years(rows_of: dict) -> dict[str, list[int]]:
    """The years each validated table has rows for (facts have no series)."""
    return {t: sorted({r.year for r in rows if r.year is not None})
            for t, rows in rows_of.items() if t not in YEARLESS_TABLES}


def before_their_data(rows_of: dict, year: int) -> list[str]:
    """Tables whose data all come after the report year: the report prints
    each as a stated gap (its figures too), said before any job runs."""
    return [f"{t}: no data at or before {year} (first year {ys[0]}): printed as a stated "
            f"gap, as are the figures drawn from it"
            for t, ys in sorted(table_years(rows_of).items()) if ys and ys[0] > year]


def check_report_year(rows_of: dict, year: int, strict: bool) -> None:
    years = table_years(rows_of)
    all_years = sorted({y for ys in years.values() for y in ys})
    if not all_years:
        return
    listing = "\n".join(
        f"  {t}: {', '.join(map(str, ys)) or 'no rows'}" for t, ys in sorted(years.items())
    )
    if year < all_years[0]:
        raise PreflightError(
            f"config key 'year' = {year} is before any data (earliest year "
            f"{all_years[0]}). Years each table has:\n{listing}"
        )
    if year not in all_years:
        raise PreflightError(
            f"config key 'year' = {year}: no table has data for that year. "
            f"Years each table has:\n{listing}"
        )
    if strict:
        lacking = [t for t, ys in years.items() if year not in ys]
        if lacking:
            detail = "\n".join(
                f"  {t}: {', '.join(map(str, years[t])) or 'no rows'}" for t in lacking
            )
            raise PreflightError(
                f"strict: true and {len(lacking)} table(s) have no row for {year} "
                f"(set strict: false to use each table's latest earlier year):\n{detail}"
            )


def load_package(raw_dir: str | Path, printable: Coverage | None = None) -> DataPackage:
    """The data package, or a PreflightError naming file and line (no traceback)."""
    try:
        return DataPackage.load(raw_dir, printable)
    except DataValidationError as e:
        raise PreflightError(e.render() + NOTHING_BUILT) from None


NOTHING_BUILT = "\nNothing was built. Fix the rows above and run again."


def check_raw_data(
    package: DataPackage,
    tables: list[str],
    derived_tables: set[str] = frozenset(),
    printable: Coverage | None = None,
) -> dict:
    """Validate every raw table now, before any job runs, and report every
    problem of every table together (the validation jobs then only write the
    normalised copies), returning the validated rows per table. The facts'
    links to table cells are checked too (``derived_tables``: the names of
    derived indicator tables a fact may link to), and with
    ``printable`` every character of every cell: one the fonts cannot draw
    would print as a box.
    """
    problems = []
    rows_of = {}
    for table in tables:
        try:
            rows_of[table] = validate_table(package, table, printable=printable)
        except DataValidationError as e:
            problems.extend(e.problems)
    if "facts" in rows_of and len(rows_of) == len(tables):
        # (links into a broken table would only repeat its problems)
        problems.extend(_fact_link_problems(package, rows_of, derived_tables))
    if problems:
        raise PreflightError(DataValidationError(problems).render() + NOTHING_BUILT)
    return rows_of


def _fact_link_problems(package, rows_of, derived_tables) -> list[Problem]:
    """Each ``compares_to`` names a table, and for a raw table an existing cell."""
    cells = {
        (t, r.cells["indicator"], r.cells["region_code"], int(r.cells["year"]))
        for t, rows in rows_of.items() if t != "facts" for r in rows
    }
    file = str(package.root / package.resource("facts")["path"])
    problems = []
    for row in rows_of["facts"]:
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
        if ref.table not in rows_of:
            known = ", ".join(sorted(set(rows_of) - {"facts"} | set(derived_tables)))
            problems.append(Problem(file, f"no table '{ref.table}' (known: {known})",
                                    row.line, "compares_to", text))
        elif (ref.table, ref.indicator, ref.region_code, ref.year) not in cells:
            problems.append(Problem(file, f"{ref.table} has no row for indicator "
                                    f"'{ref.indicator}', region {ref.region_code}, year "
                                    f"{ref.year}", row.line, "compares_to", text))
    return problems


def tables_with_rows_of(rows_of: dict, package: DataPackage, regions: list[str]) -> list[str]:
    """The raw tables with a row of one of ``regions`` or of their counties
    (what a brief about them may print or be audited on), in package order."""
    codes = set(regions) | {r.code for r in package.regions.values() if r.parent_code in regions}
    return [table for table, rows in rows_of.items()
            if any(row.cells.get("region_code") in codes for row in rows)]
