"""Editorial apparatus of the edition: the errata list (勘误表) and the lists
it is made from (``report/errata.csv``, ``report/deviations.csv``)."""

from __future__ import annotations

import csv
from pathlib import Path

from nanjiang.common.numbers import display
from nanjiang.text.mdtext import escape, pipe_table, source_block
from nanjiang.text.numbering import Label, fill_table_refs

ERRATA_COLUMNS = ["chapter", "location", "original", "correction", "occurrences", "basis"]
DEVIATION_COLUMNS = ["item", "original", "this_edition", "reason"]


def read_list(path: str | Path, columns: list[str]) -> list[dict]:
    """A small editorial CSV; a wrong header or an empty cell stops the build."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != columns:
            raise ValueError(f"{path}: header {reader.fieldnames}, expected {columns}")
        rows = list(reader)
    for n, row in enumerate(rows, start=2):
        for col in columns:
            if not (row.get(col) or "").strip():
                raise ValueError(f"{path}:{n}, column '{col}': empty")
    return rows


def errata_table(errata: list[dict], label: Label, edition: str) -> str:
    """勘误表: every typo fixed, where, as printed, as corrected, why."""
    header = ["序号", "位置", "原报告印作", "改作", "说明"]
    rows = [[str(n), escape(e["location"]), escape(e["original"]), escape(e["correction"]),
             escape(e["basis"] + ("（共 " + e["occurrences"] + " 处）"
                                  if int(e["occurrences"]) > 1 else ""))]
            for n, e in enumerate(errata, start=1)]
    note = ("本版已按上表改正。" if edition == "corrected"
            else "本版依原报告原文排印，上表所列各处未改。")
    return (f"{pipe_table(header, rows, ['c', 'l', 'l', 'l', 'l'])}\n\n"
            f": {label.text} 勘误表 {{#{label.anchor}}}\n\n"
            + source_block(f"注：{note}"))


def sources_list(sources: dict[str, dict], used: set[str], label: Label) -> str:
    """附录二: each source cited, by its citation and where in it (no ids)."""
    header = ["序号", "来源", "位置", "网址"]
    cited = [s for sid, s in sources.items() if sid in used]
    rows = [[str(n), escape(s.get("citation", "")), escape(s.get("locator", "")),
             escape(s.get("url", "") or "—")] for n, s in enumerate(cited, start=1)]
    return (f"{pipe_table(header, rows, ['c', 'l', 'l', 'l'])}\n\n"
            f": {label.text} 本报告所引数据来源 {{#{label.anchor}}}")


RULE_NAMES = {
    "totals": "合计与分项",
    "share_groups": "构成比例之和",
    "printed_shares": "比例与所据之数",
    "prose_vs_table": "正文与表格",
    "disagreeing_sources": "来源之间",
}


def audit_findings(audit, label: Label, table_text=lambda key: key) -> str:
    """附录一: every inconsistency, with the evidence that decided it (in 说明).

    The findings name tables by key (``{table[key]}``); ``table_text(key)``
    is the table as the report names it (``numbering.report_table_text``)."""
    header = ["序号", "检查", "位置", "原报告印作", "重算或对应值", "说明"]
    rows = [[str(n), escape(RULE_NAMES.get(r.rule, r.rule)),
             escape(fill_table_refs(r.table, table_text)),
             escape(display(str(r.printed_value))),
             escape(display(str(r.recomputed_value))),
             escape(fill_table_refs(r.detail, table_text))]
            for n, r in enumerate(audit.itertuples(), start=1)]
    if not rows:
        rows = [["—", "—", "—", "—", "—", "未发现不一致"]]
    return (f"{pipe_table(header, rows, ['c', 'l', 'l', 'r', 'r', 'l'])}\n\n"
            f": {label.text} 原报告数据不一致之处 {{#{label.anchor}}}\n\n"
            + source_block("注：逐项核对原报告的表格与正文所得；"
                           "“正文与表格”各条的处理依据见说明栏。"))
