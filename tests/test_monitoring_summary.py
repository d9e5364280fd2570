"""County and prefecture summaries: worked by hand, and partitions add up to the whole."""

from __future__ import annotations

import pandas as pd

from nanjiang.monitoring.engine import screen_to_parquet
from nanjiang.monitoring.summary import county_counts, summarise
from nanjiang.monitoring.synthetic import generate
from test_monitoring_engine import COUNTIES, LINE, to_parquet
from test_monitoring_rules import BASE


def screened_counts(table: pd.DataFrame, tmp_path, name: str) -> pd.DataFrame:
    raw = to_parquet(table, tmp_path / f"{name}_in.parquet")
    out = tmp_path / f"{name}_out.parquet"
    screen_to_parquet(raw, LINE, out)
    return county_counts(out)


def test_summary_by_hand(tmp_path):
    # 英吉沙县 2023: one secure household of 3, one 边缘易致贫户 of 5 (no water, which is
    # also 外部环境脆弱型). 2022: only the secure one. 麦盖提县 2023: one 脱贫不稳定户 of 2.
    rows = [
        {**BASE, "household_id": "A", "year": 2022},
        {**BASE, "household_id": "A"},
        {**BASE, "household_id": "B", "household_size": 5, "drinking_water_secure": 0},
        {**BASE, "household_id": "C", "county_code": "653127", "household_size": 2,
         "household_type": "脱贫户", "income_per_capita": 5000.0, "income_wage": 2000.0},
    ]
    s = summarise(screened_counts(pd.DataFrame(rows), tmp_path, "hand")).set_index(
        ["year", "level", "region_code", "kind", "item"]
    )
    yjs = (2023, "county", "653123")
    assert s.loc[(*yjs, "screened", "全部"), ["households", "people"]].tolist() == [2, 8]
    assert s.loc[(*yjs, "monitored", "监测对象"), "share_pct"] == 50.0
    assert s.loc[(*yjs, "category", "边缘易致贫户"), "people"] == 5
    assert s.loc[(*yjs, "risk", "外部环境脆弱型"), "households"] == 1
    assert s.loc[(*yjs, "screened", "全部"), "change_households"] == 1
    kashi = (2023, "prefecture", "653100")
    assert s.loc[(*kashi, "screened", "全部"), ["households", "people"]].tolist() == [3, 10]
    assert round(s.loc[(*kashi, "monitored", "监测对象"), "share_pct"], 2) == 66.67
    assert pd.isna(s.loc[(2022, "county", "653123", "screened", "全部"), "change_households"])


def test_partitions_add_up_to_the_whole(tmp_path):
    table = generate(COUNTIES, 4_000, 2023, LINE, seed=9)
    whole = summarise(screened_counts(table, tmp_path, "all"))
    counts = [
        screened_counts(table[table["county_code"].str.startswith(p)], tmp_path, p)
        for p in ("6529", "6530", "6531", "6532")
    ]
    pd.testing.assert_frame_equal(summarise(pd.concat(counts, ignore_index=True)), whole)
