"""The household table: one row per household and year (see schema.yaml next to it)."""

from __future__ import annotations

from pathlib import Path

import yaml

SCHEMA_FILE = Path(__file__).with_name("schema.yaml")


def load_schema() -> dict:
    """The field list of the household table, in file order."""
    return yaml.safe_load(SCHEMA_FILE.read_text(encoding="utf-8"))


def field_names() -> list[str]:
    return [f["name"] for f in load_schema()["fields"]]
