"""Snakemake job: draw one figure (SVG + PNG) with the shared style, and write
the fields its caption and source line take from the data drawn (JSON)."""

import importlib
import json

from nanjiang.common.writefile import write_text_atomic
from nanjiang.figures.catalog import FIGURES
from nanjiang.figures.chart_common import NoDataError, first_data, gap_figure
from nanjiang.figures.style import save, use_report_style
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    fonts = snakemake.params.fonts
    use_report_style(fonts)
    spec = FIGURES[snakemake.wildcards.figure]

    def function(name: str):
        module_name, function_name = name.split(":")
        return getattr(importlib.import_module(module_name), function_name)

    inputs, year = list(snakemake.input.data), snakemake.params.year
    fields = {}
    try:
        fig = function(spec.draw)(inputs, year, fonts)
    except NoDataError as e:
        # a report year before the figure's data: a stated gap, never a crash
        # in the middle of a build, nor (with strict) a report without it
        if snakemake.params.strict:
            log.fail(f"{spec.id}: {e} (strict: true)")
        fig, fields = gap_figure(year, first_data(e)), {"no_data": first_data(e)}
        log.info(f"{spec.id}: no data at or before {year} ({e}): drawn as a stated gap")
    if spec.fields:
        fields |= function(spec.fields)(inputs, year)
    for path in save(fig, snakemake.output.svg.removesuffix(".svg")):
        log.info(f"wrote {path}")
    write_text_atomic(snakemake.output.fields,
                      json.dumps(fields, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    log.info(f"wrote {snakemake.output.fields}: {', '.join(sorted(fields)) or 'no fields'}")
