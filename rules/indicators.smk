"""Stage 2: derived indicators and the data audit, from the validated raw tables."""

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


rule audit:
    input:
        validated=validated(*RAW_TABLES),
        package=PACKAGE_FILES,
        indicators=expand(f"{DERIVED}/indicators/{{i}}.csv", i=INDICATORS),
        code=expand("scripts/nanjiang/{m}.py", m=["audit", "facts", "rawdata"]),
    output:
        f"{DERIVED}/indicators/audit.csv",
    log:
        "logs/indicators/audit.log",
    params:
        raw=RAW,
    script:
        "../scripts/derive_audit.py"
