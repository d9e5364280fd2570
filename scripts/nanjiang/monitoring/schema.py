"""The household table: one row per household and year (see schema.yaml next to it)."""

from __future__ import annotations

from pathlib import Path

import yaml

DATA_FILES = ["schema.yaml"]  # read beside this module (nanjiang.workflow.codedeps)
SCHEMA_FILE = Path(__file__).with_name(DATA_FILES[0])


def load_schema() -> dict:
    """The field list of the household table, in file order."""
    return yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))


def field_names() -> list[str]:
    return [f["name"] for f in load_schema()["fields"]]
