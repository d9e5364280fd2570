"""Data audit: where the printed report contradicts itself.

Five general rules, driven by ``data/raw/datapackage.yaml`` (no finding is
written here; every one is computed from the tables):

1. ``totals`` — a printed total against the sum of its printed parts (the
   descriptor's ``totals``: regions adding up to an aggregate, or indicators
   adding up to a total indicator), per year, region and source;
2. ``share_groups`` — shares of one whole (``share_groups``) that do not add
   up to 100, including the groups listed as ``printed_inconsistencies``
   (accepted by validation, reported here);
3. ``printed_shares`` — a printed share against the share recomputed from the
   printed values it is a share of: ``printed_shares`` entries of a resource,
   and, for survey tables, ``<count>_pct_printed`` against count / Σ counts × 100;
4. ``prose_vs_table`` — each number of ``facts.csv`` with a ``compares_to``
   cell against that cell (of a raw table, or of a derived one such as
   ``exits_by_year``: counts made from 表 3-1);
5. ``disagreeing_sources`` — the same year, region and indicator (same unit)
   with different source_ids and different values, within a table and
   across tables.

A difference counts only beyond rounding: the tolerance is half a unit in the
last printed decimal of every printed number involved
(``nanjiang.common.numbers.rounding_tolerance``); for a recomputed share the
rounding of numerator and denominator is carried through the division.
Counts of whole units (户, 个, 人) are exact.

A finding names a table by its key, ``{table[infrastructure]}``, not by a
number: the number is the printing document's (the report numbers its tables
from the chapter templates, ``nanjiang.text.numbering``; a brief says the research
report's), filled in with ``numbering.fill_table_refs`` when it is printed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from nanjiang.common.numbers import fixed, rounding_tolerance, tolerance_text, with_unit
from nanjiang.data.package import DataPackage
from nanjiang.data.region_names import shown_name
from nanjiang.derive.evidence import decide
from nanjiang.derive.facts import CellRef, lookup, same_unit
from nanjiang.derive.indicators.catalog import RAW_INPUTS as INDICATORS
from nanjiang.derive.indicators.exits import LABELS as DERIVED_LABELS
from nanjiang.derive.primary import first_source, source_order
from nanjiang.text.numbering import fill_table_refs, table_ref

AUDIT_COLUMNS = [
    "rule",
    "table",
    "location",
    "printed_value",
    "recomputed_value",
    "difference",
    "tolerance",
    "detail",
]
RULES = ["totals", "share_groups", "printed_shares", "prose_vs_table", "disagreeing_sources"]
FACTS = "facts"
PRINTED_SUFFIX = "_pct_printed"
EXACT_UNITS = {"户", "个", "人"}

@dataclass(frozen=True)
class Finding:
    rule: str
    table: str
    location: str
    printed_value: str
    recomputed_value: str
    difference: str
    tolerance: str
    detail: str


# --------------------------------------------------------------------------- tolerance


def exceeds(difference: float, tolerance: float) -> bool:
    return abs(difference) > tolerance + 1e-9


class Context:
    """The descriptor and the validated tables, with labels for the findings."""

    def __init__(self, package: DataPackage, tables: dict[str, pd.DataFrame]):
        self.package = package
        self.tables = tables

    def resources(self) -> list[dict]:
        return [r for r in self.package.descriptor["resources"] if r["name"] in self.tables]

    def region(self, row) -> str:
        """The region of a row, named as its table prints it for the row's data year
        (nanjiang.data.region_names)."""
        return shown_name(self.package.regions.get(row["region_code"]), row["year"],
                          row["region_name"])

    def label(self, table: str) -> str:
        """``{table[poor_population_2014]}`` for a table of the original report
        (numbered when the finding is printed: ``nanjiang.text.numbering``);
        ``{table[county_exits]}（逐项计数）`` for a derived table; else 公开资料."""
        res = self.package.resources.get(table)
        if res is None and table in INDICATORS:
            parents = [self.label(t) for t in INDICATORS[table]]
            return f"{'、'.join(parents)}（逐项计数）"
        return table_ref(table) if (res or {}).get("seed_table") else "公开资料"

    def seed_text(self, label: str) -> str:
        """A label with the original report's numbers (the order of a list of tables)."""
        return fill_table_refs(
            label, lambda key: self.package.resources[key]["seed_table"])

    def cite(self, source_id: str) -> str:
        """A source as the reader sees it: its citation, never its id."""
        return self.package.sources.get(source_id, {}).get("citation", "") or "原报告"

    def indicator_label(self, table: str, code: str) -> str:
        if table not in self.package.resources:
            return DERIVED_LABELS.get(code, code)  # (indicators/exits.py)
        return self.package.indicators(table).get(code, {}).get("label", code)

    def is_exact(self, table: str, code: str, unit: str) -> bool:
        if table not in self.package.resources:
            return False
        kind = self.package.indicators(table).get(code, {}).get("kind")
        return kind == "count" and unit in EXACT_UNITS

    def tolerance(self, table: str, rows: list[pd.Series]) -> float:
        """Rounding of the printed numbers, exact counts excepted."""
        texts = [r["value_text"] for r in rows
                 if not self.is_exact(table, r["indicator"], r["unit"])]
        return rounding_tolerance(texts) if texts else 1e-9


