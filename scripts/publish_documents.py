"""Snakemake job: this build's documents become the edition their label names
(report/build/editions/<year>-v<version>/), with the change report that says
what they change against its baseline (the last edition of the year, or
config compare_to), and are published by one switch of report/build/current
(see nanjiang.publish.editions); editions/index.html lists every edition."""

import json
import shutil
from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.documents.html import markdown_to_html
from nanjiang.documents.pandoc import edition_metadata
from nanjiang.documents.revisions import write_tracked_changes
from nanjiang.publish.built import not_as_built
from nanjiang.publish.changes_report import CHANGES, write_change_report
from nanjiang.publish.editions import (
    EDITIONS,
    REVISED,
    EditionConflict,
    publish_edition,
    republish,
    same_documents,
)
from nanjiang.publish.index import write_index
from nanjiang.publish.label import edition_day, published_name, read_label
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
    label = read_label(snakemake.input.label)
    # published names: a draft's carry 草稿 (report-草稿.pdf)
    documents = {published_name(str(p.relative_to(staging)), label): p for p in staged}
    docx = published_name("report.docx", label)
    revised = published_name(REVISED, label)
    # a staged document changed by hand after its job built it is never published
    tampered = not_as_built(snakemake.input.checksums)
    if tampered:
        log.fail("\n".join(tampered) + "\nNothing was published; the last edition stays current.")
    if same_documents(build / EDITIONS / label["edition"], documents):
        # a rerun that built an edition's documents again: it is published as it was
        entry = republish(build, label["edition"])
        log.info(f"the documents are those of the edition {entry['edition']}")
    else:
        # the change report against the label's baseline, made here so that it
        # always describes this pair of editions
        work = build / "work" / "changes"
        shutil.rmtree(work, ignore_errors=True)
        baseline = build / EDITIONS / label["baseline"] if label["baseline"] else None
        made = []
        # the 修订 copy: this DOCX with its changes since the baseline's as Word
        # tracked changes, for a reviewer who reads the DOCX
        old_docx = next((baseline / n for n in ("report.docx", "report-草稿.docx")
                         if baseline and (baseline / n).is_file()), None)
        if docx in documents and old_docx is not None:
            count = write_tracked_changes(
                old_docx, documents[docx], work / revised,
                author=f"课题组（{label['edition']}）", when=edition_day(label))
            made.append(work / revised)
            revisions = (f"修订稿 {revised}：本版本的 DOCX，相对于 {label['baseline']} 的 "
                         f"{count} 处改动以修订标记列出（在 Word 或 LibreOffice 中逐条接受"
                         "或拒绝）。")
            log.info(f"{revised}: {count} changes against {label['baseline']}")
        elif docx in documents and label["baseline"]:
            revisions = f"比较对象 {label['baseline']} 没有 DOCX，未生成修订稿。"
        else:
            revisions = ""
        report = made + write_change_report(
            baseline, work, label=label, revisions=revisions,
            markdown=Path(snakemake.input.markdown), dated=Path(snakemake.input.dated),
            front=Path(snakemake.input.front), figures=list(map(Path, snakemake.input.figures)),
            documents=documents, fonts=snakemake.params.fonts)
        if "html" in snakemake.params.formats:  # the change report as a page too
            meta = {"title": "本次更新的变化", "subtitle": snakemake.params.about, "author": "",
                    "date": "", "serif-font": snakemake.params.fonts["serif"],
                    "sans-font": snakemake.params.fonts["sans"], "toc-title": "目录"
                    } | edition_metadata(label)
            markdown_to_html(work / CHANGES, work / "changes.html", meta, resource_path=work)
            report.append(work / "changes.html")
        try:
            entry = publish_edition(
                build, label, documents,
                # what the next build's change report compares with
                snapshot=[Path(snakemake.input.markdown), Path(snakemake.input.front),
                          *map(Path, snakemake.input.figures)],
                changes={str(p.relative_to(work)): p for p in report},
            )
        except EditionConflict as e:
            log.fail(str(e))
    write_index(build)
    for name, info in entry["documents"].items():
        log.info(f"published {name} ({info['bytes']} bytes, sha256 {info['sha256']})")
    # the receipt (Snakemake may delete it before a rerun: the edition stays),
    # with what the edition was made from: tools/published.py checks it
    receipt = {**entry, "sources": snakemake.params.content}
    write_text_atomic(snakemake.output.receipt,
                      json.dumps(receipt, ensure_ascii=False, indent=2) + "\n")
    log.info(f"edition {entry['edition']} is current")
