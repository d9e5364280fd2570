"""Which function computes which derived table (used by derive_indicator.py)."""

from __future__ import annotations

import pandas as pd

from . import poverty


def poverty_shares(raw: dict[str, pd.DataFrame], year: int) -> pd.DataFrame:
    df = raw["poor_population_2014"]
    return pd.concat(
        [
            poverty.prefecture_shares(df, "registered_poor_population", "建档立卡贫困人口"),
            poverty.prefecture_shares(df, "key_villages", "重点村"),
        ],
        ignore_index=True,
    )


DERIVED = {
    "poverty_shares": poverty_shares,
}
