"""Stage 3: figures, SVG for the PDF and 300-dpi PNG for the DOCX.

The figures and their inputs are listed in scripts/nanjiang/figures/catalog.py
(from catalog_seed.py and catalog_charts.py).
"""

from nanjiang.figures.catalog import FIGURES, code_files


rule figure:
    input:
        data=lambda w: FIGURES[w.figure].inputs,
        code=lambda w: code_files(w.figure),
    output:
        svg=f"{DERIVED}/figures/{{figure}}.svg",
        png=f"{DERIVED}/figures/{{figure}}.png",
        fields=f"{DERIVED}/figures/{{figure}}.fields.json",
    log:
        "logs/figures/{figure}.log",
    benchmark:
        "benchmarks/figures/{figure}.tsv"
    wildcard_constraints:
        figure="|".join(FIGURES),
    # the report's longest chain of jobs goes first, the briefs beside it
    priority: 1
    conda:
        "envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        fonts=config["fonts"],
        year=config["year"],
        strict=config["strict"],
    script:
        "../scripts/make_figure.py"
