"""Snakemake job: write the DOCX reference document (styles for pandoc)."""

import io
import time
import zipfile

from nanjiang.common.epoch import source_date_epoch
from nanjiang.common.writefile import write_bytes_atomic
from nanjiang.documents.reference_docx import build_reference_docx
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())


def with_fixed_dates(docx: bytes) -> bytes:
    """python-docx stamps zip entries with the wall clock and pandoc copies
    some entries into report.docx as they are: fix them at SOURCE_DATE_EPOCH,
    so the report does not depend on when (or on which node) this job ran."""
    epoch = source_date_epoch()
    stamp = time.gmtime(epoch)[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


with job_logging(snakemake.log[0]) as log:
    # (the 监测预警简报's reference document carries a header on every page: SYNTHETIC)
    header = getattr(snakemake.params, "header", None)
    write_bytes_atomic(snakemake.output[0], with_fixed_dates(build_reference_docx(header)))
    log.info(f"wrote {snakemake.output[0]}")
