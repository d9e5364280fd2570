"""图 2-2: the four prefectures' shares of Xinjiang's poor population and villages."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .style import REGION_COLORS

PREFECTURES = ["652900", "653100", "653200", "653000"]
MEASURES = [
    ("registered_poor_population_share_of_650000", "建档立卡贫困人口"),
    ("key_villages_share_of_650000", "重点贫困村"),
]


def draw(inputs: list[str], year: int, fonts: dict):
    df = pd.read_csv(inputs[0], dtype={"region_code": str})
    df = df[df["year"] <= year]
    df = df[df["year"] == df["year"].max()]
    fig, ax = plt.subplots()
    x = np.arange(len(MEASURES))
    width = 0.8 / len(PREFECTURES)
    for i, region in enumerate(PREFECTURES):
        sub = df[df["region_code"] == region]
        if sub.empty:
            continue
        values = [
            sub.loc[sub["indicator"] == code, "value"].squeeze() if (sub["indicator"] == code).any() else np.nan
            for code, _ in MEASURES
        ]
        bars = ax.bar(x + (i - 1.5) * width, values, width, label=sub["region_name"].iloc[0],
                      color=REGION_COLORS[region])
        ax.bar_label(bars, fmt="%.1f", fontsize=8, padding=2)
    ax.set_xticks(x, [label for _, label in MEASURES])
    ax.set_ylabel("占新疆比重（%）")
    ax.legend(ncols=4, loc="upper center", bbox_to_anchor=(0.5, 1.12))
    return fig
