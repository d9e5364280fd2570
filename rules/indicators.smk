"""Stage 2: derived indicators and the data audit, from the validated raw tables.

The indicator tables, their inputs and functions are listed in
scripts/nanjiang/derive/indicators/catalog.py.
"""

from nanjiang.derive.indicators.catalog import code_files as indicator_code_files


rule derive_indicator:
    input:
        tables=lambda w: validated(*INDICATORS[w.indicator].inputs),
        regions=f"{RAW}/regions.csv",
        code=lambda w: indicator_code_files(w.indicator),
    output:
        f"{DERIVED}/indicators/{{indicator}}.csv",
    log:
        "logs/indicators/{indicator}.log",
    benchmark:
        "benchmarks/indicators/{indicator}.tsv"
    wildcard_constraints:
        indicator="|".join(INDICATORS),
    localrule: True
    conda:
        "envs/data.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        content=content_of(
            f"{RAW}/regions.csv", lambda w: indicator_code_files(w.indicator)
        ),
        year=config["year"],
    script:
        "../scripts/derive_indicator.py"


rule audit:
    input:
        validated=validated(*RAW_TABLES),
        package=PACKAGE_FILES,
        indicators=expand(f"{DERIVED}/indicators/{{i}}.csv", i=INDICATORS),
        code=code_of("scripts/derive_audit.py"),
    output:
        f"{DERIVED}/indicators/audit.csv",
    log:
        "logs/indicators/audit.log",
    benchmark:
        "benchmarks/indicators/audit.tsv"
    localrule: True
    conda:
        "envs/data.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        content=content_of(PACKAGE_FILES, code_of("scripts/derive_audit.py")),
        edition=config["edition"],
    script:
        "../scripts/derive_audit.py"
