"""Snakemake job: report Markdown -> typst -> PDF (staged; published by rule publish)."""

from pathlib import Path

import yaml

from nanjiang.documents import markdown_to_typst, metadata, typst_to_pdf
from nanjiang.jobs import job_logging
from nanjiang.writefile import write_text_atomic

snakemake = snakemake  # noqa: F821 (injected by Snakemake)

with job_logging(snakemake.log[0]) as log:
    fonts = snakemake.params.fonts
    front = yaml.safe_load(Path(snakemake.input.front).read_text("utf-8"))
    source = markdown_to_typst(Path(snakemake.input.markdown), metadata(front, fonts))
    write_text_atomic(snakemake.output.typst, source)
    typst_to_pdf(source, Path(snakemake.output.pdf), Path("."), fonts)
    log.info(f"wrote {snakemake.output.pdf}")
