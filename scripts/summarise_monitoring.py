"""Snakemake job: county and prefecture summary of the screened households."""

from nanjiang.common.writefile import write_text_atomic
from nanjiang.monitoring.summary import county_counts, summarise
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    table = summarise(county_counts(snakemake.input.screened))
    write_text_atomic(snakemake.output[0], table.to_csv(index=False, lineterminator="\n"))
    log.info(f"{len(table)} summary rows")
