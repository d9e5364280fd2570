"""All figures: the seed report's and the indicator charts (no heavy imports)."""

from . import catalog_charts, catalog_seed

FIGURES = {**catalog_seed.FIGURES, **catalog_charts.FIGURES}


def code_files(figure_id: str) -> list[str]:
    """The module drawing the figure and the shared style (inputs of its job)."""
    module = FIGURES[figure_id].draw.split(":")[0]
    return [
        "scripts/{}.py".format(module.replace(".", "/")),
        "scripts/nanjiang/figures/style.py",
        "scripts/nanjiang/figures/report.mplstyle",
    ]
