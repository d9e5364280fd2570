"""DuckDB screening and the pandas reference classify households identically."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from nanjiang.monitoring.engine import screen_frame
from nanjiang.monitoring.rules import RISK_TYPES, classify
from nanjiang.monitoring.synthetic import generate
from nanjiang.monitoring.validate import county_codes

REPO = Path(__file__).resolve().parents[1]
COUNTIES = sorted(county_codes(REPO / "data" / "raw" / "regions.csv"))
LINE = 6000.0


def to_parquet(table: pd.DataFrame, path: Path) -> Path:
    con = duckdb.connect()
    con.register("t", table)
    con.execute(f"COPY t TO '{path}' (FORMAT parquet)")
    con.close()
    return path


def test_both_engines_classify_a_random_sample_identically(tmp_path):
    table = generate(COUNTIES, 20_000, 2023, LINE, seed=11)
    table.loc[table.sample(500, random_state=3).index, "income_per_capita_prev"] = None
    path = to_parquet(table, tmp_path / "households_SYNTHETIC.parquet")
    columnar = screen_frame(path, LINE).set_index("household_id").sort_index()
    reference = classify(table, LINE).set_index("household_id").sort_index()
    sample = reference.sample(5_000, random_state=5).index
    cols = ["category", *RISK_TYPES]
    pd.testing.assert_frame_equal(
        columnar.loc[sample, cols].astype({c: bool for c in RISK_TYPES}),
        reference.loc[sample, cols].astype({c: bool for c in RISK_TYPES}),
        check_dtype=False,
    )
    # Every category occurs, so the comparison is not vacuous.
    assert set(reference["category"]) == {
        "脱贫不稳定户", "边缘易致贫户", "突发严重困难户", "风险消除", "未纳入监测"
    }


def test_partitions_screened_separately_combine_to_the_whole(tmp_path):
    table = generate(COUNTIES, 3_000, 2023, LINE, seed=2)
    whole = screen_frame(to_parquet(table, tmp_path / "all.parquet"), LINE)
    parts = []
    for prefix in ("6529", "6530", "6531", "6532"):
        part = table[table["county_code"].str.startswith(prefix)]
        parts.append(screen_frame(to_parquet(part, tmp_path / f"{prefix}.parquet"), LINE))
    combined = pd.concat(parts).sort_values("household_id").reset_index(drop=True)
    whole = whole.sort_values("household_id").reset_index(drop=True)
    pd.testing.assert_frame_equal(combined, whole)
