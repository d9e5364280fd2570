"""Columnar screening with DuckDB over Parquet or CSV: the same rules as ``rules.py``.

DuckDB streams the scan, so tables larger than memory are screened in bounded memory.
Screening is per household, so any partition (county, prefecture) screened on its own and
concatenated gives the same rows as the whole table.

A screen writes what the jobs after it need, no more (``rules.SCREENED``): the key, the
columns the summary counts by (county, household size, main risk type, assistance
measures), the category, the first unmet condition of clearance and the risk types; the
county lists take their other columns from the validated table, joined on the key.

No value is written into the SQL text: lines, shares, years, county codes and file paths
are bound as parameters of the statement (``Params``); the only names in it are the columns
of schema.yaml and the rules' own words.
"""

from __future__ import annotations

import math
import os
import re
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path

import duckdb

from nanjiang.monitoring.rules import (
    DEFAULTS,
    GUARANTEE_FLAGS,
    NO_MEASURE,
    NOT_CLEARED,
    PASSED_ON,
)


class Params:
    """The values of one statement: ``bind(value)`` keeps the value and returns the SQL
    naming it (``$p0``, ``$p1``…); ``used_in(sql)`` gives DuckDB those the SQL names."""

    def __init__(self) -> None:
        self.values: dict[str, object] = {}

    def __call__(self, value) -> str:
        name = f"p{len(self.values)}"
        self.values[name] = value
        return f"${name}"

    def used_in(self, sql: str) -> dict[str, object]:
        used = set(re.findall(r"\$(p\d+)\b", sql))
        return {k: v for k, v in self.values.items() if k in used}


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


def _finite(name: str, value) -> float:
    """A line or share as a float; NaN or an infinity (which every comparison would
    silently fail or pass) stops the screening, named (config_check refuses them first)."""
    number = float(value)
    if not math.isfinite(number):
        raise ValueError(f"{name} = {value!r}: expected a finite number")
    return number


def _months(value) -> int:
    """``clearance_min_months`` as a whole number >= 0 (config_check refuses others first)."""
    if isinstance(value, bool) or int(value) != value or value < 0:
        raise ValueError(f"clearance_min_months = {value!r}: expected a whole number >= 0")
    return int(value)


def _cutoff(months: str) -> str:
    """SQL: ``rules.period_cutoff`` of the row's year, ``months`` naming its parameter: the
    last day of the month ``months`` before December, as YYYY-MM-DD."""
    k = f"(year * 12 + 11 - {months})"
    first = f"make_date(CAST({k} // 12 AS INTEGER), CAST({k} % 12 + 1 AS INTEGER), 1)"
    return f"strftime(last_day({first}), '%Y-%m-%d')"


def _screening(source: str, line: float, params: dict | None, bind: Params) -> str:
    p = {**DEFAULTS, **(params or {})}
    line_ = bind(_finite("line", line))
    drop_share, spike_share, policy = (
        bind(_finite(k, p[k])) for k in
        ("income_drop_share", "expenditure_spike_share", "policy_dependence_share"))
    months = bind(_months(p["clearance_min_months"]))
    fails = " OR ".join(f"{flag} = 0" for flag in GUARANTEE_FLAGS)
    at_risk = f"(income_per_capita < {line_} OR {fails})"
    rigid = "(exp_medical + exp_education + exp_disaster)"
    income = "(income_per_capita * household_size)"
    drop = (
        "(income_per_capita_prev IS NOT NULL AND income_per_capita_prev - income_per_capita"
        f" >= {drop_share} * income_per_capita_prev)"
    )
    spike = f"({rigid} >= {spike_share} * {income})"
    left = f"(({income} - {rigid}) / household_size)"
    sudden = f"(({drop} OR {spike}) AND {left} < {line_})"
    # 风险消除 (rules.py): the first unmet condition, or NULL when all are met
    start = "CAST(monitoring_start AS VARCHAR)"
    measures = "coalesce(CAST(assistance_measures AS VARCHAR), '')"
    unmet = [
        f"NOT (income_per_capita > {line_})",
        f"NOT ({left} > {line_})",
        "labour_capacity = '无劳动能力'",
        f"{start} IS NULL",
        f"{start} > {_cutoff(months)}",
        f"list_contains({bind(['', *NO_MEASURE])}, {measures})",
    ]
    first_unmet = "CASE " + " ".join(
        f"WHEN {test} THEN {bind(reason)}" for test, reason in zip(unmet, NOT_CLEARED, strict=True)
    ) + " END"
    review = f"(monitored_prev = 1 AND NOT {at_risk} AND NOT {sudden})"
    risks = ",\n  ".join(
        f'coalesce({expr.format(policy=policy)}, false) AS "{name}"'
        for name, expr in RISK_SQL.items()
    )
    passed = ", ".join(PASSED_ON)
    return f"""
SELECT {passed},
  CASE
    WHEN {at_risk} AND household_type = '脱贫户' THEN '脱贫不稳定户'
    WHEN {at_risk} AND household_type = '一般农户' THEN '边缘易致贫户'
    WHEN {sudden} THEN '突发严重困难户'
    WHEN monitored_prev = 1 AND ({first_unmet}) IS NULL THEN '风险消除'
    WHEN monitored_prev = 1 THEN '风险未消除'
    ELSE '未纳入监测'
  END AS category,
  CASE WHEN {review} THEN {first_unmet} END AS not_cleared,
  {risks}
FROM {source}"""


