"""Snakemake job: compute one derived indicator table."""

from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.data.loaders import load_validated
from nanjiang.derive.indicators.catalog import INDICATORS
from nanjiang.derive.indicators.rows import DuplicateDerivedRows, duplicate_message
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    name = snakemake.wildcards.indicator
    raw = {Path(p).stem: load_validated(Path(p).stem, Path(p).parent)
           for p in snakemake.input.tables}
    try:
        table = INDICATORS[name].function()(raw, snakemake.params.year)
    except DuplicateDerivedRows as e:  # (validation should have named the raw lines)
        log.fail(duplicate_message(e, snakemake.output[0], raw))
    write_text_atomic(snakemake.output[0], table.to_csv(index=False, lineterminator="\n"))
    log.info(f"{name}: {len(table)} rows")
