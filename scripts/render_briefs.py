"""Snakemake job: the Markdown of every prefecture brief, from one template."""

import json
from pathlib import Path

from jinja2 import Environment, StrictUndefined

from nanjiang.briefs import audit_of_regions, build, provenance_sources, provenance_table
from nanjiang.jobs import job_logging
from nanjiang.loaders import load_derived, load_validated
from nanjiang.rawdata import DataPackage
from nanjiang.templating import ChapterLoader
from nanjiang.writefile import write_text_atomic

snakemake = snakemake  # noqa: F821 (injected by Snakemake)

with job_logging(snakemake.log[0]) as log:
    package = DataPackage.load(Path(snakemake.input.package[0]).parent)
    raw = {Path(p).stem: load_validated(Path(p).stem, Path(p).parent)
           for p in snakemake.input.validated}
    derived = {Path(p).stem: load_derived(p) for p in snakemake.input.indicators}
    audit = audit_of_regions(package, raw, derived, snakemake.params.edition)
    template = Environment(
        # (reads pandoc's {#id} attributes as text, not as Jinja comments)
        loader=ChapterLoader(str(Path(snakemake.input.template).parent)),
        undefined=StrictUndefined, keep_trailing_newline=True,
    ).get_template(Path(snakemake.input.template).name)
    for region, out, figure, record in zip(snakemake.params.regions, snakemake.output.markdown,
                                           snakemake.input.maps, snakemake.output.provenance,
                                           strict=True):
        brief = build(region, snakemake.params.year, package, raw, derived, audit)
        text = template.render(name=brief.name, year=brief.year,
                               map=str(Path(figure).with_suffix("")),
                               provenance=provenance_table(brief.provenance),
                               provenance_sources=provenance_sources(brief.provenance),
                               **brief.sections)
        write_text_atomic(out, text)
        # what each printed number is, for checks and for the change report
        write_text_atomic(record, json.dumps(brief.provenance.entries, ensure_ascii=False,
                                             indent=1) + "\n")
        log.info(f"wrote {out}: {len(brief.provenance.entries)} numbers with their origin")
