"""All figures, the seed report's and the indicator charts (the declared
FigureSpecs of catalog_seed.py and catalog_charts.py; no heavy imports)."""

from nanjiang.figures import catalog_charts, catalog_seed
from nanjiang.workflow.codedeps import code_of

FIGURES = {**catalog_seed.FIGURES, **catalog_charts.FIGURES}


def code_files(figure_id: str) -> list[str]:
    """Everything the figure's job runs: the job script, the drawing module,
    what they import and the data files they declare (inputs of its job)."""
    spec = FIGURES[figure_id]
    modules = {spec.draw.split(":")[0], *([spec.fields.split(":")[0]] if spec.fields else [])}
    return list(code_of("scripts/make_figure.py", *sorted(modules)))
