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

from .errors import DataValidationError, Problem

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

_PLAIN_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")


# --------------------------------------------------------------------------- decoding


def decode_csv_bytes(data: bytes, file: str) -> str:
    """Decode a CSV as UTF-8 (with or without BOM) or, failing that, GB18030.

    Excel on Chinese Windows saves CSV in GB18030/GBK; a GBK text is almost
    never valid UTF-8, so trying UTF-8 first and GB18030 second decides
    reliably. A file valid in neither is rejected rather than guessed.
    """
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        return data.decode("utf-16")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as utf8_error:
        try:
            # A GB18030 byte-order mark (84 31 95 33) decodes to U+FEFF: drop it.
            return data.decode("gb18030").removeprefix("\ufeff")
        except UnicodeDecodeError:
            raise DataValidationError(
                [
                    Problem(
                        file,
                        "cannot decide the text encoding: the file is neither "
                        "UTF-8 nor GB18030/GBK (byte "
                        f"{utf8_error.start}); save it as 'CSV UTF-8'",
                    )
                ]
            ) from None


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
    return float(s)


def printed_decimals(text: str) -> int:
    """Number of decimals as printed ("90.0" -> 1), kept for formatting."""
    s = unicodedata.normalize("NFKC", text).strip()
    return len(s.split(".", 1)[1]) if "." in s else 0


# --------------------------------------------------------------------------- metadata

# libyaml's loader when PyYAML has it: Snakemake reads the descriptor at every start.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(path: Path):
    return yaml.load(path.read_text("utf-8"), Loader=_YAML_LOADER)  # noqa: S506 (safe loader)


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

    @classmethod
    def load(cls, root: str | Path) -> DataPackage:
        root = Path(root)
        descriptor = read_yaml(root / "datapackage.yaml")
        package = cls(root=root, descriptor=descriptor)
        for row in _read_plain_csv(root / "regions.csv"):
            aliases = tuple(a for a in (row.get("aliases") or "").split(";") if a)
            package.regions[row["region_code"]] = Region(
                row["region_code"],
                row["name"],
                row["level"],
                row.get("parent_code") or "",
                aliases,
            )
        for row in _read_plain_csv(root / "sources.csv"):
            package.sources[row["source_id"]] = row
        return package

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


def _read_plain_csv(path: Path) -> list[dict]:
    text = decode_csv_bytes(path.read_bytes(), str(path))
    return list(csv.DictReader(io.StringIO(text)))


# --------------------------------------------------------------------------- validation


@dataclass
class Row:
    line: int
    cells: dict[str, str]
    value: float | None = None


def validate_table(package: DataPackage, name: str, path: str | Path | None = None):
    """Validate one raw table; return its rows or raise DataValidationError.

    Every problem found is collected and raised together.
    """
    resource = package.resource(name)
    path = Path(path) if path is not None else package.root / resource["path"]
    file = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DataValidationError([Problem(file, "file not found")]) from None
    text = decode_csv_bytes(data, file)
    schema = package.schema(name)
    columns = [f["name"] for f in schema["fields"]]
    rows, problems = _read_rows(text, file, columns)
    if not problems:
        problems = _check_rows(package, name, schema, rows, file)
    if problems:
        raise DataValidationError(problems)
    return rows


def _read_rows(text: str, file: str, columns: list[str]):
    if text.strip() == "":
        return [], [Problem(file, f"the file is empty; expected header {columns}")]
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _parse_rows(reader, file, columns)
    except csv.Error as e:  # a stray quote or line break: not a readable CSV
        return [], [Problem(file, f"not a readable CSV here: {e}", reader.line_num or 1)]


def _parse_rows(reader, file: str, columns: list[str]):
    header = [h.strip() for h in next(reader)]
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
    for cells in reader:
        line = reader.line_num
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


def _check_rows(package, name, schema, rows, file):
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
        problems.append(Problem(file, message, row.line, column, value))

    for row in rows:
        c = row.cells
        for col in required:
            if c.get(col, "") == "":
                add(row, "required value is empty", col, "")
        year = c.get("year", "")
        if year:
            try:
                y = int(unicodedata.normalize("NFKC", year))
                if not year_min <= y <= year_max:
                    add(row, f"year outside {year_min}-{year_max}", "year", year)
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
        if "value" in c and c["value"] != "" or "value" in required:
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
    if not problems:
        problems.extend(_check_share_groups(resource, rows, file))
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


def rounding_tolerance(texts: list[str]) -> float:
    """Largest error a sum of printed, rounded numbers can carry."""
    return sum(0.5 * 10 ** -printed_decimals(t) for t in texts) + 1e-9


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
                k = (r.cells["region_code"], int(r.cells["year"]), r.cells["source_id"])
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

