"""Snakemake job: validate a household table (CSV, XLSX or Parquet) and the line of each of its
years; write the checked table as Parquet for the screening partitions
(nanjiang.monitoring.columnar.write_validated). A Parquet table is checked column-wise by
DuckDB (the same values accepted and refused, with the same words, as the row-by-row reader of
CSV and XLSX), so millions of rows fit the job's memory.

A failure here stops the run before any screening job, so the last good screened table,
summary and county lists stay where they are."""

import json
from pathlib import Path

from nanjiang.common.errors import DataValidationError
from nanjiang.common.writefile import write_text_atomic
from nanjiang.monitoring.columnar import write_validated
from nanjiang.monitoring.lines import line_for, read_lines, source_ids
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    try:
        rows, years = write_validated(snakemake.input.households, snakemake.input.regions,
                                      Path(snakemake.output.households),
                                      memory_mb=snakemake.resources.mem_mb,
                                      threads=snakemake.threads)
        # The shipped table cites sources.csv; a user's local file cites its own sources.
        known = source_ids(Path(snakemake.input.sources)) if snakemake.params.sourced else None
        lines = read_lines(Path(snakemake.input.lines), known)
        year_lines = {y: line_for(lines, y, snakemake.input.lines) for y in years}
    except DataValidationError as e:
        counted = any(p.row is not None for p in e.problems)
        log.fail(str(e) + ("\nA Parquet file's rows are counted from 1, its first data row "
                           "being row 1." if counted else "")
                 + "\nNothing was screened. Fix the rows above and run again.")
    write_text_atomic(snakemake.output.lines,
                      json.dumps({str(y): v for y, v in year_lines.items()}, indent=1) + "\n")
    log.info(f"{rows} households valid, years {years}")
