"""All figures: the seed report's and the indicator charts (no heavy imports)."""

from . import catalog_charts, catalog_seed

FIGURES = {**catalog_seed.FIGURES, **catalog_charts.FIGURES}
