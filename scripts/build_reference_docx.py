"""Snakemake job: write the DOCX reference document (styles for pandoc)."""

import datetime as dt

from nanjiang.common.epoch import source_date_epoch
from nanjiang.common.writefile import write_bytes_atomic
from nanjiang.common.zipdates import with_fixed_dates
from nanjiang.documents.reference_docx import build_reference_docx
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())


with job_logging(snakemake.log[0]) as log:
    # (the 监测预警简报's reference document carries a header on every page: SYNTHETIC)
    header = getattr(snakemake.params, "header", None)
    write_bytes_atomic(snakemake.output[0], with_fixed_dates(
        build_reference_docx(header),
        # pandoc copies some entries into report.docx as they are
        dt.datetime.fromtimestamp(source_date_epoch(), dt.UTC).replace(tzinfo=None)))
    log.info(f"wrote {snakemake.output[0]}")
