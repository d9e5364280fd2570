"""Which of two disagreeing printed numbers the evidence supports.

Where a number of the prose contradicts the table cell it repeats, neither
side is right by position. The evidence, in this order:

1. recomputation from the parts the table prints: a share from its counts
   (``printed_shares`` of the descriptor), a total from its components
   (descriptor ``totals``), a count from the listed items (a derived table
   such as the exits counted from 表 3-1);
2. a second source: another row of the same year, region and unit, for the
   cell's or the prose's indicator, from a source other than the report.

A side is supported when it equals an evidence value within the rounding of
both. The verdict prints the supported side; where both or neither are
supported, or there is no evidence, the original (the prose) is printed and the
finding is only listed.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from nanjiang.common.numbers import rounding_tolerance, trimmed
from nanjiang.data.region_names import shown_name

EXACT_UNITS = {"户", "个", "人"}
SEED = "seed"

@dataclass(frozen=True)
class Evidence:
    value: float
    tolerance: float  # rounding carried into the evidence value
    text: str  # how it was obtained, for 附录一 ("按重点村计算 2589 / 3029 × 100 = 85.5%")
    kind: str  # "recomputed" | "second_source"


@dataclass(frozen=True)
class Verdict:
    printed: str  # "prose" | "table": which side the edition prints
    decided: bool  # the evidence decided (one side supported, the other not)
    reason: str  # the evidence and the decision, as an editor states it
    faithful_reason: str = ""  # the same evidence, for the edition that keeps the original


def _is_exact(package, table: str, code: str, unit: str) -> bool:
    if table not in package.resources:
        return unit in EXACT_UNITS
    kind = package.indicators(table).get(code, {}).get("kind")
    return kind == "count" and unit in EXACT_UNITS


def _tol(package, table: str, row) -> float:
    return 0.0 if _is_exact(package, table, row["indicator"], row["unit"]) else \
        rounding_tolerance([row["value_text"]])


def _one(df: pd.DataFrame, **where) -> pd.Series | None:
    sub = df
    for col, val in where.items():
        sub = sub[sub[col] == val]
    return None if sub.empty else sub.iloc[0]


def _label(package, table: str, code: str) -> str:
    if table not in package.resources:
        return code
    return package.indicators(table).get(code, {}).get("label", code)


def recomputed(package, tables: dict[str, pd.DataFrame], table: str, cell) -> list[Evidence]:
    """The cell recomputed from the parts its table prints, if it has parts."""
    df = tables.get(table)
    if df is None:
        return []
    if table not in package.resources:  # derived: counted from the listed items
        return [Evidence(float(cell["value"]), 0.0,
                         f"按原表所列逐项计数为 {cell['value_text']}", "recomputed")]
    res = package.resource(table)
    same = df[(df["year"] == cell["year"]) & (df["source_id"] == cell["source_id"])]
    out = []
    for spec in res.get("printed_shares") or []:
        if spec["share"] != cell["indicator"]:
            continue
        part = _one(same, indicator=spec["part"], region_code=cell["region_code"])
        whole = _one(same, indicator=spec["part"], region_code=str(spec["whole_region"]))
        if part is None or whole is None or not whole["value"]:
            continue
        a, b = _tol(package, table, part), _tol(package, table, whole)
        n, d = float(part["value"]), float(whole["value"])
        base = n / d * 100
        carry = max(abs((n + a) / (d - b) * 100 - base), abs(max(n - a, 0) / (d + b) * 100 - base))
        out.append(Evidence(base, carry,
                            f"按{_label(package, table, spec['part'])}数重算，{part['value_text']}"
                            f" / {whole['value_text']} × 100 = {trimmed(base, 1)}%", "recomputed"))
    for spec in res.get("totals", []) or []:
        if spec.get("over") == "region":
            if str(spec["total"]) != cell["region_code"] or cell["indicator"] not in (
                    spec.get("indicators") or [cell["indicator"]]):
                continue
            parts = [_one(same, indicator=cell["indicator"], region_code=str(p))
                     for p in spec["parts"]]
            names = [shown_name(package.regions.get(p["region_code"]), p["year"],
                                p["region_name"]) for p in parts if p is not None]
        else:
            if spec["total"] != cell["indicator"]:
                continue
            parts = [_one(same, indicator=p, region_code=cell["region_code"])
                     for p in spec["parts"]]
            names = [_label(package, table, p) for p in spec["parts"]]
        if any(p is None for p in parts):
            continue
        total = sum(float(p["value"]) for p in parts)
        decimals = max(int(p["decimals"]) for p in parts)
        terms = " + ".join(p["value_text"] for p in parts)
        out.append(Evidence(total, sum(_tol(package, table, p) for p in parts),
                            f"按{'、'.join(names)}各项重算，{terms} = {trimmed(total, decimals)}",
                            "recomputed"))
    return out


def second_sources(package, tables: dict[str, pd.DataFrame], fact, cell) -> list[Evidence]:
    """Other sources' values of the same year, region and unit, for the cell's
    indicator or the prose's."""
    out, seen = [], set()
    codes = {cell["indicator"], fact["indicator"]}
    for name, df in tables.items():
        if name == "facts" or name not in package.resources:
            continue
        rows = df[(df["year"] == cell["year"]) & (df["region_code"] == cell["region_code"])
                  & (df["indicator"].isin(codes)) & (df["unit"] == cell["unit"])
                  & (df["source_id"] != SEED) & (df["source_id"] != cell["source_id"])]
        for _, r in rows.iterrows():
            if (r["source_id"], r["value_text"]) in seen:
                continue
            seen.add((r["source_id"], r["value_text"]))
            cited = package.sources.get(r["source_id"], {}).get("citation", r["source_id"])
            out.append(Evidence(float(r["value"]), rounding_tolerance([r["value_text"]]),
                                f"{cited}作 {r['value_text']}{_unit(r['unit'])}",
                                "second_source"))
    return out


