"""Snakemake job: render the chapter templates into report/build/work/report.md."""

import json
import sys
from pathlib import Path

import pandas as pd

from nanjiang.common.writefile import write_text_atomic
from nanjiang.data.loaders import load_derived, load_validated
from nanjiang.data.package import DataPackage
from nanjiang.derive.facts import resolve_facts
from nanjiang.derive.indicators.catalog import RAW_INPUTS
from nanjiang.figures.catalog import FIGURES
from nanjiang.figures.catalog_charts import FIGURES as NEW_FIGURES
from nanjiang.figures.printsize import markdown_width
from nanjiang.text.draft import draft_reasons
from nanjiang.text.editorial import (
    DEVIATION_COLUMNS,
    ERRATA_COLUMNS,
    audit_findings,
    errata_table,
    read_decisions,
    read_list,
    sources_list,
)
from nanjiang.text.map_notice import map_notice
from nanjiang.text.numbering import report_table_text
from nanjiang.text.provenance import ProvenanceLog
from nanjiang.text.report_tables import MissingYearError, markdown_table, prepare
from nanjiang.text.templating import Report
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    year = snakemake.params.year
    strict = snakemake.params.strict
    package = DataPackage.load(Path(snakemake.input.package[0]).parent)
    raw = {Path(p).stem: load_validated(Path(p).stem, Path(p).parent)
           for p in snakemake.input.validated}
    # Facts may repeat a raw table's cell or a derived one (exits counted from 表 3-1).
    derived = {Path(p).stem: load_derived(p) for p in snakemake.input.indicators}
    edition = snakemake.params.edition
    facts = resolve_facts(raw.pop("facts"), {**raw, **derived}, year, package, edition)

    gaps: list[str] = []  # tables printed as a stated gap (data start after the year)
    carried: list[dict] = []  # regions a table keeps from an earlier year

    def table_maker(name):
        def make(label):
            try:
                data = prepare(package.resource(name), raw[name], package, year, strict)
            except MissingYearError as e:
                log.fail(f"table '{name}' ({label.text}): {e} (config year: {year})")
            if data.gap:
                gaps.append(name)
                log.info(f"table '{name}' ({label.text}): {data.gap}")
            for region, region_year in data.carried:
                carried.append({"table": name, "label": label.text, "region": region,
                                "year": region_year, "shown_year": data.data_years[0]})
            return markdown_table(data, label)

        return make

    # printed at the size drawn (1:1), at most the text width
    figure_dir = Path(snakemake.input.figures[0]).parent
    figures = {
        fig_id: {
            "path": str(figure_dir / fig_id),
            "caption": spec.caption,
            "source": spec.source,
            "width": markdown_width(figure_dir / f"{fig_id}.svg"),
            # what the caption takes from the data drawn (its period, sources)
            "fields": json.loads((figure_dir / f"{fig_id}.fields.json").read_text("utf-8")),
        }
        for fig_id, spec in FIGURES.items()
    }
    audit = pd.read_csv(snakemake.input.audit, dtype=str, keep_default_na=False)
    # 附录二 lists the sources of the data up to the report year: rows of a
    # later year (added for the next edition) are not cited by this one
    used_sources = {s for df in raw.values() for s in df.loc[df["year"] <= year, "source_id"]}
    tables = {name: table_maker(name) for name in raw}
    # the audit names tables by key: numbered as this report numbers them
    tables["data_audit"] = lambda label: audit_findings(audit, label, lambda key: (
        report_table_text(key, report.labels, package.resource(key).get("seed_table"))))
    tables["data_sources"] = lambda label: sources_list(package.sources, used_sources, label)
    errata = read_list(snakemake.input.errata, ERRATA_COLUMNS)
    tables["errata"] = lambda label: errata_table(errata, label, edition)
    report = Report(
        Path(snakemake.input.templates[0]).parent,
        facts=facts,
        tables=tables,
        figures=figures,
        report_year=year,
        stop_on_stale=snakemake.params.stale_statements == "stop",
        errata=errata,
        edition=edition,
        deviations=read_list(snakemake.input.deviations, DEVIATION_COLUMNS),
        new_figures=list(NEW_FIGURES),
        gaps=gaps,
        typo_decisions=read_decisions(snakemake.input.typo_decisions),
        map_notice=map_notice(snakemake.params.map_review_number),
    )
    report.env.globals["html_edition"] = snakemake.params.html_edition
    # 附录四 in print: rendered last, when every number of the text is logged
    tables["provenance_summary"] = lambda label: report.provenance.summary(
        report.chapter_titles, label)
    report.provenance = ProvenanceLog(
        package, RAW_INPUTS,
        lambda t: report.labels[t].text if t in report.labels else None)
    markdown = report.render()
    write_text_atomic(snakemake.output.markdown, markdown)
    write_text_atomic(snakemake.output.provenance, json.dumps(
        report.provenance.entries, ensure_ascii=False, indent=1) + "\n")
    write_text_atomic(snakemake.output.dated, json.dumps(
        report.dated_statements, ensure_ascii=False, indent=1) + "\n")
    stale = [d for d in report.dated_statements if d["stale"]]
    # what makes this text a draft (rule edition_label prints it so)
    draft = draft_reasons(sources=package.sources, used_sources=used_sources,
                          dated=report.dated_statements,
                          chapters=Path(snakemake.input.templates[0]).parent, carried=carried)
    write_text_atomic(snakemake.output.draft, json.dumps(draft, ensure_ascii=False,
                                                         indent=1) + "\n")
    if stale:  # said where the analyst looks: the build's output and changes.md
        print(f"{len(stale)} dated statement(s) of the text are older than {year}: "
              "listed for revision in report/build/changes.md", file=sys.stderr)
    log.info(f"rendered {len(report.chapter_files)} chapters for {year}")
