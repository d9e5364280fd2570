"""Snakemake job: the figures of the 监测预警简报 (county share map, risk-type bars)."""

from pathlib import Path

import pandas as pd

from nanjiang.figures.monitoring_figures import risk_chart, share_map
from nanjiang.figures.style import save, use_report_style
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    use_report_style(snakemake.params.fonts)
    summary = pd.read_csv(snakemake.input.summary, dtype={"region_code": str})
    note = "SYNTHETIC 合成数据，非真实农户。" if snakemake.params.synthetic else ""
    figures = {
        snakemake.output.map_svg: share_map(summary, snakemake.input.regions, note),
        snakemake.output.risks_svg: risk_chart(summary, note),
    }
    for svg, fig in figures.items():
        for path in save(fig, Path(svg).with_suffix("")):
            log.info(f"wrote {path}")
