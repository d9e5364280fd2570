"""The raw data package of ``data/raw``: the descriptor ``datapackage.yaml``,
its reference tables (regions, sources, region_renames) and the files supplying its tables,
read into rows (``Row``). Checking a table's rows is ``nanjiang.data.validation``.

Only the standard library and PyYAML are used here, so that a validation job
starts fast (it runs once per raw table).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from nanjiang.common.errors import DataValidationError, Problem
from nanjiang.data.descriptor import (
    check_descriptor,
    layout_reference_problems,
    reference_table,
)
from nanjiang.data.encoding import (
    SHOWN_BYTES,
    first_bad_bytes,
    reads_as_simplified_chinese,
    utf8_lines,
)
from nanjiang.data.region_names import Region, Rename
from nanjiang.data.schema_check import check_schema_rows
from nanjiang.data.text_check import nested_text_problems, text_problems
from nanjiang.data.workbook import OLD_WORKBOOK, OLD_WORKBOOK_SUFFIXES, WORKBOOK_SUFFIXES

# --------------------------------------------------------------------------- decoding


_NOT_TEXT = {  # what a file renamed .csv by mistake starts with, and what to do
    b"PK\x03\x04": ("a zip archive (an Excel .xlsx workbook is one)",
                     "name it {stem}.xlsx if it is the table's workbook"),
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1": ("an old Excel (.xls) or Word file",
                                          "open it in Excel and save it as {stem}.xlsx"),
    b"%PDF": ("a PDF document", "type the table into a workbook or CSV"),
}


def decode_csv_bytes(data: bytes, file: str) -> str:
    """Decode a CSV as UTF-8 (with or without BOM) or, failing that, GB18030.

    Excel on Chinese Windows saves CSV in GB18030/GBK; a GBK text is almost
    never valid UTF-8, so trying UTF-8 first and GB18030 second decides
    reliably. A file valid in neither is rejected rather than guessed, and so
    is one that decodes as GB18030 only by accident (Big5 bytes do), and one
    that mixes the two (a GBK stretch pasted into UTF-8 text, or the other way
    round): the problem names the line, character and column of the first
    bytes that do not decode, shows them in hex, and says when they read as
    GB18030/GBK.
    """
    for magic, (what, todo) in _NOT_TEXT.items():
        if data.startswith(magic):
            stem = Path(file).stem
            raise DataValidationError([Problem(
                file, f"the file is {what}, not CSV text: {todo.format(stem=stem)}, or save "
                f"it from Excel as 'CSV UTF-8' ({stem}.csv)")])
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as e:
            raise DataValidationError([Problem(
                file, f"the file starts as UTF-16 (its first bytes say so) but bytes "
                f"{data[e.start:e.start + SHOWN_BYTES].hex(' ')} at byte {e.start} are not "
                "UTF-16 text (the file is cut short or not UTF-16); save it as 'CSV UTF-8'")]
            ) from None
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    utf8 = utf8_lines(data)
    gb_error = None
    if not utf8:  # no line of UTF-8 text: the whole file in one other encoding?
        try:
            # A GB18030 byte-order mark (84 31 95 33) decodes to U+FEFF: drop it.
            text = data.decode("gb18030").removeprefix("\ufeff")
        except UnicodeDecodeError as e:
            gb_error = e
        else:
            if reads_as_simplified_chinese(text):
                return text
            looks = " — it looks like Big5 (traditional Chinese)" if _decodes(data, "big5") else ""
            raise DataValidationError([Problem(
                file, f"the text decodes as GB18030 but reads as garbage{looks}; save it as "
                "'CSV UTF-8'")])
    if gb_error is not None:  # GBK text up to bytes of no encoding
        bad = first_bad_bytes(data, gb_error, "gb18030")
        message = (f"{bad.where()}: cannot decide the text encoding: the file reads as "
                   "GB18030/GBK up to these bytes, which are neither GB18030 nor UTF-8; "
                   "save it as 'CSV UTF-8'")
    else:
        bad = first_bad_bytes(data, utf8_error)
        if bad.gb18030 is not None and utf8:
            others = [n for n in utf8 if n != bad.line]
            message = (f"{bad.where()}: these bytes are not UTF-8; this line looks like "
                       f"GB18030/GBK (read so: {_excerpt(bad.gb18030)!r})"
                       + (f", while line {others[0]} is UTF-8: the file mixes two encodings"
                          if others else "")
                       + "; save the file as UTF-8 ('CSV UTF-8') and check that every "
                       "line reads right")
        else:
            message = (f"{bad.where()}: cannot decide the text encoding: these bytes are "
                       "neither UTF-8 nor GB18030/GBK; save the file as 'CSV UTF-8'")
    raise DataValidationError([Problem(file, message, bad.line, bad.column)])


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _excerpt(text: str, width: int = 20) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


# --------------------------------------------------------------------------- metadata

# libyaml's loader when PyYAML has it: Snakemake reads the descriptor at every start.
class _YamlLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader, refusing a key given twice in one mapping (YAML would
    keep the last silently: a second ``indicators:`` replacing the first)."""

    def construct_mapping(self, node, deep=False):
        first: dict = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue
            key = self.construct_object(key_node, deep=True)
            try:
                line = first.setdefault(key, key_node.start_mark.line + 1)
            except TypeError:  # an unhashable key: the constructor says so
                continue
            if line != key_node.start_mark.line + 1:
                raise yaml.constructor.ConstructorError(
                    None, None, f"key {key!r} given twice (first on line {line})",
                    key_node.start_mark)
        return super().construct_mapping(node, deep)


