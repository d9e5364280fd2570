"""Snakemake job: report Markdown -> the HTML edition (staged; published by rule publish)."""

from pathlib import Path

from nanjiang.documents.front import read_front
from nanjiang.documents.html import markdown_to_html
from nanjiang.documents.pandoc import edition_metadata, metadata
from nanjiang.publish.built import record_built
from nanjiang.publish.label import read_label
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    front = read_front(snakemake.input.front)
    markdown_to_html(Path(snakemake.input.markdown), Path(snakemake.output.html),
                     metadata(front, snakemake.params.fonts)
        | edition_metadata(read_label(snakemake.input.label)))
    record_built(snakemake.output.checksums, snakemake.output.html)
    log.info(f"wrote {snakemake.output.html}")
