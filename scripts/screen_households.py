"""Snakemake job: screen the validated households of one prefecture (DuckDB), each against
its year's line. One job per prefecture of regions.csv; combine_screened.py joins them."""

import json

from nanjiang.monitoring.engine import screen_partition
from nanjiang.monitoring.regions import prefecture_counties
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    prefecture = snakemake.wildcards.prefecture
    counties = prefecture_counties(snakemake.input.regions)[prefecture]
    with open(snakemake.input.lines, encoding="utf-8") as fh:
        year_lines = {int(y): float(v) for y, v in json.load(fh).items()}
    screen_partition(snakemake.input.households, year_lines, snakemake.output[0], counties,
                     snakemake.params.rules, threads=snakemake.threads,
                     memory_mb=snakemake.resources.mem_mb)
    log.info(f"prefecture {prefecture}: {len(counties)} counties screened, years "
             f"{sorted(year_lines)}")
