"""Snakemake job: one prefecture brief as PDF, DOCX and HTML (staged; published
with the report by rule publish); also the 监测预警简报 of rules/monitoring.smk."""

from pathlib import Path

import pypandoc

from nanjiang.documents import MARKDOWN, markdown_to_docx, typst_to_pdf, with_metadata_file
from nanjiang.html_edition import markdown_to_html
from nanjiang.jobs import job_logging

snakemake = snakemake  # noqa: F821 (injected by Snakemake)

with job_logging(snakemake.log[0]) as log:
    fonts = snakemake.params.fonts
    markdown = Path(snakemake.input.markdown)
    title = markdown.read_text("utf-8").splitlines()[0].lstrip("# ").split(" {#")[0]
    meta = {"title": title, "serif-font": fonts["serif"], "sans-font": fonts["sans"],
            "lang": "zh-Hans", "subtitle": "", "author": "", "date": ""}
    # a line on every PDF page (the 监测预警简报 built from SYNTHETIC data says so)
    page_header = getattr(snakemake.params, "page_header", "")
    if page_header:
        meta["page-header"] = page_header
    typst = with_metadata_file(meta, lambda meta_file: pypandoc.convert_file(
        str(markdown), "typst", format=MARKDOWN,
        extra_args=[f"--template={snakemake.input.typst_template}",
                    f"--metadata-file={meta_file}",
                    f"--lua-filter={snakemake.input.lua}",
                    "--default-image-extension=svg", "--wrap=preserve"]))
    typst_to_pdf(typst, Path(snakemake.output.pdf), Path("."), fonts)
    markdown_to_docx(markdown, Path(snakemake.output.docx), Path(snakemake.input.reference),
                     meta | {"toc-title": "目录"})
    markdown_to_html(markdown, Path(snakemake.output.html), meta)
    log.info(f"wrote {snakemake.output.pdf}, {snakemake.output.docx}, {snakemake.output.html}")
