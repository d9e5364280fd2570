"""Per county: its monitored households, highest risk first, for the county's own office.

What a list shows is what the office needs to find and follow up a household, and no more:
the 户编码 masked (``mask``: never the whole id, at most its last four characters), the per
capita income in bands of ``INCOME_BAND`` 元 (``income_band``), and of the risk types only
those that disclose no illness, disability or labour capacity (能力缺失型 is left out, as is
the information system's main risk type, whose 因病 and 因残 would disclose them: a 公示
must not show health, as county notes on 识别认定 say, see docs/reference/monitoring.md).
Every list says 内部资料 不得公示 and what it is for (``MARKING``, ``PURPOSE``).
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from nanjiang.common.writefile import write_bytes_atomic
from nanjiang.common.zipdates import with_fixed_dates
from nanjiang.monitoring.rules import MONITORED, RISK_TYPES

# Risk types a shared list may show: 能力缺失型 (weak or no labour, a member ill or disabled)
# discloses illness or disability.
SHOWN_RISKS = [r for r in RISK_TYPES if r != "能力缺失型"]
HEADER = ["户编码（脱敏）", "年度", "户类型", "人口", "人均纯收入（元，区间）", "监测类别",
          "风险类型（不含涉及健康的类型）"]
MARKING = "内部资料 不得公示"
PURPOSE = ("用途：仅供本县乡村振兴部门和驻村工作队核实、帮扶本县监测对象（含风险未消除、继续"
           "监测的农户），不得公开、公示、张贴或转发。户编码只显示末几位，收入为区间，不含"
           "患病、残疾和劳动能力的信息。")
INCOME_BAND = 2000  # 元 per person and year
INCOME_TOP = 12000  # and above: one band
SHOWN_MAX = 4  # characters of an id shown, at most
FIXED_TIME = dt.datetime(2000, 1, 1)  # no build time in the file: same inputs, same bytes


def mask(identifier: str) -> str:
    """Four * and the id's last characters: at most SHOWN_MAX, and at most half of the id, so
    no id is ever shown whole (one of one to three characters shows none or one) and the
    mask does not tell the id's length."""
    shown = min(SHOWN_MAX, len(identifier) // 2)
    return "****" + (identifier[-shown:] if shown else "")


def income_band(income: float) -> str:
    """The band of INCOME_BAND 元 a per-capita income falls in ("4000–5999")."""
    if income >= INCOME_TOP:
        return f"{INCOME_TOP} 及以上"
    low = int(income // INCOME_BAND) * INCOME_BAND
    return f"{low}–{low + INCOME_BAND - 1}"


def monitored_of(con, screened: str, validated: str, county: str) -> pd.DataFrame:
    """One county's monitored households (DuckDB connection ``con``): the screen's columns
    (``rules.SCREENED``) and, joined from the validated table on the key, those a list shows
    that the screen does not write (household type, income)."""
    return con.execute(
        "SELECT s.*, v.household_type, v.income_per_capita FROM read_parquet($screened) s"
        " JOIN read_parquet($validated) v USING (household_id, year)"
        " WHERE s.county_code = $county AND v.county_code = $county"
        " AND list_contains($monitored, s.category) ORDER BY household_id, year",
        {"screened": str(screened), "validated": str(validated), "county": county,
         "monitored": MONITORED}).df()


def ranked(screened: pd.DataFrame) -> pd.DataFrame:
    """Monitored households, highest risk first: category order, then most risk types shown,
    then lowest income band (then the id, unseen); ids masked, incomes banded."""
    m = screened[screened["category"].isin(MONITORED)].copy()
    m["risk_types"] = m[SHOWN_RISKS].sum(axis=1)
    m["category_rank"] = m["category"].map({c: i for i, c in enumerate(MONITORED)})
    m["band"] = (m["income_per_capita"].clip(upper=INCOME_TOP) // INCOME_BAND).astype(int)
    m = m.sort_values(
        ["category_rank", "risk_types", "band", "household_id"],
        ascending=[True, False, True, True],
    )
    m["household_id"] = m["household_id"].map(mask)
    m["income_per_capita"] = m["income_per_capita"].map(income_band)
    m["风险类型"] = m[SHOWN_RISKS].apply(
        lambda row: "、".join(r for r in SHOWN_RISKS if row[r]), axis=1
    ) if len(m) else pd.Series(dtype=object)
    cols = ["household_id", "year", "household_type", "household_size", "income_per_capita",
            "category", "风险类型"]
    return m[cols].reset_index(drop=True)


def write_xlsx(table: pd.DataFrame, path: Path, title: str) -> None:
    """One sheet: 内部资料 不得公示, the list's purpose, then the title row saying what the
    data are (SYNTHETIC where they are), then the table."""
    wb = Workbook(write_only=True)  # streamed: rows are not kept as cell objects
    ws = wb.create_sheet("监测对象")
    ws.append([MARKING])
    ws.append([PURPOSE])
    ws.append([title])
    ws.append(HEADER)
    for row in table.itertuples(index=False):
        ws.append(list(row))
    wb.properties.created = FIXED_TIME
    wb.properties.title = f"{MARKING} {title}"
    wb.properties.subject = PURPOSE
    buffer = io.BytesIO()
    wb.save(buffer)
    write_bytes_atomic(path, with_fixed_dates(buffer.getvalue(), FIXED_TIME))
