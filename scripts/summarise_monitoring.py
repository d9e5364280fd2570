"""Snakemake job: county, prefecture and all-four summary of the screened households, as it
may be shared: no count under 5 households, none recoverable from the totals
(``nanjiang.monitoring.summary.suppress``); every row says what data it comes from (SYNTHETIC
for SYNTHETIC households)."""

from nanjiang.common.writefile import write_text_atomic
from nanjiang.monitoring.summary import THRESHOLD, county_counts, summarise, suppress
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    table = suppress(summarise(county_counts(snakemake.input.screened)))
    table.insert(0, "data", snakemake.params.tag)
    write_text_atomic(snakemake.output[0], table.to_csv(index=False, lineterminator="\n"))
    log.info(f"{len(table)} summary rows, {int(table['suppressed'].sum())} hidden (under "
             f"{THRESHOLD} households, or beside one so the totals do not give it)")
