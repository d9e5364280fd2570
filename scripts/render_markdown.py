"""Snakemake job: render the chapter templates into report/build/work/report.md."""

from pathlib import Path

import yaml

from nanjiang.facts import resolve_facts
from nanjiang.jobs import job_logging
from nanjiang.rawdata import DataPackage
from nanjiang.report_tables import markdown_table
from nanjiang.tables import MissingYearError, load_validated, select_year
from nanjiang.templating import Report
from nanjiang.writefile import write_text_atomic

snakemake = snakemake  # noqa: F821 (injected by Snakemake)

with job_logging(snakemake.log[0]) as log:
    year = snakemake.params.year
    strict = snakemake.params.strict
    package = DataPackage.load("data/raw")
    raw = {Path(p).stem: load_validated(Path(p).stem) for p in snakemake.input.validated}
    facts = resolve_facts(raw.pop("facts"), raw)

    def table_maker(name):
        def make(label):
            try:
                df = select_year(raw[name], year, strict)
            except MissingYearError as e:
                log.fail(f"table '{name}': {e} (config: strict: true)")
            return markdown_table(package.resource(name), df, package.sources, label)

        return make

    figures = yaml.safe_load(Path(snakemake.input.figures_yaml).read_text("utf-8"))
    for fig_id, fig in figures.items():
        fig["path"] = f"{snakemake.params.figure_dir}/{fig_id}"
    report = Report(
        Path(snakemake.params.chapters),
        facts=facts,
        tables={name: table_maker(name) for name in raw},
        figures=figures,
        report_year=year,
    )
    markdown = report.render()
    write_text_atomic(snakemake.output.markdown, markdown)
    log.info(f"rendered {len(report.chapter_files)} chapters for {year}")
