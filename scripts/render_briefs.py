"""Snakemake job: the Markdown of one prefecture's brief, from the one template."""

import json
from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.data.loaders import load_derived, load_validated
from nanjiang.data.package import DataPackage
from nanjiang.text.briefs import audit_of_regions, build, provenance_sources, provenance_table
from nanjiang.text.map_notice import map_notice
from nanjiang.text.mdtext import escape
from nanjiang.text.templating import brief_template
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    package = DataPackage.load(Path(snakemake.input.package[0]).parent)
    raw = {Path(p).stem: load_validated(Path(p).stem, Path(p).parent)
           for p in snakemake.input.validated}
    derived = {Path(p).stem: load_derived(p) for p in snakemake.input.indicators}
    audit = audit_of_regions(package, raw, derived, snakemake.params.edition)
    template = brief_template(snakemake.input.template)
    region = snakemake.wildcards.region
    brief = build(region, snakemake.params.year, package, raw, derived, audit)
    # the masthead's items as printed, escaped as every text from outside the templates
    masthead = [escape(str(snakemake.params.masthead[k])) for k in ("issuer", "issue", "date")
                if snakemake.params.masthead.get(k)]
    text = template.render(name=brief.name, year=brief.year, masthead=masthead,
                           map_notice=escape(map_notice(snakemake.params.map_review_number)),
                           map=str(Path(snakemake.input.map).with_suffix("")),
                           provenance=provenance_table(brief.provenance),
                           provenance_sources=provenance_sources(brief.provenance),
                           **brief.sections)
    write_text_atomic(snakemake.output.markdown, text)
    # what each printed number is, for checks and for the change report
    write_text_atomic(snakemake.output.provenance,
                      json.dumps(brief.provenance.entries, ensure_ascii=False, indent=1) + "\n")
    log.info(f"wrote {snakemake.output.markdown}: {len(brief.provenance.entries)} numbers "
             "with their origin")
