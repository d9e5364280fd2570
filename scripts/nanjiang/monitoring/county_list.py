"""Per county: its monitored households, highest risk first, identifiers masked."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook

from nanjiang.common.writefile import write_bytes_atomic
from nanjiang.monitoring.rules import MONITORED, RISK_TYPES

HEADER = ["户编码（脱敏）", "年度", "户类型", "人口", "人均纯收入（元）", "监测类别", "风险类型"]
FIXED_TIME = dt.datetime(2000, 1, 1)  # no build time in the file: same inputs, same bytes


def mask(identifier: str) -> str:
    """All but the last four characters replaced by *."""
    return "*" * max(len(identifier) - 4, 0) + identifier[-4:]


def ranked(screened: pd.DataFrame) -> pd.DataFrame:
    """Monitored households, highest risk first: category order, then most risk types, then
    lowest income left; ids masked."""
    m = screened[screened["category"].isin(MONITORED)].copy()
    m["risk_types"] = m[RISK_TYPES].sum(axis=1)
    m["category_rank"] = m["category"].map({c: i for i, c in enumerate(MONITORED)})
    m = m.sort_values(
        ["category_rank", "risk_types", "income_per_capita", "household_id"],
        ascending=[True, False, True, True],
    )
    m["household_id"] = m["household_id"].map(mask)
    m["风险类型"] = m[RISK_TYPES].apply(
        lambda row: "、".join(r for r in RISK_TYPES if row[r]), axis=1
    )
    cols = ["household_id", "year", "household_type", "household_size", "income_per_capita",
            "category", "风险类型"]
    return m[cols].reset_index(drop=True)


def write_xlsx(table: pd.DataFrame, path: Path, title: str) -> None:
    """One sheet; the title row says what the data are (SYNTHETIC where they are)."""
    wb = Workbook(write_only=True)  # streamed: rows are not kept as cell objects
    ws = wb.create_sheet("监测对象")
    ws.append([title])
    ws.append(HEADER)
    for row in table.itertuples(index=False):
        ws.append(list(row))
    wb.properties.created = FIXED_TIME
    wb.properties.title = title
    buffer = io.BytesIO()
    wb.save(buffer)
    write_bytes_atomic(path, without_save_time(buffer.getvalue()))


def without_save_time(xlsx: bytes) -> bytes:
    """openpyxl stamps the zip entries and ``dcterms:modified`` with the time of saving:
    both set to FIXED_TIME, so the same table gives the same bytes at any time."""
    stamp = FIXED_TIME.timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(xlsx)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>"
                              + FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode(), data)
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, data)
    return out.getvalue()
