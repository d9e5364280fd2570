"""Read and validate the raw tables of ``data/raw`` against ``datapackage.yaml``.

Only the standard library and PyYAML are used here, so that a validation job
starts fast (it runs once per raw table).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .descriptor import check_descriptor, reference_table
from .errors import DataValidationError, Problem
from .numbers import printed_decimals, rounding_tolerance
from .schema_check import check_schema_rows
from .text_check import nested_text_problems, text_problems
from .workbook import WORKBOOK_SUFFIXES, read_workbook

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
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")
_LEADING_ZERO = re.compile(r"^-?0\d")
_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


# --------------------------------------------------------------------------- decoding


def decode_csv_bytes(data: bytes, file: str) -> str:
    """Decode a CSV as UTF-8 (with or without BOM) or, failing that, GB18030.

    Excel on Chinese Windows saves CSV in GB18030/GBK; a GBK text is almost
    never valid UTF-8, so trying UTF-8 first and GB18030 second decides
    reliably. A file valid in neither is rejected rather than guessed, and so
    is one that decodes as GB18030 only by accident (Big5 bytes do).
    """
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    try:
        # A GB18030 byte-order mark (84 31 95 33) decodes to U+FEFF: drop it.
        text = data.decode("gb18030").removeprefix("\ufeff")
    except UnicodeDecodeError:
        text = None
    if text is None:
        message = ("cannot decide the text encoding: the file is neither UTF-8 nor "
                   f"GB18030/GBK (byte {utf8_error.start})")
    elif not _reads_as_simplified_chinese(text):
        looks = " — it looks like Big5 (traditional Chinese)" if _decodes(data, "big5") else ""
        message = f"the text decodes as GB18030 but reads as garbage{looks}"
    else:
        return text
    raise DataValidationError([Problem(file, f"{message}; save it as 'CSV UTF-8'")])


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _reads_as_simplified_chinese(text: str, minimum: int = 10) -> bool:
    """Most Han characters of a real GBK text are in GB2312's common set; bytes
    of another encoding (Big5) decoded as GB18030 give mostly rare ones."""
    han = [c for c in text if ord(c) >= 0x2E80]
    if len(han) < minimum:
        return True
    common = 0
    for c in han:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common >= 0.8 * len(han)


def parse_number(text: str) -> float:
    """Parse a printed number; raise ValueError with what was expected.

    Accepted: ``12``, ``-3.5``, ``90.0``, full-width digits (``１２．５``, as a
    Chinese input method types them) and thousands separators in the strict
    form ``1,234,567.8``. Rejected: ``12.5%`` (the unit column carries ``%``),
    empty cells (a gap is a missing row, never an empty value), anything else.
    """
    s = unicodedata.normalize("NFKC", text).strip()
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
    return float(s)


# --------------------------------------------------------------------------- metadata

# libyaml's loader when PyYAML has it: Snakemake reads the descriptor at every start.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path):
    """Parse a YAML file; a syntax error is a located problem, not a traceback."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise DataValidationError([Problem(str(path), "file not found")]) from None
    except UnicodeDecodeError as e:
        raise DataValidationError(
            [Problem(str(path), f"not UTF-8 text (byte {e.start}); save it as UTF-8")]
        ) from None
    try:
        return yaml.load(text, Loader=_YAML_LOADER)  # noqa: S506 (safe loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        context = getattr(e, "context", None)
        message = f"not valid YAML: {what}" + (f" ({context})" if context else "")
        raise DataValidationError([Problem(str(path), message, line)]) from None


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str
    parent_code: str
    aliases: tuple[str, ...]

    def accepts(self, name: str) -> bool:
        return name == self.name or name in self.aliases


