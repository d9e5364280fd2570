"""Snakemake job: report Markdown -> DOCX with the reference document's styles."""

from pathlib import Path

import yaml

from nanjiang.documents.routes import markdown_to_docx, metadata, read_toc_pages
from nanjiang.workflow.joblog import job_logging

snakemake = snakemake  # noqa: F821 (injected by Snakemake)

with job_logging(snakemake.log[0]) as log:
    front = yaml.safe_load(Path(snakemake.input.front).read_text("utf-8"))
    filled = markdown_to_docx(
        Path(snakemake.input.markdown),
        Path(snakemake.output.docx),
        Path(snakemake.input.reference),
        metadata(front, snakemake.params.fonts),
        # the 目录's page numbers as LibreOffice last laid the DOCX out (./run.sh proof)
        read_toc_pages(snakemake.input.toc_pages),
    )
    log.info(f"wrote {snakemake.output.docx}")
    if not filled:
        log.info("the 目录's page numbers are not filled in: they were taken from another "
                 "version of the document (./run.sh proof takes them again)")
