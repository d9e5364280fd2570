"""Income structure (表 3-2): components as shares of disposable income, per region.

Where the printed components do not add up to the printed total, the chart
looks for a misprint it can show: one component for which another source
gives the value that makes the parts add up (to 1 元). Then that consistent
value is drawn and the note says what the table printed and why the figure
differs (表 3-2's 全国均值 工资性收入: printed 2627, the parts and the total
need 3627, which 国家统计局's release has). A difference nothing explains
stays a hatched segment, “合计与各项之和的差额（原表如此）”.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd

from nanjiang.figures.chart_common import (
    add_note,
    printed_names,
    region_label,
    resource_of,
    table_year,
)
from nanjiang.figures.printsize import TEXT_WIDTH_IN
from nanjiang.figures.tidy import NoDataError, read_tidy

TABLE = "income_structure"
TOTAL = "disposable_income"
COMPONENTS = ["wage_income", "business_income", "property_income", "transfer_income"]
COMPONENT_COLORS = ["#66c2a5", "#fc8d62", "#e5c494", "#8da0cb"]
RESIDUAL_COLOR = "#f0f0f0"
MIN_LABEL = 5.0  # % : narrower segments are listed in the note instead


def labels_of(package_path: str) -> dict[str, str]:
    return {i["code"]: i["label"] for i in resource_of(package_path, TABLE)["indicators"]}


def bars(shares: pd.DataFrame, raw: pd.DataFrame, year: int) -> list[dict]:
    """One bar per region and source giving all four component shares in ``year``."""
    out = []
    sub = shares[shares["year"] == year]
    for region in dict.fromkeys(raw.loc[raw["year"] == year, "region_code"]):
        for source, rows in sub[sub["region_code"] == region].groupby("source_id", sort=True):
            values = {c: rows.loc[rows["indicator"] == f"{c}_share", "value"] for c in COMPONENTS}
            if any(v.empty for v in values.values()):
                continue
            total = raw[(raw["year"] == year) & (raw["region_code"] == region)
                        & (raw["source_id"] == source) & (raw["indicator"] == TOTAL)]
            out.append({"region": region, "source": source,
                        "shares": [float(values[c].iloc[0]) for c in COMPONENTS],
                        "total_text": total["value_text"].iloc[0]})
    return out


def misprints(raw: pd.DataFrame, year: int, bar: dict) -> dict[str, pd.Series]:
    """{component: the other source's row} where that source's value, put in
    place of the printed one, makes the bar's printed parts add up to its
    printed total (a misprint the data keep as printed, with a note)."""
    rows = raw[(raw["year"] == year) & (raw["region_code"] == bar["region"])]
    mine = rows[rows["source_id"] == bar["source"]].set_index("indicator")
    if TOTAL not in mine.index or any(c not in mine.index for c in COMPONENTS):
        return {}
    total = float(mine.at[TOTAL, "value"])
    parts = {c: float(mine.at[c, "value"]) for c in COMPONENTS}
    if abs(sum(parts.values()) - total) <= 1:
        return {}
    found = {}
    for code in COMPONENTS:
        others = rows[(rows["indicator"] == code) & (rows["source_id"] != bar["source"])]
        for _, o in others.iterrows():
            if abs(sum(parts.values()) - parts[code] + float(o["value"]) - total) <= 1:
                found[code] = o
    return found if len(found) == 1 else {}  # one explanation, or none


def other_sources(raw: pd.DataFrame, year: int, used: list[dict], labels,
                  titles: dict[str, str]) -> list[str]:
    """Components another source gives differently for a drawn region (never
    silent), but for the misprints the chart corrects (said by their own note)."""
    notes = []
    for bar in used:
        corrected = bar.get("corrected", {})
        rows = raw[(raw["year"] == year) & (raw["region_code"] == bar["region"])]
        for code in COMPONENTS:
            mine = rows[(rows["indicator"] == code) & (rows["source_id"] == bar["source"])]
            other = rows[(rows["indicator"] == code) & (rows["source_id"] != bar["source"])]
            for _, o in other.iterrows():
                if mine.empty or o["value"] == mine["value"].iloc[0] or code in corrected:
                    continue
                source = titles.get(o["source_id"], "另一来源")
                notes.append(f"{region_label(rows.iloc[0])}{labels[code]}图中按表 "
                             f"{mine['value_text'].iloc[0]} 元；另据{source}，"
                             f"为 {o['value_text']} 元")
    return notes


# The text beside the figure (03_achievements) says of 南疆四地州: “在转移支付方面
# 比例相对较高”. Where the drawn shares do not bear that out against every other
# region, the source line says so, with the shares (issue 26, 3).
PROSE_CLAIM = "在转移支付方面比例相对较高"
STUDY_REGION = "NJ4"


def caption_fields(inputs: list[str], year: int) -> dict:
    """``prose_note``: one sentence where the transfer share of 南疆四地州 is not
    above every other region's drawn (empty otherwise, or without data)."""
    shares, raw = read_tidy(inputs[0]), read_tidy(inputs[1])
    try:
        data_year = table_year(raw, year)
    except NoDataError:
        return {"prose_note": ""}
    names = printed_names(raw[raw["year"] == data_year])
    share = {b["region"]: b["shares"][COMPONENTS.index("transfer_income")]
             for b in bars(shares, raw, data_year)}
    if STUDY_REGION not in share:
        return {"prose_note": ""}
    mine = share[STUDY_REGION]
    higher = [r for r in share if r != STUDY_REGION and share[r] > mine]
    if not higher:
        return {"prose_note": ""}
    lower = [r for r in share if r != STUDY_REGION and share[r] <= mine]
    said = [f"高于{names[r]}（{share[r]:.1f}%）" for r in lower]
    said += [f"低于{names[r]}（{share[r]:.1f}%）" for r in higher]
    return {"prose_note": f"。注：正文称{names[STUDY_REGION]}“{PROSE_CLAIM}”；图中其转移性收入占 "
                          f"{mine:.1f}%，" + "，".join(said)}


def draw(inputs: list[str], year: int, fonts: dict):
    shares = read_tidy(inputs[0])
    raw = read_tidy(inputs[1])
    labels = labels_of(inputs[2])
    data_year = table_year(raw, year)
    drawn = bars(shares, raw, data_year)
    names = printed_names(raw[raw["year"] == data_year])
    titles = {s["source_id"]: s["title"]
              for s in resource_of(inputs[2], TABLE).get("sources", [])}
    corrections = []
    for bar in drawn:
        bar["corrected"] = misprints(raw, data_year, bar)
        for code, other in bar["corrected"].items():
            i = COMPONENTS.index(code)
            printed = raw[(raw["year"] == data_year) & (raw["region_code"] == bar["region"])
                          & (raw["source_id"] == bar["source"])].set_index("indicator")
            total = float(printed.at[TOTAL, "value"])
            bar["shares"][i] = float(other["value"]) / total * 100
            as_printed = printed.at[code, "value_text"]
            corrections.append(
                f"{names[bar['region']]}{labels[code]}原表印作 {as_printed} 元，"
                f"与合计 {bar['total_text']} 元及其余各项不合；合计减其余各项为 "
                f"{other['value_text']} 元，与{titles.get(other['source_id'], '另一来源')}"
                f"所载相同，图中按 {other['value_text']} 元")
    fig, ax = plt.subplots(figsize=(TEXT_WIDTH_IN, 2.8))
    y = list(range(len(drawn)))[::-1]
    small = []
    residual_drawn = False
    for yi, bar in zip(y, drawn, strict=True):
        left = 0.0
        for code, value, color in zip(COMPONENTS, bar["shares"], COMPONENT_COLORS, strict=True):
            ax.barh(yi, value, left=left, color=color, height=0.6, zorder=2,
                    label=labels[code] if yi == y[0] else None)
            if value >= MIN_LABEL:
                ax.text(left + value / 2, yi, f"{value:.1f}", ha="center", va="center",
                        fontsize=8)
            else:
                small.append(f"{names[bar['region']]} {value:.1f}%")
            left += value
        residual = 100 - left
        if residual > 0.5:  # printed total larger than the sum of its parts
            ax.barh(yi, residual, left=left, color=RESIDUAL_COLOR, edgecolor="#969696",
                    hatch="///", linewidth=0.4, height=0.6, zorder=2,
                    label=None if residual_drawn else "合计与各项之和的差额（原表如此）")
            ax.text(left + residual / 2, yi, f"{residual:.1f}", ha="center", va="center",
                    fontsize=8, color="#525252",
                    bbox={"facecolor": RESIDUAL_COLOR, "edgecolor": "none", "pad": 1})
            residual_drawn = True
        ax.text(101, yi, f"{bar['total_text']} 元", ha="left", va="center", fontsize=8)
    fig.subplots_adjust(right=0.88)  # the totals right of the bars stay in the text width
    ax.set_yticks(y, [names[b["region"]] for b in drawn])
    ax.set_xlim(0, 100)
    ax.set_xlabel(f"占人均可支配收入的比重（%），{data_year} 年；右侧为人均可支配收入")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.legend(ncols=3 if residual_drawn else 4, loc="lower left", bbox_to_anchor=(0, 1.0),
              handlelength=1.2,
              columnspacing=0.9, fontsize=8)
    notes = [*corrections]
    if small:
        notes.append(f"{labels['property_income']}占比：" + "，".join(small))
    notes += other_sources(raw, data_year, drawn, labels, titles)
    if notes:
        add_note(ax, "注：" + "；".join(notes) + "。")
    return fig
