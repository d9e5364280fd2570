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


# -- what is printed or shared: no count under 5, none recoverable from the totals ---------

def audit_relations(year: pd.DataFrame) -> list[tuple[tuple, list[tuple]]]:
    """The additive relations of one year's summary, written here apart from summary.py:
    each region's categories and their breakdowns, and counties → prefecture → all four."""
    from nanjiang.monitoring.rules import MONITORED, NOT_CLEARED
    from nanjiang.monitoring.summary import MAIN_RISKS

    out = []
    regions = year[["level", "region_code"]].drop_duplicates().itertuples(index=False)
    six = ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户", "风险未消除", "风险消除", "未纳入监测"]
    for level, region in regions:
        def c(kind, item, level=level, region=region):
            return (level, region, kind, item)
        out += [
            (c("screened", "全部"), [c("category", x) for x in six]),
            (c("screened", "全部"), [c("monitored", "监测对象"), c("category", "风险消除"),
                                      c("category", "未纳入监测")]),
            (c("monitored", "监测对象"), [c("category", x) for x in MONITORED]),
            (c("category", "风险未消除"), [c("not_cleared", x) for x in NOT_CLEARED]),
            (c("monitored", "监测对象"), [c("main_risk", x) for x in [*MAIN_RISKS, "未记录"]]),
        ]
    items = year[["kind", "item"]].drop_duplicates().itertuples(index=False)
    counties = sorted(set(year.loc[year["level"] == "county", "region_code"]))
    prefectures = sorted(set(year.loc[year["level"] == "prefecture", "region_code"]))
    for kind, item in items:
        for p in prefectures:
            out.append((("prefecture", p, kind, item),
                        [("county", x, kind, item) for x in counties if x.startswith(p[:4])]))
        out.append((("all", "NJ4", kind, item), [("prefecture", p, kind, item)
                                                  for p in prefectures]))
    return out


def revealed(exact: pd.DataFrame, shown: pd.DataFrame) -> set[tuple]:
    """The hidden cells an attacker recovers from the shown ones: a relation with one
    unknown gives it (total minus the cells shown beside it, or their sum); a shown total
    whose shown parts add up to it gives every hidden part as 0. Repeated until nothing more
    is learnt."""
    found = set()
    for year in sorted(exact["year"].unique()):
        e, s = exact[exact["year"] == year], shown[shown["year"] == year]
        key = ["level", "region_code", "kind", "item"]
        value = dict(zip(map(tuple, e[key].to_numpy()), e["households"], strict=True))
        known = {k: v for k, v in zip(map(tuple, s[key].to_numpy()), s["households"],
                                      strict=True) if not pd.isna(v)}
        rels = audit_relations(e)
        for total, parts in rels:  # the relations hold on the exact counts
            assert value[total] == sum(value[p] for p in parts), total
        learnt = True
        while learnt:
            learnt = False
            for total, parts in rels:
                unknown = [m for m in (total, *parts) if m not in known]
                if len(unknown) == 1:
                    known[unknown[0]] = value[unknown[0]]
                    learnt = True
                elif unknown and total in known and \
                        known[total] == sum(known[p] for p in parts if p in known):
                    known.update({m: 0 for m in unknown})
                    learnt = True
        hidden = {k for k in value if pd.isna(s.set_index(key).loc[k, "households"])}
        found |= {(year, *k) for k in hidden if k in known}
    return found


def test_no_count_under_five_is_shown_and_no_total_reveals_a_hidden_one(tmp_path):
    """Issue 27: 塔什库尔干 printed 筛查 2 户 … 纳入监测 2 户（占 100%）. Two years of SYNTHETIC
    households, few enough for many small cells: no count under 5 (0 included) is shown, no
    people, share or change shows a hidden count, and no total minus the cells shown beside
    it (through any chain of relations) gives a hidden cell."""
    from nanjiang.monitoring.summary import suppress

    table = pd.concat([generate(COUNTIES, 1_500, 2023, LINE, seed=31),
                       generate(COUNTIES, 1_200, 2024, LINE, seed=32)], ignore_index=True)
    exact = summarise(screened_counts(table, tmp_path, "small"))
    shown = suppress(exact)
    assert (shown["households"].dropna() >= 5).all()
    hidden = shown["suppressed"]
    assert 0 < hidden.mean() < 1
    assert shown.loc[hidden, ["households", "people", "share_pct", "change_households"]] \
        .isna().all().all()
    assert shown.loc[~hidden, "households"].eq(exact.loc[~hidden, "households"]).all()
    # a share hides with its base, a change with the year before
    base = shown[shown["kind"] == "screened"].set_index(["year", "level", "region_code"])[
        "suppressed"]
    keys = pd.MultiIndex.from_frame(shown[["year", "level", "region_code"]])
    assert shown.loc[base.reindex(keys).to_numpy(), "share_pct"].isna().all()
    before = shown.assign(year=shown["year"] + 1).set_index(
        ["year", "level", "region_code", "kind", "item"])["suppressed"]
    keys = pd.MultiIndex.from_frame(shown[["year", "level", "region_code", "kind", "item"]])
    was_hidden = before.reindex(keys).fillna(False).to_numpy(dtype=bool)
    assert shown.loc[was_hidden, "change_households"].isna().all()
    # complementary suppression was needed (cells of 5 or more hidden) and it holds
    assert (exact.loc[hidden, "households"] >= 5).any()
    assert revealed(exact, shown) == set()
    # without the complementary cells, the totals would give hidden cells away
    primary = shown.copy()
    primary["households"] = exact["households"].astype("Int64").mask(exact["households"] < 5)
    assert revealed(exact, primary)


def test_a_county_of_two_households_all_monitored_shows_neither(tmp_path):
    """The 塔什库尔干 case by hand: 653131 screens 2 households, both monitored; its
    prefecture's other county 653123 screens 9, 6 of them monitored. The county's 2 and 2 are
    hidden, and so are enough of 653123's and 喀什地区's cells that neither 2 comes back."""
    from nanjiang.monitoring.summary import suppress

    monitored = {"household_type": "脱贫户", "housing_secure": 0}
    rows = [{**BASE, "household_id": f"T{i}", "county_code": "653131", **monitored}
            for i in range(2)]
    rows += [{**BASE, "household_id": f"Y{i}", **(monitored if i < 6 else {})} for i in range(9)]
    exact = summarise(screened_counts(pd.DataFrame(rows), tmp_path, "tax"))
    shown = suppress(exact).set_index(["year", "level", "region_code", "kind", "item"])
    tax = (2023, "county", "653131")
    assert shown.loc[(*tax, "screened", "全部"), "suppressed"]
    assert pd.isna(shown.loc[(*tax, "monitored", "监测对象"), "share_pct"])
    assert revealed(exact, shown.reset_index()) == set()
