"""Snakemake job: the change report (report/build/staging/changes.md and its
before | after pictures), this build against the current edition; published
with the edition it describes."""

import json
from pathlib import Path

import yaml

from nanjiang.common.writefile import write_text_atomic
from nanjiang.publish.editions import RECORD, SNAPSHOT, sha256
from nanjiang.text.changes import (
    before_after,
    compare,
    cover_changes,
    figure_changed,
    parse,
    render,
)
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())


def documents_against(current: Path, staging: Path, documents: list[str]) -> dict:
    """The report's staged documents against the current edition's record:
    formats added, formats no longer built, and those whose bytes differ."""
    try:
        recorded = json.loads((current / RECORD).read_text("utf-8"))["documents"]
    except (OSError, ValueError, KeyError):
        return {}
    names = [str(Path(d).relative_to(staging)) for d in documents]
    report = [n for n in recorded if not n.startswith(("briefs/", "changes"))]
    return {"added": [n for n in names if n not in recorded],
            "dropped": [n for n in report if n not in names],
            "restyled": [n for n in names
                         if n in recorded and recorded[n]["sha256"] != sha256(staging / n)]}


with job_logging(snakemake.log[0]) as log:
    out = Path(snakemake.output.changes)
    images = Path(snakemake.output.pictures)
    images.mkdir(parents=True, exist_ok=True)
    current = Path(snakemake.params.current)  # the current edition
    published = current / SNAPSHOT
    new_md = Path(snakemake.input.markdown).read_text("utf-8")
    about = f"本次构建：报告年份 {snakemake.params.year}。"
    first = not (published / "report.md").exists()
    figures, formats = [], {}
    if not first:
        last = json.loads((current / RECORD).read_text("utf-8"))
        about += (f"比较对象：当前发布的版本 {last.get('edition', '')}"
                  f"（报告年份 {last.get('year', '未记')}）。")
        old, new = parse((published / "report.md").read_text("utf-8")), parse(new_md)
        changes = compare(old, new)
        front = yaml.safe_load(Path(snakemake.input.front).read_text("utf-8"))
        if (published / "front.yaml").exists():
            changes.cover = cover_changes(
                yaml.safe_load((published / "front.yaml").read_text("utf-8")), front)
        else:  # an edition published before the cover was kept with it
            about += "该版本未存封面，封面未比较。"
        for png in map(Path, snakemake.input.figures):
            before = published / "figures" / png.name
            if figure_changed(before, png):
                caption = new.figures.get(png.stem, png.stem)
                picture = None
                if before.exists():
                    before_after(before, png, images / png.name, snakemake.params.fonts)
                    picture = f"{images.name}/{png.name}"
                figures.append((caption, picture))
        formats = documents_against(current, out.parent, snakemake.input.documents)
    else:
        changes = None
    dated = json.loads(Path(snakemake.input.dated).read_text("utf-8"))
    write_text_atomic(out, render(changes, figures, first, about,
                                  stale=[d for d in dated if d["stale"]], documents=formats))
    log.info(f"wrote {out}")
