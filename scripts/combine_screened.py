"""Snakemake job: the screened prefecture partitions as one table, in key order."""

from nanjiang.monitoring.engine import combine_partitions
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    combine_partitions(list(snakemake.input.parts), snakemake.output[0], threads=snakemake.threads,
                       memory_mb=snakemake.resources.mem_mb)
    log.info(f"{len(snakemake.input.parts)} partitions combined")
