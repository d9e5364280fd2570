"""Numbers stated in the prose (``data/raw/facts.csv``) and the cells they repeat."""

from __future__ import annotations

import pandas as pd

from .cellref import CellRef
from .rawdata import rounding_tolerance


def _series(tables: dict[str, pd.DataFrame], ref: CellRef) -> pd.DataFrame:
    df = tables.get(ref.table)
    if df is None:
        return pd.DataFrame()
    return df[(df["indicator"] == ref.indicator) & (df["region_code"] == ref.region_code)]


def lookup(tables: dict[str, pd.DataFrame], ref: CellRef) -> pd.Series | None:
    """The referenced row (first source in file order), or None."""
    series = _series(tables, ref)
    hit = series[series["year"] == ref.year] if not series.empty else series
    return None if hit.empty else hit.iloc[0]


def resolve_facts(
    facts: pd.DataFrame, tables: dict[str, pd.DataFrame], report_year: int | None = None
) -> dict[str, dict]:
    """Each fact with the value the report prints (``display``) and its year.

    Where the prose repeats a table cell, the table is the data: the report
    prints the table's value (the audit shows the prose's where they differ),
    and the statement follows the report year: it takes the same table,
    indicator and region at the latest year at or before ``report_year``
    (``display_year``; templates print it with fact_year("id")).
    """
    out = {}
    for _, f in facts.iterrows():
        record = f.to_dict()
        record["display"] = f["value_text"]
        record["display_year"] = int(f["year"])
        record["cell"] = None
        if f.get("compares_to"):
            ref = CellRef.parse(f["compares_to"])
            cell = lookup(tables, ref)
            if cell is None:
                raise ValueError(
                    f"data/raw/facts.csv: fact '{f['fact_id']}' compares_to {ref}, "
                    "which is not a row of that table"
                )
            record["cell"] = ref
            series = _series(tables, ref)
            if report_year is not None and ref.follows:
                later = series[(series["year"] <= report_year) & (series["year"] >= ref.year)]
                if not later.empty:
                    cell = later[later["year"] == later["year"].max()].iloc[0]
            record["display_source"] = cell["source_id"]
            record["cell_value"] = cell["value_text"]
            record["cell_basis"] = cell.get("basis", "")  # how a derived cell was computed
            if _same_unit(f["unit"], cell["unit"]) and (
                int(cell["year"]) != ref.year or not agrees(f, cell)
            ):
                record["display"] = cell["value_text"]
                record["display_year"] = int(cell["year"])
        out[f["fact_id"]] = record
    return out


def agrees(fact, cell) -> bool:
    """The prose's number is the cell's within printed rounding ("近106万人"
    for 105.59): then the prose's wording stays. The same test as the audit's
    prose-against-table rule, so the text is corrected exactly where 附录一
    lists a contradiction."""
    tolerance = rounding_tolerance([fact["value_text"], cell["value_text"]])
    return abs(float(fact["value"]) - float(cell["value"])) <= tolerance


# The prose counts cars in 辆 where the table prints 台, and counties in 县
# ("喀什地区4县") where the tables count 个: the same counts.
UNIT_SYNONYMS = {"辆": "台", "县": "个"}


def _same_unit(a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    return UNIT_SYNONYMS.get(a, a) == UNIT_SYNONYMS.get(b, b)
