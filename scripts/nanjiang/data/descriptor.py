"""Structural check of ``data/raw/datapackage.yaml`` before anything uses it.

A missing key or a misspelt kind would otherwise surface as a KeyError deep
inside a job; here it is one located problem per mistake, all at once.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from nanjiang.common.errors import Problem

KINDS = {"count", "amount", "share", "rate", "area", "flag", "year"}
# The levels of data/raw/regions.csv (its schema's enum).
LEVELS = {"country", "province", "aggregate", "prefecture", "county"}
_NAME = re.compile(r"[a-z0-9_]+")


REFERENCE_TABLES = {
    "regions": {"path": "regions.csv", "schema": "regions-schema.yaml"},
    "sources": {"path": "sources.csv", "schema": "sources-schema.yaml"},
}
"""Where the reference tables are when the descriptor does not say."""
OPTIONAL_REFERENCE_TABLES = ("region_renames",)
"""Read only where the descriptor lists them: region_renames (the earlier names of
regions, nanjiang.data.region_names); a package without renamed regions has none."""


def reference_table(descriptor: dict, name: str):
    """The descriptor's entry of a reference table (its path and schema), the default
    place when it lists none; None for an optional table it does not list."""
    return (descriptor.get("reference_tables") or {}).get(name, REFERENCE_TABLES.get(name))


def check_descriptor(descriptor, file: str) -> list[Problem]:
    if not isinstance(descriptor, dict):
        return [Problem(file, "expected a mapping with 'resources' and 'reference_tables'")]
    problems: list[Problem] = []

    def need(where: str, message: str) -> None:
        problems.append(Problem(file, f"{where}: {message}"))

    for name in ("regions", "sources", *OPTIONAL_REFERENCE_TABLES):
        spec = reference_table(descriptor, name)
        if spec is None and name in OPTIONAL_REFERENCE_TABLES:
            continue
        if not isinstance(spec, dict) or not spec.get("path") or not spec.get("schema"):
            need(f"reference_tables.{name}", "expected a mapping with 'path' and 'schema'")
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        need("resources", "expected a non-empty list of tables")
        return problems
    seen: set[str] = set()
    for i, resource in enumerate(resources):
        if not isinstance(resource, dict):
            need(f"resources[{i}]", "expected a mapping with name, path and schema")
            continue
        name = str(resource.get("name", ""))
        where = f"resource '{name}'" if name else f"resources[{i}]"
        if not _NAME.fullmatch(name):
            need(where, "'name' must be lower-case letters, digits and '_'")
        elif name in seen:
            need(where, "the name appears twice")
        seen.add(name)
        levels = resource.get("region_levels")
        if not isinstance(levels, list) or not levels or not set(levels) <= LEVELS:
            need(where, f"'region_levels' must list the regions.csv levels its rows may have "
                 f"({', '.join(sorted(LEVELS))}); got {levels!r}")
        keys = resource.get("unique_keys", [])
        if not isinstance(keys, list) or not all(
                isinstance(k, list) and k and all(isinstance(c, str) for c in k) for k in keys):
            need(where, f"'unique_keys' must be a list of column lists such as "
                 f"[[region_code, indicator]]; got {keys!r}")
        if resource.get("path") != f"{name}.csv":
            need(where, f"'path' must be {name}.csv (got {resource.get('path')!r})")
        codes: dict[str, int] = {}
        for j, ind in enumerate(resource.get("indicators") or []):
            if not isinstance(ind, dict) or not ind.get("code") or "unit" not in ind:
                need(f"{where}, indicators[{j}]", "expected code, label, unit and kind")
                continue
            first = codes.setdefault(str(ind["code"]), j)
            if first != j:  # (the later would replace the first silently)
                need(f"{where}, indicators[{j}]", f"code '{ind['code']}' declared twice "
                     f"(first as indicators[{first}])")
            if ind.get("kind") not in KINDS:
                need(f"{where}, indicator '{ind['code']}'",
                     f"kind {ind.get('kind')!r} is not one of {', '.join(sorted(KINDS))}")
        problems += _group_problems(resource, i, where, set(codes), file)
        if "workbook_layout" in resource:
            declared = {str(ind["code"]): ind for ind in resource.get("indicators") or []
                        if isinstance(ind, dict) and ind.get("code")}
            problems += layout_problems(resource["workbook_layout"], i, where, declared, file)
    problems += _shared_key_problems(descriptor.get("keys_across_tables"), seen, resources, file)
    return problems


def _group_problems(resource: dict, i: int, where: str, codes: set[str],
                    file: str) -> list[Problem]:
    """``share_groups`` and ``printed_inconsistencies`` name what exists: every
    part is an indicator of the table (a misspelt part switched the sum check
    off), every inconsistency names one of its groups; located at the line."""
    problems = []
    groups = resource.get("share_groups") or []
    names = []
    for j, group in enumerate(groups if isinstance(groups, list) else []):
        path = ("resources", i, "share_groups", j)
        if isinstance(group, list):  # (the old form: a list of parts)
            name, parts, part_path = "+".join(map(str, group)), group, path
        elif isinstance(group, dict) and isinstance(group.get("parts"), list):
            name, parts, part_path = str(group.get("name", "")), group["parts"], path + ("parts",)
        else:
            problems.append(Problem(file, f"{where}, share_groups[{j}]: expected "
                                    "{name, parts: [indicator codes]}", _line(file, path)))
            continue
        names.append(name)
        for k, part in enumerate(parts):
            if part not in codes:
                problems.append(Problem(
                    file, f"{where}, share_groups[{j}] '{name}': part {part!r} is not an "
                    f"indicator of the table (indicators: {', '.join(sorted(codes))})",
                    _line(file, part_path + (k,))))
    listed = resource.get("printed_inconsistencies") or []
    for j, entry in enumerate(listed if isinstance(listed, list) else []):
        group = entry.get("group") if isinstance(entry, dict) else None
        if group not in names:
            shown = ", ".join(names) or "none"
            problems.append(Problem(
                file, f"{where}, printed_inconsistencies[{j}]: group {group!r} is not a share "
                f"group of the table (share_groups: {shown})",
                _line(file, ("resources", i, "printed_inconsistencies", j, "group"))))
    return problems


# ------------------------------------------------------------------ workbook_layout

WIDE_KEYS = {
    "sheet": "the sheet's name (default: the first visible sheet)",
    "region_column": "the header of the column holding the regions (地区)",
    "year": "the year of every value (2018)",
    "year_column": "the header of a column holding each row's year (年份)",
    "source_id": "the source of every value (a source_id of sources.csv)",
    "note": "the note of every row (optional)",
    "columns": "each column's header as printed: the indicator code it holds",
    "ignore_columns": "headers of columns not read (optional)",
    "regions": "a name as printed: the region code it stands for (optional)",
    "gap_marks": "what the sheet prints for no value, besides a blank cell (optional)",
}
"""The keys of ``workbook_layout: wide:`` (nanjiang.data.wide), with what each holds."""
COLUMN_KEYS = ("indicator", "unit")


def header_key(text) -> str:
    """A header, a region name or a gap mark as compared: without white space (a
    line break Excel wraps a header with, the spaces a yearbook spreads 全  国 with)
    and with full-width forms as ASCII (汽车(台) is 汽车（台）)."""
    from nanjiang.common.numbers import halfwidth

    return "".join(halfwidth(str(text)).split())


def layout_problems(layout, i: int, where: str, indicators: dict[str, dict],
                    file: str) -> list[Problem]:
    """``workbook_layout`` of a resource: a mapping ``{wide: {...}}`` with the keys of
    WIDE_KEYS; every column mapped to an indicator of the table (its unit, if given,
    the indicator's), no header mapped twice nor two headers to one indicator, one of
    ``year`` and ``year_column``; each problem at its line of the file."""
    base = ("resources", i, "workbook_layout")
    here = f"{where}, workbook_layout"

    def at(message: str, *path) -> Problem:
        """At the line of the key ``path`` (under workbook_layout), named by its keys
        up to a column's header (which the message names)."""
        keys = []
        for j, step in enumerate(path):
            if j and path[j - 1] in ("columns", "regions"):
                break
            if isinstance(step, str):
                keys.append(step)
        return Problem(file, f"{here}{''.join(f'.{k}' for k in keys)}: {message}",
                       _line(file, base + tuple(str(p) if not isinstance(p, int) else p
                                                for p in path), key=True))

    if not isinstance(layout, dict) or set(layout) != {"wide"} or not isinstance(
            layout.get("wide"), dict):
        return [at("expected 'wide:' and under it the sheet's layout (region_column, year "
                   "or year_column, source_id, columns); see the analyst's guide, 更新数据")]
    wide = layout["wide"]
    problems = [at(f"unknown key {key!r}; a wide layout has {', '.join(WIDE_KEYS)}",
                   "wide", key) for key in wide if key not in WIDE_KEYS]
    for key in ("sheet", "region_column", "year_column", "source_id", "note"):
        if key in wide and (not isinstance(wide[key], str) or not wide[key].strip()):
            problems.append(at(f"expected text ({WIDE_KEYS[key]}); got {wide[key]!r}",
                               "wide", key))
    for key in ("region_column", "source_id", "columns"):
        if key not in wide:
            problems.append(at(f"'{key}' missing: {WIDE_KEYS[key]}", "wide"))
    if ("year" in wide) == ("year_column" in wide):
        problems.append(at("give one of 'year' (the year of every value: 2018) and "
                           "'year_column' (the header of the column holding each row's "
                           "year)", "wide"))
    year = wide.get("year")
    if "year" in wide and (isinstance(year, bool) or not isinstance(year, int)
                           or not 1000 <= year <= 9999):
        problems.append(at(f"expected a four-digit year such as 2018; got {year!r}",
                           "wide", "year"))
    own = {header_key(wide[k]): k for k in ("region_column", "year_column")
           if isinstance(wide.get(k), str)}
    columns = wide.get("columns")
    seen: dict[str, str] = {}  # header key -> the header as written
    mapped: dict[str, str] = {}  # indicator -> the header mapping it
    if "columns" in wide and (not isinstance(columns, dict) or not columns):
        problems.append(at("expected a mapping of each column's header as printed to the "
                           "indicator code it holds (洗衣机（台）: washing_machines)",
                           "wide", "columns"))
        columns = {}
    for header, spec in (columns or {}).items():
        path = ("wide", "columns", header)
        text = str(header)
        code = spec if isinstance(spec, str) else None
        if isinstance(spec, dict):
            problems += [at(f"{text}: unknown key {key!r}; a column has indicator and, "
                            "optionally, unit", *path, key)
                         for key in spec if key not in COLUMN_KEYS]
            code = spec.get("indicator")
            if not isinstance(code, str):
                problems.append(at(f"{text}: 'indicator' missing: the indicator code the "
                                   "column holds", *path))
                continue
        elif code is None:
            problems.append(at(f"{text}: expected an indicator code, or {{indicator: code, "
                               f"unit: unit}}; got {spec!r}", *path))
            continue
        key = header_key(text)
        if key in own:
            problems.append(at(f"{text}: the header of the {own[key]} cannot hold an "
                               "indicator too", *path))
        elif key in seen:
            problems.append(at(f"{text}: the same column as {seen[key]} (headers are "
                               "compared without spaces, full-width forms as ASCII): a "
                               "column is mapped once", *path))
        seen.setdefault(key, text)
        if code not in indicators:
            problems.append(at(f"{text}: indicator {code!r} is not an indicator of the "
                               f"table (indicators: {', '.join(indicators)})", *path))
            continue
        if code in mapped:
            problems.append(at(f"{text}: indicator '{code}' is mapped from {mapped[code]} "
                               "already: one column per indicator", *path))
        mapped.setdefault(code, text)
        unit = spec.get("unit") if isinstance(spec, dict) else None
        if unit is not None and str(unit) != str(indicators[code].get("unit")):
            problems.append(at(f"{text}: unit {unit!r} is not the unit of '{code}' "
                               f"({indicators[code].get('unit')!r}): the reader converts "
                               "nothing; a value in another unit is another indicator",
                               *path, "unit"))
    ignored = wide.get("ignore_columns", [])
    if not isinstance(ignored, list) or not all(isinstance(h, str) for h in ignored):
        problems.append(at("expected a list of column headers", "wide", "ignore_columns"))
        ignored = []
    for j, header in enumerate(ignored):
        if header_key(header) in seen or header_key(header) in own:
            problems.append(at(f"{header}: a column read cannot be ignored too",
                               "wide", "ignore_columns", j))
    regions = wide.get("regions", {})
    if not isinstance(regions, dict) or not all(
            isinstance(code, str) and code for code in regions.values()):
        problems.append(at("expected a mapping of a name as printed to a region code of "
                           "regions.csv (合计: NJ4)", "wide", "regions"))
    marks = wide.get("gap_marks", [])
    if not isinstance(marks, list) or not all(isinstance(m, str) and m.strip()
                                              for m in marks):
        problems.append(at("expected a list of what the sheet prints for no value "
                           "(\"…\", \"—\"), each as text", "wide", "gap_marks"))
    else:
        for j, mark in enumerate(marks):
            if any(ch.isdigit() for ch in mark):
                problems.append(at(f"{mark!r}: a gap mark holds no digit (a number is a "
                                   "value, never a gap)", "wide", "gap_marks", j))
    return problems


def layout_reference_problems(resource: dict, i: int, file: str, regions: dict,
                              sources: dict, fields: list[str] | None,
                              year_range: tuple[int, int]) -> list[Problem]:
    """What a wide layout names must exist once the reference tables are read: its
    source in sources.csv, the regions of ``regions:`` in regions.csv at a level the
    table holds, its year in the schema's range, and the table's schema the tidy one
    (a long row per value)."""
    wide = resource["workbook_layout"]["wide"]
    base = ("resources", i, "workbook_layout", "wide")
    here = f"resource '{resource.get('name')}', workbook_layout.wide"
    problems = []
    if wide["source_id"] not in sources:
        problems.append(Problem(file, f"{here}.source_id: {wide['source_id']!r} is not a "
                                "source_id of sources.csv",
                                _line(file, base + ("source_id",), key=True)))
    levels = resource.get("region_levels") or []
    for name, code in (wide.get("regions") or {}).items():
        region = regions.get(code)
        if region is None:
            why = f"{code!r} is not a region code of regions.csv"
        elif levels and region.level not in levels:
            why = (f"{code} ({region.name}) is a {region.level}; the table holds rows of "
                   f"{' or '.join(levels)} level (region_levels)")
        else:
            continue
        problems.append(Problem(file, f"{here}.regions: {name}: {why}",
                                _line(file, base + ("regions", str(name)), key=True)))
    year = wide.get("year")
    if year is not None and not year_range[0] <= year <= year_range[1]:
        problems.append(Problem(file, f"{here}.year: {year} is outside "
                                f"{year_range[0]}-{year_range[1]} (the table's schema)",
                                _line(file, base + ("year",), key=True)))
    tidy = ["year", "region_code", "region_name", "indicator", "value", "unit",
            "source_id", "note"]
    if fields is not None and sorted(fields) != sorted(tidy):
        problems.append(Problem(file, f"{here}: a wide layout makes rows of the tidy table "
                                f"({', '.join(tidy)}); the schema of "
                                f"'{resource.get('name')}' has {', '.join(fields)}",
                                _line(file, base, key=True)))
    return problems


def _line(file: str, path: tuple, key: bool = False) -> int | None:
    """The line of a node of the YAML file (keys and list indexes), the
    nearest existing ancestor's if the path does not reach; None if unreadable.
    With ``key``, the line of the last key of the path rather than of its value
    (a mapping's value starts on the line of its first key). Only on a problem:
    the file is composed again to find it."""
    try:
        node = yaml.compose(Path(file).read_text("utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    mark = None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = [(k, v) for k, v in node.value if getattr(k, "value", None) == step]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            found = [(v, v) for v in node.value[step:step + 1]]
        else:
            found = []
        if not found:
            break
        mark, node = found[0]
    if key and mark is not None:
        return mark.start_mark.line + 1
    return None if node is None else node.start_mark.line + 1


def _shared_key_problems(specs, tables: set[str], resources: list, file: str) -> list[Problem]:
    """``keys_across_tables``: each names a derived table, a key and two or
    more tables of the package (with, optionally, an indicator of each)."""
    if specs is None:
        return []
    where = "keys_across_tables"
    if not isinstance(specs, list):
        return [Problem(file, f"{where}: expected a list of {{derived, key, rows}}")]
    indicators = {r.get("name"): {i.get("code") for i in r.get("indicators") or []
                                  if isinstance(i, dict)}
                  for r in resources if isinstance(r, dict)}
    problems = []
    for i, spec in enumerate(specs):
        here = f"{where}[{i}]"
        if not isinstance(spec, dict) or not spec.get("derived"):
            problems.append(Problem(file, f"{here}: expected derived, key and rows"))
            continue
        key, rows = spec.get("key"), spec.get("rows")
        if not isinstance(key, list) or not key or not all(isinstance(c, str) for c in key):
            problems.append(Problem(file, f"{here}: 'key' must be a list of columns"))
        if not isinstance(rows, list) or len(rows) < 2:
            problems.append(Problem(file, f"{here}: 'rows' must list two tables or more"))
            continue
        for j, entry in enumerate(rows):
            table = entry.get("table") if isinstance(entry, dict) else None
            if table not in tables:
                problems.append(Problem(file, f"{here}.rows[{j}]: table {table!r} is not a "
                                        "resource of the package"))
            elif "indicator" in entry and entry["indicator"] not in indicators[table]:
                problems.append(Problem(file, f"{here}.rows[{j}]: indicator "
                                        f"{entry['indicator']!r} is not declared for {table}"))
    return problems
