"""What Snakemake needs to know when it reads the workflow, before any job:
fonts present, the data package's descriptor and reference tables sound, and
which regions and years each raw table has (the DAG's shape and the report
year's check). The raw tables themselves are validated by the jobs of
rule validate_table, each once."""

from __future__ import annotations

import hashlib
import json
import time
from datetime import datetime
from pathlib import Path

from nanjiang.common.errors import DataValidationError
from nanjiang.common.filecache import cached, file_key
from nanjiang.common.numbers import printed_year
from nanjiang.data.package import DataPackage, table_file
from nanjiang.data.tables import read_table
from nanjiang.data.workbook import WORKBOOK_SUFFIXES
from nanjiang.documents.fonts import Coverage, coverage, families_in, family_faces

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


def table_years(index: dict) -> dict[str, list[int]]:
    """The years each table has rows for (facts have no series)."""
    return {t: entry["years"] for t, entry in index.items()
            if t not in YEARLESS_TABLES and entry["readable"]}


def before_their_data(index: dict, year: int) -> list[str]:
    """Tables whose data all come after the report year: the report prints
    each as a stated gap (its figures too), said before any job runs."""
    return [f"{t}: no data at or before {year} (first year {ys[0]}): printed as a stated "
            f"gap, as are the figures drawn from it"
            for t, ys in sorted(table_years(index).items()) if ys and ys[0] > year]


def check_report_year(index: dict, year: int, strict: bool) -> None:
    years = table_years(index)
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


def check_front(path: str | Path) -> dict:
    """The cover (report/front.yaml) as plain text (nanjiang.documents.front),
    or a PreflightError naming its line, key and character."""
    from nanjiang.documents.front import read_front

    try:
        return read_front(path)
    except DataValidationError as e:
        raise PreflightError(e.render() + NOTHING_BUILT) from None


def table_index(package: DataPackage, tables: list[str]) -> dict[str, dict]:
    """Which regions and years each raw table has rows for, read (not
    validated: the validation jobs do that) to shape the DAG: a brief's inputs,
    the report year's check. Cached per version of each file. A table that
    cannot be read is marked ``readable: False``; its validation job says why.
    A table whose file is missing, supplied twice (CSV and workbook, the
    suffix in any case) or an old ``.xls`` workbook stops the build here: no
    job could say which file to read."""
    problems = [p for t in tables for p in table_file(package, t)[1]]
    if problems:
        raise PreflightError(DataValidationError(problems).render() + NOTHING_BUILT)
    return {t: _index_of(package, t) for t in tables}


def _index_of(package: DataPackage, table: str) -> dict:
    path, problems = table_file(package, table)
    if problems:
        return {"readable": False, "regions": [], "years": []}
    key = file_key(path)
    layout = package.layout(table)
    if layout is not None and path.suffix.lower() in WORKBOOK_SUFFIXES:
        # read wide: the rows follow the layout and the regions' names too
        regions = sorted((r.code, r.level, r.names, r.aliases) for r in package.regions.values())
        key = hashlib.sha1(json.dumps([key, layout, regions, package.resource(table).get(
            "region_levels")], ensure_ascii=False, default=str).encode()).hexdigest()
    return cached("table-index-3", key, lambda: _read_index(package, table, path))


def _read_index(package: DataPackage, table: str, path: Path) -> dict:
    read = read_table(package, table, path)
    if read.problems:
        return {"readable": False, "regions": [], "years": []}
    cells = [r.cells for r in read.rows]
    # a year that does not parse is named by the validation job
    years = {y for c in cells if (y := printed_year(c.get("year", ""))) is not None}
    return {"readable": True, "regions": sorted({c.get("region_code", "").strip() for c in cells}),
            "years": sorted(years)}


def tables_with_rows_of(index: dict, package: DataPackage, regions: list[str]) -> list[str]:
    """The raw tables with a row of one of ``regions`` or of their counties
    (what a brief about them may print or be audited on), in package order;
    a table that could not be read counts (its validation job fails anyway)."""
    codes = set(regions) | {r.code for r in package.regions.values() if r.parent_code in regions}
    return [table for table, entry in index.items()
            if not entry["readable"] or codes & set(entry["regions"])]


def check_clock(*folders: str, slack_seconds: float = 60.0) -> None:
    """No output is dated in the future: Snakemake would take it for newer
    than anything a job makes now and skip the jobs (or stop on "clock
    skew" midway). Such files come from a machine whose clock was wrong, or
    from an archive unpacked with its dates."""
    now = time.time()
    future = sorted(
        (p.lstat().st_mtime, str(p)) for folder in folders for p in Path(folder).rglob("*")
        if p.lstat().st_mtime > now + slack_seconds)
    if future:
        shown = "\n  ".join(f"{name} ({datetime.fromtimestamp(t):%Y-%m-%d %H:%M})"
                            for t, name in future[:10])
        more = f"\n  … and {len(future) - 10} more" if len(future) > 10 else ""
        raise PreflightError(
            f"{len(future)} built file(s) are dated in the future (the clock now says "
            f"{datetime.fromtimestamp(now):%Y-%m-%d %H:%M}):\n  {shown}{more}\n"
            "Snakemake decides what to rebuild by these dates. Date them now and build again:\n"
            f"  find {' '.join(folders)} -newermt now -exec touch -h {{}} +")
