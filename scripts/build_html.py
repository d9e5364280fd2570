"""Snakemake job: report Markdown -> the HTML edition (staged; published by rule publish).

The page's search covers the report, its appendices and the briefs: the
report's page is indexed here, each brief's by its own job (rule
brief_documents), and the indexes put together (nanjiang.documents.search)."""

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from nanjiang.documents.front import read_front
from nanjiang.documents.html import (
    REPORT_PAGE,
    page_meta,
    render_page,
    report_workbook,
    write_page,
)
from nanjiang.documents.pandoc import edition_metadata, metadata
from nanjiang.documents.search import REPORT_LABEL, build_index, load_words, merge_indexes
from nanjiang.documents.tables_workbook import read_tables
from nanjiang.publish.built import record_built
from nanjiang.publish.label import download_links, read_label
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    front = read_front(snakemake.input.front)
    markdown = Path(snakemake.input.markdown)
    label = read_label(snakemake.input.label)
    briefs = [json.loads(Path(p).read_text("utf-8")) for p in snakemake.input.briefs]
    meta = page_meta(metadata(front, snakemake.params.fonts) | edition_metadata(label),
                     search_page=REPORT_PAGE, workbook=report_workbook(label))
    # the edition's other documents, linked under the cover (issue 29, 2)
    meta["downloads"] = download_links(label, snakemake.params.formats,
                                       [tuple(doc) for b in briefs for doc in b["docs"]])
    with ThreadPoolExecutor(1) as pool:
        dictionary = pool.submit(load_words)  # (while pandoc renders the page)
        page = render_page(markdown, meta)
        dictionary.result()
    index = merge_indexes([build_index([(REPORT_PAGE, REPORT_LABEL, page)]), *briefs])
    # each table links to its sheet of the tables workbook (rule tables_workbook)
    sheets = [t.sheet_name for t in read_tables(markdown.read_text("utf-8"))]
    write_page(page, Path(snakemake.output.html), index=index, sheets=sheets)
    record_built(snakemake.output.checksums, snakemake.output.html)
    log.info(f"wrote {snakemake.output.html}; its search: {len(index['blocks'])} blocks of "
             f"{len(index['docs'])} pages, {len(index['words'])} words")
