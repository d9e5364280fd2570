"""南疆深度贫困地区防返贫机制研究: raw tables -> indicators -> figures -> report.

snakemake --cores 4                       rebuild everything
snakemake --cores 4 --config year=2019    the report for another year
snakemake --cores 4 monitoring            防返贫动态监测 (SYNTHETIC unless configured)
"""

import sys
from pathlib import Path

from snakemake.utils import min_version

# script: jobs with log:, benchmark:, conda: and localrule:, as Snakemake 9 runs them
min_version("9.0")

sys.path.insert(0, str(Path(workflow.basedir) / "scripts"))
from nanjiang.workflow.config_check import check_syntax  # noqa: E402

# a YAML error with its line and column (Snakemake's own message has neither)
check_syntax(Path(workflow.basedir) / "config.yaml")


configfile: "config.yaml"


include: "rules/common.smk"
include: "rules/data.smk"
include: "rules/indicators.smk"
include: "rules/figures.smk"
include: "rules/report.smk"
include: "rules/briefs.smk"
include: "rules/monitoring.smk"


rule all:
    default_target: True
    input:
        # the derived tables and figures are products too: deleting them rebuilds them
        validated(*RAW_TABLES),
        f"{DERIVED}/validated/facts.links.txt",
        expand(f"{DERIVED}/indicators/{{i}}.csv", i=[*INDICATORS, "audit"]),
        expand(f"{DERIVED}/figures/{{f}}.{{ext}}", f=FIGURES, ext=["svg", "png"]),
        f"{BUILD}/work/published.json",


rule validate:
    """Every raw table validated and the facts' links checked, nothing else
    built (./run.sh report validate)."""
    input:
        validated(*RAW_TABLES),
        f"{DERIVED}/validated/facts.links.txt",
