"""Snakemake job: draw one figure (SVG + PNG) with the shared style."""

import importlib

from nanjiang.figures.registry import FIGURES
from nanjiang.figures.style import save, use_report_style
from nanjiang.jobs import job_logging

snakemake = snakemake  # noqa: F821 (injected by Snakemake)

with job_logging(snakemake.log[0]) as log:
    fonts = snakemake.params.fonts
    use_report_style(fonts)
    spec = FIGURES[snakemake.wildcards.figure]
    module_name, function_name = spec.draw.split(":")
    draw = getattr(importlib.import_module(module_name), function_name)
    fig = draw(list(snakemake.input.data), snakemake.params.year, fonts)
    for path in save(fig, snakemake.output.svg.removesuffix(".svg")):
        log.info(f"wrote {path}")
