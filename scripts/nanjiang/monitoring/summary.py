"""Per county and per prefecture: households and people screened, per category and risk type.

Counts are sums, so summaries of partitions (county, prefecture) add up to the summary of the
whole; shares and changes are computed only after adding.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from nanjiang.monitoring.rules import CATEGORIES, MONITORED, RISK_TYPES


def county_counts(screened: Path) -> pd.DataFrame:
    """One row per (year, county, group): households and people, with DuckDB over Parquet."""
    values = {"screened": str(screened), "monitored": MONITORED}
    parts = [
        "SELECT year, county_code, 'category' AS kind, category AS item, count(*) AS households,"
        " sum(household_size) AS people FROM read_parquet($screened) GROUP BY ALL"
    ]
    for i, risk in enumerate(RISK_TYPES):
        values[f"risk{i}"] = risk
        parts.append(
            f"SELECT year, county_code, 'risk' AS kind, $risk{i} AS item, count(*),"
            " sum(household_size) FROM read_parquet($screened)"
            f' WHERE "{risk}" AND list_contains($monitored, category) GROUP BY ALL'
        )
    con = duckdb.connect()
    try:
        sql = " UNION ALL ".join(parts) + " ORDER BY ALL"
        return con.execute(sql, values).df().astype({"households": "int64", "people": "int64"})
    finally:
        con.close()


def summarise(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts of counties (possibly from several partitions) → county and prefecture rows.

    Columns: year, level, region_code, kind, item, households, people, share_pct (of the
    households screened), change_households (against the previous year, if present).
    """
    c = counts.copy()
    c["prefecture"] = c["county_code"].str[:4] + "00"
    levels = []
    for level, key in (("county", "county_code"), ("prefecture", "prefecture")):
        g = c.groupby(["year", key, "kind", "item"], as_index=False)[["households", "people"]].sum()
        g = g.rename(columns={key: "region_code"})
        g.insert(1, "level", level)
        levels.append(g)
    table = pd.concat(levels, ignore_index=True)
    screened = (
        table[table["kind"] == "category"]
        .groupby(["year", "level", "region_code"], as_index=False)[["households", "people"]]
        .sum()
        .assign(kind="screened", item="全部")
    )
    monitored = (
        table[(table["kind"] == "category") & table["item"].isin(MONITORED)]
        .groupby(["year", "level", "region_code"], as_index=False)[["households", "people"]]
        .sum()
        .assign(kind="monitored", item="监测对象")
    )
    table = pd.concat([screened, monitored, table], ignore_index=True)
    base = screened.set_index(["year", "level", "region_code"])["households"]
    keys = pd.MultiIndex.from_frame(table[["year", "level", "region_code"]])
    table["share_pct"] = (100 * table["households"] / base.reindex(keys).to_numpy()).round(2)
    previous = table.assign(year=table["year"] + 1).set_index(
        ["year", "level", "region_code", "kind", "item"]
    )["households"]
    keys = pd.MultiIndex.from_frame(table[["year", "level", "region_code", "kind", "item"]])
    table["change_households"] = table["households"] - previous.reindex(keys).to_numpy()
    order = {"screened": 0, "monitored": 1, "category": 2, "risk": 3}
    item_order = {name: i for i, name in enumerate(["全部", "监测对象", *CATEGORIES, *RISK_TYPES])}
    table = table.sort_values(
        ["level", "region_code", "year", "kind", "item"],
        key=lambda s: s.map(order) if s.name == "kind" else (
            s.map(item_order) if s.name == "item" else s
        ),
    )
    return table[
        ["year", "level", "region_code", "kind", "item", "households", "people", "share_pct",
         "change_households"]
    ].reset_index(drop=True)
