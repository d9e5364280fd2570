"""Snakemake job: the data audit (data/derived/indicators/audit.csv)."""

from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.data.loaders import load_derived, load_validated
from nanjiang.data.package import DataPackage
from nanjiang.derive.audit import run_audit
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    package = DataPackage.load(Path(snakemake.input.package[0]).parent)
    tables = {
        Path(p).stem: load_validated(Path(p).stem, Path(p).parent)
        for p in snakemake.input.validated
    }
    # Facts may repeat a derived cell too (exits counted from 表 3-1).
    derived = {Path(p).stem: load_derived(p) for p in snakemake.input.indicators}
    audit = run_audit(package, tables, derived, snakemake.params.edition)
    write_text_atomic(snakemake.output[0], audit.to_csv(index=False, lineterminator="\n"))
    counts = audit["rule"].value_counts().to_dict()
    log.info(f"audit: {len(audit)} findings {counts}")
    for row in audit.itertuples():
        log.info(f"{row.rule}\t{row.table}\t{row.location}\t{row.detail}")
