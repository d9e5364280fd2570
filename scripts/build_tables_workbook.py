"""Snakemake job: the report's tables as one workbook (report-tables.xlsx),
one sheet per table as the rendered report prints it
(nanjiang.documents.tables_workbook)."""

import datetime as dt
import json
from pathlib import Path

import yaml

from nanjiang.common.epoch import source_date_epoch
from nanjiang.common.writefile import write_bytes_atomic
from nanjiang.data.package import DataPackage
from nanjiang.documents.tables_workbook import read_tables, workbook_bytes
from nanjiang.publish.built import record_built
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    package = DataPackage.load(Path(snakemake.input.package[0]).parent)

    def indicator_unit(table: str, indicator: str) -> str:
        try:
            return package.indicators(table).get(indicator, {}).get("unit", "")
        except KeyError:
            return ""

    # the units 附录四 prints after its numbers (16 个)
    provenance = json.loads(Path(snakemake.input.provenance).read_text("utf-8"))
    units = {e["unit"] for e in provenance if e["unit"]}
    tables = read_tables(Path(snakemake.input.markdown).read_text("utf-8"), indicator_unit,
                         units)
    front = yaml.safe_load(Path(snakemake.input.front).read_text("utf-8"))
    when = dt.datetime.fromtimestamp(source_date_epoch(), dt.UTC).replace(tzinfo=None)
    write_bytes_atomic(snakemake.output.xlsx, workbook_bytes(
        tables, f"{front['title']}（{snakemake.params.year} 年）：表格", when))
    record_built(snakemake.output.checksums, snakemake.output.xlsx)
    log.info(f"wrote {snakemake.output.xlsx}: {len(tables)} tables "
             f"({', '.join(t.sheet_name for t in tables)})")
