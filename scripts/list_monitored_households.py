"""Snakemake job: one XLSX per county with its monitored households, for the county's own
office (``nanjiang.monitoring.county_list``: 内部资料 不得公示, ids masked, incomes banded).

Only the monitored households of one county at a time are read into memory (DuckDB selects
them from the screened Parquet and joins the validated table back on the key for the columns
the screen does not write: household type, income), so 10 million screened households fit the
job's memory."""

from pathlib import Path

import duckdb

from nanjiang.monitoring.county_list import monitored_of, ranked, write_xlsx
from nanjiang.monitoring.summary import THRESHOLD
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    tag = snakemake.params.tag
    screened = str(snakemake.input.screened)
    validated = str(snakemake.input.validated)
    con = duckdb.connect(config={"threads": snakemake.threads})
    counties = [c for (c,) in con.execute(
        "SELECT DISTINCT county_code FROM read_parquet(?) ORDER BY county_code",
        [screened]).fetchall()]
    out = Path(snakemake.output[0])
    out.mkdir(parents=True, exist_ok=True)
    for county in counties:
        households = monitored_of(con, screened, validated, county)
        table = ranked(households)
        label = "SYNTHETIC 合成数据，非真实农户 · " if tag == "SYNTHETIC" else ""
        write_xlsx(table, out / f"{county}_monitored_{tag}.xlsx", f"{label}{county} 监测对象")
        # no count under 5 in what is printed (the log included)
        count = len(table) if len(table) >= THRESHOLD else f"fewer than {THRESHOLD}"
        log.info(f"{county}: {count} monitored households listed")
    con.close()
