"""Shared set-up: config validation, the list of raw tables, early checks."""

import os
import sys
import time
from pathlib import Path

from snakemake.utils import validate

sys.path.insert(0, str(Path(workflow.basedir) / "scripts"))

# Same inputs, same bytes: fixed dates in PDF/DOCX metadata, fixed hash seed.
# Jobs inherit these; a value set by the caller wins.
from nanjiang.common.epoch import DEFAULT_EPOCH  # noqa: E402

os.environ.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
os.environ.setdefault("PYTHONHASHSEED", "0")

from nanjiang.workflow.codedeps import code_of  # noqa: E402
from nanjiang.workflow.content import content_of, source_files  # noqa: E402
from nanjiang.derive.indicators.catalog import INDICATORS  # noqa: E402
from nanjiang.monitoring.regions import prefecture_counties  # noqa: E402
from nanjiang.data.package import table_file  # noqa: E402
from nanjiang.data.validation import tables_compared_with  # noqa: E402
from nanjiang.workflow.preflight import (  # noqa: E402
    check_clock,
    check_fonts,
    check_front,
    before_their_data,
    check_report_year,
    load_package,
    table_index,
    tables_with_rows_of,
)
from nanjiang.workflow.config_check import check_values  # noqa: E402
from nanjiang.workflow.problems import report_failed_validations  # noqa: E402

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
    f"{RAW}/region_renames-schema.yaml",
    f"{RAW}/regions.csv",
    f"{RAW}/sources.csv",
    f"{RAW}/region_renames.csv",
]
# the DOCX's styles: the office's own Word template (config docx_template,
# checked by check_values), else the generated reference document
DOCX_REFERENCE = config.get("docx_template") or f"{BUILD}/work/reference.docx"
HTML_TEMPLATE = [f"report/templates/html/report.{ext}" for ext in ("html", "css", "js")]
# a brief is built in every format, each with its pandoc defaults
BRIEF_DEFAULTS = [
    f"report/templates/pandoc/{d}.yaml" for d in ("typst", "docx", "html")
]

# Fail before any job runs: fonts missing, a broken descriptor or reference
# table, or a report year that no table can serve. The raw tables themselves
# are validated by the jobs of rule validate_table.
PRINTABLE = check_fonts(config["fonts"])
# outputs dated in the future (an archive unpacked with its dates) hide every change
check_clock(DERIVED, BUILD)
PACKAGE = load_package(RAW, PRINTABLE)
# what the schema lets through: 2020.0, .nan, a brief of a region without counties
check_values(config, PACKAGE.regions)
RAW_TABLES = list(PACKAGE.resources)
# which regions and years each table has: the briefs' inputs, the year's check
TABLE_INDEX = table_index(PACKAGE, RAW_TABLES)
check_report_year(TABLE_INDEX, config["year"], config["strict"])
# the cover's fields are plain text (markup there would reach the documents)
check_front("report/front.yaml")
for note in before_their_data(TABLE_INDEX, config["year"]):
    print(note, file=sys.stderr)
# everything the published edition is made from: their digests go into its
# receipt, and tools/published.py never announces documents older than these
EDITION_SOURCES = sorted(
    {
        *(str(table_file(PACKAGE, t)[0]) for t in RAW_TABLES),
        *PACKAGE_FILES,
        *source_files("report", "scripts"),
    }
)
STARTED = time.time()


onerror:
    # every table's problems together, after the Snakemake's own job report
    report_failed_validations("logs/validate", STARTED)


def raw_table_file(wildcards):
    """The file supplying a raw table: its CSV or a workbook in its place."""
    return str(table_file(PACKAGE, wildcards.table)[0])


def compared_table_files(wildcards):
    """The tables whose keys a table's are compared with (keys_across_tables)."""
    return [
        str(table_file(PACKAGE, t)[0])
        for t in tables_compared_with(PACKAGE, wildcards.table)
    ]


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
    return validated(*tables_with_rows_of(TABLE_INDEX, PACKAGE, [wildcards.region]))


def brief_indicators(wildcards):
    """The indicators computed from a brief's tables alone."""
    tables = set(tables_with_rows_of(TABLE_INDEX, PACKAGE, [wildcards.region]))
    return [
        f"{DERIVED}/indicators/{i}.csv"
        for i, spec in INDICATORS.items()
        if set(spec.inputs) <= tables
    ]


def figure_outputs(figure_ids):
    """The SVG, PNG and caption fields of figures drawn by one job."""
    return {
        name: [f"{DERIVED}/figures/{f}.{ext}" for f in figure_ids]
        for name, ext in (("svg", "svg"), ("png", "png"), ("fields", "fields.json"))
    }
