"""Snakemake job: the tables of the report (report-tables.xlsx) or of a
brief (briefs/<code>-tables.xlsx) as one workbook, one sheet per table as
the rendered Markdown prints it (nanjiang.documents.tables_workbook)."""

import datetime as dt
import json
import re
from pathlib import Path

import yaml

from nanjiang.common.epoch import source_date_epoch
from nanjiang.common.writefile import write_bytes_atomic
from nanjiang.data.package import DataPackage
from nanjiang.documents.tables_workbook import read_tables, workbook_bytes
from nanjiang.publish.built import record_built
from nanjiang.text.mdtext import plain_text
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    markdown = Path(snakemake.input.markdown).read_text("utf-8")
    package = (DataPackage.load(Path(snakemake.input.package[0]).parent)
               if hasattr(snakemake.input, "package") else None)

    def indicator_unit(table: str, indicator: str) -> str:
        if package is None:
            return ""
        try:
            return package.indicators(table).get(indicator, {}).get("unit", "")
        except KeyError:
            return ""

    # the units the 数据出处 prints after its numbers (16 个); a brief's
    # numbers ({.num #n12}) are its entries, in order
    provenance = json.loads(Path(snakemake.input.provenance).read_text("utf-8"))
    units = {e["unit"] for e in provenance if e["unit"]}
    numbered = provenance if getattr(snakemake.params, "numbered", False) else []
    tables = read_tables(markdown, indicator_unit, units, numbered)
    if hasattr(snakemake.input, "front"):
        title = yaml.safe_load(Path(snakemake.input.front).read_text("utf-8"))["title"]
    else:  # a brief: its heading
        title = plain_text(re.sub(r"\s*\{#[^}]*\}\s*$", "", markdown.split("\n", 1)[0][2:]))
    when = dt.datetime.fromtimestamp(source_date_epoch(), dt.UTC).replace(tzinfo=None)
    write_bytes_atomic(snakemake.output.xlsx, workbook_bytes(
        tables, f"{title}（{snakemake.params.year} 年）：表格", when))
    record_built(snakemake.output.checksums, snakemake.output.xlsx)
    log.info(f"wrote {snakemake.output.xlsx}: {len(tables)} tables "
             f"({', '.join(t.sheet_name for t in tables)})")
