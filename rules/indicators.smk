"""Stage 2: derived indicators, computed from the validated raw tables."""

# Derived table -> the raw tables it is computed from.
INDICATORS = {
    "poverty_shares": ["poor_population_2014"],
}


rule derive_indicator:
    input:
        lambda w: validated(*INDICATORS[w.indicator]),
    output:
        f"{DERIVED}/indicators/{{indicator}}.csv",
    log:
        "logs/indicators/{indicator}.log",
    params:
        year=config["year"],
        strict=config["strict"],
    wildcard_constraints:
        indicator="|".join(INDICATORS),
    script:
        "../scripts/derive_indicator.py"