@dataclass
class DataPackage:
    """The descriptor ``data/raw/datapackage.yaml`` with regions and sources."""

    root: Path
    descriptor: dict
    regions: dict[str, Region] = field(default_factory=dict)
    sources: dict[str, dict] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # what the reading of workbooks did

    @classmethod
    def load(cls, root: str | Path, printable=None) -> DataPackage:
        """Read the descriptor and the reference tables, every problem at once
        (``printable``: also reject characters the fonts cannot draw)."""
        root = Path(root)
        descriptor = read_yaml(root / "datapackage.yaml")
        file = str(root / "datapackage.yaml")
        problems = check_descriptor(descriptor, file)
        problems += nested_text_problems(descriptor, file, printable)
        if problems:
            raise DataValidationError(problems)
        package = cls(root=root, descriptor=descriptor)
        region_rows, problems = package.reference_rows("regions", printable)
        source_rows, source_problems = package.reference_rows("sources", printable)
        problems += source_problems
        if problems:
            raise DataValidationError(problems)
        for row in region_rows:
            c = row.cells
            aliases = tuple(a for a in c.get("aliases", "").split(";") if a)
            package.regions[c["region_code"]] = Region(
                c["region_code"], c["name"], c["level"], c.get("parent_code", ""), aliases
            )
        package.sources = {row.cells["source_id"]: row.cells for row in source_rows}
        return package

    def reference_rows(self, name: str, printable=None) -> tuple[list[Row], list[Problem]]:
        """Rows of a reference table (regions, sources), checked against its schema."""
        spec = reference_table(self.descriptor, name)
        path = self.root / spec["path"]
        file = str(path)
        try:
            text = decode_csv_bytes(path.read_bytes(), file)
        except FileNotFoundError:
            return [], [Problem(file, "file not found")]
        except DataValidationError as e:
            return [], e.problems
        schema = read_yaml(self.root / spec["schema"])
        rows, problems = _read_rows(text, file, [f["name"] for f in schema["fields"]])
        problems += [p for row in rows for p in text_problems(row, file, printable)]
        return rows, problems + check_schema_rows(schema, rows, file)

    @cached_property
    def resources(self) -> dict[str, dict]:
        return {r["name"]: r for r in self.descriptor["resources"]}

    def resource(self, name: str) -> dict:
        try:
            return self.resources[name]
        except KeyError:
            known = ", ".join(sorted(self.resources))
            raise KeyError(f"no table '{name}' in datapackage.yaml; known: {known}") from None

    def indicators(self, name: str) -> dict[str, dict]:
        return {i["code"]: i for i in self.resource(name).get("indicators", [])}

    def schema(self, name: str) -> dict:
        schema = self.resource(name).get("schema", "table-schema.yaml")
        if isinstance(schema, str):
            return read_yaml(self.root / schema)
        return schema


# --------------------------------------------------------------------------- validation


@dataclass
class Row:
    line: int
    cells: dict[str, str]
    value: float | None = None
    year: int | None = None
    letters: dict[str, str] | None = None  # column -> workbook column letter

    def cell(self, column: str | None) -> str | None:
        """The workbook cell of ``column`` in this row ("E7"), None for a CSV."""
        if self.letters is None or column not in self.letters:
            return None
        return f"{self.letters[column]}{self.line}"


def table_file(package: DataPackage, name: str) -> tuple[Path | None, list[Problem]]:
    """The file supplying table ``name``: its CSV, or a workbook of the same
    name put in its place (``durable_goods.xlsx``); both at once is an error."""
    csv_path = package.root / package.resource(name)["path"]
    found = [p for p in (csv_path, *(csv_path.with_suffix(s) for s in WORKBOOK_SUFFIXES))
             if p.exists()]
    if not found:
        return None, [Problem(str(csv_path), f"file not found (nor {csv_path.stem}.xlsx)")]
    if len(found) > 1:
        return None, [Problem(str(found[1]), f"table '{name}' is supplied twice ("
                              f"{' and '.join(p.name for p in found)}): keep one")]
    return found[0], []


def validate_table(package: DataPackage, name: str, path: str | Path | None = None,
                   printable=None):
    """Validate one raw table (CSV or workbook); return its rows or raise
    DataValidationError.

    Every problem found is collected and raised together. ``printable``
    (a ``fontcheck.Coverage``): also reject characters the fonts cannot draw.
    """
    if path is None:
        path, problems = table_file(package, name)
        if problems:
            raise DataValidationError(problems)
    path = Path(path)
    schema = package.schema(name)
    columns = [f["name"] for f in schema["fields"]]
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        records, letters, sheet, notes, problems = read_workbook(path, columns)
        package.notes += notes
        file = f"{path}!{sheet}" if sheet else str(path)
        rows = [Row(line, cells, letters=letters) for line, cells in records]
        if not rows and not problems:
            problems = [Problem(file, "the sheet has a header but no data rows")]
    else:
        file = str(path)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise DataValidationError([Problem(file, "file not found")]) from None
        rows, problems = _read_rows(decode_csv_bytes(data, file), file, columns)
    if not problems:
        problems = _check_rows(package, name, schema, rows, file, printable)
    if problems:
        raise DataValidationError(problems)
    return rows


def _read_rows(text: str, file: str, columns: list[str]):
    if text.strip() == "":
        return [], [Problem(file, f"the file is empty; expected header {columns}")]
    records, problems = _records(text, file)
    if problems:
        return [], problems
    return _parse_rows(records, file, columns)