def _decimals(rows) -> int:
    return max(int(r["decimals"]) for r in rows)


# --------------------------------------------------------------------------- rule 1


def check_totals(ctx: Context) -> list[Finding]:
    """Rule 1: printed totals (descriptor ``totals``) against the sum of parts."""
    out = []
    for res in ctx.resources():
        df = ctx.tables[res["name"]]
        for spec in res.get("totals", []) or []:
            if spec.get("over") == "region":
                out += _region_totals(ctx, res["name"], df, spec)
            else:
                out += _indicator_totals(ctx, res["name"], df, spec)
    return out


def _region_totals(ctx, table, df, spec) -> list[Finding]:
    out = []
    parts = [str(p) for p in spec["parts"]]
    total_region = str(spec["total"])
    indicators = spec.get("indicators") or sorted(set(df["indicator"]))
    for (year, _source), sub in df.groupby(["year", "source_id"], sort=True):
        for code in indicators:
            cells = sub[sub["indicator"] == code]
            total = cells[cells["region_code"] == total_region]
            members = [cells[cells["region_code"] == p] for p in parts]
            if total.empty or any(m.empty for m in members):
                continue
            t = total.iloc[0]
            members = [m.iloc[0] for m in members]
            out += _compare_sum(
                ctx, table, t, members, f"{total_region}/{code}/{year}",
                what=f"{ctx.region(t)}{ctx.indicator_label(table, code)}",
                parts_text="、".join(ctx.region(m) for m in members),
                df=df,
            )
    return out


def _indicator_totals(ctx, table, df, spec) -> list[Finding]:
    out = []
    parts = list(spec["parts"])
    regions = {str(r) for r in spec.get("regions") or []}
    for (year, region, _source), sub in df.groupby(["year", "region_code", "source_id"],
                                                  sort=True):
        if regions and region not in regions:
            continue
        total = sub[sub["indicator"] == spec["total"]]
        members = [sub[sub["indicator"] == p] for p in parts]
        if total.empty or any(m.empty for m in members):
            continue
        t = total.iloc[0]
        members = [m.iloc[0] for m in members]
        out += _compare_sum(
            ctx, table, t, members, f"{region}/{spec['total']}/{year}",
            what=f"{ctx.region(t)}{ctx.indicator_label(table, spec['total'])}",
            parts_text="、".join(ctx.indicator_label(table, p) for p in parts),
            df=df,
        )
    return out


def _compare_sum(ctx, table, t, members, location, what, parts_text, df) -> list[Finding]:
    total = sum(m["value"] for m in members)
    tol = ctx.tolerance(table, [t, *members])
    diff = t["value"] - total
    if not exceeds(diff, tol):
        return []
    dec = _decimals([t, *members])
    terms = " + ".join(m["value_text"] for m in members)
    detail = (f"{ctx.label(table)} {what}印为 {with_unit(t['value_text'], t['unit'])}，"
              f"{parts_text}之和为 {with_unit(fixed(total, dec), t['unit'])}（{terms}）")
    detail += _other_source_hint(ctx, table, t, members, df, tol)
    return [Finding("totals", ctx.label(table), location, t["value_text"], fixed(total, dec),
                    fixed(diff, dec), tolerance_text(tol), detail)]


