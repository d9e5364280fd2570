"""Per-chapter numbering of tables and figures (表 2-1, 图 2-1).

Numbers follow the order in which ``table("…")`` and ``figure("…")`` calls
appear in the chapter templates, so a reference written before its table
(\"见表 2-1\" above the table) gets the right number too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

CALL = re.compile(r"""\{\{-?\s*(table|figure)\(\s*["']([A-Za-z0-9_]+)["']""")
# "02_overview.md.j2" is chapter 2; "A_audit.md.j2" is appendix A (表 A-1).
CHAPTER_FILE = re.compile(r"^(\d+|[A-Z])_")


@dataclass(frozen=True)
class Label:
    kind: str  # "table" or "figure"
    key: str
    chapter: str
    number: int

    @property
    def text(self) -> str:
        return f"{'表' if self.kind == 'table' else '图'} {self.chapter}-{self.number}"

    @property
    def anchor(self) -> str:
        return f"{'tbl' if self.kind == 'table' else 'fig'}-{self.key}"


def chapter_of(path: Path) -> str | None:
    m = CHAPTER_FILE.match(path.name)
    if not m:
        return None
    return m.group(1) if m.group(1).isalpha() else str(int(m.group(1)))


def number_items(chapter_files: list[Path]) -> dict[str, Label]:
    labels: dict[str, Label] = {}
    for path in sorted(chapter_files):
        chapter = chapter_of(path)
        if chapter is None:
            continue
        counters = {"table": 0, "figure": 0}
        for kind, key in CALL.findall(path.read_text("utf-8")):
            if key in labels:
                raise ValueError(f"{path}: {kind} '{key}' is placed twice")
            counters[kind] += 1
            labels[key] = Label(kind, key, chapter, counters[kind])
    return labels


# A table named in stored text (the audit's findings) by its key, not by a
# number: the number depends on the document that prints the text, and is
# filled in when that document is rendered (``fill_table_refs``).
TABLE_REF = re.compile(r"\{table\[([A-Za-z0-9_]+)\]\}")


def table_ref(key: str) -> str:
    """``{table[infrastructure]}``: a table by its key, numbered when printed."""
    return f"{{table[{key}]}}"


def fill_table_refs(text: str, resolve) -> str:
    """Every ``{table[key]}`` of ``text`` replaced by ``resolve(key)``."""
    return TABLE_REF.sub(lambda m: resolve(m.group(1)), text)


def report_table_text(key: str, labels: dict[str, Label], seed_label: str | None) -> str:
    """A table as this report names it: its number here (表 3-4), with the
    original report's number where that differs (表 3-4（原报告表 3-5）); a
    table this report does not print by the original's number, said so."""
    label = labels.get(key)
    if label is None:
        return f"原报告{seed_label}" if seed_label else key
    if seed_label and seed_label != label.text:
        return f"{label.text}（原报告{seed_label}）"
    return label.text
