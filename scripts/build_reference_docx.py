"""Snakemake job: write the DOCX reference document (styles for pandoc)."""

from nanjiang.jobs import job_logging
from nanjiang.reference_docx import build_reference_docx
from nanjiang.writefile import write_bytes_atomic

snakemake = snakemake  # noqa: F821 (injected by Snakemake)

with job_logging(snakemake.log[0]) as log:
    write_bytes_atomic(snakemake.output[0], build_reference_docx())
    log.info(f"wrote {snakemake.output[0]}")
