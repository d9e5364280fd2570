"""data/raw is a Frictionless Data Package: the reference implementation agrees."""

from __future__ import annotations

import frictionless
import yaml

from conftest import REPO

RAW = REPO / "data" / "raw"


def test_frictionless_validates_every_table_against_its_schema():
    descriptor = yaml.safe_load((RAW / "datapackage.yaml").read_text("utf-8"))
    report = frictionless.Package(descriptor, basepath=str(RAW)).validate()
    errors = [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]
    assert report.valid, errors + [e.message for e in report.errors]
    assert {task.name for task in report.tasks} == {r["name"] for r in descriptor["resources"]}


def test_every_resource_cites_its_sources():
    descriptor = yaml.safe_load((RAW / "datapackage.yaml").read_text("utf-8"))
    for resource in descriptor["resources"]:
        assert resource["sources"], resource["name"]
        for source in resource["sources"]:
            assert source["source_id"] and source["title"], resource["name"]
