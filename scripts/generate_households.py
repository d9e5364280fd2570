"""Snakemake job: SYNTHETIC households for every county of the four prefectures, calibrated to
the published margins of the raw tables (nanjiang.monitoring.margins), and their SYNTHETIC line
(no sourced 监测范围 exists yet)."""

from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.monitoring.margins import read_margins
from nanjiang.monitoring.regions import prefecture_counties
from nanjiang.monitoring.synthetic import generate
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    cfg = snakemake.params.synthetic
    counties = prefecture_counties(Path(snakemake.input.regions))
    margins = read_margins(
        {k: Path(snakemake.input[k]) for k in ("population", "facts", "health")}, list(counties)
    )
    table = generate(counties, cfg["households"], cfg["year"], cfg["line_yuan"], cfg["seed"],
                     margins)
    write_text_atomic(snakemake.output.households, table.to_csv(index=False, lineterminator="\n"))
    write_text_atomic(
        snakemake.output.lines,
        "year,line_yuan,source_id,note\n"
        f"{cfg['year']},{cfg['line_yuan']},SYNTHETIC,SYNTHETIC line of the SYNTHETIC households\n",
    )
    n_counties = sum(len(c) for c in counties.values())
    log.info(f"SYNTHETIC: {len(table)} households in {n_counties} counties, calibrated to:")
    for note in margins.notes:
        log.info("  " + note)
