"""Shared helpers of the indicator charts (chart_*.py)."""

from __future__ import annotations

from functools import cache

import pandas as pd
import yaml
from matplotlib.font_manager import FontProperties

from nanjiang.data.data_year import shown_year, years_present
from nanjiang.data.region_names import read_regions, shown_name
from nanjiang.data.study_regions import STUDY_AREA
from nanjiang.figures.printsize import TEXT_WIDTH_IN
from nanjiang.figures.style import PREFECTURES
from nanjiang.figures.tidy import NoDataError
from nanjiang.figures.wrap import wrap_text

# Short region names for labels; other regions keep the name their table prints.
SHORT_NAMES = {**PREFECTURES, "NJ4": "南疆四地州"}
NOTE_SIZE = 7.5
NOTE_COLOR = "#555555"


def resource_of(package_path: str, table: str) -> dict:
    """The table's entry of datapackage.yaml (labels, units, sources)."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 10x faster
    with open(package_path, encoding="utf-8") as fh:
        resources = yaml.load(fh, Loader=loader)["resources"]  # noqa: S506 (safe loader)
    return next(r for r in resources if r["name"] == table)


@cache
def _regions():
    return read_regions()


def region_label(row) -> str:
    """The region of a table row as a chart of its data year names it: the name of that
    year, or the spelling its table printed (nanjiang.data.region_names)."""
    return shown_name(_regions().get(row["region_code"]), row["year"], row["region_name"])


def printed_names(df: pd.DataFrame) -> dict[str, str]:
    """region_code -> the name as its table prints it for the year of its first row
    (``region_label``), short names for the prefectures and NJ4."""
    first = df.drop_duplicates("region_code")
    return {row["region_code"]: SHORT_NAMES.get(row["region_code"], region_label(row))
            for _, row in first.iterrows()}


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


def other_source_notes(drawn: pd.DataFrame, others: pd.DataFrame, label_of, titles) -> list[str]:
    """One note per other-source value that differs from the drawn one:
    '南疆四地州汽车另一来源为 9.5 台（citation）'."""
    notes = []
    for o in others.to_dict("records"):
        same = drawn[(drawn["year"] == o["year"]) & (drawn["region_code"] == o["region_code"])
                     & (drawn["indicator"] == o["indicator"])]
        if not same.empty and float(same["value"].iloc[0]) == float(o["value"]):
            continue
        shown = f"图中为 {same['value_text'].iloc[0]}{o['unit']}，" if not same.empty else ""
        notes.append(f"{region_label(o)}{label_of(o['indicator'])}{shown}另一来源为 "
                     f"{o['value_text']}{o['unit']}（{titles.get(o['source_id'], '见附录二')}）")
    return notes


def first_data(error: NoDataError) -> str:
    """The gap as a reader is told it."""
    return (f"本图数据始于 {error.first_year} 年" if error.first_year is not None
            else "本图此前无数据")


def gap_figure(year: int, reason: str):
    """What a figure shows for a report year before its data: the gap, said
    in the figure itself (its caption and source line say it too)."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(TEXT_WIDTH_IN, 1.2))
    ax.set_axis_off()
    ax.text(0.5, 0.5, f"截至 {year} 年尚无数据（{reason}）", ha="center", va="center",
            fontsize=9, color=NOTE_COLOR, transform=ax.transAxes)
    return fig


def table_year(df: pd.DataFrame, year: int, region: str = STUDY_AREA) -> int:
    """The year the chart shows (``nanjiang.data.data_year``): ``region``'s; none is a gap."""
    shown = shown_year(df, year, region)
    if shown is None:
        raise NoDataError(f"no rows for {region} at or before {year}; "
                          f"years present: {years_present(df)}", min(df["year"], default=None))
    return shown
