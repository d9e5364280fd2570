"""The rows of a derived indicator table, and the table made from them.

Each function of ``compute`` takes validated raw tables (DataFrames from
``nanjiang.data.loaders.load_validated``) and returns a tidy DataFrame with the
columns of ``DERIVED_COLUMNS``, made by ``finish`` from a list of row dicts:

* ``value`` is written as text with a fixed number of decimals: 2 for ``%``
  and ``百分点``, otherwise the row's ``decimals`` (the printed decimals of
  the inputs, so that 9 − 19.9 is written -10.9 and 10762 − 10371 is 391);
* ``source_id`` names the source(s) of the printed values a row is computed
  from (``a;b`` when two sources are combined): where two sources disagree
  (2018 全国贫困地区 工资性收入 2627 vs 3627) each gives its own rows, nothing is
  picked silently;
* ``basis`` says in a few words how the value was computed;
* rows are sorted by indicator, region_code, year and source_id.

Rows of years after the report year are never used (``nanjiang.data.data_year.up_to``).
"""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

import pandas as pd

from nanjiang.common.numbers import PERCENT_DECIMALS, derived_value

DERIVED_COLUMNS = [
    "year",
    "region_code",
    "region_name",
    "indicator",
    "value",
    "unit",
    "basis",
    "source_id",
]

SORT_KEY = ["indicator", "region_code", "year", "source_id"]
# how a basis names a raw table: {table[county_exits]}, numbered where printed
_TABLE_FIELD = re.compile(r"\{table\[(\w+)\]\}\s*")

_REGIONS_CSV = Path(__file__).resolve().parents[4] / "data" / "raw" / "regions.csv"


@lru_cache(maxsize=1)
def region_names() -> dict[str, str]:
    """region_code -> canonical name (``data/raw/regions.csv``)."""
    with _REGIONS_CSV.open(encoding="utf-8") as fh:
        return {r["region_code"]: r["name"] for r in csv.DictReader(fh)}


def printed_name(df: pd.DataFrame, region: str) -> str:
    """The region's name as printed in ``df`` (first row), else the canonical name."""
    hit = df.loc[df["region_code"] == region, "region_name"]
    return str(hit.iloc[0]) if not hit.empty else region_names().get(region, region)


def row(year, region_code, region_name, indicator, value, unit, basis, source_id,
        decimals: int = PERCENT_DECIMALS) -> dict:
    """One derived row (``decimals`` is used for units other than % / 百分点)."""
    return {
        "year": int(year),
        "region_code": str(region_code),
        "region_name": region_name,
        "indicator": indicator,
        "value": float(value),
        "unit": unit,
        "basis": basis,
        "source_id": source_id,
        "decimals": decimals,
    }


def finish(rows: list[dict]) -> pd.DataFrame:
    """Rows -> the derived table: values formatted, columns fixed, rows sorted."""
    if not rows:
        return pd.DataFrame(columns=DERIVED_COLUMNS)
    df = pd.DataFrame(rows)
    df["value"] = [
        derived_value(v, u, d) for v, u, d in zip(df["value"], df["unit"], df["decimals"],
                                                 strict=True)
    ]
    df = df[DERIVED_COLUMNS].sort_values(SORT_KEY, kind="stable").reset_index(drop=True)
    key = df[SORT_KEY]
    if key.duplicated().any():
        raise DuplicateDerivedRows(df[key.duplicated(keep=False)])
    return df


class DuplicateDerivedRows(ValueError):
    """Rows of a derived table with one key: the raw tables hold rows that the
    derivation reads as one, which validation let through (its keys,
    ``unique_keys`` and ``keys_across_tables`` of datapackage.yaml, are meant
    to stop them first). A last guard: a table with two values for one cell
    is never written."""

    def __init__(self, rows: pd.DataFrame):
        self.rows = rows
        first = rows.iloc[0]
        self.key = {c: first[c] for c in SORT_KEY}
        keys = len(rows[SORT_KEY].drop_duplicates())
        super().__init__(f"duplicate derived rows: {keys} key(s) given more than once, the "
                         f"first {_key_text(self.key)}")


def _table_name(match: re.Match) -> str:
    return f"[{match.group(1)}] "


def _key_text(key: dict) -> str:
    return ", ".join(f"{c} {v}" for c, v in key.items())


def duplicate_message(error: DuplicateDerivedRows, table: str,
                      raw: dict[str, pd.DataFrame]) -> str:
    """What the derive job says: the derived table, the first key given twice,
    the basis of each of its rows, and the raw rows of that year, region and
    source(s) in each input table (no pandas dump)."""
    key = error.key
    same = error.rows
    for c in SORT_KEY:
        same = same[same[c] == key[c]]
    lines = [f"{table}: {len(same)} rows for {_key_text(key)} (a derived table has one "
             "row per indicator, region_code, year and source_id), computed as:"]
    lines += [f"  - {_TABLE_FIELD.sub(_table_name, r['basis'])} = {r['value']}{r['unit']}"
              for r in same.to_dict("records")]
    sources = str(key["source_id"]).split(";")
    lines.append(f"from the raw rows of year {key['year']}, region {key['region_code']}, "
                 f"source {', '.join(sources)}:")
    for name, df in raw.items():
        hit = df[(df["year"] == int(key["year"])) & (df["region_code"] == key["region_code"])
                 & df["source_id"].isin(sources)]
        shown = [f"{r['indicator']} {r.get('value_text', r['value'])}{r['unit']}"
                 for r in hit.to_dict("records")]
        more = f", … ({len(shown)} rows)" if len(shown) > 4 else ""
        lines.append(f"  - {name}: {', '.join(shown[:4]) + more if shown else 'none'}")
    lines.append("The raw tables passed validation but hold rows this table reads as one: "
                 "keep one of them, and declare the key in data/raw/datapackage.yaml "
                 "(unique_keys of a table, keys_across_tables across tables) so that "
                 "validation names their lines. Nothing was published.")
    return "\n".join(lines)


def decimals_of(*frames_or_series) -> int:
    """Largest printed decimals among the given rows (``decimals`` column)."""
    out = 0
    for x in frames_or_series:
        if isinstance(x, pd.DataFrame):
            out = max(out, int(x["decimals"].max()) if not x.empty else 0)
        else:
            out = max(out, int(x["decimals"]))
    return out