def _other_source_hint(ctx, table, t, members, df, tol) -> str:
    """If another source's value of one part makes the sum match, say so."""
    hints = []
    for i, m in enumerate(members):
        others = df[(df["year"] == m["year"]) & (df["region_code"] == m["region_code"])
                    & (df["indicator"] == m["indicator"])
                    & (df["source_id"] != m["source_id"])]
        for _, o in others.iterrows():
            alt = sum(x["value"] for j, x in enumerate(members) if j != i) + o["value"]
            if not exceeds(t["value"] - alt, tol):
                hints.append(
                    f"；若{ctx.indicator_label(table, m['indicator'])}"
                    f"取{ctx.cite(o['source_id'])}所载 "
                    f"{o['value_text']}，则各项之和为 {fixed(alt, _decimals([*members, o]))}，"
                    "与印出合计相符")
    return "".join(hints)


# --------------------------------------------------------------------------- rule 2


def _group_parts(group) -> tuple[str, list[str]]:
    if isinstance(group, dict):
        return group["name"], list(group["parts"])
    return "+".join(group), list(group)


def check_share_groups(ctx: Context) -> list[Finding]:
    """Rule 2: shares of one whole that do not add up to 100 beyond rounding."""
    out = []
    for res in ctx.resources():
        df = ctx.tables[res["name"]]
        listed = {(p["group"], str(p["region_code"]), int(p["year"]))
                  for p in res.get("printed_inconsistencies", []) or []}
        for group in res.get("share_groups", []) or []:
            name, parts = _group_parts(group)
            for (year, region, _source), sub in df.groupby(
                    ["year", "region_code", "source_id"], sort=True):
                members = [sub[sub["indicator"] == p] for p in parts]
                if any(m.empty for m in members):
                    continue
                members = [m.iloc[0] for m in members]
                total = sum(m["value"] for m in members)
                tol = ctx.tolerance(res["name"], members)
                if not exceeds(total - 100, tol):
                    continue
                dec = _decimals(members)
                labels = "、".join(ctx.indicator_label(res["name"], p) for p in parts)
                terms = " + ".join(m["value_text"] for m in members)
                detail = (f"{ctx.label(res['name'])} {ctx.region(members[0])}{labels}"
                          f"各占比之和为 {fixed(total, dec)}%（{terms}），应为 100%")
                if (name, region, year) in listed:
                    detail += "（原报告如此印出，属印刷不一致，已登记）"
                out.append(Finding("share_groups", ctx.label(res["name"]),
                                   f"{region}/{name}/{year}", fixed(total, dec), "100",
                                   fixed(total - 100, dec), tolerance_text(tol), detail))
    return out


# --------------------------------------------------------------------------- rule 3


def _ratio_tolerance(ctx, table, share, part, whole) -> float:
    """Rounding of the printed share plus that of part and whole, carried
    through part / whole × 100 (interval bounds)."""
    tol = rounding_tolerance([share["value_text"]])
    a = 0.0 if ctx.is_exact(table, part["indicator"], part["unit"]) else \
        rounding_tolerance([part["value_text"]])
    b = 0.0 if ctx.is_exact(table, whole["indicator"], whole["unit"]) else \
        rounding_tolerance([whole["value_text"]])
    n, d = part["value"], whole["value"]
    base = n / d * 100
    bounds = [(n + a) / (d - b) * 100 if d - b > 0 else math.inf,
              max(n - a, 0) / (d + b) * 100]
    return tol + max(abs(x - base) for x in bounds)


def _share_definitions(res: dict) -> list[dict]:
    return res.get("printed_shares") or []


def check_printed_shares(ctx: Context) -> list[Finding]:
    """Rule 3: printed shares against the shares recomputed from printed values."""
    out = []
    for res in ctx.resources():
        table = res["name"]
        df = ctx.tables[table]
        for spec in _share_definitions(res):
            out += _shares_of_region(ctx, table, df, spec)
        for group in res.get("share_groups", []) or []:
            _, parts = _group_parts(group)
            if all(p.endswith(PRINTED_SUFFIX) for p in parts):
                out += _shares_of_counts(ctx, table, df, parts)
    return out