def read_yaml(path: Path):
    """Parse a YAML file; a syntax error is a located problem, not a traceback."""
    try:
        text = path.read_text("utf-8")
    except FileNotFoundError:
        raise DataValidationError([Problem(str(path), "file not found")]) from None
    except UnicodeDecodeError as e:
        bad = first_bad_bytes(path.read_bytes(), e, csv_header=False)
        looks = ("; this line looks like GB18030/GBK (read so: "
                 f"{_excerpt(bad.gb18030)!r})" if bad.gb18030 else "")
        raise DataValidationError([Problem(
            str(path), f"{bad.where()}: not UTF-8 text{looks}; save the file as UTF-8",
            bad.line)]) from None
    try:
        return yaml.load(text, Loader=_YamlLoader)  # noqa: S506 (safe loader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        where = f"character {mark.column + 1}: " if mark is not None else ""
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        context = getattr(e, "context", None)
        message = f"{where}not valid YAML: {what}" + (f" ({context})" if context else "")
        raise DataValidationError([Problem(str(path), message, line)]) from None


@dataclass
class DataPackage:
    """The descriptor ``data/raw/datapackage.yaml`` with regions (and their former names)
    and sources."""

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
        rename_rows: list[Row] = []
        if reference_table(descriptor, "region_renames") is not None:
            rename_rows, rename_problems = package.reference_rows("region_renames", printable)
            problems += rename_problems
        if problems:
            raise DataValidationError(problems)
        package.sources = {row.cells["source_id"]: row.cells for row in source_rows}
        renames, problems = package._renames(rename_rows, region_rows)
        if problems:
            raise DataValidationError(problems)
        for row in region_rows:
            c = row.cells
            aliases = tuple(a for a in c.get("aliases", "").split(";") if a)
            package.regions[c["region_code"]] = Region(
                c["region_code"], c["name"], c["level"], c.get("parent_code", ""), aliases,
                renames.get(c["region_code"], ()),
            )
        problems = package._layout_problems(file)
        if problems:
            raise DataValidationError(problems)
        return package

    def _layout_problems(self, file: str) -> list[Problem]:
        """What the tables' workbook layouts name exists (regions, sources, the tidy
        schema; nanjiang.data.descriptor.layout_reference_problems)."""
        problems = []
        for i, resource in enumerate(self.descriptor["resources"]):
            if "workbook_layout" not in resource:
                continue
            schema = self.schema(resource["name"])
            fields = {f["name"]: f for f in schema.get("fields") or []}
            bounds = fields.get("year", {}).get("constraints", {})
            problems += layout_reference_problems(
                resource, i, file, self.regions, self.sources, list(fields),
                (bounds.get("minimum", 2000), bounds.get("maximum", 2035)))
        return problems

    def layout(self, name: str) -> dict | None:
        """The wide layout a workbook of table ``name`` is read by (``workbook_layout:
        wide:`` in datapackage.yaml), or None: read as the tidy table."""
        return (self.resource(name).get("workbook_layout") or {}).get("wide")

    def _renames(self, rows: list[Row], region_rows: list[Row]
                 ) -> tuple[dict[str, tuple[Rename, ...]], list[Problem]]:
        """region_renames.csv: each region's renamings in year order, checked against
        regions.csv and sources.csv (the schema checked each cell): a region and a source
        that exist, a year of four digits, one renaming per region and year, and a chain
        of names (a former name is not the name it became)."""
        if not rows:
            return {}, []
        file = str(self.root / reference_table(self.descriptor, "region_renames")["path"])
        names = {r.cells["region_code"]: r.cells["name"] for r in region_rows}
        problems: list[Problem] = []
        found: dict[str, list[Rename]] = {}
        for row in rows:
            c = row.cells
            code, year = c["region_code"], c["renamed_year"]
            if code not in names:
                problems.append(Problem(file, "unknown region code (see regions.csv)",
                                        row.line, "region_code", code))
                continue
            if c["source_id"] not in self.sources:
                problems.append(Problem(file, "unknown source_id (see sources.csv): the "
                                        "year of a renaming is a sourced value",
                                        row.line, "source_id", c["source_id"]))
            if not (len(year) == 4 and year.isascii() and year.isdigit()):
                continue  # (the schema's pattern names it)
            found.setdefault(code, []).append(Rename(c["former_name"], int(year),
                                                     c["source_id"], row.line))
        out = {}
        for code, renames in found.items():
            renames.sort(key=lambda r: r.renamed_year)
            for earlier, later in zip(renames, renames[1:], strict=False):
                if earlier.renamed_year == later.renamed_year:
                    problems.append(Problem(
                        file, f"a second renaming of {code} in {later.renamed_year} (the "
                        f"first on line {earlier.line}): a region has one name per year",
                        later.line, "renamed_year", str(later.renamed_year)))
            afterwards = [r.former_name for r in renames[1:]] + [names[code]]
            for rename, became in zip(renames, afterwards, strict=True):
                if rename.former_name == became:
                    problems.append(Problem(
                        file, f"the former name is the name {code} had after "
                        f"{rename.renamed_year} too ({became}): no renaming",
                        rename.line, "former_name", rename.former_name))
            out[code] = tuple(renames)
        return out, problems

    def reference_rows(self, name: str, printable=None) -> tuple[list[Row], list[Problem]]:
        """Rows of a reference table (regions, sources, region_renames), checked against
        its schema."""
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
        rows, problems = read_rows(text, file, [f["name"] for f in schema["fields"]])
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


