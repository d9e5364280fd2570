"""南疆深度贫困地区防返贫机制研究: raw tables -> indicators -> figures -> report.

snakemake --cores 4                       rebuild everything
snakemake --cores 4 --config year=2019    the report for another year
snakemake --cores 4 monitoring            防返贫动态监测 (SYNTHETIC unless configured)
"""


configfile: "config.yaml"


include: "rules/common.smk"
include: "rules/data.smk"
include: "rules/indicators.smk"
include: "rules/figures.smk"
include: "rules/report.smk"
include: "rules/monitoring.smk"


rule all:
    default_target: True
    input:
        expand(f"{BUILD}/report.{{ext}}", ext=config["formats"]),
