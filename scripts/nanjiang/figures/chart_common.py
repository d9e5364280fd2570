"""Shared helpers of the indicator charts (chart_*.py)."""

from __future__ import annotations

import pandas as pd
from matplotlib.font_manager import FontProperties

from .style import PREFECTURES
from .wrap import wrap_text

# Short region names for labels; other regions keep the name their table prints.
SHORT_NAMES = {**PREFECTURES, "NJ4": "南疆四地州"}
NOTE_SIZE = 7.5
NOTE_COLOR = "#555555"


def printed_names(df: pd.DataFrame) -> dict[str, str]:
    """region_code -> the name as printed in the table (first row), short names
    for the prefectures and NJ4."""
    first = df.drop_duplicates("region_code").set_index("region_code")["region_name"]
    return {code: SHORT_NAMES.get(code, name) for code, name in first.items()}


def add_note(ax, text: str, width_fraction: float = 1.0) -> None:
    """A small note under the x-axis label of ``ax``, wrapped to the figure width
    (what the reader must know to read the chart)."""
    fig = ax.figure
    props = FontProperties(family="sans-serif", size=NOTE_SIZE)
    wrapped = wrap_text(text, fig.get_figwidth() * 72 * 0.98 * width_fraction, props)
    anchor = ax.xaxis.label if ax.get_xlabel() else ax
    ax.annotate(wrapped, xy=(0, 0), xycoords=("figure fraction", anchor),
                xytext=(0, -6), textcoords="offset points", ha="left", va="top",
                fontproperties=props, color=NOTE_COLOR, annotation_clip=False)


class NoDataError(ValueError):
    """A chart has no row at or before the report year."""


def table_year(df: pd.DataFrame, year: int, region: str = "NJ4") -> int:
    """The latest year at or before ``year`` for which ``region`` has rows."""
    years = df.loc[(df["region_code"] == region) & (df["year"] <= year), "year"]
    if years.empty:
        have = ", ".join(str(y) for y in sorted(set(df["year"])))
        raise NoDataError(f"no rows for {region} at or before {year}; years present: {have}")
    return int(years.max())
