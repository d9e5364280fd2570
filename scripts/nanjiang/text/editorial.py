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

# report/typo_decisions.csv: a decision on each candidate of the typo scan
# (nanjiang.text.typo_scan), and on what reading the text found
TYPO_KINDS = ("doubled_char", "doubled_word", "repeated_phrase", "sound_alike", "orphan_char")

# The rules a decision names (report/typo_decisions.csv, column ``rule``).
TYPO_RULES = {
    "E1": ("重字、重词：紧接着重复的字或词不是汉语的重叠形式，"
           "删去一个后句子通顺、意思不变，删去重复的一个。"),
    "E2": ("同音、近音字误：印出的词在句中不通，与其读音相同或相近的另一词正是句子所需，"
           "且为本报告他处所用或固定说法，改作该词。"),
    "E3": "形近字误：印出的字在句中不成词，与其字形相近的字与相邻的字组成句子所需之词，改作该字。",
    "E4": ("专名、术语误：地名、机构名或本报告的固定称谓与其在本报告他处、"
           "在所据资料中的写法不同，按后者改正。"),
    "E5": ("词误：印出的词在句中不通，句意或与之并列、呼应的句子表明所需之词，"
           "改作该词（拼音输入误选所致）。"),
    "K1": "印出的词本身成立，在句中意思通顺，不改。",
    "K2": "检查程序的误报：所疑之处跨两个词（如“学习｜习近平”），或所拟之词不合句意，不改。",
    "K3": "汉语的重叠或并列、复说形式（如“不脱贫不脱钩”“贫困地区贫困人口”），不改。",
    "K4": "人名、地名、书名等专名或引文，照原样。",
    "K5": "措辞、语法问题（脱字、衍字、语序、搭配、冗余），不属错字，本版措辞一仍其旧，不改。",
}
DECISION_COLUMNS = ["chapter", "kind", "candidate", "context", "decision", "rule", "erratum",
                    "note"]


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
    """附录二: each source cited, by its citation and where in it (no ids).

    The citation names the publisher's own release; ``locator`` says what is
    cited and, after 访问记录, through which page it was read (a repost or a
    foreign-language edition: never the source). The 网址 column is the
    source's own address, printed only when a cited source has one."""
    cited = [s for sid, s in sources.items() if sid in used]
    with_url = any(s.get("url") for s in cited)
    header = ["序号", "来源", "位置与访问记录"] + (["网址"] if with_url else [])
    rows = [[str(n), escape(s.get("citation", "")), escape(s.get("locator", ""))]
            + ([escape(s.get("url", "") or "—")] if with_url else [])
            for n, s in enumerate(cited, start=1)]
    align = ["c", "l", "l"] + (["l"] if with_url else [])
    return (f"{pipe_table(header, rows, align)}\n\n"
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
    # four columns, the width to 说明 (the evidence: the longest cells, each
    # beginning with where: the table, or 正文所述); the printed and
    # recomputed values as a pair
    header = ["序号", "检查", "印作 → 重算", "说明"]
    rows = [[str(n), escape(RULE_NAMES.get(r.rule, r.rule)),
             escape(f"{display(str(r.printed_value))} → {display(str(r.recomputed_value))}"),
             escape(fill_table_refs(r.detail, table_text))]
            for n, r in enumerate(audit.itertuples(), start=1)]
    if not rows:
        rows = [["—", "—", "—", "未发现不一致"]]
    return (f"{pipe_table(header, rows, ['c', 'l', 'c', 'l'])}\n\n"
            f": {label.text} 原报告数据不一致之处 {{#{label.anchor}}}\n\n"
            + source_block("注：逐项核对原报告的表格与正文所得；"
                           "“正文与表格”各条的处理依据见说明栏。"))


def read_decisions(path: str | Path) -> list[dict]:
    """report/typo_decisions.csv; a wrong header, an unknown decision or rule
    stops."""
    with open(path, encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != DECISION_COLUMNS:
            raise ValueError(f"{path}: header {reader.fieldnames}, expected {DECISION_COLUMNS}")
        rows = list(reader)
    for n, row in enumerate(rows, start=2):
        if row["decision"] not in ("error", "keep"):
            raise ValueError(f"{path}:{n}: decision '{row['decision']}' (error or keep)")
        if row["rule"] not in TYPO_RULES or (row["rule"][0] == "E") != (row["decision"] == "error"):
            raise ValueError(f"{path}:{n}: rule '{row['rule']}' for decision '{row['decision']}'")
        if row["kind"] not in (*TYPO_KINDS, "reading"):
            raise ValueError(f"{path}:{n}: kind '{row['kind']}'")
        if bool(row["erratum"]) != (row["decision"] == "error"):
            raise ValueError(f"{path}:{n}: an error names its row of errata.csv (column "
                             "'erratum': its original), a keep none")
    return rows
