"""Stage 2: derived indicators, computed from the validated raw tables."""

from nanjiang.indicators.catalog import INDICATORS


rule derive_indicator:
    input:
        lambda w: validated(*INDICATORS[w.indicator]),
    output:
        f"{DERIVED}/indicators/{{indicator}}.csv",
    log:
        "logs/indicators/{indicator}.log",
    wildcard_constraints:
        indicator="|".join(INDICATORS),
    params:
        year=config["year"],
        strict=config["strict"],
    script:
        "../scripts/derive_indicator.py"
