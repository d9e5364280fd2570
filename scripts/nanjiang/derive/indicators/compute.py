"""The functions that compute the derived tables (``compute`` of their
``IndicatorSpec`` in ``catalog.py``; called by scripts/derive_indicator.py).

Each takes the validated raw tables it needs (its spec's ``inputs``) and the
report year, and returns the finished derived table.
"""

from __future__ import annotations

import pandas as pd

from nanjiang.derive.indicators import exits, income, living, poverty, survey
from nanjiang.derive.indicators.rows import finish
from nanjiang.text.numbering import table_ref

Raw = dict[str, pd.DataFrame]


def poverty_shares(raw: Raw, year: int) -> pd.DataFrame:
    """表 2-4: prefecture shares of NJ4 and 新疆 poor population and key villages."""
    df = raw["poor_population_2014"]
    return finish(
        poverty.prefecture_shares(df, "registered_poor_population", "建档立卡贫困人口", year)
        + poverty.prefecture_shares(df, "key_villages", "重点村", year)
    )


def poverty_incidence(raw: Raw, year: int) -> pd.DataFrame:
    """表 2-4 占当地农村人口比例 and poverty_series: incidence, latest, gap to 新疆."""
    return finish(poverty.poverty_incidence(raw["poor_population_2014"],
                                            raw["poverty_series"], year))


def income_shares(raw: Raw, year: int) -> pd.DataFrame:
    """表 3-2: income component shares and gaps to 全国贫困地区 / 新疆."""
    return finish(income.income_shares(raw["income_structure"], year))


def durable_goods_gaps(raw: Raw, year: int) -> pd.DataFrame:
    """表 3-3: durable goods, absolute and relative gaps to 全国贫困地区 / 新疆."""
    return finish(living.durable_goods_gaps(raw["durable_goods"], year))


def infrastructure_coverage(raw: Raw, year: int) -> pd.DataFrame:
    """表 3-5: 五通七有 coverage, shortfall to 100 % and gap to 全国贫困地区."""
    return finish(living.infrastructure_coverage(raw["infrastructure"], year))


def exits_by_year(raw: Raw, year: int) -> pd.DataFrame:
    """表 3-1: counties exited per year and prefecture, cumulative, remaining."""
    return finish(exits.exits_by_year(raw["county_exits"], year))


def survey_percentages(raw: Raw, year: int) -> pd.DataFrame:
    """表 4-1, 4-2: percentages recomputed from the counts (表 4-3: no counts)."""
    return finish(
        survey.survey_percentages(raw["survey_health"], year, table_ref("survey_health"))
        + survey.survey_percentages(raw["survey_education"], year,
                                  table_ref("survey_education"))
    )

