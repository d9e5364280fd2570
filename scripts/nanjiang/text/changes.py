"""What a build changed against the last published report: the change report.

An analyst reads it before sending an update out. It compares the report's
Markdown (the text the PDF and DOCX are made from) and figures with the
snapshot kept with the current edition (``report/build/current/snapshot/``):

* prose: sentences are aligned per chapter with their numbers masked, so a
  sentence whose wording stayed and whose numbers moved is listed as
  "old → new" for each number; sentences added or removed are listed too;
* tables (by their stable id ``{#tbl-…}``): every cell that changed, by row
  label and column header;
* captions of tables and figures (a table's title comes from
  ``datapackage.yaml``), and the cover (``report/front.yaml``, kept in the
  snapshot too);
* figures: every figure whose image changed, with a small before | after
  picture;
* and every document (the report's formats, its tables workbook, the
  briefs) added, dropped or changed in its bytes against the current
  edition's record: a template, a style or a brief changed alone is said too.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from nanjiang.text.mdtext import escape_inline as e
from nanjiang.text.mdtext import plain_text

NUMBER = re.compile(r"\d+(?:\.\d+)?")
_CELL_BORDER = re.compile(r"(?<!\\)\|")
_SENTENCE_END = re.compile(r"(?<=[。！？；])")


def _plain(text: str) -> str:
    return plain_text(text)


@dataclass
class Document:
    """The parts of a report's Markdown that the change report compares."""

    sentences: dict[str, list[str]] = field(default_factory=dict)  # chapter -> sentences
    tables: dict[str, dict] = field(default_factory=dict)  # id -> {caption, cells}
    figures: dict[str, str] = field(default_factory=dict)  # id -> caption


def parse(markdown: str) -> Document:
    doc = Document()
    chapter = "（卷首）"
    table_lines: list[str] = []
    for line in markdown.splitlines():
        if line.startswith("# "):  # its attributes ({ #appendix-provenance }) aside
            chapter = _plain(re.sub(r"\s*\{[^{}]*\}\s*$", "", line[2:]))
            continue
        if line.startswith("|"):
            table_lines.append(line)
            continue
        caption = re.match(r"^: (.+?) \{#(tbl-[^}\s]+)", line)
        if caption and table_lines:
            doc.tables[caption.group(2)] = {"caption": _plain(caption.group(1)),
                                            "cells": _cells(table_lines)}
            table_lines = []
            continue
        if line.strip():
            table_lines = []  # a table's caption follows it, blank lines between
        figure = re.match(r"^!\[(.+?)\]\([^)]*\)\{#fig-([^}\s]+)", line)
        if figure:
            doc.figures[figure.group(2)] = _plain(figure.group(1))
            continue
        if not line.strip() or line.startswith((":::", "#", "[^", "```")):
            continue
        for sentence in _SENTENCE_END.split(_plain(line)):
            if sentence.strip():
                doc.sentences.setdefault(chapter, []).append(sentence.strip())
    return doc


def _cells(lines: list[str]) -> dict:
    rows = [[_plain(c) for c in _CELL_BORDER.split(line.strip().strip("|"))] for line in lines]
    rows = [r for r in rows if not all(re.fullmatch(r":?-+:?", c) for c in r)]
    return {"header": rows[0] if rows else [], "rows": rows[1:]}


def _serial(rows: list[list[str]]) -> bool:
    """The first column only numbers the rows (序号 1, 2, …): not a label."""
    return bool(rows) and [r[0] for r in rows] == [str(i) for i in range(1, len(rows) + 1)]


def _row_changes(caption: str, a: dict, b: dict) -> tuple[list, list, list]:
    """(changed cells, rows added, rows removed), rows aligned by content."""
    skip = 1 if _serial(a["rows"]) or _serial(b["rows"]) else 0

    def key(row):
        return tuple(row[skip:]) if skip else (row[0],) if row else ()

    cells, added, removed = [], [], []
    matcher = difflib.SequenceMatcher(None, [key(r) for r in a["rows"]],
                                      [key(r) for r in b["rows"]], autojunk=False)
    header = b["header"]
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        pairs = list(zip(a["rows"][i1:i2], b["rows"][j1:j2], strict=False))
        if op == "equal" or (op == "replace" and i2 - i1 == j2 - j1):
            for old, new in pairs:
                label = new[0] if not skip else "；".join(new[1:3])
                for column, x, y in zip(header[1:], old[1:], new[1:], strict=False):
                    if x != y:
                        cells.append((caption, label, column, x, y))
        else:
            removed += [(caption, " | ".join(r)) for r in a["rows"][i1:i2]]
            added += [(caption, " | ".join(r)) for r in b["rows"][j1:j2]]
    return cells, added, removed


