"""Snakemake job: validate a household table, screen it (DuckDB) against each year's line."""

from pathlib import Path

import duckdb

from nanjiang.errors import DataValidationError
from nanjiang.jobs import job_logging
from nanjiang.monitoring.engine import screening_sql
from nanjiang.monitoring.lines import line_for, read_lines, source_ids
from nanjiang.monitoring.validate import read_households

snakemake = snakemake  # noqa: F821 (injected by Snakemake)

with job_logging(snakemake.log[0]) as log:
    try:
        households = read_households(Path(snakemake.input.households), snakemake.input.regions)
        # The shipped table cites sources.csv; a user's local file cites its own sources.
        known = source_ids(Path(snakemake.input.sources)) if snakemake.params.sourced else None
        lines = read_lines(Path(snakemake.input.lines), known)
        years = sorted(households["year"].unique())
        year_lines = {int(y): line_for(lines, int(y), snakemake.input.lines) for y in years}
    except DataValidationError as e:
        log.fail(str(e) + "\nNothing was screened. Fix the rows above and run again.")
    con = duckdb.connect(config={"threads": snakemake.threads})
    con.register("households", households)
    selects = [
        screening_sql(f"(SELECT * FROM households WHERE year = {y})", line, snakemake.params.rules)
        for y, line in year_lines.items()
    ]
    out = snakemake.output[0]
    con.execute(f"COPY ({' UNION ALL '.join(selects)} ORDER BY household_id, year) TO '{out}'"
                " (FORMAT parquet, COMPRESSION zstd)")
    log.info(f"screened {len(households)} households, years {list(year_lines)}")
