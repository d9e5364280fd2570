"""Shared set-up: config validation, the list of raw tables, early checks."""

import os
import sys
from pathlib import Path

from snakemake.utils import validate

sys.path.insert(0, str(Path(workflow.basedir) / "scripts"))

# Same inputs, same bytes: fixed dates in PDF/DOCX metadata, fixed hash seed.
# Jobs inherit these; a value set by the caller wins.
from nanjiang.common.epoch import DEFAULT_EPOCH  # noqa: E402

os.environ.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
os.environ.setdefault("PYTHONHASHSEED", "0")

from nanjiang.workflow.codedeps import code_of  # noqa: E402
from nanjiang.derive.indicators.catalog import INDICATORS  # noqa: E402
from nanjiang.monitoring.regions import prefecture_counties  # noqa: E402
from nanjiang.data.package import table_file  # noqa: E402
from nanjiang.workflow.preflight import (  # noqa: E402
    check_fonts,
    check_raw_data,
    before_their_data,
    check_report_year,
    load_package,
    tables_with_rows_of,
)

validate(config, schema="config.schema.yaml")

RAW = "data/raw"
DERIVED = "data/derived"
BUILD = "report/build"
PACKAGE_FILES = [
    f"{RAW}/datapackage.yaml",
    f"{RAW}/table-schema.yaml",
    f"{RAW}/facts-schema.yaml",
    f"{RAW}/regions-schema.yaml",
    f"{RAW}/sources-schema.yaml",
    f"{RAW}/regions.csv",
    f"{RAW}/sources.csv",
]

# Fail before any job runs: a broken descriptor or reference table, broken raw
# data (every problem of every table at once), fonts missing, or a report year
# that no table can serve.
PRINTABLE = check_fonts(config["fonts"])
PACKAGE = load_package(RAW, PRINTABLE)
RAW_TABLES = list(PACKAGE.resources)
RAW_ROWS = check_raw_data(PACKAGE, RAW_TABLES, set(INDICATORS), PRINTABLE)
check_report_year(RAW_ROWS, config["year"], config["strict"])
for note in before_their_data(RAW_ROWS, config["year"]):
    print(note, file=sys.stderr)
for note in PACKAGE.notes:  # which workbook sheet was read, title rows skipped
    print(note, file=sys.stderr)


def raw_table_file(wildcards):
    """The file supplying a raw table: its CSV or a workbook in its place."""
    return str(table_file(PACKAGE, wildcards.table)[0])


def validated(*tables):
    return [f"{DERIVED}/validated/{t}.csv" for t in tables]


def staged(fmt):
    """Where a format's document is built before publication."""
    return (
        f"{BUILD}/staging/html/index.html"
        if fmt == "html"
        else f"{BUILD}/staging/report.{fmt}"
    )


def brief_tables(wildcards):
    """The validated tables with rows of a brief's region or its counties."""
    return validated(*tables_with_rows_of(RAW_ROWS, PACKAGE, [wildcards.region]))


def brief_indicators(wildcards):
    """The indicators computed from a brief's tables alone."""
    tables = set(tables_with_rows_of(RAW_ROWS, PACKAGE, [wildcards.region]))
    return [
        f"{DERIVED}/indicators/{i}.csv"
        for i, spec in INDICATORS.items()
        if set(spec.inputs) <= tables
    ]