@dataclass
class Changes:
    numbers: list[tuple[str, str, str, str]] = field(default_factory=list)  # ch, old, new, sentence
    reworded: list[tuple[str, str, str]] = field(default_factory=list)  # ch, old, new
    added: list[tuple[str, str]] = field(default_factory=list)
    removed: list[tuple[str, str]] = field(default_factory=list)
    # table caption, row label, column header, old, new
    cells: list[tuple[str, str, str, str, str]] = field(default_factory=list)
    rows_added: list[tuple[str, str]] = field(default_factory=list)  # table caption, row
    rows_removed: list[tuple[str, str]] = field(default_factory=list)
    tables_added: list[str] = field(default_factory=list)
    tables_removed: list[str] = field(default_factory=list)
    captions: list[tuple[str, str]] = field(default_factory=list)  # old, new
    cover: list[tuple[str, str, str]] = field(default_factory=list)  # label, old, new

    def __bool__(self) -> bool:
        return any(vars(self).values())


def _mask(sentence: str) -> str:
    return NUMBER.sub("#", sentence)


def compare(old: Document, new: Document) -> Changes:
    out = Changes()
    for chapter in dict.fromkeys([*old.sentences, *new.sentences]):
        a, b = old.sentences.get(chapter, []), new.sentences.get(chapter, [])
        matcher = difflib.SequenceMatcher(None, [_mask(s) for s in a], [_mask(s) for s in b],
                                          autojunk=False)
        for op, i1, i2, j1, j2 in matcher.get_opcodes():
            if op == "equal":
                for s_old, s_new in zip(a[i1:i2], b[j1:j2], strict=True):
                    if s_old != s_new:
                        pairs = zip(NUMBER.findall(s_old), NUMBER.findall(s_new), strict=True)
                        moved = [(x, y) for x, y in pairs if x != y]
                        out.numbers += [(chapter, x, y, s_new) for x, y in moved]
            elif op == "replace" and i2 - i1 == j2 - j1:
                out.reworded += [(chapter, x, y) for x, y in zip(a[i1:i2], b[j1:j2], strict=True)]
            else:
                out.removed += [(chapter, s) for s in a[i1:i2]]
                out.added += [(chapter, s) for s in b[j1:j2]]
    for table in dict.fromkeys([*old.tables, *new.tables]):
        if table not in new.tables:
            out.tables_removed.append(old.tables[table]["caption"])
            continue
        if table not in old.tables:
            out.tables_added.append(new.tables[table]["caption"])
            continue
        if old.tables[table]["caption"] != new.tables[table]["caption"]:
            out.captions.append((old.tables[table]["caption"], new.tables[table]["caption"]))
        cells, added, removed = _row_changes(new.tables[table]["caption"],
                                             old.tables[table]["cells"],
                                             new.tables[table]["cells"])
        out.cells += cells
        out.rows_added += added
        out.rows_removed += removed
    out.captions += [(old.figures[f], new.figures[f]) for f in new.figures
                     if f in old.figures and old.figures[f] != new.figures[f]]
    return out


COVER_LABELS = {"category": "项目类别", "title": "题目", "title_lines": "封面题目分行",
                "leader": "负责人", "approval_number": "批准号"}


def cover_changes(old: dict, new: dict) -> list[tuple[str, str, str]]:
    """(label, old, new) of each cover field (``report/front.yaml``) that changed."""
    def shown(value) -> str:
        return "／".join(map(str, value)) if isinstance(value, list) else (
            "（无）" if value is None else str(value))

    return [(COVER_LABELS.get(k, k), shown(old.get(k)), shown(new.get(k)))
            for k in dict.fromkeys([*old, *new]) if old.get(k) != new.get(k)]


