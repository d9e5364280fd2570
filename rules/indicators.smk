"""Stage 2: derived indicators and the data audit, from the validated raw tables."""

import glob

from nanjiang.indicators.catalog import INDICATORS

# The indicator functions: an edit reruns the derived tables.
INDICATOR_CODE = sorted(glob.glob("scripts/nanjiang/indicators/*.py"))


rule derive_indicator:
    input:
        tables=lambda w: validated(*INDICATORS[w.indicator]),
        code=INDICATOR_CODE,
    output:
        f"{DERIVED}/indicators/{{indicator}}.csv",
    log:
        "logs/indicators/{indicator}.log",
    wildcard_constraints:
        indicator="|".join(INDICATORS),
    conda:
        "envs/report.yaml"
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
    conda:
        "envs/report.yaml"
    script:
        "../scripts/derive_audit.py"
