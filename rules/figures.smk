"""Stage 3: figures, SVG for the PDF and 300-dpi PNG for the DOCX."""

# Figure id -> the data it is drawn from (validated raw or derived tables).
FIGURES = {
    "fig_poverty_shares": [f"{DERIVED}/indicators/poverty_shares.csv"],
}


rule figure:
    input:
        data=lambda w: FIGURES[w.figure],
        style="scripts/nanjiang/figures/report.mplstyle",
    output:
        svg=f"{DERIVED}/figures/{{figure}}.svg",
        png=f"{DERIVED}/figures/{{figure}}.png",
    log:
        "logs/figures/{figure}.log",
    params:
        fonts=config["fonts"],
        year=config["year"],
    wildcard_constraints:
        figure="|".join(FIGURES),
    script:
        "../scripts/make_figure.py"
