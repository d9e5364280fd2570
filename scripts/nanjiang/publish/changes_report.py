"""The change report of an edition, made when the edition is published.

It compares the documents about to be published with the edition their
label names as baseline (``nanjiang.publish.label``: the last edition of the
year, or config ``compare_to``): its record, and the text, cover and figures
kept in its ``snapshot/``. Made by the publish job itself, it can never
describe another pair of editions.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from nanjiang.publish.editions import RECORD, SNAPSHOT, made_when_published, sha256
from nanjiang.publish.label import chinese_date, plain_name
from nanjiang.text.changes import (
    before_after,
    compare,
    cover_changes,
    figure_changed,
    parse,
    render,
)

CHANGES = "changes.md"
PICTURES = "changes"  # the before | after pictures, beside changes.md


def documents_against(recorded: dict, documents: dict[str, Path], sources: dict | None = None,
                      recorded_sources: dict | None = None) -> dict:
    """The documents to publish (published name -> file) against an edition's
    record: added, dropped (not built any more) and changed. Every document
    counts: the report's formats, its tables workbook, briefs; a draft's
    (report-草稿.pdf) is the same document as a final's. Changed: made from
    other sources (``sources``, the fingerprints of the two labels), for
    every document prints its edition's label; by bytes where an edition has
    no such record (published before labels), and for the workbooks."""
    recorded = {plain_name(n): i for n, i in recorded.items() if not made_when_published(n)}
    documents = {plain_name(n): p for n, p in documents.items()}
    sources = {plain_name(n): f for n, f in (sources or {}).items()}
    recorded_sources = {plain_name(n): f for n, f in (recorded_sources or {}).items()}

    def changed(name: str) -> bool:
        if name in sources and name in recorded_sources:
            return sources[name] != recorded_sources[name]
        return recorded[name]["sha256"] != sha256(documents[name])
    return {"added": sorted(n for n in documents if n not in recorded),
            "dropped": sorted(n for n in recorded if n not in documents),
            "changed": sorted(n for n in documents if n in recorded and changed(n))}


def sources_against(label: dict, baseline_label: dict) -> list[str]:
    """The source files (templates, code, the data package) of this label
    that changed, came or went since the baseline's."""
    now, then = label.get("sources", {}), baseline_label.get("sources", {})
    if not then:
        return []  # a baseline labelled before sources were recorded
    return sorted(n for n in now.keys() | then.keys() if now.get(n) != then.get(n))


def write_change_report(baseline: Path | None, out: Path, *, label: dict, markdown: Path,
                        dated: Path, front: Path, figures: list[Path],
                        documents: dict[str, Path], fonts: dict, revisions: str = "") -> list[Path]:
    """Write ``out/changes.md`` and its pictures (``out/changes/*.png``) for
    ``documents`` (of the edition ``label``) against the ``baseline``
    edition (None: a first edition), ``revisions`` saying where the 修订
    copy is; return the files written."""
    snapshot = baseline / SNAPSHOT if baseline else None
    pictures = out / PICTURES
    about = (f"本次版本：{label['edition']}（报告年份 {label['year']}，"
             f"{chinese_date(label['date'])}）。")
    first = snapshot is None or not (snapshot / "report.md").exists()
    changes, shown, formats = None, [], {}
    if not first:
        record = json.loads((baseline / RECORD).read_text("utf-8"))
        made = record.get("label", {}).get("date")
        about += (f"比较对象：版本 {record.get('edition', '')}"
                  f"（报告年份 {record.get('year', '未记')}"
                  f"{'，' + chinese_date(made) if made else ''}）。")
        new = parse(markdown.read_text("utf-8"))
        changes = compare(parse((snapshot / "report.md").read_text("utf-8")), new)
        if (snapshot / "front.yaml").exists():
            changes.cover = cover_changes(
                yaml.safe_load((snapshot / "front.yaml").read_text("utf-8")),
                yaml.safe_load(front.read_text("utf-8")))
        else:  # an edition published before the cover was kept with it
            about += "该版本未存封面，封面未比较。"
        for png in figures:
            before = snapshot / "figures" / png.name
            if figure_changed(before, png):
                picture = None
                if before.exists():
                    before_after(before, png, pictures / png.name, fonts)
                    picture = f"{PICTURES}/{png.name}"
                shown.append((new.figures.get(png.stem, png.stem), picture))
        formats = documents_against(record.get("documents", {}), documents,
                                    label.get("documents"),
                                    record.get("label", {}).get("documents"))
        formats["sources"] = sources_against(label, record.get("label", {}))
    about += revisions
    stale = [d for d in json.loads(dated.read_text("utf-8")) if d["stale"]]
    (out / CHANGES).parent.mkdir(parents=True, exist_ok=True)
    (out / CHANGES).write_text(render(changes, shown, first, about, stale=stale,
                                      documents=formats), "utf-8")
    return [out / CHANGES, *sorted(pictures.glob("*.png"))]
