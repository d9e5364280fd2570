"""What the pipeline needs to know about a derived indicator table."""

from __future__ import annotations

import importlib
from dataclasses import dataclass


@dataclass(frozen=True)
class IndicatorSpec:
    """One derived table: what computes it, from which raw tables.

    ``compute`` is ``"module:function"``, imported only by the job that
    computes the table (scripts/derive_indicator.py); the function takes the
    validated raw tables named in ``inputs`` (table name -> DataFrame) and the
    report year, and returns the finished table (``nanjiang.derive.indicators.rows``).
    ``description`` says which printed tables it serves and what it holds.
    Mirrors ``nanjiang.figures.spec.FigureSpec``.
    """

    id: str
    inputs: list[str]
    compute: str
    description: str

    def function(self):
        """The function named by ``compute`` (its module imported now)."""
        module_name, function_name = self.compute.split(":")
        return getattr(importlib.import_module(module_name), function_name)
