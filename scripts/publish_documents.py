"""Snakemake job: this build's documents become an edition of their own
(report/build/editions/<year>-<hash>/), with the change report that says what
they change against the edition current now, and are published by one switch
of report/build/current (see nanjiang.publish.editions)."""

import json
import shutil
from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.documents.html import markdown_to_html
from nanjiang.publish.built import not_as_built
from nanjiang.publish.changes_report import CHANGES, write_change_report
from nanjiang.publish.editions import (
    CURRENT,
    publish_edition,
    republish_current,
    same_documents,
)
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    # report/build/: the receipt is report/build/work/published.json
    build = Path(snakemake.output.receipt).parents[1]
    staging = build / "staging"
    staged = [Path(p) for p in [*snakemake.input.documents, snakemake.input.workbook,
                                 *snakemake.input.briefs, *snakemake.input.brief_workbooks]]
    documents = {str(p.relative_to(staging)): p for p in staged}
    # a staged document changed by hand after its job built it is never published
    tampered = not_as_built(snakemake.input.checksums)
    if tampered:
        log.fail("\n".join(tampered) + "\nNothing was published; the last edition stays current.")
    current = build / CURRENT
    if same_documents(current, documents):
        # a rerun that built the current edition's documents again: it stays as published
        entry = republish_current(build)
        log.info(f"the documents are those of the current edition {entry['edition']}")
    else:
        # the change report against the edition current now, made here so that
        # it always describes this pair of editions
        work = build / "work" / "changes"
        shutil.rmtree(work, ignore_errors=True)
        report = write_change_report(
            current, work, year=snakemake.params.year,
            markdown=Path(snakemake.input.markdown), dated=Path(snakemake.input.dated),
            front=Path(snakemake.input.front), figures=list(map(Path, snakemake.input.figures)),
            documents=documents, fonts=snakemake.params.fonts)
        if "html" in snakemake.params.formats:  # the change report as a page too
            meta = {"title": "本次更新的变化", "subtitle": snakemake.params.about, "author": "",
                    "date": "", "serif-font": snakemake.params.fonts["serif"],
                    "sans-font": snakemake.params.fonts["sans"], "toc-title": "目录"}
            markdown_to_html(work / CHANGES, work / "changes.html", meta, resource_path=work)
            report.append(work / "changes.html")
        entry = publish_edition(
            build, snakemake.params.year, documents,
            # what the next build's change report compares with
            snapshot=[Path(snakemake.input.markdown), Path(snakemake.input.front),
                      *map(Path, snakemake.input.figures)],
            changes={str(p.relative_to(work)): p for p in report},
        )
    for name, info in entry["documents"].items():
        log.info(f"published {name} ({info['bytes']} bytes, sha256 {info['sha256']})")
    # the receipt (Snakemake may delete it before a rerun: the edition stays),
    # with what the edition was made from: tools/published.py checks it
    receipt = {**entry, "sources": snakemake.params.content}
    write_text_atomic(snakemake.output.receipt,
                      json.dumps(receipt, ensure_ascii=False, indent=2) + "\n")
    log.info(f"edition {entry['edition']} is current")
