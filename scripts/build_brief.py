"""Snakemake job: one prefecture brief as PDF, DOCX and HTML (staged; published
with the report by rule publish); also the 监测预警简报 of rules/monitoring.smk."""

from pathlib import Path

from nanjiang.documents.docx import markdown_to_docx
from nanjiang.documents.html import markdown_to_html
from nanjiang.documents.pandoc import edition_metadata
from nanjiang.documents.pdf import markdown_to_typst, typst_to_pdf
from nanjiang.publish.built import record_built
from nanjiang.publish.label import read_label
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    fonts = snakemake.params.fonts
    markdown = Path(snakemake.input.markdown)
    title = markdown.read_text("utf-8").splitlines()[0].lstrip("# ").split(" {#")[0]
    meta = {"title": title, "serif-font": fonts["serif"], "sans-font": fonts["sans"],
            "lang": "zh-Hans", "subtitle": "", "author": "", "date": ""}
    # the edition of the report a brief is published with (none: the 监测预警简报)
    meta |= edition_metadata(read_label(snakemake.input.get("label")))
    # a line on every PDF page (the 监测预警简报 built from SYNTHETIC data says so)
    page_header = getattr(snakemake.params, "page_header", "")
    if page_header:
        meta["page-header"] = page_header
    typst = markdown_to_typst(markdown, meta, template=Path(snakemake.input.typst_template))
    typst_to_pdf(typst, Path(snakemake.output.pdf), Path("."), fonts)
    markdown_to_docx(markdown, Path(snakemake.output.docx), Path(snakemake.input.reference),
                     meta | {"toc-title": "目录"})
    markdown_to_html(markdown, Path(snakemake.output.html), meta)
    if snakemake.output.get("checksums"):  # a brief published with the report
        record_built(snakemake.output.checksums, snakemake.output.pdf, snakemake.output.docx,
                     snakemake.output.html)
    log.info(f"wrote {snakemake.output.pdf}, {snakemake.output.docx}, {snakemake.output.html}")