def screening_sql(source: str, line: float, params: dict | None = None,
                  bind: Params | None = None) -> tuple[str, dict]:
    """SELECT of every household of ``source`` (a DuckDB table expression whose values are
    bound in ``bind``) as screened (``rules.SCREENED``); and the values to execute it with."""
    bind = bind or Params()
    sql = _screening(source, line, params, bind)
    return sql, bind.used_in(sql)


def scan(path: Path, bind: Params) -> str:
    """DuckDB table expression reading ``path`` (Parquet, or a validated CSV)."""
    path = Path(path)
    if path.suffix == ".parquet":
        return f"read_parquet({bind(str(path))})"
    text_columns = "{'household_id': 'VARCHAR', 'county_code': 'VARCHAR'}"
    return f"read_csv({bind(str(path))}, header = true, types = {text_columns})"


def screen_to_parquet(source: Path, line: float, out: Path, params: dict | None = None,
                      memory_limit: str = "1GB", threads: int = 2) -> None:
    """Screen ``source`` and write every household as screened (``rules.SCREENED``) to
    ``out`` (Parquet)."""
    con = duckdb.connect(config={"memory_limit": memory_limit, "threads": threads})
    try:
        bind = Params()
        select, _ = screening_sql(scan(source, bind), line, params, bind)
        sql = f"COPY ({select}) TO {bind(str(out))} (FORMAT parquet, COMPRESSION zstd)"
        con.execute(sql, bind.used_in(sql))
    finally:
        con.close()


def screen_frame(source: Path, line: float, params: dict | None = None):
    """Screened households as a pandas DataFrame (for tests and small tables)."""
    con = duckdb.connect()
    try:
        bind = Params()
        return con.execute(*screening_sql(scan(source, bind), line, params, bind)).df()
    finally:
        con.close()


# Partitioned screening (one Snakemake job per prefecture, then one combining job) and the
# unpartitioned screen write the same rows in the same order: every screen is ordered by
# the table's key, so the combined file equals one screen of the whole table.
ORDER = "ORDER BY household_id, year"


def screened_years_sql(source: str, year_lines: dict[int, float], params: dict | None,
                       bind: Params) -> str:
    """Every household of ``source`` screened against its own year's line, in key order."""
    selects = [
        _screening(f"(SELECT * FROM {source} WHERE year = {bind(int(y))})", line, params, bind)
        for y, line in sorted(year_lines.items())
    ]
    return f"{' UNION ALL '.join(selects)} {ORDER}"


def copy_to_parquet(con, sql: str, out: Path, params: dict | None = None) -> None:
    """``COPY (sql)`` (executed with ``params``) into ``out`` through a temporary file beside
    it, renamed into place: a failed or interrupted job never leaves a half-written file."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.tmp")
    try:
        # Through a table: its scan hands the writer chunks of the same sizes whatever the
        # plan before (a sort of one file or of four), so the same rows give the same bytes.
        con.execute(f"CREATE OR REPLACE TEMP TABLE copy_out AS {sql}", params or {})
        con.execute("COPY copy_out TO $tmp (FORMAT parquet, COMPRESSION zstd)",
                    {"tmp": str(tmp)})
        con.execute("DROP TABLE copy_out")
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def connect(threads: int, memory_mb: int | None):
    """DuckDB within a job's allocation: ``memory_mb`` (the rule's ``mem_mb``, less room for
    Python), spilling to a temporary folder ($TMPDIR, Snakemake's ``tmpdir``) beyond it;
    None: DuckDB's default limit (80 % of the RAM)."""
    spill = tempfile.mkdtemp(prefix="duckdb-spill-")
    config = {"threads": threads, "temp_directory": spill}
    if memory_mb is not None:
        config["memory_limit"] = f"{max(int(memory_mb * 0.7), 256)}MB"
    con = duckdb.connect(config=config)
    try:
        yield con
    finally:
        con.close()
        shutil.rmtree(spill, ignore_errors=True)


def screen_partition(validated: Path, year_lines: dict[int, float], out: Path,
                     counties: list[str] | None = None, params: dict | None = None,
                     threads: int = 1, memory_mb: int | None = None) -> None:
    """Screen the validated households of ``counties`` (None: all) into ``out``."""
    bind = Params()
    source = f"read_parquet({bind(str(validated))})"
    if counties is not None:
        listed = f"CAST({bind([str(c) for c in counties])} AS VARCHAR[])"
        source = f"(SELECT * FROM {source} WHERE list_contains({listed}, county_code))"
    sql = screened_years_sql(source, year_lines, params, bind)
    with connect(threads, memory_mb) as con:
        copy_to_parquet(con, sql, out, bind.used_in(sql))


def combine_partitions(parts: list[Path], out: Path, threads: int = 1,
                       memory_mb: int | None = None) -> None:
    """The screened partitions as one file, in key order (the unpartitioned screen's bytes)."""
    with connect(threads, memory_mb) as con:
        copy_to_parquet(con, f"SELECT * FROM read_parquet($parts) {ORDER}", out,
                        {"parts": [str(p) for p in parts]})
