"""图 2-3: the structure of the poor population (labour, income, education).

The seed's figure shows 致贫结构 (causes of poverty) but prints no numbers for
it, and no public source gives them. What the seed does give is drawn
instead, as small multiples: 表 2-1 (labour), 表 2-2 (income) and 表 2-5
(education), values as printed. No cause-of-poverty share is made up.
"""

from __future__ import annotations

import matplotlib.pyplot as plt

from nanjiang.common.numbers import trimmed
from nanjiang.derive.primary import split_primary
from nanjiang.figures.chart_common import add_note, other_source_notes, resource_of
from nanjiang.figures.printsize import TEXT_WIDTH_IN
from nanjiang.figures.style import REGION_COLORS, tint
from nanjiang.figures.tidy import latest_drawn, read_tidy

NJ4 = "NJ4"
# Panel: (title, [(group label, [(indicator, bar label), ...]), ...]). The
# titles name no table: numbers are the report's (the source line names each
# panel's table from the numbering).
PANELS = [
    ("（a）劳动力构成", [
        ("年龄", [("age_under_16_pct", "16 岁以下"), ("age_17_60_pct", "17—60 岁"),
                 ("age_over_60_pct", "60 岁以上")]),
        ("劳动能力", [("lost_labour_capacity_pct", "丧失劳动力"),
                     ("no_labour_capacity_pct", "无劳动力")]),
    ]),
    ("（b）贫困家庭收入", [
        ("收入来源", [("wage_work_income_pct", "务工收入"),
                     ("business_income_pct", "经营性收入")]),
        ("收入分组", [("income_below_2000_pct", "低于 2000 元"),
                     ("income_2000_2800_pct", "2000—2800 元"),
                     ("income_above_2800_pct", "高于 2800 元*")]),
    ]),
    ("（c）受教育程度", [
        ("", [("illiterate_semi_illiterate_pct", "文盲、半文盲"), ("primary_pct", "小学"),
              ("junior_secondary_pct", "初中"), ("senior_secondary_pct", "高中"),
              ("college_plus_pct", "大专及以上")]),
    ]),
]
# Printed quirks the reader should see next to the panel.
NOTES = {
    "（b）贫困家庭收入": "* 表头印作“收入高于 2000-2800 元贫困户”",
}
# Parts that should add up to 100 % (share groups of datapackage.yaml).
SUMS = {"收入分组": "三组", "": "五项"}
# What each panel's shares are of: the shared x-axis says only "比例", the note
# names the denominators; the income sources' comes from the table's
# label_note (the original does not say of what they are shares).
X_LABEL = "比例（%）"
DENOMINATORS = ("（a）（c）为占建档立卡贫困人口（户）的比例；（b）收入分组为占贫困户的比例，"
                "收入来源{income_sources}")


def _printed(total: float) -> str:
    # A sum of printed values with up to two decimals, without trailing zeros.
    return trimmed(total, 2)


TABLES = ["labour_composition", "income_bands", "education_poor"]  # the panels' tables


def draw(inputs: list[str], year: int, fonts: dict):
    """``inputs``: the three tables, then datapackage.yaml. Where a cell has
    rows of two sources, the table's first source (its ``sources`` order) is
    drawn and the other value said in a note, as in every chart."""
    *paths, package = inputs
    tables, notes = [], []
    source_note = ""
    for path, name in zip(paths, TABLES, strict=True):
        resource = resource_of(package, name)
        drawn, others = split_primary(latest_drawn(read_tidy(path), year, path),
                                      [s["source_id"] for s in resource.get("sources", [])])
        tables.append(drawn)
        labels = {i["code"]: i["label"] for i in resource.get("indicators", [])}
        titles = {s["source_id"]: s["title"] for s in resource.get("sources", [])}
        notes += other_source_notes(drawn, others, labels.get, titles)
        if name == "income_bands":
            source_note = next((i.get("label_note", "") for i in resource.get("indicators", [])
                                if i["code"] == "wage_work_income_pct"), "")
    notes.insert(0, DENOMINATORS.format(
        income_sources=source_note.split("；")[0].replace("未说明分母", "原表未说明分母")
        if source_note else "原表未说明分母"))
    rows = [sum(len(items) for _, items in groups) + len(groups) - 1 for _, groups in PANELS]
    fig, axes = plt.subplots(
        len(PANELS), 1, figsize=(TEXT_WIDTH_IN, 5.1), sharex=True,
        gridspec_kw={"height_ratios": rows, "hspace": 0.45},
    )
    color = REGION_COLORS[NJ4]
    for ax, table, (title, groups) in zip(axes, tables, PANELS, strict=True):
        data = table[table["region_code"] == NJ4].set_index("indicator")
        y, ticks, labels = 0, [], []
        for g, (group, items) in enumerate(groups):
            start = y
            total = 0.0
            for code, label in items:
                if code in data.index:
                    v = float(data.loc[code, "value"])
                    total += v
                    ax.barh(-y, v, height=0.68, color=color if g == 0 else tint(color, 0.55))
                    ax.text(v + 0.8, -y, data.loc[code, "value_text"] + "%", va="center",
                            fontsize=7.5)
                ticks.append(-y)
                labels.append(label)
                y += 1
            if group:
                ax.text(1.01, -(start + y - 1) / 2, group, transform=ax.get_yaxis_transform(),
                        ha="left", va="center", fontsize=8, color="#555555")
            if group in SUMS and abs(total - 100) >= 0.05:
                # beside the group's last bar (short in both tables), clear of the axis line
                ax.text(0.985, -(y - 1), f"{SUMS[group]}合计 {_printed(total)}%（原表如此）",
                        transform=ax.get_yaxis_transform(), ha="right", va="center",
                        fontsize=7.5, color="#555555")
            y += 1  # gap between groups
        ax.set_yticks(ticks, labels)
        ax.set_ylim(-(y - 1) + 0.4, 0.6)
        ax.set_title(title, loc="left", fontsize=9)
        ax.grid(axis="x", color="#d9d9d9", linewidth=0.6)
        ax.grid(axis="y", visible=False)
        ax.tick_params(axis="y", length=0, labelsize=8)
        if title in NOTES:
            ax.text(0.985, 1.02, NOTES[title], transform=ax.transAxes, ha="right", va="bottom",
                    fontsize=7.5, color="#555555")
    axes[-1].set_xlim(0, 80)
    axes[-1].set_xlabel(X_LABEL)
    # the denominators, and values of other sources (said, never dropped)
    add_note(axes[-1], "注：" + "；".join(notes) + "。")
    return fig