def _records(text: str, file: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
    """CSV records with the line each starts on.

    A record is one line: a quoted field that runs over a line break would
    swallow the next row into a cell (one row fewer, exit 0), so it is an
    error located where the quote opens, as is a quote that never closes.
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    records, problems = [], []
    end = 0  # last physical line read
    while True:
        start = end + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            if "unexpected end of data" in str(e):
                message = ("a quote opened on this line is never closed: it swallows "
                           "every row after it; remove the stray '\"' or close it in the "
                           "same cell")
            else:
                message = f"not a readable CSV record ({e}); a quoted cell must end with '\"'"
            return records, [Problem(file, message, start)]
        end = reader.line_num
        if end > start:
            problems.append(Problem(
                file,
                f"a quoted cell opened on this line runs over {end - start + 1} lines "
                f"(to line {end}) and would merge those rows into one; a cell must not "
                "hold a line break: close the quote in the same cell",
                start,
            ))
            continue
        records.append((start, cells))
    return records, problems


def _parse_rows(records: list[tuple[int, list[str]]], file: str, columns: list[str]):
    header = [h.strip() for h in records[0][1]] if records else []
    problems = []
    missing = [c for c in columns if c not in header]
    extra = [c for c in header if c not in columns]
    for c in missing:
        problems.append(Problem(file, "missing column", 1, c))
    for c in extra:
        problems.append(Problem(file, f"unexpected column; expected {columns}", 1, c))
    if len(set(header)) != len(header):
        problems.append(Problem(file, "a column name appears twice", 1))
    if problems:
        return [], problems
    rows = []
    for line, cells in records[1:]:
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(
                    file,
                    f"{len(cells)} cells, expected {len(header)} ({', '.join(header)})",
                    line,
                )
            )
            continue
        rows.append(Row(line, {h: c.strip() for h, c in zip(header, cells, strict=True)}))
    if not rows and not problems:
        problems.append(Problem(file, "the file has a header but no data rows"))
    return rows, problems


def _check_rows(package, name, schema, rows, file, printable=None):
    resource = package.resource(name)
    indicators = package.indicators(name)
    fields = {f["name"]: f for f in schema["fields"]}
    year_c = fields.get("year", {}).get("constraints", {})
    year_min, year_max = year_c.get("minimum", 2000), year_c.get("maximum", 2035)
    required = [n for n, f in fields.items() if f.get("constraints", {}).get("required")]
    key_columns = schema.get("primaryKey", ["year", "region_code", "indicator"])
    problems: list[Problem] = []
    seen: dict[tuple, int] = {}

    def add(row, message, column=None, value=None):
        problems.append(Problem(file, message, row.line, column, value, row.cell(column)))

    for row in rows:
        c = row.cells
        problems.extend(text_problems(row, file, printable))
        for col in required:
            if c.get(col, "") == "":
                gap = " (a gap is a missing row, not an empty value)" if col == "value" else ""
                add(row, f"required value is empty{gap}", col, "")
        year = c.get("year", "")
        if year:
            try:
                y = int(unicodedata.normalize("NFKC", year))
                if not year_min <= y <= year_max:
                    add(row, f"year outside {year_min}-{year_max}", "year", year)
                else:
                    row.year = y
            except ValueError:
                add(row, "expected a four-digit year", "year", year)
        region = package.regions.get(c.get("region_code", ""))
        if c.get("region_code") and region is None:
            add(row, "unknown region code (see data/raw/regions.csv)", "region_code",
                c["region_code"])
        elif region and c.get("region_name") and not region.accepts(c["region_name"]):
            names = "、".join((region.name,) + region.aliases)
            add(row, f"name does not match code {region.code} (expected one of: {names})",
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
                add(row, f"expected {e}", "value", c.get("value", ""))
        if row.value is not None and indicator:
            _check_range(row, indicator, add)
        key = tuple(c.get(k, "") for k in key_columns)
        if key in seen:
            add(row, f"duplicate key {dict(zip(key_columns, key, strict=True))} (first on line "
                f"{seen[key]})")
        else:
            seen[key] = row.line
    # Always checked (on the rows whose values parsed): one run shows every problem.
    parsed = [r for r in rows if r.value is not None and r.year is not None]
    problems.extend(_check_share_groups(resource, parsed, file))
    return problems


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
        cells: dict[tuple, list[Row]] = {}
        for r in rows:
            if r.cells["indicator"] in parts:
                k = (r.cells["region_code"], r.year, r.cells["source_id"])
                cells.setdefault(k, []).append(r)
        for (region, year, _src), members in cells.items():
            if len(members) != len(parts) or (gname, region, year) in accepted:
                continue
            total = sum(m.value for m in members)
            tol = rounding_tolerance([m.cells["value"] for m in members])
            if abs(total - 100) > tol:
                lines = ", ".join(str(m.line) for m in members)
                problems.append(Problem(
                    file,
                    f"shares of group '{gname}' ({', '.join(parts)}) for region "
                    f"{region}, {year} add up to {total:g}, expected 100 within "
                    f"rounding (±{tol:.2g}); lines {lines}. If the source prints "
                    "them so, list the group under printed_inconsistencies",
                    members[0].line, "value"))
    return problems


def _group_name_parts(group) -> tuple[str, list[str]]:
    if isinstance(group, dict):
        return group["name"], list(group["parts"])
    return "+".join(group), list(group)


def write_validated(rows: list[Row], path: str | Path) -> None:
    """Write validated rows as UTF-8 CSV, values normalised but printed decimals kept."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if not rows:
        raise ValueError("nothing to write")
    columns = list(rows[0].cells)
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns + ["decimals"])
    for r in rows:
        cells = dict(r.cells)
        if r.value is not None:
            cells["value"] = unicodedata.normalize("NFKC", cells["value"]).replace(",", "")
        w.writerow([cells[c] for c in columns] + [printed_decimals(r.cells.get("value", ""))])
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(buf.getvalue(), encoding="utf-8")
    tmp.replace(path)

