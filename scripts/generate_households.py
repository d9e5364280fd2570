"""Snakemake job: SYNTHETIC households for every county of the four prefectures, and their
SYNTHETIC line (no sourced 监测范围 exists yet)."""

from pathlib import Path

from nanjiang.jobs import job_logging
from nanjiang.monitoring.synthetic import generate
from nanjiang.monitoring.validate import county_codes
from nanjiang.writefile import write_text_atomic

snakemake = snakemake  # noqa: F821 (injected by Snakemake)

with job_logging(snakemake.log[0]) as log:
    cfg = snakemake.params.synthetic
    counties = sorted(county_codes(Path(snakemake.input.regions)))
    table = generate(counties, cfg["households"], cfg["year"], cfg["line_yuan"], cfg["seed"])
    write_text_atomic(snakemake.output.households, table.to_csv(index=False, lineterminator="\n"))
    write_text_atomic(
        snakemake.output.lines,
        "year,line_yuan,source_id,note\n"
        f"{cfg['year']},{cfg['line_yuan']},SYNTHETIC,SYNTHETIC line of the SYNTHETIC households\n",
    )
    log.info(f"SYNTHETIC: {len(table)} households in {len(counties)} counties")
