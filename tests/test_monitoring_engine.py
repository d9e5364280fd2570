"""DuckDB screening and the pandas reference classify households identically."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from nanjiang.monitoring.engine import screen_frame
from nanjiang.monitoring.rules import CATEGORIES, NOT_CLEARED, RISK_TYPES, classify
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
    # some monitored last year with an income exactly at the line (not cleared)
    at_line = table[table["monitored_prev"] == 1].sample(20, random_state=6).index
    table.loc[at_line, ["income_per_capita", "income_wage", "income_operating",
                        "income_property", "income_transfer"]] = [LINE, LINE, 0.0, 0.0, 0.0]
    path = to_parquet(table, tmp_path / "households_SYNTHETIC.parquet")
    columnar = screen_frame(path, LINE).set_index("household_id").sort_index()
    reference = classify(table, LINE).set_index("household_id").sort_index()
    sample = reference.sample(5_000, random_state=5).index.union(at_line.map(
        table["household_id"]))
    cols = ["category", "not_cleared", *RISK_TYPES]
    pd.testing.assert_frame_equal(
        columnar.loc[sample, cols].astype({c: bool for c in RISK_TYPES}).fillna(""),
        reference.loc[sample, cols].astype({c: bool for c in RISK_TYPES}).fillna(""),
        check_dtype=False,
    )
    # Every category and every unmet condition of clearance occurs, so the comparison is
    # not vacuous.
    assert set(reference.loc[sample, "category"]) == set(CATEGORIES)
    assert set(reference.loc[sample, "not_cleared"].dropna()) == set(NOT_CLEARED)


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


def test_prefecture_partitions_combined_equal_one_unpartitioned_screen_byte_for_byte(tmp_path):
    """What rules/monitoring.smk runs (one screen per prefecture of regions.csv, then one
    combine) gives the same file as one screen of the whole validated table."""
    from nanjiang.monitoring.engine import ORDER, combine_partitions, screen_partition
    from nanjiang.monitoring.regions import prefecture_counties

    table = pd.concat([
        generate(COUNTIES, 4_000, 2023, LINE, seed=21),
        generate(COUNTIES, 4_000, 2024, LINE * 1.05, seed=22),
    ], ignore_index=True)
    table.loc[table.sample(300, random_state=1).index, "income_per_capita_prev"] = None
    validated = tmp_path / "validated.parquet"
    con = duckdb.connect()
    con.register("t", table.sample(frac=1, random_state=4))  # any row order in
    con.execute(f"COPY (SELECT * FROM t {ORDER}) TO '{validated}' (FORMAT parquet)")
    con.close()
    year_lines = {2023: LINE, 2024: LINE * 1.05}
    params = {"income_drop_share": 0.25}

    whole = tmp_path / "whole.parquet"
    screen_partition(validated, year_lines, whole, None, params)
    prefectures = prefecture_counties(REPO / "data" / "raw" / "regions.csv")
    assert len(prefectures) == 4
    parts = []
    for prefecture, counties in prefectures.items():
        parts.append(tmp_path / f"part_{prefecture}.parquet")
        screen_partition(validated, year_lines, parts[-1], counties, params)
    combined = tmp_path / "combined.parquet"
    combine_partitions(parts, combined)

    rows = duckdb.sql(f"SELECT * FROM read_parquet('{combined}')").df()
    pd.testing.assert_frame_equal(rows, duckdb.sql(f"SELECT * FROM read_parquet('{whole}')").df())
    assert len(rows) == 8_000 and rows["category"].nunique() == len(CATEGORIES)
    assert combined.read_bytes() == whole.read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))  # written through a temporary file, renamed


def test_both_engines_write_the_same_narrow_table(tmp_path):
    """A screen writes what the jobs after it need (rules.SCREENED: the key, the columns the
    summary counts by, the results), not the 30 input columns; DuckDB's, the pandas
    reference's and Polars' (the benchmark's third engine, written by its own Parquet
    writer) tables are the same, column for column and row for row."""
    from nanjiang.monitoring import polars_screen
    from nanjiang.monitoring.rules import SCREENED, screened

    table = generate(COUNTIES, 5_000, 2023, LINE, seed=12)
    table.loc[table.sample(200, random_state=2).index, "main_risk"] = None
    table.loc[table.sample(200, random_state=7).index, "income_per_capita_prev"] = None
    source = to_parquet(table, tmp_path / "h.parquet")
    columnar = screen_frame(source, LINE)
    polars_screen.screen_to_parquet(source, LINE, tmp_path / "polars.parquet")
    polars = duckdb.sql(f"SELECT * FROM read_parquet('{tmp_path / 'polars.parquet'}')").df()
    assert list(polars.columns) == SCREENED
    assert list(columnar.columns) == SCREENED
    assert len(SCREENED) < len(table.columns)
    reference = screened(table, LINE)
    assert list(reference.columns) == SCREENED

    def same_form(frame: pd.DataFrame) -> pd.DataFrame:
        frame = frame.sort_values(["household_id", "year"]).reset_index(drop=True)
        frame = frame.astype({c: bool for c in RISK_TYPES})
        text = ["household_id", "county_code", "main_risk", "assistance_measures", "category",
                "not_cleared"]
        frame[text] = frame[text].astype(object).where(frame[text].notna(), None)
        return frame.astype({"year": "int64", "household_size": "int64"})

    pd.testing.assert_frame_equal(same_form(columnar), same_form(reference))
    pd.testing.assert_frame_equal(same_form(polars), same_form(reference))
    assert set(reference["category"]) == set(CATEGORIES)  # not vacuous
