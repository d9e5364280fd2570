"""Check rows against the constraints of a Frictionless Table Schema.

Used for the reference tables (``regions.csv``, ``sources.csv``), whose rows
are not in the tidy year/region/indicator form: required, pattern, enum and
unique constraints, the primary key and foreign keys within the same table.
Every problem is located (file, line, column, value) and all are returned.
"""

from __future__ import annotations

import re

from nanjiang.common.errors import Problem


def check_schema_rows(schema: dict, rows, file: str) -> list[Problem]:
    """``rows``: objects with ``line`` and ``cells`` (column -> stripped text)."""
    problems: list[Problem] = []
    first_seen: dict[str, dict[str, int]] = {}
    for field in schema["fields"]:
        name, c = field["name"], field.get("constraints", {})
        pattern = re.compile(c["pattern"]) if "pattern" in c else None
        seen = first_seen.setdefault(name, {})
        for row in rows:
            value = row.cells.get(name, "")
            if value == "":
                if c.get("required"):
                    problems.append(Problem(file, "required value is empty", row.line, name, ""))
                continue
            if pattern and not pattern.fullmatch(value):
                problems.append(Problem(
                    file, f"expected a value matching {c['pattern']}", row.line, name, value))
            if "enum" in c and value not in c["enum"]:
                problems.append(Problem(
                    file, f"expected one of: {', '.join(c['enum'])}", row.line, name, value))
            if c.get("unique") or schema.get("primaryKey") == [name]:
                if value in seen:
                    problems.append(Problem(
                        file, f"duplicate {name} (first on line {seen[value]}): each must "
                        "appear once, or the later row would silently replace the first",
                        row.line, name, value))
                else:
                    seen[value] = row.line
    for fk in schema.get("foreignKeys", []):
        if fk["reference"].get("resource", "") != "":
            continue  # only references into the same table are checked here
        target = fk["reference"]["fields"]
        known = {row.cells.get(target, "") for row in rows}
        for row in rows:
            value = row.cells.get(fk["fields"], "")
            if value and value not in known:
                problems.append(Problem(
                    file, f"refers to no {target} of this file", row.line, fk["fields"], value))
    return problems
