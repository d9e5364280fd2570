"""The change report of an edition, made when the edition is published.

It compares the documents about to be published with the edition that is
current at that moment (``report/build/current``): its record, and the text,
cover and figures kept in its ``snapshot/``. Made by the publish job itself,
it can never describe another pair of editions (a change report made by an
earlier job compared with whatever edition was current then, and the
edition it would be published after may have changed since: a build of the
briefs only after a publication, an earlier state built again).
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from nanjiang.publish.editions import RECORD, SNAPSHOT, sha256
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


def documents_against(recorded: dict, documents: dict[str, Path]) -> dict:
    """The documents to publish (published name -> file) against an edition's
    record: added, dropped (not built any more) and changed in their bytes.
    Every document counts: the report's formats, its tables workbook, briefs."""
    recorded = {n: i for n, i in recorded.items() if not n.startswith("changes")}
    return {"added": sorted(n for n in documents if n not in recorded),
            "dropped": sorted(n for n in recorded if n not in documents),
            "changed": sorted(n for n in documents
                              if n in recorded and recorded[n]["sha256"] != sha256(documents[n]))}


def write_change_report(current: Path, out: Path, *, year: int, markdown: Path, dated: Path,
                        front: Path, figures: list[Path], documents: dict[str, Path],
                        fonts: dict) -> list[Path]:
    """Write ``out/changes.md`` and its pictures (``out/changes/*.png``) for
    ``documents`` against the ``current`` edition; return the files written."""
    snapshot = current / SNAPSHOT
    pictures = out / PICTURES
    about = f"本次构建：报告年份 {year}。"
    first = not (snapshot / "report.md").exists()
    changes, shown, formats = None, [], {}
    if not first:
        record = json.loads((current / RECORD).read_text("utf-8"))
        about += (f"比较对象：当前发布的版本 {record.get('edition', '')}"
                  f"（报告年份 {record.get('year', '未记')}）。")
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
        formats = documents_against(record.get("documents", {}), documents)
    stale = [d for d in json.loads(dated.read_text("utf-8")) if d["stale"]]
    (out / CHANGES).parent.mkdir(parents=True, exist_ok=True)
    (out / CHANGES).write_text(render(changes, shown, first, about, stale=stale,
                                      documents=formats), "utf-8")
    return [out / CHANGES, *sorted(pictures.glob("*.png"))]