def render(changes: Changes | None, figures: list[tuple[str, str | None]], first: bool,
           about: str, stale: list[dict] = (), documents: dict | None = None) -> str:
    """The change report as Markdown. ``figures``: (caption, before|after image
    path relative to the report, or None) of each changed figure; ``stale``:
    dated statements of the text older than the report year; ``documents``:
    every document against the baseline edition's (``added``, ``dropped``,
    ``changed``; ``sources``: source files that changed;
    nanjiang.publish.changes_report)."""
    lines = ["# 本次更新的变化", "", about, ""]
    statements = [d for d in stale if d.get("kind") != "number"]
    numbers = [d for d in stale if d.get("kind") == "number"]
    if statements:
        lines += [f"## 待编辑修订的时效性语句（{len(statements)}）", "",
                  "以下语句陈述的是某一时点的情况，报告年份已晚于该时点；请修订，或在模板中"
                  "确认其仍然成立（dated(..., confirmed=年份)）。", ""]
        lines += [f"- {e(d['chapter'])}（截至 {e(d['as_of'])}）：“{e(d['text'].strip())}”"
                  for d in statements]
        lines.append("")
    if numbers:
        lines += [f"## 待编辑核对的数字（{len(numbers)}）", "",
                  "以下数字是原文按当年数据得出的（差距、倍数等），同一句中的其他数字已随报告年份"
                  "更新为较新年份的数据；请按新数据改写，或在 data/raw/facts.csv 中把它与所据的"
                  "表格单元格关联（compares_to）。", ""]
        lines += [f"- {e(d['chapter'])}：{e(d['value'])}（原文所据 {e(d['as_of'])} 年数据）："
                  f"“{e(d['text'].strip())}”" for d in numbers]
        lines.append("")
    if first:
        return "\n".join(lines + ["首次发布（first edition）：尚无已发布的版本可比较。", ""])
    documents = documents or {}
    for key, title in (("added", "新发布的文档"), ("dropped", "不再发布的文档"),
                       ("changed", "有变化的文档"), ("sources", "有变化的来源文件")):
        if documents.get(key):
            lines += [f"## {title}（{len(documents[key])}）", "",
                      *(f"- {e(name)}" for name in documents[key]), ""]
    if not changes and not figures:
        same = "与上次发布的版本相比，报告的正文、表格、图、标题和封面均无变化"
        if documents.get("changed"):  # a template, a style, a brief: see the list above
            return "\n".join(lines + [f"{same}；上列文档有变化（排版、简报或表格工作簿），"
                                      "请逐一查看。", ""])
        rest = "其余文档" if documents.get("added") or documents.get("dropped") else "文档"
        # a new version all the same: say why (every document prints its label)
        why = ("新版本是因为上列来源文件有变化，它们未改变文档的内容" if documents.get("sources")
               else "新版本是因为设置有变化（如比较对象 compare_to）")
        return "\n".join(lines + [f"{same}，{rest}除版本标注外与上次发布的相同；{why}。",
                                  ""])

    def section(title: str, rows: list[str]) -> None:
        if rows:
            lines.extend([f"## {title}（{len(rows)}）", "", *rows, ""])

    # every text from the report's data escaped: the page is rendered as HTML too
    section("正文数字", [f"- {e(ch)}：{e(old)} → {e(new)}（“{e(s)}”）"
                         for ch, old, new, s in changes.numbers])
    section("改写的句子", [f"- {e(ch)}：“{e(o)}” → “{e(n)}”" for ch, o, n in changes.reworded])
    section("新增的句子", [f"- {e(ch)}：“{e(s)}”" for ch, s in changes.added])
    section("删去的句子", [f"- {e(ch)}：“{e(s)}”" for ch, s in changes.removed])
    section("表格单元格", [f"- {e(t)}，{e(r)} × {e(c)}：{e(o)} → {e(n)}"
                           for t, r, c, o, n in changes.cells])
    section("表格新增的行", [f"- {e(t)}：{e(r)}" for t, r in changes.rows_added])
    section("表格删去的行", [f"- {e(t)}：{e(r)}" for t, r in changes.rows_removed])
    section("封面", [f"- {e(k)}：{e(o)} → {e(n)}" for k, o, n in changes.cover])
    section("标题", [f"- “{e(o)}” → “{e(n)}”" for o, n in changes.captions])
    section("新增的表", [f"- {e(t)}" for t in changes.tables_added])
    section("删去的表", [f"- {e(t)}" for t in changes.tables_removed])
    section("图", [f"- {e(caption)}" + (f"\n\n  ![{e(caption)}：更新前 | 更新后]({image})"
                                         if image else "") for caption, image in figures])
    return "\n".join(lines)


def figure_changed(old: Path, new: Path) -> bool:
    return not old.exists() or old.read_bytes() != new.read_bytes()


def before_after(old: Path, new: Path, out: Path, fonts: dict, height: int = 480) -> None:
    """A side-by-side picture: the published figure | the new one, each
    titled, scaled to ``height`` pixels (Pillow: matplotlib took 0.4 s to
    redraw two 300-dpi pictures, at the end of every build)."""
    from PIL import Image, ImageDraw, ImageFont

    from nanjiang.documents.fonts import family_faces

    panels = []
    for path in (old, new):
        with Image.open(path) as image:
            image = image.convert("RGB")
            width = round(image.width * height / image.height)
            panels.append(image.resize((width, height), Image.Resampling.LANCZOS,
                                      reducing_gap=2.0))
    face = next(f for f in family_faces(fonts)[fonts["sans"]] if f.style == "Regular")
    font = ImageFont.truetype(face.path, size=height // 12, index=face.index)
    title, gap = height // 7, height // 10
    canvas = Image.new("RGB", (sum(p.width for p in panels) + gap, title + height), "white")
    draw = ImageDraw.Draw(canvas)
    x = 0
    for panel, label in zip(panels, ("更新前", "更新后"), strict=True):
        canvas.paste(panel, (x, title))
        draw.text((x + panel.width // 2, title // 2), label, font=font, fill="black",
                  anchor="mm")
        x += panel.width + gap
    out.parent.mkdir(parents=True, exist_ok=True)
    canvas.save(out, format="PNG")
