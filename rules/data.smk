"""Stage 1: validate every raw table against data/raw/datapackage.yaml.

Every table is also checked when Snakemake reads the workflow (rules/common.smk),
so all problems of all tables are reported before any job runs; these jobs
write the normalised copies the later stages read.
"""


rule validate_table:
    input:
        table=raw_table_file,
        package=PACKAGE_FILES,
        code=code_of("scripts/validate_table.py"),
    output:
        f"{DERIVED}/validated/{{table}}.csv",
    log:
        "logs/validate/{table}.log",
    benchmark:
        "benchmarks/validate/{table}.tsv"
    conda:
        "envs/data.yaml"
    localrule: True
    wildcard_constraints:
        table="[a-z0-9_]+",
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    script:
        "../scripts/validate_table.py"
