"""Columnar screening with DuckDB over Parquet or CSV: the same rules as ``rules.py``.

DuckDB streams the scan, so tables larger than memory are screened in bounded memory.
Screening is per household, so any partition (county, prefecture) screened on its own and
concatenated gives the same rows as the whole table.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from .rules import DEFAULTS, GUARANTEE_FLAGS

RISK_SQL = {
    "能力缺失型": "labour_capacity <> '有劳动能力' OR members_ill_or_disabled > 0",
    "外部环境脆弱型": "exp_disaster > 0 OR housing_secure = 0 OR drinking_water_secure = 0",
    "政策型": "income_transfer > 0 AND income_transfer >= {policy} * income_per_capita",
    "自我发展型": (
        "compulsory_education_secure = 0"
        " OR (labour_capacity = '有劳动能力' AND members_working = 0)"
    ),
    "产业激励不足": "income_operating = 0 AND industry_support = 0",
}


def screening_sql(source: str, line: float, params: dict | None = None) -> str:
    """SELECT of every household of ``source`` (a DuckDB table expression) with its category."""
    p = {**DEFAULTS, **(params or {})}
    fails = " OR ".join(f"{flag} = 0" for flag in GUARANTEE_FLAGS)
    at_risk = f"(income_per_capita < {line!r} OR {fails})"
    rigid = "(exp_medical + exp_education + exp_disaster)"
    income = "(income_per_capita * household_size)"
    drop = (
        "(income_per_capita_prev IS NOT NULL AND income_per_capita_prev - income_per_capita"
        f" >= {p['income_drop_share']!r} * income_per_capita_prev)"
    )
    spike = f"({rigid} >= {p['expenditure_spike_share']!r} * {income})"
    sudden = f"(({drop} OR {spike}) AND ({income} - {rigid}) / household_size < {line!r})"
    risks = ",\n  ".join(
        f'coalesce({expr.format(policy=repr(p["policy_dependence_share"]))}, false) AS "{name}"'
        for name, expr in RISK_SQL.items()
    )
    return f"""
SELECT *,
  CASE
    WHEN {at_risk} AND household_type = '脱贫户' THEN '脱贫不稳定户'
    WHEN {at_risk} AND household_type = '一般农户' THEN '边缘易致贫户'
    WHEN {sudden} THEN '突发严重困难户'
    WHEN monitored_prev = 1 THEN '风险消除'
    ELSE '未纳入监测'
  END AS category,
  {risks}
FROM {source}"""


def scan(path: Path) -> str:
    """DuckDB table expression reading ``path`` (Parquet, or a validated CSV)."""
    path = Path(path)
    if path.suffix == ".parquet":
        return f"read_parquet('{path}')"
    text_columns = "{'household_id': 'VARCHAR', 'county_code': 'VARCHAR'}"
    return f"read_csv('{path}', header = true, types = {text_columns})"


def screen_to_parquet(source: Path, line: float, out: Path, params: dict | None = None,
                      memory_limit: str = "1GB", threads: int = 2) -> None:
    """Screen ``source`` and write every household with its category to ``out`` (Parquet)."""
    con = duckdb.connect(config={"memory_limit": memory_limit, "threads": threads})
    try:
        sql = screening_sql(scan(source), line, params)
        con.execute(f"COPY ({sql}) TO '{out}' (FORMAT parquet, COMPRESSION zstd)")
    finally:
        con.close()


def screen_frame(source: Path, line: float, params: dict | None = None):
    """Screened households as a pandas DataFrame (for tests and small tables)."""
    con = duckdb.connect()
    try:
        return con.execute(screening_sql(scan(source), line, params)).df()
    finally:
        con.close()
