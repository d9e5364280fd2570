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


def _line(file: str, path: tuple) -> int | None:
    """The line of a node of the YAML file (keys and list indexes), the
    nearest existing ancestor's if the path does not reach; None if unreadable.
    Only on a problem: the file is composed again to find it."""
    try:
        node = yaml.compose(Path(file).read_text("utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            found = [v for k, v in node.value if getattr(k, "value", None) == step]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            found = node.value[step:step + 1]
        else:
            found = []
        if not found:
            break
        node = found[0]
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
