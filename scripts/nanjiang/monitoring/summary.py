"""Per county, per prefecture and for the four together: households and people screened, per
category, risk type, main risk type and unmet condition of clearance.

``summarise`` gives the exact counts (never written out). Counts are sums, so summaries of
partitions (county, prefecture) add up to the summary of the whole; shares and changes are
computed only after adding. Every row of every (year, region) is there, zeros included.

``suppress`` is what is printed or shared (the summary CSV, the brief, its figures): no count
under ``THRESHOLD`` households is shown (zeros included), and further cells are hidden so that
no total minus the cells shown beside it gives a hidden one (complementary suppression):
in every relation below, hidden cells are none or at least two, and the hidden parts of a
shown total never add up to 0 (which would show each to be 0).

Relations (per year): for each region,
  screened        = the six categories
  screened        = monitored + 风险消除 + 未纳入监测
  monitored       = the four monitored categories
  风险未消除      = its unmet conditions of clearance
  monitored       = its main risk types (未记录 included);
and for each row kind and item, the four prefectures = their sum over the prefectures, a
prefecture = the sum over its counties. Risk types (chapter 4) overlap, so only the regional
relations hold them; so do the assistance measures (``measure``: the households of the
monitored and 风险消除 categories with each measure recorded, several per household, 未记录
where none is). People are hidden where households are; a share where its count or its
base is; a change where either year's count is.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from nanjiang.monitoring.rules import CATEGORIES, MONITORED, NO_MEASURE, NOT_CLEARED, RISK_TYPES
from nanjiang.monitoring.schema import load_schema

THRESHOLD = 5
ALL_REGION = "NJ4"  # regions.csv: 南疆四地州, the four prefectures together
UNRECORDED = "未记录"
MAIN_RISKS = next(f["values"] for f in load_schema()["fields"] if f["name"] == "main_risk")
ITEMS = [
    ("screened", "全部"),
    ("monitored", "监测对象"),
    *[("category", c) for c in CATEGORIES],
    *[("risk", r) for r in RISK_TYPES],
    *[("main_risk", m) for m in [*MAIN_RISKS, UNRECORDED]],
    *[("not_cleared", r) for r in NOT_CLEARED],
]
# The households whose assistance measures are counted: those monitored this year and those
# whose risk was cleared (the measures taken while they were monitored).
ASSISTED = [*MONITORED, "风险消除"]
# One cell of assistance_measures names several measures, separated by one of these
# (the information system's exports use 、); blank and NO_MEASURE name none.
MEASURE_SEPARATORS = "[、，,；;]"
LEVELS = ["all", "prefecture", "county"]
COLUMNS = ["year", "level", "region_code", "kind", "item", "households", "people", "share_pct",
           "change_households"]


def county_counts(screened: Path) -> pd.DataFrame:
    """One row per (year, county, group): households and people, with DuckDB over Parquet."""
    values = {"screened": str(screened), "monitored": MONITORED, "unrecorded": UNRECORDED,
              "kept": "风险未消除", "assisted": ASSISTED, "separators": MEASURE_SEPARATORS,
              "none": ["", *NO_MEASURE]}
    source = "read_parquet($screened)"
    parts = [
        "SELECT year, county_code, 'category' AS kind, category AS item, count(*) AS households,"
        f" sum(household_size) AS people FROM {source} GROUP BY ALL",
        # the information system's main risk type, of the monitored households
        "SELECT year, county_code, 'main_risk', coalesce(CAST(main_risk AS VARCHAR), "
        f"$unrecorded), count(*), sum(household_size) FROM {source}"
        " WHERE list_contains($monitored, category) GROUP BY ALL",
        "SELECT year, county_code, 'not_cleared', not_cleared, count(*), sum(household_size)"
        f" FROM {source} WHERE category = $kept GROUP BY ALL",
        # the assistance measures recorded (a household once per measure it names)
        "SELECT year, county_code, 'measure', measure, count(*), sum(household_size) FROM ("
        " SELECT year, county_code, household_size, unnest(CASE WHEN len(m) > 0"
        " THEN m ELSE [$unrecorded] END) AS measure FROM (SELECT year, county_code, household_size,"
        " list_filter(list_distinct(list_transform(string_split_regex(coalesce(CAST("
        "assistance_measures AS VARCHAR), ''), $separators), lambda x: trim(x))),"
        " lambda x: NOT list_contains($none, x)) AS m"
        f" FROM {source} WHERE list_contains($assisted, category))) GROUP BY ALL",
    ]
    for i, risk in enumerate(RISK_TYPES):
        values[f"risk{i}"] = risk
        parts.append(
            f"SELECT year, county_code, 'risk' AS kind, $risk{i} AS item, count(*),"
            f" sum(household_size) FROM {source}"
            f' WHERE "{risk}" AND list_contains($monitored, category) GROUP BY ALL'
        )
    con = duckdb.connect()
    try:
        sql = " UNION ALL ".join(parts) + " ORDER BY ALL"
        return con.execute(sql, values).df().astype({"households": "int64", "people": "int64"})
    finally:
        con.close()


def items_of(counts: pd.DataFrame) -> list[tuple[str, str]]:
    """The (kind, item) rows of every region: ITEMS, then the assistance measures the counts
    name (in code-point order), then 未记录 (assisted households with none recorded)."""
    named = counts.loc[counts["kind"] == "measure", "item"]
    measures = sorted(set(named) - {UNRECORDED})
    return [*ITEMS, *[("measure", m) for m in measures], ("measure", UNRECORDED)]


def summarise(counts: pd.DataFrame) -> pd.DataFrame:
    """Counts of counties (possibly from several partitions) → county, prefecture and
    all-four rows, exact (``suppress`` before printing or sharing).

    Columns: year, level (county, prefecture, all), region_code, kind, item, households,
    people, share_pct (of the households screened), change_households (against the
    previous year, if present).
    """
    c = counts.copy()
    c["prefecture"] = c["county_code"].str[:4] + "00"
    c["all"] = ALL_REGION
    levels = []
    for level, key in (("county", "county_code"), ("prefecture", "prefecture"), ("all", "all")):
        g = c.groupby(["year", key, "kind", "item"], as_index=False)[["households", "people"]].sum()
        g = g.rename(columns={key: "region_code"})
        g.insert(1, "level", level)
        levels.append(g)
    table = pd.concat(levels, ignore_index=True)
    # every item of every (year, region) present, zeros included
    regions = table[["year", "level", "region_code"]].drop_duplicates()
    every = items_of(counts)
    grid = regions.merge(pd.DataFrame(every, columns=["kind", "item"]), how="cross")
    table = grid.merge(table[~table["kind"].isin(["screened", "monitored"])], how="left",
                       on=["year", "level", "region_code", "kind", "item"])
    table[["households", "people"]] = table[["households", "people"]].fillna(0).astype("int64")
    keys = ["year", "level", "region_code"]
    categories = table[table["kind"] == "category"]
    for kind, items in (("screened", CATEGORIES), ("monitored", MONITORED)):
        sums = categories[categories["item"].isin(items)].groupby(keys)[["households", "people"]] \
            .sum()
        at = table["kind"] == kind
        index = pd.MultiIndex.from_frame(table.loc[at, keys])
        table.loc[at, "households"] = sums["households"].reindex(index).to_numpy()
        table.loc[at, "people"] = sums["people"].reindex(index).to_numpy()
    base = table[table["kind"] == "screened"].set_index(keys)["households"]
    index = pd.MultiIndex.from_frame(table[keys])
    table["share_pct"] = (100 * table["households"] / base.reindex(index).to_numpy()).round(2)
    previous = table.assign(year=table["year"] + 1).set_index([*keys, "kind", "item"])["households"]
    index = pd.MultiIndex.from_frame(table[[*keys, "kind", "item"]])
    table["change_households"] = table["households"] - previous.reindex(index).to_numpy()
    order = {(k, i): n for n, (k, i) in enumerate(every)}
    table["_item"] = [order[k] for k in zip(table["kind"], table["item"], strict=True)]
    table["_level"] = table["level"].map({lv: n for n, lv in enumerate(LEVELS)})
    table = table.sort_values(["_level", "region_code", "year", "_item"])
    return table[COLUMNS].reset_index(drop=True)


def relations(table: pd.DataFrame) -> list[tuple[tuple, list[tuple]]]:
    """(total, parts) of one year's summary, each cell as (level, region_code, kind, item)."""
    out = []
    present = table[["level", "region_code"]].drop_duplicates()
    for level, region in present.itertuples(index=False):
        def cell(kind, item, level=level, region=region):
            return (level, region, kind, item)
        out.append((cell("screened", "全部"), [cell("category", c) for c in CATEGORIES]))
        out.append((cell("screened", "全部"), [cell("monitored", "监测对象"),
                                               cell("category", "风险消除"),
                                               cell("category", "未纳入监测")]))
        out.append((cell("monitored", "监测对象"), [cell("category", c) for c in MONITORED]))
        out.append((cell("category", "风险未消除"), [cell("not_cleared", r) for r in NOT_CLEARED]))
        out.append((cell("monitored", "监测对象"),
                    [cell("main_risk", m) for m in [*MAIN_RISKS, UNRECORDED]]))
    counties = present.loc[present["level"] == "county", "region_code"].tolist()
    prefectures = present.loc[present["level"] == "prefecture", "region_code"].tolist()
    items = table[["kind", "item"]].drop_duplicates().itertuples(index=False, name=None)
    for kind, item in items:
        for p in prefectures:
            parts = [("county", c, kind, item) for c in counties if c[:4] + "00" == p]
            out.append((("prefecture", p, kind, item), parts))
        if (present["level"] == "all").any():
            out.append((("all", ALL_REGION, kind, item),
                        [("prefecture", p, kind, item) for p in prefectures]))
    return out


