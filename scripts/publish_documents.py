"""Snakemake job: move the staged documents of this build into report/build/,
all formats together (see nanjiang.publish.editions)."""

from pathlib import Path

from nanjiang.workflow.joblog import job_logging
from nanjiang.publish.editions import publish_together

snakemake = snakemake  # noqa: F821 (injected by Snakemake)

with job_logging(snakemake.log[0]) as log:
    staged = [Path(p) for p in [*snakemake.input.documents, *snakemake.input.briefs]]
    build = Path(snakemake.output.record).parent  # report/build/, beside staging/
    documents = {p: build / p.relative_to(build / "staging") for p in staged}
    entry = publish_together(documents, Path(snakemake.output.record),
                             {"year": snakemake.params.year},
                             snapshot=[Path(snakemake.input.markdown),
                                       *map(Path, snakemake.input.figures)])
    for path, info in entry["documents"].items():
        log.info(f"published {path} ({info['bytes']} bytes, sha256 {info['sha256']})")
