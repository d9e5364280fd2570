"""What the pipeline needs to know about a figure."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class FigureSpec:
    """One figure: how it is drawn, from what, and how it is captioned.

    ``draw`` is ``"module:function"``, imported only by the job that draws it;
    the function takes (list of input paths, report year, fonts config) and
    returns a matplotlib Figure. ``inputs`` are repository-relative paths
    (validated raw tables, derived tables, diagram definitions). ``source`` is
    the 数据来源 line printed under the caption. A figure is printed at
    the size it is drawn (at most the text width: nanjiang.figures.printsize).

    ``caption`` and ``source`` may hold fields: ``{table[county_exits]}`` is
    the printed number of a table ("表 3-1"), ``{figure[fig_x]}`` of a figure;
    other fields (``{last}``) come from ``fields``, a ``"module:function"``
    taking (inputs, report year) and returning them from the data drawn (the
    period of a series, the sources of its points). The figure job writes them
    beside the figure; the Markdown job fills them in.
    """

    id: str
    draw: str
    inputs: list[str]
    caption: str
    source: str
    fields: str | None = None
    extra: dict = field(default_factory=dict)
