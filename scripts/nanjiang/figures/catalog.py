"""All figures, the seed report's and the indicator charts (the declared
FigureSpecs of catalog_seed.py and catalog_charts.py; no heavy imports), and
which are drawn together by one job (rules/figures.smk)."""

from nanjiang.figures import catalog_charts, catalog_seed
from nanjiang.workflow.codedeps import code_of

FIGURES = {**catalog_seed.FIGURES, **catalog_charts.FIGURES}

# Drawn together: a Python with matplotlib costs about a second, a figure
# half of that. Figures that read the same inputs (or text files edited
# rarely) share a job: together they rerun only when they would all rerun
# anyway. The charts, each from its own tables, keep a job of their own, so
# an edit of one table redraws only its chart.
DIAGRAMS = ["fig_research_questions", "fig_technical_route"]  # report/diagrams/*.yaml
MAPS = ["fig_prefecture_map"]  # with the briefs' county maps: regions.csv, county_exits
CHARTS = [f for f in FIGURES if f not in DIAGRAMS + MAPS]


def inputs_of(figure_ids: list[str]) -> list[str]:
    return sorted({i for f in figure_ids for i in FIGURES[f].inputs})


def code_files(figure_ids: list[str], brief_maps: bool = False) -> list[str]:
    """Everything a figure job runs: the job script, the drawing modules,
    what they import and the data files they declare (inputs of its job)."""
    modules = set()
    for figure_id in figure_ids:
        spec = FIGURES[figure_id]
        modules |= {spec.draw.split(":")[0], *([spec.fields.split(":")[0]] if spec.fields else [])}
    if brief_maps:
        modules.add("nanjiang.figures.brief_map")
    return list(code_of("scripts/make_figure.py", *sorted(modules)))
