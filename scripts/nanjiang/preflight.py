"""Checks that run when Snakemake reads the workflow, before any rule runs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from .errors import DataValidationError
from .rawdata import DataPackage, decode_csv_bytes, validate_table

FONT_INSTALL_HINT = (
    "Install them with: sudo apt-get install fonts-noto-cjk "
    "(or run ./run.sh report, which installs everything it needs)."
)
# Tables whose rows are statements of the prose, not a series per year.
YEARLESS_TABLES = {"facts"}


class PreflightError(Exception):
    """A problem that stops the build before any job starts."""


def font_files(fonts: dict) -> dict[str, list[Path]]:
    """Font files in ``fonts['dir']`` for the serif and sans families.

    Noto CJK files are named after their family without spaces and region
    (``Noto Serif CJK SC`` -> ``NotoSerifCJK-Regular.ttc``).
    """
    folder = Path(fonts["dir"])
    found = {}
    for role in ("serif", "sans"):
        family = fonts[role]
        stem = family.replace(" ", "")
        for region in ("SC", "TC", "JP", "KR", "HK"):
            if stem.endswith(region):
                stem = stem[: -len(region)]
        found[family] = sorted(
            p
            for p in (folder.glob(f"{stem}*") if folder.is_dir() else [])
            if p.suffix.lower() in {".ttc", ".otf", ".ttf"}
        )
    return found


def check_fonts(fonts: dict) -> None:
    missing = [family for family, files in font_files(fonts).items() if not files]
    if missing:
        raise PreflightError(
            f"CJK font(s) {', '.join(missing)} not found in {fonts['dir']} "
            f"(config key fonts.dir). The report needs real CJK fonts and never "
            f"falls back silently. {FONT_INSTALL_HINT}"
        )


def table_years(raw_dir: str | Path, tables: list[str]) -> dict[str, list[int]]:
    """The years each raw table has rows for (read without full validation)."""
    years = {}
    for table in tables:
        if table in YEARLESS_TABLES:
            continue
        path = Path(raw_dir) / f"{table}.csv"
        try:
            text = decode_csv_bytes(path.read_bytes(), str(path))
        except Exception:  # the validation job reports broken files in detail
            continue
        found = set()
        for row in csv.DictReader(io.StringIO(text)):
            try:
                found.add(int(row.get("year", "")))
            except (TypeError, ValueError):
                continue
        years[table] = sorted(found)
    return years


def check_report_year(raw_dir, tables, year: int, strict: bool) -> None:
    years = table_years(raw_dir, tables)
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


def check_raw_data(raw_dir: str | Path, tables: list[str]) -> None:
    """Validate every raw table now, before any job runs, and report every
    problem of every table together (the validation jobs then only write the
    normalised copies). Cheap: the standard library reads a few hundred rows.
    """
    try:
        package = DataPackage.load(raw_dir)
    except DataValidationError as e:
        raise PreflightError(e.render()) from None
    except (OSError, ValueError, KeyError) as e:
        raise PreflightError(f"{raw_dir}: cannot read the data package: {e}") from None
    problems = []
    for table in tables:
        try:
            validate_table(package, table)
        except DataValidationError as e:
            problems.extend(e.problems)
    if problems:
        raise PreflightError(
            DataValidationError(problems).render()
            + "\nNothing was built. Fix the rows above and run again."
        )
