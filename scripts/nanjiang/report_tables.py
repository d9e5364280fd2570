"""Generate the report's tables (Markdown) from validated data and the descriptor.

A table is laid out from its descriptor entry in ``data/raw/datapackage.yaml``:
rows are regions in file order, columns the declared indicators in order
(``layout: wide``, the default), or rows are indicators (``layout: long``).
Caption above (表 N-M title), 数据来源 line below with the data year shown.
"""

from __future__ import annotations

import pandas as pd

from .mdtext import escape, format_number, pipe_table
from .numbering import Label


def source_line(resource: dict, package_sources: dict, data_years: list[int]) -> str:
    printed = resource.get("source_line")
    if not printed:
        cites = [package_sources[s]["citation"] for s in resource.get("sources", [])
                 if s in package_sources]
        printed = "；".join(cites) if cites else "未注明"
    years = sorted(set(data_years))
    year_text = "、".join(str(y) for y in years)
    return f"数据来源：{printed}（数据年份：{year_text} 年）"


def header_label(indicator: dict) -> str:
    unit = indicator.get("unit", "")
    label = indicator.get("label", indicator["code"])
    return f"{label}（{unit}）" if unit and unit not in label else label


def wide_rows(df: pd.DataFrame, indicators: list[dict]):
    codes = [i["code"] for i in indicators if i["code"] in set(df["indicator"])]
    header = ["地区"] + [header_label(i) for i in indicators if i["code"] in codes]
    rows = []
    for region_code in dict.fromkeys(df["region_code"]):
        sub = df[df["region_code"] == region_code]
        cells = [escape(sub["region_name"].iloc[0])]
        for code in codes:
            hit = sub[sub["indicator"] == code]
            cells.append(format_number(hit["value_text"].iloc[0]) if len(hit) else "—")
        rows.append(cells)
    return header, rows, ["l"] + ["r"] * len(codes)


def long_rows(df: pd.DataFrame, indicators: list[dict]):
    present = set(df["indicator"])
    header = ["类别", "数值", "单位"]
    rows = []
    for ind in indicators:
        if ind["code"] not in present:
            continue
        hit = df[df["indicator"] == ind["code"]].iloc[0]
        rows.append([escape(ind.get("label", ind["code"])),
                     format_number(hit["value_text"]), escape(ind.get("unit", ""))])
    return header, rows, ["l", "r", "l"]


LAYOUTS = {"wide": wide_rows, "long": long_rows}


def markdown_table(resource: dict, df: pd.DataFrame, sources: dict, label: Label,
                   layout=None) -> str:
    """The complete Markdown block of one table."""
    indicators = resource.get("indicators", [])
    build = layout or LAYOUTS[resource.get("layout", "wide")]
    header, rows, align = build(df, indicators)
    title = escape(resource.get("title", resource["name"]))
    table = pipe_table([escape(h) if h else h for h in header], rows, align)
    years = list(df["data_year"]) if "data_year" in df else list(df["year"])
    return (
        f"{table}\n\n: {label.text} {title} {{#{label.anchor}}}\n\n"
        f"::: {{custom-style=\"数据来源\"}}\n"
        f"{escape(source_line(resource, sources, years))}\n:::"
    )
