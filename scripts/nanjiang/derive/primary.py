"""Which source a table or chart prints when sources disagree: one rule.

Per (year, region, indicator) the row of the first source in the resource's
``sources`` order in datapackage.yaml is printed; the rows of other sources
are returned too, so the caller can mention them (never dropped silently).
"""

from __future__ import annotations

import pandas as pd

CELL = ["year", "region_code", "indicator"]


def split_primary(df: pd.DataFrame, source_order: list[str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(rows printed, rows of other sources), both in the input's row order."""
    rank = {s: i for i, s in enumerate(source_order)}
    ranked = df.assign(_rank=df["source_id"].map(lambda s: rank.get(s, len(rank))))
    ranked = ranked.sort_values("_rank", kind="stable")  # ties: file order
    first = ~ranked.duplicated(CELL, keep="first")
    return (ranked[first].drop(columns="_rank").sort_index(),
            ranked[~first].drop(columns="_rank").sort_index())


def source_order(package, table: str) -> list[str]:
    """The order of a table's sources when they disagree: its ``sources`` in
    datapackage.yaml (none for a derived table, whose rows then keep file order)."""
    if package is None or table not in package.resources:
        return []
    return [s["source_id"] if isinstance(s, dict) else str(s)
            for s in package.resource(table).get("sources") or []]


def first_source(rows: pd.DataFrame, order: list[str]) -> pd.Series | None:
    """The row of one cell a table prints (``split_primary``'s rule): the first
    source in ``order``, ties in file order; None if there are no rows."""
    if rows.empty:
        return None
    rank = {s: i for i, s in enumerate(order)}
    ranks = [rank.get(s, len(rank)) for s in rows["source_id"]]
    return rows.iloc[ranks.index(min(ranks))]  # (the first of the lowest rank)
