"""Charts of the indicator tables (new in this edition)."""

from .spec import FigureSpec  # noqa: F401

V = "data/derived/validated"
D = "data/derived/indicators"

FIGURES: dict = {}
