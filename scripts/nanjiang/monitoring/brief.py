"""The 监测预警简报: its tables and per-county text, from the monitoring summary.

Rendered by ``report/briefs/monitoring.md.j2`` and built into PDF and DOCX by the prefecture
briefs' own builder (``scripts/build_brief.py``). Counties and prefectures come from
``regions.csv``; every number is a count or share of the summary. Built from SYNTHETIC data,
the title, every page's header and the file names say SYNTHETIC.
"""

from __future__ import annotations

import pandas as pd

from nanjiang.common.numbers import fixed
from nanjiang.monitoring.regions import prefecture_counties
from nanjiang.monitoring.rules import MONITORED, RISK_TYPES
from nanjiang.text.mdtext import escape, pipe_table

SYNTHETIC_LABEL = "SYNTHETIC 合成数据 · 非真实农户"
# (a run of more than six CJK characters may break anywhere: 突发严重困难户 breaks after 严重)
HEADER = ["地区", "筛查户数", "筛查人数", "监测户数", "监测户占比（%）",
          *[m.replace("严重", "严重 ") for m in MONITORED], "风险消除"]
ALIGN = ["l"] + ["r"] * (len(HEADER) - 1)


def _count(s: pd.DataFrame, code: str, kind: str, item: str, column: str = "households"):
    row = s[(s["region_code"] == code) & (s["kind"] == kind) & (s["item"] == item)]
    return int(row[column].iloc[0]) if len(row) else 0


def _share(s: pd.DataFrame, code: str) -> float:
    row = s[(s["region_code"] == code) & (s["kind"] == "monitored")]
    return float(row["share_pct"].iloc[0]) if len(row) else 0.0


def _row(s: pd.DataFrame, code: str, name: str) -> list[str]:
    return [escape(name), str(_count(s, code, "screened", "全部")),
            str(_count(s, code, "screened", "全部", "people")),
            str(_count(s, code, "monitored", "监测对象")), fixed(_share(s, code), 1),
            *[str(_count(s, code, "category", c)) for c in [*MONITORED, "风险消除"]]]


def _change(s: pd.DataFrame, code: str) -> str:
    row = s[(s["region_code"] == code) & (s["kind"] == "monitored")]
    change = row["change_households"].iloc[0] if len(row) else None
    if change is None or pd.isna(change):
        return "没有上年数据，不计变化。"
    change = int(change)
    if change == 0:
        return "监测户数与上年持平。"
    return f"监测户数比上年{'增加' if change > 0 else '减少'} {abs(change)} 户。"


def context(summary: pd.DataFrame, regions_csv: str, synthetic: bool) -> dict:
    """What the template prints: title, overview tables, one section per county."""
    year = int(summary["year"].max())
    s = summary[summary["year"] == year]
    regions = pd.read_csv(regions_csv, dtype=str, keep_default_na=False)
    names = dict(zip(regions["region_code"], regions["name"], strict=True))
    groups = prefecture_counties(regions_csv)
    prefecture_rows = [_row(s[s["level"] == "prefecture"], p, names[p]) for p in groups]
    counties = s[s["level"] == "county"]
    county_rows, sections = [], []
    for p, codes in groups.items():
        for c in codes:
            county_rows.append(_row(counties, c, names[c]))
            screened = _count(counties, c, "screened", "全部")
            monitored = _count(counties, c, "monitored", "监测对象")
            risks = sorted(((_count(counties, c, "risk", r), r) for r in RISK_TYPES),
                           key=lambda t: (-t[0], RISK_TYPES.index(t[1])))
            risks = [(n, r) for n, r in risks if n]
            if not screened:
                text = "本期没有该县的农户记录。"
            else:
                cats = "、".join(f"{c2} {_count(counties, c, 'category', c2)} 户"
                                 for c2 in MONITORED)
                people = _count(counties, c, "screened", "全部", "people")
                share = fixed(_share(counties, c), 1)
                text = (f"筛查 {screened} 户 {people} 人，纳入监测 {monitored} 户（占 {share}%），"
                        f"其中{cats}；风险消除 {_count(counties, c, 'category', '风险消除')} 户。"
                        + _change(counties, c))
                if risks:
                    top = "、".join(f"{r}（{n} 户）" for n, r in risks[:2])
                    text += f"监测户中最常见的风险类型：{top}。"
            sections.append({"name": escape(names[c]), "prefecture": escape(names[p]),
                             "text": escape(text)})
    label = SYNTHETIC_LABEL if synthetic else ""
    return {
        "title": f"{'SYNTHETIC ' if synthetic else ''}南疆四地州防返贫监测预警简报（{year} 年）",
        "year": year,
        "synthetic": synthetic,
        "label": label,
        "prefectures": pipe_table(HEADER, prefecture_rows, ALIGN),
        "counties": pipe_table(HEADER, county_rows, ALIGN),
        "sections": sections,
        "total": sum(_count(s[s["level"] == "prefecture"], p, "screened", "全部")
                     for p in groups),
        "monitored": sum(_count(s[s["level"] == "prefecture"], p, "monitored", "监测对象")
                         for p in groups),
    }