def _hidden(table: pd.DataFrame, threshold: int) -> set[tuple]:
    """The cells of one year's summary to hide: under ``threshold``, and beside them those
    complementary suppression needs (the smallest shown part of a relation, else its total)."""
    values = {(lv, r, k, i): v for lv, r, k, i, v in table[
        ["level", "region_code", "kind", "item", "households"]].itertuples(index=False)}
    hidden = {cell for cell, v in values.items() if v < threshold}
    rels = relations(table)
    changed = True
    while changed:
        changed = False
        for total, parts in rels:
            unknown = [m for m in (total, *parts) if m in hidden]
            if not unknown:
                continue
            hidden_sum = sum(values[p] for p in parts if p in hidden)
            zero_sum = total not in hidden and hidden_sum == 0
            if len(unknown) >= 2 and not zero_sum:
                continue
            shown = sorted((values[p], n) for n, p in enumerate(parts) if p not in hidden)
            hidden.add(parts[shown[0][1]] if shown else total)
            changed = True
    return hidden


def suppress(table: pd.DataFrame, threshold: int = THRESHOLD) -> pd.DataFrame:
    """The summary as printed or shared: hidden counts (and their people, shares, changes)
    blank, ``suppressed`` true on their rows."""
    out = table.copy()
    hidden = set()
    for year, g in out.groupby("year"):
        hidden |= {(year, *cell) for cell in _hidden(g, threshold)}
    keys = list(zip(out["year"], out["level"], out["region_code"], out["kind"], out["item"],
                    strict=True))
    out["suppressed"] = [k in hidden for k in keys]
    base_hidden = [(y, lv, r, "screened", "全部") in hidden for y, lv, r, _, _ in keys]
    before_hidden = [(y - 1, lv, r, k, i) in hidden for y, lv, r, k, i in keys]
    out["households"] = out["households"].astype("Int64").mask(out["suppressed"])
    out["people"] = out["people"].astype("Int64").mask(out["suppressed"])
    out["share_pct"] = out["share_pct"].mask(out["suppressed"] | pd.Series(base_hidden,
                                                                           index=out.index))
    out["change_households"] = out["change_households"].astype("Int64").mask(
        out["suppressed"] | pd.Series(before_hidden, index=out.index))
    return out