def _shares_of_region(ctx, table, df, spec) -> list[Finding]:
    out = []
    whole_region = str(spec["whole_region"])
    for (year, _source), sub in df.groupby(["year", "source_id"], sort=True):
        whole = sub[(sub["indicator"] == spec["part"]) & (sub["region_code"] == whole_region)]
        if whole.empty or not whole["value"].iloc[0]:
            continue
        w = whole.iloc[0]
        for _, s in sub[sub["indicator"] == spec["share"]].iterrows():
            if s["region_code"] == whole_region:
                continue
            part = sub[(sub["indicator"] == spec["part"])
                       & (sub["region_code"] == s["region_code"])]
            if part.empty:
                continue
            p = part.iloc[0]
            share = p["value"] / w["value"] * 100
            tol = _ratio_tolerance(ctx, table, s, p, w)
            if not exceeds(s["value"] - share, tol):
                continue
            detail = (f"{ctx.label(table)} {ctx.region(s)}"
                      f"{ctx.indicator_label(table, spec['share'])}印为 {s['value_text']}%，"
                      f"按{ctx.indicator_label(table, spec['part'])}计算为 "
                      f"{p['value_text']} / {w['value_text']} × 100 = {fixed(share, 2)}%")
            out.append(Finding("printed_shares", ctx.label(table),
                               f"{s['region_code']}/{spec['share']}/{year}", s["value_text"],
                               fixed(share, 2), fixed(s["value"] - share, 2),
                               tolerance_text(tol), detail))
    return out


def _shares_of_counts(ctx, table, df, parts) -> list[Finding]:
    out = []
    counts = [p.removesuffix(PRINTED_SUFFIX) for p in parts]
    for (year, region, _source), sub in df.groupby(["year", "region_code", "source_id"],
                                                  sort=True):
        shares = [sub[sub["indicator"] == p] for p in parts]
        nums = [sub[sub["indicator"] == c] for c in counts]
        if any(x.empty for x in shares + nums):
            continue
        shares = [x.iloc[0] for x in shares]
        nums = [x.iloc[0] for x in nums]
        total = sum(n["value"] for n in nums)
        if not total:
            continue
        whole = nums[0].copy()
        whole["value"], whole["value_text"] = total, f"{total:g}"
        for s, n in zip(shares, nums, strict=True):
            share = n["value"] / total * 100
            tol = _ratio_tolerance(ctx, table, s, n, whole)
            if not exceeds(s["value"] - share, tol):
                continue
            detail = (f"{ctx.label(table)} {ctx.region(s)}"
                      f"{ctx.indicator_label(table, n['indicator'])}印为 {s['value_text']}%，"
                      f"按户数计算为 {n['value_text']} / {total:g} × 100 = {fixed(share, 2)}%"
                      "（样本量未印出，取各类户数之和）")
            out.append(Finding("printed_shares", ctx.label(table),
                               f"{region}/{s['indicator']}/{year}", s["value_text"],
                               fixed(share, 2), fixed(s["value"] - share, 2),
                               tolerance_text(tol), detail))
    return out


# --------------------------------------------------------------------------- rule 4


def check_prose(ctx: Context, edition: str = "corrected", partial: bool = False) -> list[Finding]:
    """Rule 4: numbers of the prose (facts.csv) against the cell they repeat
    (``partial``: facts about cells of tables not given are left out)."""
    facts = ctx.tables.get(FACTS)
    if facts is None or "compares_to" not in facts:
        return []
    out = []
    for _, f in facts[facts["compares_to"] != ""].iterrows():
        ref = CellRef.parse(f["compares_to"])
        if partial and ref.table not in ctx.tables:
            continue
        cell = lookup(ctx.tables, ref, ctx.package)
        if cell is None:
            raise ValueError(f"facts.csv: fact '{f['fact_id']}' compares_to {ref}, which is "
                             "not a row of that table")
        tol = rounding_tolerance([f["value_text"], cell["value_text"]])
        diff = f["value"] - cell["value"]
        if not exceeds(diff, tol):
            continue
        label = ctx.label(ref.table)
        unit_note = "" if f["unit"] == cell["unit"] else \
            f"（正文单位为“{f['unit']}”，表中为“{cell['unit']}”）"
        detail = (f"正文所述{ctx.region(f)}{ctx.indicator_label(ref.table, ref.indicator)}"
                  f"为 {with_unit(f['value_text'], f['unit'])}，{label} "
                  f"印为 {with_unit(cell['value_text'], cell['unit'])}{unit_note}")
        if same_unit(f["unit"], cell["unit"]):
            verdict = decide(ctx.package, ctx.tables, ref.table, f, cell)
            detail += "。" + (verdict.reason if edition == "corrected"
                             else verdict.faithful_reason)
        else:
            detail += "。单位不同，正文仍作原报告数值"
        dec = _decimals([f, cell])
        out.append(Finding("prose_vs_table", f"正文 ↔ {label}", f["fact_id"], f["value_text"],
                           cell["value_text"], fixed(diff, dec), tolerance_text(tol), detail))
    return out


