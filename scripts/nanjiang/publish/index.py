"""``report/build/editions/index.html``: every edition kept, newest first,
with its label, the edition it was compared with and links to its
documents and change report. Rewritten by every publication (from the
editions' records alone, so the same editions give the same page)."""

from __future__ import annotations

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from nanjiang.common.writefile import write_text_atomic
from nanjiang.publish.editions import EDITIONS, RECORD
from nanjiang.publish.label import chinese_date, current_edition, plain_name

TEMPLATE = Path("report/templates/editions/index.html.j2")
INDEX = "index.html"
# the documents a reader opens first, in this order; the rest are counted
MAIN = {"report.pdf": "PDF", "report.docx": "DOCX", "report-修订.docx": "修订稿 DOCX",
        "html/index.html": "HTML", "report-tables.xlsx": "表格工作簿"}
CHANGES = {"changes.html": "变化说明", "changes.md": "变化说明（Markdown）"}


def edition_rows(build: Path) -> list[dict]:
    """One row per edition folder with a record, newest first: labelled
    editions by year and version; folders of the layout before versions last."""
    current = current_edition(build)
    rows = []
    for record in (build / EDITIONS).glob(f"*/{RECORD}"):
        try:
            entry = json.loads(record.read_text("utf-8"))
        except (OSError, ValueError):
            continue
        label = entry.get("label") or {}
        # a draft's names carry 草稿: found by their final names
        names = {plain_name(n): n for n in entry.get("documents", {})}
        rows.append({
            "edition": entry.get("edition", record.parent.name),
            "year": entry.get("year"),
            "version": label.get("version"),
            "date": chinese_date(label["date"]) if label.get("date") else "",
            "data_until": f"{label['data_until']} 年" if label.get("data_until") else "",
            "baseline": label.get("baseline") or ("" if label else "（未记）"),
            "current": record.parent.name == current,
            "draft": bool(label.get("draft")),
            "documents": [(f"{record.parent.name}/{names[n]}", t) for n, t in MAIN.items()
                          if n in names],
            "changes": [(f"{record.parent.name}/{names[n]}", t) for n, t in CHANGES.items()
                        if n in names][:1],
            "briefs": sorted((f"{record.parent.name}/{names[n]}", Path(n).stem) for n in names
                             if n.startswith("briefs/") and n.endswith(".pdf")),
        })
    return sorted(rows, key=lambda r: (r["version"] is not None, r["year"] or 0,
                                       r["version"] or 0, r["edition"]), reverse=True)


def write_index(build: Path, template: Path = TEMPLATE) -> Path:
    env = Environment(loader=FileSystemLoader(template.parent),
                      autoescape=select_autoescape(["html", "j2"]),
                      keep_trailing_newline=True)
    page = env.get_template(template.name).render(rows=edition_rows(build))
    out = build / EDITIONS / INDEX
    write_text_atomic(out, page)
    return out