# --------------------------------------------------------------------------- rows


@dataclass
class Row:
    """A row of a table as read: its line (a CSV's line, a sheet's row number) and
    its cells by column.

    A row of a workbook read wide (``nanjiang.data.wide``) is one cell of the sheet:
    ``at`` gives, per column, the sheet's cell it comes from (the value's cell, the
    region's, the indicator's header; None for what the layout in datapackage.yaml
    gives, as a year or the source), ``headers`` what the sheet calls that column
    (电冰箱（台）), ``printed`` the row's region as the sheet prints it."""

    line: int
    cells: dict[str, str]
    value: float | None = None
    year: int | None = None
    letters: dict[str, str] | None = None  # column -> workbook column letter
    at: dict[str, str | None] | None = None  # wide: column -> its sheet cell
    headers: dict[str, str] | None = None  # wide: column -> the sheet's header
    printed: str | None = None  # wide: the region as printed

    def cell(self, column: str | None) -> str | None:
        """The workbook cell of ``column`` in this row ("E7"), None for a CSV."""
        if self.at is not None:
            return self.at.get(column) if column is not None else self.at.get("value")
        if self.letters is None or column not in self.letters:
            return None
        return f"{self.letters[column]}{self.line}"

    @property
    def in_workbook(self) -> bool:
        return self.letters is not None or self.at is not None

    def place(self) -> str:
        """Where the row is, for a message naming another row: 'line 7', or for a
        row read wide its value's cell ('D7')."""
        return f"line {self.line}" if self.at is None else f"{self.at['value']}"

    def problem(self, file: str, message: str, column: str | None = None,
                value: str | None = None) -> Problem:
        """A problem of this row's ``column``, located where the file holds it: a CSV's
        line, a workbook's cell; for a row read wide the sheet's own cell, named by the
        sheet's header and the row's region (a value the layout gives: the row)."""
        if self.at is None:
            return Problem(file, message, self.line, column, value, self.cell(column))
        key = column if column is not None else "value"
        cell = self.at.get(key)
        header = (self.headers or {}).get(key)
        region_cell = key in ("region_code", "region_name")
        if cell is None:  # from the layout in datapackage.yaml
            cell = f"{self.line}:{self.line}"
            header = f"{key} (from the layout in datapackage.yaml)"
        return Problem(file, message, self.line, header if column is not None else None,
                       value, cell, context=None if region_cell else self.printed)


