"""Stage 3: figures, SVG for the PDF and 300-dpi PNG for the DOCX.

The figures and their inputs are listed in scripts/nanjiang/figures/catalog.py
(from catalog_seed.py and catalog_charts.py). Each chart is a job of its own;
the two diagrams are one job, and the maps (the report's and every brief's
county map, all drawn from regions.csv and county_exits) another.
"""

from nanjiang.figures.catalog import (
    CHARTS,
    DIAGRAMS,
    FIGURES,
    MAPS,
    code_files,
    inputs_of,
)


rule figure:
    input:
        data=lambda w: inputs_of([w.figure]),
        code=lambda w: code_files([w.figure]),
    output:
        svg=f"{DERIVED}/figures/{{figure}}.svg",
        png=f"{DERIVED}/figures/{{figure}}.png",
        fields=f"{DERIVED}/figures/{{figure}}.fields.json",
    log:
        "logs/figures/{figure}.log",
    benchmark:
        "benchmarks/figures/{figure}.tsv"
    wildcard_constraints:
        figure="|".join(CHARTS),
    # the report's longest chain of jobs goes first, the briefs beside it
    priority: 1
    conda:
        "envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        content=content_of(
            lambda w: inputs_of([w.figure]), lambda w: code_files([w.figure])
        ),
        figures=lambda w: [w.figure],
        fonts=config["fonts"],
        year=config["year"],
        strict=config["strict"],
    script:
        "../scripts/make_figure.py"


rule diagrams:
    input:
        data=inputs_of(DIAGRAMS),
        code=code_files(DIAGRAMS),
    output:
        **figure_outputs(DIAGRAMS),
    log:
        "logs/figures/diagrams.log",
    benchmark:
        "benchmarks/figures/diagrams.tsv"
    priority: 1
    conda:
        "envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 500 * attempt,
        runtime=5,
    params:
        content=content_of(inputs_of(DIAGRAMS), code_files(DIAGRAMS)),
        figures=DIAGRAMS,
        fonts=config["fonts"],
        year=config["year"],
        strict=config["strict"],
    script:
        "../scripts/make_figure.py"


rule maps:
    input:
        data=inputs_of(MAPS),
        regions=f"{RAW}/regions.csv",
        exits=validated("county_exits")[0],
        code=code_files(MAPS, brief_maps=True),
    output:
        **figure_outputs(MAPS),
        briefs=expand(
            f"{DERIVED}/figures/briefs/map_{{region}}.{{ext}}",
            region=config["briefs"],
            ext=["svg", "png"],
        ),
    log:
        "logs/figures/maps.log",
    benchmark:
        "benchmarks/figures/maps.tsv"
    priority: 1
    conda:
        "envs/figures.yaml"
    threads: 1
    resources:
        mem_mb=lambda wildcards, attempt: 1000 * attempt,
        runtime=5,
    params:
        content=content_of(
            inputs_of(MAPS), f"{RAW}/regions.csv", code_files(MAPS, brief_maps=True)
        ),
        figures=MAPS,
        brief_maps=config["briefs"],
        fonts=config["fonts"],
        year=config["year"],
        strict=config["strict"],
    script:
        "../scripts/make_figure.py"
