"""Derived table -> the validated raw tables it is computed from.

Kept free of heavy imports: Snakemake reads it when it parses the workflow.
The functions are in ``registry.py``; the data audit (``audit.csv``) has its
own rule in ``rules/indicators.smk`` and reads every table.
"""

INDICATORS: dict[str, list[str]] = {
    "poverty_shares": ["poor_population_2014"],
    "poverty_incidence": ["poor_population_2014", "poverty_series"],
    "income_shares": ["income_structure"],
    "durable_goods_gaps": ["durable_goods"],
    "infrastructure_coverage": ["infrastructure"],
    "exits_by_year": ["county_exits"],
    "survey_percentages": ["survey_health", "survey_education"],
}
