"""Snakemake job: the county map of one prefecture brief (SVG and PNG)."""

from pathlib import Path

from nanjiang.figures.brief_map import draw
from nanjiang.figures.style import save, use_report_style
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    use_report_style(snakemake.params.fonts)
    fig = draw(snakemake.wildcards.region, snakemake.input.regions, snakemake.input.exits,
               snakemake.params.year)
    for path in save(fig, Path(snakemake.output.svg).with_suffix("")):
        log.info(f"wrote {path}")
