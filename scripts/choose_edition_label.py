"""Snakemake job: the label of the edition this build makes (report year,
version, date, data cut-off, the edition it is compared with), chosen
before the documents that print it (nanjiang.publish.label)."""

import json
from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.publish.label import (
    LabelError,
    build_date,
    choose_label,
    data_until,
    fingerprint,
    parts,
    published_name,
    source_digests,
)
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    build = Path(snakemake.output.label).parents[1]
    # every number the report prints, with its data year (rule render_markdown)
    provenance = next(Path(f) for f in snakemake.input.text if f.endswith(".provenance.json"))
    try:
        label = choose_label(
            build, year=snakemake.params.year,
            fingerprint=fingerprint(list(snakemake.input), snakemake.params.settings),
            documents=parts({name: list(files) for name, files in snakemake.input.items()},
                            snakemake.params.formats, snakemake.params.briefs,
                            snakemake.params.settings),
            sources=source_digests(list(snakemake.input)),
            compare_to=snakemake.params.compare_to,
            data_until=data_until(provenance), today=build_date())
    except LabelError as e:
        log.fail(str(e))
    # a draft says so on every page and in its file names; final: true refuses it
    draft = json.loads(next(Path(f) for f in snakemake.input.text
                            if f.endswith(".draft.json")).read_text("utf-8"))
    if draft:
        label["draft"] = [f"{r['text']}（{r['where']}）" for r in draft]
        # the documents as published: 草稿 in their names
        label["documents"] = {published_name(n, label): fp
                              for n, fp in label["documents"].items()}
        if snakemake.params.final:
            log.fail("config final: true, but this edition is a draft:\n  "
                     + "\n  ".join(label["draft"])
                     + "\nRevise or confirm these, or build without final: true (a draft, "
                     "marked 草稿 on every page and in the file names).")
    write_text_atomic(snakemake.output.label,
                      json.dumps(label, ensure_ascii=False, indent=2) + "\n")
    log.info(f"edition {label['edition']} of {label['date']}, compared with "
             f"{label['baseline'] or 'nothing (a first edition)'}")
