"""Numbers stated in the prose (``data/raw/facts.csv``) and the cells they repeat."""

from __future__ import annotations

import pandas as pd

from nanjiang.common.numbers import rounding_tolerance
from nanjiang.data.cellref import CellRef
from nanjiang.data.data_year import shown_year
from nanjiang.derive.evidence import decide
from nanjiang.derive.primary import first_source, source_order


def _series(tables: dict[str, pd.DataFrame], ref: CellRef) -> pd.DataFrame:
    df = tables.get(ref.table)
    if df is None:
        return pd.DataFrame()
    return df[(df["indicator"] == ref.indicator) & (df["region_code"] == ref.region_code)]


def lookup(tables: dict[str, pd.DataFrame], ref: CellRef, package) -> pd.Series | None:
    """The referenced row as its table prints it, or None: where sources
    disagree, the first of the resource's ``sources`` in datapackage.yaml
    (``primary.first_source``, the rule of the tables and charts), whatever
    the order of the rows."""
    series = _series(tables, ref)
    hit = series[series["year"] == ref.year] if not series.empty else series
    return first_source(hit, source_order(package, ref.table))


EDITIONS = ("corrected", "faithful")


def resolve_facts(
    facts: pd.DataFrame,
    tables: dict[str, pd.DataFrame],
    report_year: int | None = None,
    package=None,
    edition: str = "corrected",
) -> dict[str, dict]:
    """Each fact with the value the report prints (``display``) and its year.

    ``edition="faithful"`` prints the original's number everywhere. In the
    corrected edition, where the prose repeats a table cell and contradicts
    it, the evidence decides (``nanjiang.derive.evidence.decide``: recomputation from
    the parts, else a second source): the supported side is printed, and the
    original where the evidence does not decide. A statement about the
    current state (``+``) follows the report year: it takes the same table,
    indicator and region at the latest year at or before ``report_year``
    (``display_year``; templates print it with fact_year("id")).
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition {edition!r}: expected one of {', '.join(EDITIONS)}")
    out = {}
    for _, f in facts.iterrows():
        record = f.to_dict()
        record["display"] = f["value_text"]
        record["display_year"] = int(f["year"])
        record["cell"] = None
        record["verdict"] = None
        if f.get("compares_to"):
            ref = CellRef.parse(f["compares_to"])
            cell = lookup(tables, ref, package)
            if cell is None:
                raise ValueError(
                    f"data/raw/facts.csv: fact '{f['fact_id']}' compares_to {ref}, "
                    "which is not a row of that table"
                )
            record["cell"] = ref
            _note_cell(record, cell)
            if edition == "faithful" or not same_unit(f["unit"], cell["unit"]):
                out[f["fact_id"]] = record
                continue
            series = _series(tables, ref)
            if report_year is not None and ref.follows:
                since = series[series["year"] >= ref.year]
                shown = shown_year(since, report_year)
                if shown is not None:
                    later_cell = first_source(since[since["year"] == shown],
                                              source_order(package, ref.table))
                    if int(later_cell["year"]) != ref.year:
                        # a later year of the same statement: not a correction
                        record["display"] = later_cell["value_text"]
                        record["display_year"] = int(later_cell["year"])
                        _note_cell(record, later_cell)
                        out[f["fact_id"]] = record
                        continue
            if not agrees(f, cell) and package is not None:
                verdict = decide(package, tables, ref.table, f, cell)
                record["verdict"] = verdict
                if verdict.printed == "table":
                    record["display"] = cell["value_text"]
        out[f["fact_id"]] = record
    return out


def _note_cell(record: dict, cell) -> None:
    """The cell a printed fact is traced to (its provenance, nanjiang.text.provenance)."""
    record["display_source"] = cell["source_id"]
    record["cell_value"] = cell["value_text"]
    record["cell_basis"] = cell.get("basis", "")  # how a derived cell was computed


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


def same_unit(a: str, b: str) -> bool:
    a, b = a.strip(), b.strip()
    return UNIT_SYNONYMS.get(a, a) == UNIT_SYNONYMS.get(b, b)
