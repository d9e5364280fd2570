"""Snakemake job: the Markdown of the 监测预警简报 from its template."""

from pathlib import Path

import pandas as pd

from nanjiang.common.writefile import write_text_atomic
from nanjiang.monitoring.brief import context
from nanjiang.text.map_notice import map_notice
from nanjiang.text.mdtext import escape
from nanjiang.text.templating import brief_template
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    summary = pd.read_csv(snakemake.input.summary, dtype={"region_code": str})
    template = brief_template(snakemake.input.template)
    ctx = context(summary, snakemake.input.regions, snakemake.params.synthetic,
                  snakemake.params.settings)
    text = template.render(map=str(Path(snakemake.input.map).with_suffix("")),
                           map_notice=escape(map_notice(snakemake.params.map_review_number)),
                           risks=str(Path(snakemake.input.risks).with_suffix("")), **ctx)
    write_text_atomic(snakemake.output[0], text)
    log.info(f"wrote {snakemake.output[0]}: {len(ctx['sections'])} county sections")
