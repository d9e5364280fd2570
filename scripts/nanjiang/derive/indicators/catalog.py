"""All derived indicator tables: what computes them, from which raw tables.

Kept free of heavy imports: Snakemake reads it when it parses the workflow.
The functions are in ``compute.py``; the data audit (``audit.csv``) has its
own rule in ``rules/indicators.smk`` and reads every table.
"""

from nanjiang.derive.indicators.spec import IndicatorSpec
from nanjiang.workflow.codedeps import code_of

C = "nanjiang.derive.indicators.compute"

INDICATORS = {
    s.id: s
    for s in [
        IndicatorSpec(
            id="poverty_shares",
            inputs=["poor_population_2014"],
            compute=f"{C}:poverty_shares",
            description="表 2-4: prefecture shares of NJ4 and 新疆 poor population "
            "and key villages",
        ),
        IndicatorSpec(
            id="poverty_incidence",
            inputs=["poor_population_2014", "poverty_series"],
            compute=f"{C}:poverty_incidence",
            description="表 2-4 占当地农村人口比例 and poverty_series: incidence, latest, "
            "gap to 新疆",
        ),
        IndicatorSpec(
            id="income_shares",
            inputs=["income_structure"],
            compute=f"{C}:income_shares",
            description="表 3-2: income component shares and gaps to 全国贫困地区 / 新疆",
        ),
        IndicatorSpec(
            id="durable_goods_gaps",
            inputs=["durable_goods"],
            compute=f"{C}:durable_goods_gaps",
            description="表 3-3: durable goods, absolute and relative gaps to "
            "全国贫困地区 / 新疆",
        ),
        IndicatorSpec(
            id="infrastructure_coverage",
            inputs=["infrastructure"],
            compute=f"{C}:infrastructure_coverage",
            description="表 3-5: 五通七有 coverage, shortfall to 100 % and gap to 全国贫困地区",
        ),
        IndicatorSpec(
            id="exits_by_year",
            inputs=["county_exits"],
            compute=f"{C}:exits_by_year",
            description="表 3-1: counties exited per year and prefecture, cumulative, "
            "remaining",
        ),
        IndicatorSpec(
            id="survey_percentages",
            inputs=["survey_health", "survey_education"],
            compute=f"{C}:survey_percentages",
            description="表 4-1, 4-2: percentages recomputed from the counts (表 4-3: no counts)",
        ),
    ]
}

RAW_INPUTS: dict[str, list[str]] = {s.id: s.inputs for s in INDICATORS.values()}
"""Derived table -> the raw tables it is computed from (audit, provenance)."""


def code_files(indicator_id: str) -> list[str]:
    """Everything the indicator's job runs: the job script, the module of its
    function, what they import and the data files they declare."""
    module = INDICATORS[indicator_id].compute.split(":")[0]
    return list(code_of("scripts/derive_indicator.py", module))
