"""Snakemake job: this build's documents become an edition of their own
(report/build/editions/<year>-<hash>/) and are published by one switch of
report/build/current (see nanjiang.publish.editions)."""

import json
from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.publish.built import not_as_built
from nanjiang.publish.editions import publish_edition
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
    # a staged document changed by hand after its job built it is never published
    tampered = not_as_built(snakemake.input.checksums)
    if tampered:
        log.fail("\n".join(tampered) + "\nNothing was published; the last edition stays current.")
    # the change report, its page and pictures: published with the edition it describes
    report_of_changes = [Path(p) for p in [snakemake.input.changes, *snakemake.input.changes_html]]
    report_of_changes += sorted(Path(snakemake.input.pictures).glob("*.png"))
    entry = publish_edition(
        build,
        snakemake.params.year,
        {str(p.relative_to(staging)): p for p in staged},
        # what the next build's change report compares with
        snapshot=[Path(snakemake.input.markdown), Path(snakemake.input.front),
                  *map(Path, snakemake.input.figures)],
        changes={str(p.relative_to(staging)): p for p in report_of_changes},
    )
    for name, info in entry["documents"].items():
        log.info(f"published {name} ({info['bytes']} bytes, sha256 {info['sha256']})")
    # the receipt (Snakemake may delete it before a rerun: the edition stays),
    # with what the edition was made from: tools/published.py checks it
    receipt = {**entry, "sources": snakemake.params.content}
    write_text_atomic(snakemake.output.receipt,
                      json.dumps(receipt, ensure_ascii=False, indent=2) + "\n")
    log.info(f"edition {entry['edition']} is current")
