"""Snakemake job: report/build/changes.md, this build against the last publication."""

import json
from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.text.changes import before_after, compare, figure_changed, parse, render
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    out = Path(snakemake.output.changes)
    published = Path(snakemake.params.published)
    new_md = Path(snakemake.input.markdown).read_text("utf-8")
    record = out.parent / "publication.json"
    about = f"本次构建：报告年份 {snakemake.params.year}。"
    first = not (published / "report.md").exists()
    figures = []
    if not first:
        last = json.loads(record.read_text("utf-8")) if record.exists() else {}
        about += f"比较对象：上次发布的版本（报告年份 {last.get('year', '未记')}）。"
        old, new = parse((published / "report.md").read_text("utf-8")), parse(new_md)
        changes = compare(old, new)
        images = out.parent / "changes"
        for png in map(Path, snakemake.input.figures):
            before = published / "figures" / png.name
            if figure_changed(before, png):
                caption = new.figures.get(png.stem, png.stem)
                picture = None
                if before.exists():
                    before_after(before, png, images / png.name, snakemake.params.fonts)
                    picture = f"changes/{png.name}"
                figures.append((caption, picture))
    else:
        changes = None
    dated = json.loads(Path(snakemake.input.dated).read_text("utf-8"))
    write_text_atomic(out, render(changes, figures, first, about,
                                  stale=[d for d in dated if d["stale"]]))
    log.info(f"wrote {out}")
