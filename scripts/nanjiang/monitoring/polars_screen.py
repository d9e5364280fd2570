"""The screening rules in Polars: the benchmark's third engine (tools/bench_monitoring.py).

No job runs it: the pipeline screens with DuckDB (``engine.py``); this is measured beside it
and the pandas reference (``rules.py``) at equal output, and tested against them on the
hand-worked households (tests/test_monitoring_rules.py). It writes what a screen writes
(``rules.SCREENED``), with the rules of ``rules.py`` term for term. A comparison with a
missing value is no match (as in DuckDB's SQL: a risk type is false, a test not passed),
which on validated households (no gap but in the optional columns) is also the reference's.

The scan is lazy: ``screen_to_parquet`` streams the input files into the output file.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from nanjiang.monitoring.engine import _finite, _months
from nanjiang.monitoring.rules import (
    DEFAULTS,
    GUARANTEE_FLAGS,
    NO_MEASURE,
    NOT_CLEARED,
    PASSED_ON,
    SCREENED,
)


def _cutoff(months: int) -> pl.Expr:
    """``rules.period_cutoff`` of each row's year: the last day of the month ``months``
    before December, as YYYY-MM-DD text."""
    k = pl.col("year").cast(pl.Int64) * 12 + 11 - months
    first = pl.date(k // 12, k % 12 + 1, 1)
    return first.dt.month_end().dt.to_string("%Y-%m-%d")


def screening(frame: pl.LazyFrame, line: float, params: dict | None = None) -> pl.LazyFrame:
    """Every household of ``frame`` as screened (``rules.SCREENED``, in its order)."""
    p = {**DEFAULTS, **(params or {})}
    line = _finite("line", line)
    drop_share, spike_share, policy = (
        _finite(k, p[k]) for k in
        ("income_drop_share", "expenditure_spike_share", "policy_dependence_share"))
    months = _months(p["clearance_min_months"])
    c = pl.col
    income_pc = c("income_per_capita")
    guarantees_fail = pl.any_horizontal([c(flag) == 0 for flag in GUARANTEE_FLAGS])
    at_risk = (income_pc < line) | guarantees_fail
    prev = c("income_per_capita_prev").cast(pl.Float64)
    income_drop = prev.is_not_null() & (prev - income_pc >= drop_share * prev)
    rigid = c("exp_medical") + c("exp_education") + c("exp_disaster")
    household_income = income_pc * c("household_size")
    spike = rigid >= spike_share * household_income
    left_per_capita = (household_income - rigid) / c("household_size")
    sudden = (income_drop | spike) & (left_per_capita < line)
    # 风险消除: every condition met, else the first unmet (NOT_CLEARED, in order)
    start = c("monitoring_start").cast(pl.String)
    measures = c("assistance_measures").cast(pl.String)
    unmet = [
        ~(income_pc > line),
        ~(left_per_capita > line),
        c("labour_capacity") == "无劳动能力",
        start.is_null(),
        start > _cutoff(months),
        measures.is_null() | measures.is_in(["", *NO_MEASURE]),
    ]
    review = (c("monitored_prev") == 1) & ~at_risk.fill_null(False) & ~sudden.fill_null(False)
    first_unmet = pl.when(unmet[0]).then(pl.lit(NOT_CLEARED[0]))
    for test, reason in zip(unmet[1:], NOT_CLEARED[1:], strict=True):
        first_unmet = first_unmet.when(test).then(pl.lit(reason))
    first_unmet = first_unmet.otherwise(pl.lit(None, dtype=pl.String))
    not_cleared = pl.when(review).then(first_unmet).otherwise(pl.lit(None, dtype=pl.String))
    category = (
        pl.when(at_risk & (c("household_type") == "脱贫户")).then(pl.lit("脱贫不稳定户"))
        .when(at_risk & (c("household_type") == "一般农户")).then(pl.lit("边缘易致贫户"))
        .when(sudden).then(pl.lit("突发严重困难户"))
        .when(review & first_unmet.is_not_null()).then(pl.lit("风险未消除"))
        .when(review).then(pl.lit("风险消除"))
        .otherwise(pl.lit("未纳入监测"))
    )
    transfer = c("income_transfer")
    risks = {
        "能力缺失型": (c("labour_capacity") != "有劳动能力") | (c("members_ill_or_disabled") > 0),
        "外部环境脆弱型": (c("exp_disaster") > 0) | (c("housing_secure") == 0)
        | (c("drinking_water_secure") == 0),
        "政策型": (transfer > 0) & (transfer >= policy * income_pc),
        "自我发展型": (c("compulsory_education_secure") == 0)
        | ((c("labour_capacity") == "有劳动能力") & (c("members_working") == 0)),
        "产业激励不足": (c("income_operating") == 0) & (c("industry_support") == 0),
    }
    return frame.select(
        *PASSED_ON,
        category.alias("category"),
        not_cleared.alias("not_cleared"),
        *(expr.fill_null(False).alias(name) for name, expr in risks.items()),
    ).select(SCREENED)


def screen_to_parquet(source: str | Path, line: float, out: Path,
                      params: dict | None = None) -> None:
    """Screen ``source`` (a Parquet file or glob) and write every household as screened
    (``rules.SCREENED``) to ``out`` (Parquet, zstd), streamed."""
    screening(pl.scan_parquet(str(source)), line, params).sink_parquet(
        str(out), compression="zstd")


def screen_frame(source: str | Path, line: float, params: dict | None = None) -> pl.DataFrame:
    """Screened households as a Polars DataFrame (for tests and small tables)."""
    return screening(pl.scan_parquet(str(source)), line, params).collect()
