"""Snakemake job: one XLSX per county with its monitored households, ids masked."""

from pathlib import Path

import duckdb

from nanjiang.jobs import job_logging
from nanjiang.monitoring.county_list import ranked, write_xlsx

snakemake = snakemake  # noqa: F821 (injected by Snakemake)

with job_logging(snakemake.log[0]) as log:
    tag = snakemake.params.tag
    screened = duckdb.sql(f"SELECT * FROM read_parquet('{snakemake.input.screened}')").df()
    out = Path(snakemake.output[0])
    out.mkdir(parents=True, exist_ok=True)
    for county, households in screened.groupby("county_code"):
        table = ranked(households)
        label = "SYNTHETIC 合成数据，非真实农户 · " if tag == "SYNTHETIC" else ""
        write_xlsx(table, out / f"{county}_monitored_{tag}.xlsx", f"{label}{county} 监测对象")
        log.info(f"{county}: {len(table)} monitored households")
