"""Tables of the appendices: the data audit and the list of data sources."""

from __future__ import annotations

import pandas as pd

from .mdtext import escape, format_number, pipe_table
from .numbering import Label

RULE_NAMES = {
    "totals": "合计与分项",
    "share_groups": "构成比例之和",
    "printed_shares": "比例与原始数",
    "prose_vs_table": "正文与表格",
    "disagreeing_sources": "来源之间",
}


def _block(table: str, label: Label, title: str, source: str) -> str:
    return (
        f"{table}\n\n: {label.text} {escape(title)} {{#{label.anchor}}}\n\n"
        f"::: {{custom-style=\"数据来源\"}}\n{escape(source)}\n:::"
    )


def audit_table(audit: pd.DataFrame, label: Label) -> str:
    """Every inconsistency the audit found, as 原报告印作 / 重算或表中值."""
    header = ["序号", "检查", "位置", "原报告印作", "重算或对应值", "说明"]
    rows = []
    for n, r in enumerate(audit.itertuples(), start=1):
        rows.append([
            str(n),
            escape(RULE_NAMES.get(r.rule, r.rule)),
            escape(r.table),
            escape(format_number(str(r.printed_value))),
            escape(format_number(str(r.recomputed_value))),
            escape(r.detail),
        ])
    if not rows:
        rows = [["—", "—", "—", "—", "—", "未发现不一致"]]
    return _block(
        pipe_table(header, rows, ["c", "l", "l", "r", "r", "l"]),
        label,
        "原报告数据不一致之处（数据审核结果）",
        "数据来源：根据 data/raw 各表与正文数字自动核对（data/derived/indicators/audit.csv）",
    )


def sources_table(sources: dict[str, dict], used: set[str], label: Label) -> str:
    """The sources cited by the data, in the order of data/raw/sources.csv."""
    header = ["代码", "来源", "位置", "网址"]
    rows = [
        [escape(sid), escape(s.get("citation", "")), escape(s.get("locator", "")),
         escape(s.get("url", "") or "—")]
        for sid, s in sources.items()
        if sid in used
    ]
    return _block(
        pipe_table(header, rows, ["l", "l", "l", "l"]),
        label,
        "数据来源一览",
        "数据来源：data/raw/sources.csv",
    )