def table_file(package: DataPackage, name: str) -> tuple[Path | None, list[Problem]]:
    """The file supplying table ``name``: its CSV, or a workbook of the same
    name put in its place (``durable_goods.xlsx``); both at once is an error.

    The suffix counts in any case (``durable_goods.XLSX``, as Windows may
    save it, is the workbook); an old ``.xls`` workbook is refused with what
    to do, not passed over."""
    csv_path = package.root / package.resource(name)["path"]
    suffixes = (csv_path.suffix.lower(), *WORKBOOK_SUFFIXES)
    try:
        entries = sorted(csv_path.parent.iterdir())
    except OSError:
        entries = []
    same = [p for p in entries if p.stem == csv_path.stem and p.is_file()]
    # the table's name with other capitals: never read, never passed over in silence
    other_case = [p for p in entries if p.stem != csv_path.stem and p.is_file()
                  and p.stem.lower() == csv_path.stem.lower()
                  and p.suffix.lower() in (*suffixes, *OLD_WORKBOOK_SUFFIXES)]
    if other_case:
        return None, [Problem(str(p), f"named with other capitals than table '{name}': a "
                              "table's file has the table's name exactly; rename it to "
                              f"{csv_path.stem}{p.suffix.lower()}") for p in other_case]
    old = [p for p in same if p.suffix.lower() in OLD_WORKBOOK_SUFFIXES]
    if old:
        return None, [Problem(str(p), OLD_WORKBOOK) for p in old]
    # the CSV first, then the workbook
    found = sorted((p for p in same if p.suffix.lower() in suffixes),
                   key=lambda p: suffixes.index(p.suffix.lower()))
    if not found:
        passed_over = [p for p in entries if p.is_file() and _near_name(p.name, csv_path.stem)]
        if passed_over:
            return None, [Problem(str(p), f"not read as table '{name}' ("
                                  f"{csv_path.name} or {csv_path.stem}.xlsx is): "
                                  f"{_what_to_do(p, csv_path)}") for p in passed_over]
        return None, [Problem(str(csv_path), f"file not found (nor {csv_path.stem}.xlsx)")]
    if len(found) > 1:
        return None, [Problem(str(found[1]), f"table '{name}' is supplied twice ("
                              f"{' and '.join(p.name for p in found)}): keep one")]
    return found[0], []


# Spreadsheets saved in a format the loader does not read, and what to do.
OTHER_SPREADSHEETS = (".ods", ".xlsm", ".xlsb", ".xltx", ".xltm", ".et", ".numbers")


def _near_name(file_name: str, stem: str) -> bool:
    """A file named as the table's with something more (``durable_goods.csv.txt``,
    ``durable_goods .csv``, ``durable_goods.ods``): the user's table, passed over."""
    name, stem = file_name.lower().strip(), stem.lower()
    return name.startswith(stem) and name[len(stem):][:1] in ("", ".", " ", "\t")


def _what_to_do(path: Path, csv_path: Path) -> str:
    suffix = path.suffix.lower()
    name = path.name
    if suffix in OTHER_SPREADSHEETS:
        return (f"a {suffix} spreadsheet is not read: open it in Excel, WPS or LibreOffice "
                f"and save it as 'Excel Workbook (.xlsx)' named {csv_path.stem}.xlsx (or as "
                f"'CSV UTF-8' named {csv_path.name})")
    hidden = ""
    if name.lower().startswith(csv_path.name.lower() + "."):
        hidden = (f" (Windows hides the extension {name[len(csv_path.name):]}: show file "
                  "name extensions in Explorer's View menu to see it)")
    return (f"the file's name is not the table's exactly{hidden}; if it is the table, rename "
            f"it to {csv_path.name} (or to {csv_path.stem}.xlsx if it is an Excel workbook)")


def read_rows(text: str, file: str, columns: list[str]):
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
    # No field-size limit of the csv module (131072 characters, reported as an
    # unreadable record): a long cell is read and then refused for its length.
    limit = csv.field_size_limit(_NO_FIELD_LIMIT)
    try:
        return _read_records(csv.reader(io.StringIO(text, newline=""), strict=True), file)
    finally:
        csv.field_size_limit(limit)


_NO_FIELD_LIMIT = 2**31 - 1
MAX_CELL_CHARS = 2000
"""No cell of any table is longer: the longest note or citation has a few
hundred characters; a longer cell is a paste gone wrong."""


def long_cell(file: str, line: int, column: str, text: str, cell: str | None = None) -> Problem:
    """A cell longer than any column holds, in a CSV or a workbook."""
    return Problem(file, long_cell_message(text), line, column, _excerpt(text), cell)


def long_cell_message(text: str) -> str:
    return (f"a cell of {len(text):,} characters, expected at most {MAX_CELL_CHARS:,}: no "
            "column holds text that long (the longest note or citation has a few hundred "
            "characters); text pasted into the wrong place?")


def excerpt(text: str, width: int = 20) -> str:
    return _excerpt(text, width)


def _read_records(reader, file: str) -> tuple[list[tuple[int, list[str]]], list[Problem]]:
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
        long_cells = [long_cell(file, line, header[i] if i < len(header) else f"#{i + 1}", c)
                      for i, c in enumerate(cells) if len(c) > MAX_CELL_CHARS]
        if long_cells:
            problems += long_cells
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
