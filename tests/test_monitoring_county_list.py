"""Per-county lists: masked ids, highest risk first, SYNTHETIC in the sheet."""

from __future__ import annotations

import time
import zipfile

import pandas as pd
from openpyxl import load_workbook

from nanjiang.monitoring.county_list import mask, ranked, write_xlsx
from nanjiang.monitoring.rules import classify
from test_monitoring_rules import BASE


def test_mask_keeps_last_four():
    assert mask("SYNTHETIC2023000000123") == "*" * 18 + "0123"
    assert mask("123") == "123"


def test_highest_risk_first_and_written(tmp_path):
    rows = [
        {**BASE, "household_id": "EDGE0001", "housing_secure": 0},  # 边缘, 1 risk type
        {**BASE, "household_id": "POOR0002", "household_type": "脱贫户",
         "housing_secure": 0},  # 脱贫不稳定户 first
        {**BASE, "household_id": "EDGE0003", "housing_secure": 0,
         "labour_capacity": "弱劳动能力"},  # 边缘, 2 risk types: before EDGE0001
        {**BASE, "household_id": "SAFE0004"},  # not monitored: not listed
    ]
    table = ranked(classify(pd.DataFrame(rows), 6000.0))
    assert table["household_id"].tolist() == ["****0002", "****0003", "****0001"]
    assert table.loc[1, "风险类型"] == "能力缺失型、外部环境脆弱型"
    one, two = tmp_path / "a_SYNTHETIC.xlsx", tmp_path / "b_SYNTHETIC.xlsx"
    write_xlsx(table, one, "SYNTHETIC 英吉沙县 监测对象")
    time.sleep(1.1)  # openpyxl stamps the time of saving: not in our bytes
    write_xlsx(table, two, "SYNTHETIC 英吉沙县 监测对象")
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert b">2000-01-01T00:00:00Z</dcterms:modified>" in z.read("docProps/core.xml")
    sheet = load_workbook(one).active
    assert sheet["A1"].value == "SYNTHETIC 英吉沙县 监测对象"
    assert sheet["A3"].value == "****0002"
