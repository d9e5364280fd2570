"""Snakemake job: one prefecture brief as PDF, DOCX and HTML (staged; published
with the report by rule publish); also the 监测预警简报 of rules/monitoring.smk."""

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.documents.docx import markdown_to_docx
from nanjiang.documents.html import (
    REPORT_PAGE,
    brief_page,
    brief_workbook,
    markdown_to_html,
    page_meta,
    render_page,
    write_page,
)
from nanjiang.documents.pandoc import edition_metadata
from nanjiang.documents.pdf import markdown_to_typst, typst_to_pdf
from nanjiang.documents.search import build_index, load_words
from nanjiang.documents.tables_workbook import read_tables
from nanjiang.publish.built import record_built
from nanjiang.publish.label import data_until, read_label
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log, ThreadPoolExecutor(1) as pool:
    # a brief published with the report gets a search: jieba's dictionary is
    # loaded while the PDF and the DOCX are made
    published = bool(snakemake.output.get("checksums"))
    dictionary = pool.submit(load_words) if published else None
    fonts = snakemake.params.fonts
    markdown = Path(snakemake.input.markdown)
    title = markdown.read_text("utf-8").splitlines()[0].lstrip("# ").split(" {#")[0]
    meta = {"title": title, "serif-font": fonts["serif"], "sans-font": fonts["sans"],
            "lang": "zh-Hans", "subtitle": "", "author": "", "date": ""}
    # the edition of the report a brief is published with (none: the 监测预警简报)
    label = read_label(snakemake.input.get("label"))
    if label and snakemake.input.get("provenance"):  # the brief's own 数据截至
        label = {**label, "data_until": data_until(snakemake.input.provenance)}
    meta |= edition_metadata(label)
    # a line on every PDF page (the 监测预警简报 built from SYNTHETIC data says so)
    page_header = getattr(snakemake.params, "page_header", "")
    if page_header:
        meta["page-header"] = page_header
    typst = markdown_to_typst(markdown, meta, template=Path(snakemake.input.typst_template))
    typst_to_pdf(typst, Path(snakemake.output.pdf), Path("."), fonts)
    markdown_to_docx(markdown, Path(snakemake.output.docx), Path(snakemake.input.reference),
                     meta | {"toc-title": "目录"})
    html = Path(snakemake.output.html)
    if published:
        # a brief published with the report: its search (its own text; a query
        # goes on to the report's page, which searches the whole edition) and
        # the link of each table to its sheet (rule brief_tables_workbook)
        page = render_page(markdown, page_meta(meta, search_page=brief_page(html.stem, label),
                                               search_all=REPORT_PAGE,
                                               workbook=brief_workbook(html.stem, label)))
        dictionary.result()
        index = build_index([(brief_page(html.stem, label), title, page)])
        sheets = [t.sheet_name for t in read_tables(markdown.read_text("utf-8"))]
        write_page(page, html, index=index, sheets=sheets)
        # and for the report's page, whose search covers the briefs (rule html)
        write_text_atomic(snakemake.output.search,
                          json.dumps(index, ensure_ascii=False, separators=(",", ":")) + "\n")
    else:  # the 监测预警简报
        markdown_to_html(markdown, html, meta)
    if published:
        record_built(snakemake.output.checksums, snakemake.output.pdf, snakemake.output.docx,
                     snakemake.output.html)
    log.info(f"wrote {snakemake.output.pdf}, {snakemake.output.docx}, {snakemake.output.html}")
