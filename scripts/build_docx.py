"""Snakemake job: report Markdown -> DOCX with the reference document's styles."""

from pathlib import Path

import yaml

from nanjiang.documents.routes import markdown_to_docx, metadata
from nanjiang.workflow.joblog import job_logging

snakemake = snakemake  # noqa: F821 (injected by Snakemake)

with job_logging(snakemake.log[0]) as log:
    front = yaml.safe_load(Path(snakemake.input.front).read_text("utf-8"))
    markdown_to_docx(
        Path(snakemake.input.markdown),
        Path(snakemake.output.docx),
        Path(snakemake.input.reference),
        metadata(front, snakemake.params.fonts),
    )
    log.info(f"wrote {snakemake.output.docx}")
