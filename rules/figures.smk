"""Stage 3: figures, SVG for the PDF and 300-dpi PNG for the DOCX.

The figures and their inputs are listed in scripts/nanjiang/figures/catalog_*.py.
"""

from nanjiang.figures.registry import FIGURES


def figure_code(wildcards):
    """The module that draws the figure and the shared style: an edit reruns it."""
    module_name = FIGURES[wildcards.figure].draw.split(":")[0]
    return [
        "scripts/" + module_name.replace(".", "/") + ".py",
        "scripts/nanjiang/figures/style.py",
        "scripts/nanjiang/figures/report.mplstyle",
    ]


rule figure:
    input:
        data=lambda w: FIGURES[w.figure].inputs,
        code=figure_code,
    output:
        svg=f"{DERIVED}/figures/{{figure}}.svg",
        png=f"{DERIVED}/figures/{{figure}}.png",
    log:
        "logs/figures/{figure}.log",
    wildcard_constraints:
        figure="|".join(FIGURES),
    params:
        fonts=config["fonts"],
        year=config["year"],
    script:
        "../scripts/make_figure.py"
