"""Snakemake job: every fact's link (``compares_to``) names an existing table
cell, checked once all tables are valid."""

import csv
from pathlib import Path

from nanjiang.common.errors import DataValidationError
from nanjiang.common.writefile import write_text_atomic
from nanjiang.data.crosscheck import fact_link_problems
from nanjiang.data.package import DataPackage
from nanjiang.data.validation import validate_table
from nanjiang.workflow.joblog import job_logging

snakemake = snakemake  # noqa: F821 (injected by Snakemake)


def cells_of(path: Path) -> set[tuple]:
    with path.open(encoding="utf-8", newline="") as fh:
        return {(r["indicator"], r["region_code"], int(r["year"])) for r in csv.DictReader(fh)}


with job_logging(snakemake.log[0]) as log:
    package = DataPackage.load(Path(snakemake.input.package[0]).parent)
    # the raw facts again, for the line numbers of their links
    facts = validate_table(package, "facts", snakemake.input.facts)
    cells = {Path(p).stem: cells_of(Path(p)) for p in snakemake.input.validated
             if Path(p).stem != "facts"}
    problems = fact_link_problems(package, facts, cells, set(snakemake.params.indicators))
    if problems:
        log.fail(DataValidationError(problems).render())
    linked = sum(1 for f in facts if f.cells.get("compares_to"))
    write_text_atomic(snakemake.output[0], f"{linked} links of {len(facts)} facts checked\n")
    log.info(f"{linked} links checked")
