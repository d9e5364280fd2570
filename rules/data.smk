"""Stage 1: validate every raw table against data/raw/datapackage.yaml."""


rule validate_table:
    input:
        table=f"{RAW}/{{table}}.csv",
        package=PACKAGE_FILES,
    output:
        f"{DERIVED}/validated/{{table}}.csv",
    log:
        "logs/validate/{table}.log",
    wildcard_constraints:
        table="[a-z0-9_]+",
    conda:
        "envs/report.yaml"
    script:
        "../scripts/validate_table.py"
