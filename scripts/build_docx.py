"""Snakemake job: report Markdown -> DOCX with the reference document's styles."""

from pathlib import Path

from nanjiang.documents.docx import markdown_to_docx
from nanjiang.documents.front import read_front
from nanjiang.documents.pandoc import edition_metadata, metadata
from nanjiang.publish.built import record_built
from nanjiang.publish.label import read_label
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    front = read_front(snakemake.input.front)
    markdown_to_docx(
        Path(snakemake.input.markdown),
        Path(snakemake.output.docx),
        Path(snakemake.input.reference),
        metadata(front, snakemake.params.fonts)
        | edition_metadata(read_label(snakemake.input.label)),
    )
    record_built(snakemake.output.checksums, snakemake.output.docx)
    log.info(f"wrote {snakemake.output.docx}")
