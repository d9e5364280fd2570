"""Snakemake job: the change report as a page (report/build/changes.html), in
the HTML edition's style, its before | after pictures embedded."""

from pathlib import Path

from nanjiang.documents.html import markdown_to_html
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    changes = Path(snakemake.input.changes)
    meta = {"title": "本次更新的变化", "subtitle": snakemake.params.about, "author": "",
            "date": "", "serif-font": snakemake.params.fonts["serif"],
            "sans-font": snakemake.params.fonts["sans"], "toc-title": "目录"}
    markdown_to_html(changes, Path(snakemake.output.html), meta, resource_path=changes.parent)
    log.info(f"wrote {snakemake.output.html}")
