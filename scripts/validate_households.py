"""Snakemake job: validate a household table (CSV, XLSX or Parquet) and the line of each of its
years; write the checked table as Parquet for the screening partitions. A Parquet table is
checked column-wise by DuckDB (nanjiang.monitoring.columnar: the same problems, in the same
words, as the row-by-row reader of CSV and XLSX), so millions of rows fit the job's memory.

A failure here stops the run before any screening job, so the last good screened table,
summary and county lists stay where they are."""

import json
from pathlib import Path

import duckdb

from nanjiang.common.errors import DataValidationError
from nanjiang.common.writefile import write_text_atomic
from nanjiang.monitoring.columnar import check_parquet
from nanjiang.monitoring.engine import ORDER, copy_to_parquet
from nanjiang.monitoring.lines import line_for, read_lines, source_ids
from nanjiang.monitoring.validate import read_households
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    source = Path(snakemake.input.households)
    out = snakemake.output.households
    try:
        if source.suffix.lower() == ".parquet":
            # large tables: the same checks as SQL (DuckDB), the typed table written by it
            rows = check_parquet(source, snakemake.input.regions, out=Path(out),
                                 memory_mb=snakemake.resources.mem_mb,
                                 threads=snakemake.threads)
            years = [int(y) for (y,) in duckdb.sql(
                f"SELECT DISTINCT year FROM read_parquet('{out}') ORDER BY year").fetchall()]
        else:
            households = read_households(source, snakemake.input.regions)
            rows = len(households)
            years = sorted(int(y) for y in households["year"].unique())
        # The shipped table cites sources.csv; a user's local file cites its own sources.
        known = source_ids(Path(snakemake.input.sources)) if snakemake.params.sourced else None
        lines = read_lines(Path(snakemake.input.lines), known)
        year_lines = {y: line_for(lines, y, snakemake.input.lines) for y in years}
    except DataValidationError as e:
        log.fail(str(e) + "\nNothing was screened. Fix the rows above and run again.")
    if source.suffix.lower() != ".parquet":
        con = duckdb.connect(config={"threads": snakemake.threads})
        con.register("households", households)
        copy_to_parquet(con, f"SELECT * FROM households {ORDER}", out)
        con.close()
    write_text_atomic(snakemake.output.lines,
                      json.dumps({str(y): v for y, v in year_lines.items()}, indent=1) + "\n")
    log.info(f"{rows} households valid, years {years}")
