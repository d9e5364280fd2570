"""Snakemake job: draw one figure (SVG + PNG) with the shared style, and write
the fields its caption and source line take from the data drawn (JSON)."""

import importlib
import json

from nanjiang.figures.registry import FIGURES
from nanjiang.figures.style import save, use_report_style
from nanjiang.jobs import job_logging
from nanjiang.writefile import write_text_atomic

snakemake = snakemake  # noqa: F821 (injected by Snakemake)

with job_logging(snakemake.log[0]) as log:
    fonts = snakemake.params.fonts
    use_report_style(fonts)
    spec = FIGURES[snakemake.wildcards.figure]

    def function(name: str):
        module_name, function_name = name.split(":")
        return getattr(importlib.import_module(module_name), function_name)

    inputs, year = list(snakemake.input.data), snakemake.params.year
    fig = function(spec.draw)(inputs, year, fonts)
    for path in save(fig, snakemake.output.svg.removesuffix(".svg")):
        log.info(f"wrote {path}")
    fields = function(spec.fields)(inputs, year) if spec.fields else {}
    write_text_atomic(snakemake.output.fields,
                      json.dumps(fields, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    log.info(f"wrote {snakemake.output.fields}: {', '.join(sorted(fields)) or 'no fields'}")
