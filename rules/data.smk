"""Stage 1: validate every raw table against data/raw/datapackage.yaml.

One job per table (an edit reruns only what reads that table); with the
profile's keep-going every table is validated in one run, and the problems of
all of them are printed together when the build stops (rules/common.smk,
onerror), before the report is built; nothing is published.
"""


rule validate_table:
    input:
        table=raw_table_file,
        # rows one derived table reads with this table's: no key in both
        compared=compared_table_files,
        package=PACKAGE_FILES,
        code=code_of("scripts/validate_table.py"),
    output:
        f"{DERIVED}/validated/{{table}}.csv",
    log:
        "logs/validate/{table}.log",
    benchmark:
        "benchmarks/validate/{table}.tsv"
    wildcard_constraints:
        table="[a-z0-9_]+",
    localrule: True
    conda:
        "envs/data.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        content=content_of(
            raw_table_file,
            compared_table_files,
            PACKAGE_FILES,
            code_of("scripts/validate_table.py"),
        ),
        fonts=config["fonts"],
    script:
        "../scripts/validate_table.py"


rule check_fact_links:
    input:
        facts=lambda w: str(table_file(PACKAGE, "facts")[0]),
        validated=validated(*RAW_TABLES),
        package=PACKAGE_FILES,
        code=code_of("scripts/check_fact_links.py"),
    output:
        f"{DERIVED}/validated/facts.links.txt",
    log:
        "logs/validate/facts.links.log",
    benchmark:
        "benchmarks/validate/facts.links.tsv"
    localrule: True
    conda:
        "envs/data.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        content=content_of(
            lambda w: str(table_file(PACKAGE, "facts")[0]),
            PACKAGE_FILES,
            code_of("scripts/check_fact_links.py"),
        ),
        indicators=list(INDICATORS),
    script:
        "../scripts/check_fact_links.py"
