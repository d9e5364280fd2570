"""Snakemake job: validate one raw table and write its normalised copy."""

import sys
from pathlib import Path

from nanjiang.common.errors import DataValidationError
from nanjiang.data.package import DataPackage
from nanjiang.data.validation import validate_table, write_validated
from nanjiang.documents.fonts import coverage
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    # every character of every cell must be drawable by the configured fonts
    printable = coverage(snakemake.params.fonts)
    package = DataPackage.load(Path(snakemake.input.package[0]).parent, printable)
    table = snakemake.wildcards.table
    try:
        rows = validate_table(package, table, snakemake.input.table, printable=printable)
    except DataValidationError as e:
        log.fail(e.render())
    write_validated(rows, snakemake.output[0])
    for note in package.notes:  # which sheet was read, title rows skipped: said on the console too
        log.info(note)
        print(note, file=sys.stderr)
    log.info(f"read {snakemake.input.table}: {len(rows)} rows valid")