# --------------------------------------------------------------------------- rule 5


def check_sources(ctx: Context) -> list[Finding]:
    """Rule 5: one cell (year, region, indicator, unit), several sources, values apart.

    The reference is the value the report prints: in the first table (in
    descriptor order) that has the cell, the first of that table's ``sources``
    (``primary.first_source``, whatever the order of the rows); each other
    value beyond rounding is one finding, naming every source that gives it.
    """
    frames = []
    for order, res in enumerate(ctx.resources()):
        if res["name"] == FACTS:
            continue
        df = ctx.tables[res["name"]].copy()
        df["table"] = res["name"]
        df["order"] = order
        df["line"] = range(len(df))
        frames.append(df)
    if not frames:
        return []
    all_rows = pd.concat(frames, ignore_index=True).sort_values(["order", "line"])
    out = []
    keys = ["year", "region_code", "indicator", "unit"]
    for key, sub in all_rows.groupby(keys, sort=False):
        if sub["source_id"].nunique() < 2:
            continue
        first_table = sub[sub["table"] == sub.iloc[0]["table"]]
        ref = first_source(first_table, source_order(ctx.package, sub.iloc[0]["table"]))
        others = sub[sub["source_id"] != ref["source_id"]]
        seen: dict[str, list[pd.Series]] = {}
        for _, o in others.iterrows():
            tol = rounding_tolerance([ref["value_text"], o["value_text"]])
            if exceeds(o["value"] - ref["value"], tol):
                seen.setdefault(o["value_text"], []).append(o)
        for text, rows in seen.items():
            o = rows[0]
            tol = rounding_tolerance([ref["value_text"], text])
            year, region, code, unit = key
            label = ctx.indicator_label(ref["table"], code)
            tables = sorted({ctx.label(ref["table"])} | {ctx.label(r["table"]) for r in rows},
                            key=ctx.seed_text)
            detail = (f"{year} 年{ctx.region(ref)}{label}：{_cited([ref], ctx)}为 "
                      f"{with_unit(ref['value_text'], unit)}，{_cited(rows, ctx)}为 "
                      f"{with_unit(text, unit)}")
            dec = _decimals([ref, o])
            out.append(Finding("disagreeing_sources", " / ".join(tables),
                               f"{region}/{code}/{year}", ref["value_text"], text,
                               fixed(ref["value"] - o["value"], dec), tolerance_text(tol),
                               detail))
    return out


def _cited(rows: list[pd.Series], ctx: Context) -> str:
    """表 3-2（国家统计局…、…）: the tables and sources of rows."""
    by_table: dict[str, list[str]] = {}
    for r in rows:
        cited = by_table.setdefault(ctx.label(r["table"]), [])
        if ctx.cite(r["source_id"]) not in cited:
            cited.append(ctx.cite(r["source_id"]))
    return "、".join(f"{t}（{'、'.join(ids)}）" for t, ids in by_table.items())


# --------------------------------------------------------------------------- all


CHECKS = {
    "totals": check_totals,
    "share_groups": check_share_groups,
    "printed_shares": check_printed_shares,
    "prose_vs_table": check_prose,
    "disagreeing_sources": check_sources,
}


def run_audit(
    package: DataPackage,
    tables: dict[str, pd.DataFrame],
    derived: dict[str, pd.DataFrame] | None = None,
    edition: str = "corrected",
    partial: bool = False,
) -> pd.DataFrame:
    """Every finding of the five rules, in rule order, then as each rule found them
    (descriptor order of the tables, then year, region and indicator).

    ``tables``: the validated raw tables (with ``facts``); ``derived``: derived
    indicator tables that facts may refer to (``nanjiang.data.loaders.load_derived``).
    ``partial``: ``tables`` are only some of the package's (the briefs' own
    audit: nanjiang.text.briefs.audit_of_regions); facts about other tables' cells
    are left out instead of stopping the audit.
    """
    ctx = Context(package, {**(derived or {}), **tables})
    # which number the text printed depends on the edition (config ``edition``)
    findings = [f for rule in RULES
                for f in (check_prose(ctx, edition, partial) if rule == "prose_vs_table"
                          else CHECKS[rule](ctx))]
    return pd.DataFrame([f.__dict__ for f in findings], columns=AUDIT_COLUMNS)