def _unit(unit: str) -> str:
    return "%" if unit == "%" else f" {unit}"


def _supports(value_text: str, value: float, ev: Evidence, exact: bool, steps: int) -> bool:
    """Within the printed rounding, taken ``steps`` times (85.47 → 85.5 → 86)."""
    own = 0.0 if exact else steps * (rounding_tolerance([value_text]) - 1e-9)
    return abs(value - ev.value) <= own + ev.tolerance + 1e-9


def decide(package, tables: dict[str, pd.DataFrame], table: str, fact, cell) -> Verdict:
    """Prose (``fact``) against table (``cell``): which the evidence supports."""
    evidence = recomputed(package, tables, table, cell)
    if not evidence:
        evidence = second_sources(package, tables, fact, cell)
    exact = _is_exact(package, table, cell["indicator"], cell["unit"])
    said = "；".join(e.text for e in evidence)
    # A number may have been rounded twice (first to one decimal, then to a
    # whole): allowed only where no side is within one rounding.
    for steps in (1, 2):
        prose = [e for e in evidence
                 if _supports(fact["value_text"], float(fact["value"]), e, exact, steps)]
        table_ = [e for e in evidence
                  if _supports(cell["value_text"], float(cell["value"]), e, exact, steps)]
        if prose or table_:
            break
    basis = {"recomputed": "依据分项重算", "second_source": "依据第二来源"}[evidence[0].kind] \
        if evidence else ""
    keep = "本版依原报告，正文数值未改"
    if evidence and table_ and not prose:
        return Verdict("table", True, f"{basis}：{said}。正文原作 {fact['value_text']}，"
                                      f"据此改作 {cell['value_text']}",
                       f"{basis}：{said}。证据支持表中数值；{keep}")
    if evidence and prose and not table_:
        return Verdict("prose", True, f"{basis}：{said}。正文数值有据，保留原文；"
                                      f"表中所印 {cell['value_text']} 与之不符",
                       f"{basis}：{said}。证据支持正文数值；{keep}")
    if evidence:
        return Verdict("prose", False, f"{basis}：{said}。不足以判定孰是，正文保留原报告数值",
                       f"{basis}：{said}。不足以判定孰是；{keep}")
    none = "无可据以重算的分项，亦无第二来源"
    return Verdict("prose", False, f"{none}，正文保留原报告数值", f"{none}；{keep}")
