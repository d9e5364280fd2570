"""A region's name in a given year: one rule for every table, figure, brief and text.

``regions.csv`` gives each region its name today; ``region_renames.csv`` (a sourced
reference table of the data package) gives the names it had before: a region renamed
in ``renamed_year`` is called ``former_name`` in the data years before it and by the later
name (the next renaming's ``former_name``, or regions.csv's name) from that year on.
Data years are year-end, as the yearbooks report them: a change approved during a year
counts from that year (库车县 became 库车市 in 2019, so a table of 2015 prints 库车县, a
brief of report year 2020 库车市).

Who passes which year:

* a table or figure: the data year of what it shows (a row's ``year``);
* a brief and the text around the tables: the report year.

``Region.name_in`` is the rule; ``shown_name`` applies it to a name a table row prints:
the region's own name of another time is brought to the row's year, any other spelling
the source printed (an abbreviation, an alias, a misprint the errata correct) is kept as
printed. ``read_regions`` gives the regions with their names from regions.csv alone (jobs
that draw or print from regions.csv without the whole data package); the data package
(``nanjiang.data.package``) validates both tables and builds the same ``Region`` objects.

Standard library only.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

# Read by every job that imports this module (nanjiang.workflow.codedeps): the names it
# prints follow both files.
DATA_FILES = ["../../../data/raw/regions.csv", "../../../data/raw/region_renames.csv"]
RAW = Path(__file__).resolve().parents[3] / "data" / "raw"
RENAMES_FILE = "region_renames.csv"


@dataclass(frozen=True)
class Rename:
    """One renaming of a region (a row of region_renames.csv)."""

    former_name: str
    renamed_year: int  # the first data year under the later name
    source_id: str = ""
    line: int | None = None  # its line in region_renames.csv


@dataclass(frozen=True)
class Region:
    code: str
    name: str  # today's name (regions.csv)
    level: str
    parent_code: str
    aliases: tuple[str, ...]
    renames: tuple[Rename, ...] = ()  # in the order of their years

    def name_in(self, year: int | None) -> str:
        """The region's name in data year ``year`` (None: today's name)."""
        name = self.name
        if year is None:
            return name
        for rename in sorted(self.renames, key=lambda r: r.renamed_year, reverse=True):
            if int(year) >= rename.renamed_year:
                break
            name = rename.former_name
        return name

    @property
    def names(self) -> tuple[str, ...]:
        """Its names over time, today's first (no alias among them)."""
        return (self.name, *(r.former_name for r in self.renames))

    def accepts(self, name: str) -> bool:
        """A name a table row may print for the region: one of its names, or an alias."""
        return name in self.names or name in self.aliases

    def former(self, name: str) -> Rename | None:
        """The renaming after which ``name`` is no longer the region's name (None if
        ``name`` is its name today, or no name of it)."""
        if name == self.name:
            return None
        return next((r for r in self.renames if r.former_name == name), None)


def shown_name(region: Region | None, year: int | None, printed: str) -> str:
    """The name a table of data year ``year`` prints for a row that printed ``printed``:
    one of the region's names (today's or a former one) becomes the name of ``year``;
    another spelling of the source's (an alias, an abbreviation) stays as printed."""
    if region is None or (printed and printed not in region.names):
        return printed
    return region.name_in(year)


def read_renames(path: str | Path) -> dict[str, tuple[Rename, ...]]:
    """region_code -> its renamings, in year order; none when there is no such file (a
    package without renamed regions). The data package validates the file."""
    path = Path(path)
    if not path.exists():
        return {}
    found: dict[str, list[Rename]] = {}
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for line, row in enumerate(csv.DictReader(fh), start=2):
            year = (row.get("renamed_year") or "").strip()
            if not (len(year) == 4 and year.isascii() and year.isdigit()):
                raise ValueError(f"{path}:{line}, column 'renamed_year', value {year!r}: "
                                 "expected a four-digit year")
            found.setdefault(row["region_code"].strip(), []).append(Rename(
                row["former_name"].strip(), int(year), (row.get("source_id") or "").strip(),
                line))
    return {code: tuple(sorted(r, key=lambda x: x.renamed_year)) for code, r in found.items()}


def read_regions(regions_csv: str | Path = RAW / "regions.csv") -> dict[str, Region]:
    """The regions of ``regions_csv`` with their former names (region_renames.csv beside
    it), by code in file order."""
    regions_csv = Path(regions_csv)
    renames = read_renames(regions_csv.with_name(RENAMES_FILE))
    with regions_csv.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {r["region_code"]: Region(
        r["region_code"], r["name"], r["level"], r.get("parent_code") or "",
        tuple(a for a in (r.get("aliases") or "").split(";") if a),
        renames.get(r["region_code"], ())) for r in rows}


def names_in(year: int | None, regions_csv: str | Path = RAW / "regions.csv") -> dict[str, str]:
    """code -> the region's name in ``year`` (None: today's), for every region."""
    return {code: region.name_in(year) for code, region in read_regions(regions_csv).items()}
