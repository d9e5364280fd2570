"""Snakemake job: this build's documents become an edition of their own
(report/build/editions/<year>-<hash>/) and are published by one switch of
report/build/current (see nanjiang.publish.editions)."""

import json
from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.publish.editions import publish_edition
from nanjiang.workflow.joblog import job_logging

snakemake = snakemake  # noqa: F821 (injected by Snakemake)

with job_logging(snakemake.log[0]) as log:
    staging = Path(snakemake.params.staging)
    staged = [Path(p) for p in [*snakemake.input.documents, *snakemake.input.briefs]]
    entry = publish_edition(
        Path(snakemake.params.build),
        snakemake.params.year,
        {str(p.relative_to(staging)): p for p in staged},
        # what the next build's change report compares with
        snapshot=[Path(snakemake.input.markdown), *map(Path, snakemake.input.figures)],
    )
    for name, info in entry["documents"].items():
        log.info(f"published {name} ({info['bytes']} bytes, sha256 {info['sha256']})")
    # the receipt (Snakemake may delete it before a rerun: the edition stays)
    write_text_atomic(snakemake.output.receipt,
                      json.dumps(entry, ensure_ascii=False, indent=2) + "\n")
    log.info(f"edition {entry['edition']} is current")
