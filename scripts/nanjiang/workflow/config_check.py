"""What JSON Schema lets through in config.yaml, refused with the key named.

``rules/config.schema.yaml`` checks types and ranges, but JSON Schema's
integer takes 2020.0, its number takes .nan, and a brief's region must be a
prefecture of regions.csv with counties; a YAML syntax error gets its line
and column. Standard library and PyYAML only (runs while the workflow is read).
"""

from __future__ import annotations

import math
import os
import zipfile
from pathlib import Path

import yaml

INTEGERS = [("year",), ("monitoring", "clearance_min_months"),
            ("monitoring", "synthetic", "households"), ("monitoring", "synthetic", "year"),
            ("monitoring", "synthetic", "seed")]
NUMBERS = [("monitoring", "income_drop_share"), ("monitoring", "expenditure_spike_share"),
           ("monitoring", "policy_dependence_share"), ("monitoring", "synthetic", "line_yuan")]


class ConfigError(Exception):
    """A setting of config.yaml that cannot be used, named by its key."""


def check_syntax(path: str | Path) -> None:
    """A YAML syntax error of the config file, with its line and column."""
    try:
        yaml.safe_load(Path(path).read_text("utf-8"))
    except FileNotFoundError:
        return  # Snakemake says so itself
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        path = os.path.relpath(path)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else path
        what = getattr(e, "problem", None) or str(e).splitlines()[0]
        raise ConfigError(f"{where}: not valid YAML ({what}); check the indentation "
                          "and the ':' after each key on that line") from None


def _get(config: dict, keys: tuple):
    for key in keys:
        if not isinstance(config, dict) or key not in config:
            return None
        config = config[key]
    return config


def check_values(config: dict, regions: dict) -> None:
    """``regions``: code -> the regions.csv entry (with ``parent_code``)."""
    problems = []
    for keys in INTEGERS:
        value = _get(config, keys)
        if isinstance(value, float):
            example = int(value) if math.isfinite(value) else 2020
            problems.append(f"config key '{'.'.join(keys)}' = {value!r}: expected a whole "
                            f"number written without a decimal point (e.g. {example})")
    for keys in NUMBERS:
        value = _get(config, keys)
        if isinstance(value, float) and not math.isfinite(value):
            problems.append(f"config key '{'.'.join(keys)}' = {value!r}: expected a finite number")
    # a brief is about a prefecture, with the counties that name it as parent
    with_counties = {r.parent_code for r in regions.values()
                     if r.parent_code and r.level == "county"}
    for code in config.get("briefs") or []:
        if code not in regions:
            problems.append(f"config key 'briefs': '{code}' is not a region of "
                            "data/raw/regions.csv")
        elif code not in with_counties:
            valid = ", ".join(sorted(c for c in with_counties if c in regions))
            problems.append(f"config key 'briefs': '{code}' ({regions[code].name}) has no counties "
                            f"in data/raw/regions.csv (parent_code); a brief is about a region "
                            f"with counties: {valid}")
    if (template := config.get("docx_template")) is not None:
        problems += docx_template_problems(template)
    if problems:
        raise ConfigError("\n".join(problems))


# the main part of a Word document (a .docx), not of a template (.dotx)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def docx_template_problems(path: str) -> list[str]:
    """``docx_template``: a Word document (.docx) with styles, or why not."""
    key = f"config key 'docx_template' = '{path}'"
    file = Path(path)
    if not file.is_file():
        where = "" if file.is_absolute() else f" (looked for {file.resolve()})"
        return [f"{key}: no such file{where}; name the office's Word template (.docx), "
                "or remove the key to use the generated one"]
    try:
        with zipfile.ZipFile(file) as z:
            names = set(z.namelist())
            types = z.read("[Content_Types].xml").decode("utf-8", "replace") \
                if "[Content_Types].xml" in names else ""
    except (zipfile.BadZipFile, OSError):
        return [f"{key}: not a Word document (.docx): the file is no DOCX (ZIP) "
                "archive; a .doc or .rtf template must be saved as .docx first"]
    if DOCX_MAIN not in types or "word/document.xml" not in names:
        what = ("a Word template (.dotx): open it in Word and save it as a Word document "
                "(.docx)" if "template.main+xml" in types else "not a Word document (.docx)")
        return [f"{key}: {what}"]
    if "word/styles.xml" not in names:
        return [f"{key}: the document has no styles (word/styles.xml), so it cannot "
                "give the report its styles"]
    return []
