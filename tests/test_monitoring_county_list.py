"""Per-county lists: masked ids, income bands, no illness or disability, marked 内部资料 不得公示
with their purpose, highest risk first, SYNTHETIC in the sheet."""

from __future__ import annotations

import time
import zipfile

import pandas as pd
from openpyxl import load_workbook

from nanjiang.monitoring.county_list import MARKING, PURPOSE, income_band, mask, ranked, write_xlsx
from nanjiang.monitoring.rules import classify
from test_monitoring_rules import BASE


def test_a_mask_never_shows_a_whole_id():
    """Issue 27: an id of four characters or fewer was not masked at all. Now at most the
    last four characters and at most half of the id show, behind four * whatever its
    length (which the mask does not tell)."""
    assert mask("SYNTHETIC2023000000123") == "****0123"
    assert [mask("1"), mask("12"), mask("123"), mask("1234"), mask("12345678")] == [
        "****", "****2", "****3", "****34", "****5678"]
    for length in range(1, 13):
        for ident in ("7" * length, "".join(chr(0x4E00 + i) for i in range(length)),
                      "".join(str(i % 10) for i in range(length))):
            shown = mask(ident)
            assert shown != ident and ident not in shown, ident
            visible = shown.removeprefix("****")
            assert len(visible) <= min(4, length // 2) and ident.endswith(visible), ident
            assert shown.startswith("****") and "*" not in visible, ident


def test_incomes_are_shown_in_bands():
    assert [income_band(x) for x in (0.0, 1999.5, 2000.0, 5999.0, 6000.0, 11999.0, 12000.0,
                                     250000.0)] == [
        "0–1999", "0–1999", "2000–3999", "4000–5999", "6000–7999", "10000–11999",
        "12000 及以上", "12000 及以上"]


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
    # 能力缺失型 is not shown (it discloses illness or disability), nor ranks
    assert table["household_id"].tolist() == ["****0002", "****0001", "****0003"]
    assert table["风险类型"].tolist() == ["外部环境脆弱型"] * 3
    assert table["income_per_capita"].tolist() == ["8000–9999"] * 3
    one, two = tmp_path / "a_SYNTHETIC.xlsx", tmp_path / "b_SYNTHETIC.xlsx"
    write_xlsx(table, one, "SYNTHETIC 英吉沙县 监测对象")
    time.sleep(1.1)  # openpyxl stamps the time of saving: not in our bytes
    write_xlsx(table, two, "SYNTHETIC 英吉沙县 监测对象")
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(one) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert b">2000-01-01T00:00:00Z</dcterms:modified>" in z.read("docProps/core.xml")
    sheet = load_workbook(one).active
    assert sheet["A1"].value == MARKING == "内部资料 不得公示"
    assert sheet["A2"].value == PURPOSE and PURPOSE.startswith("用途：")
    assert sheet["A3"].value == "SYNTHETIC 英吉沙县 监测对象"
    assert sheet["A5"].value == "****0002"
    cells = " ".join(str(c.value) for row in sheet.iter_rows() for c in row)
    assert "能力缺失型" not in cells and "因病" not in cells and "因残" not in cells


def test_the_list_joins_back_what_the_narrow_screen_does_not_write(tmp_path):
    """The screen writes rules.SCREENED; a county's list takes household type and income
    from the validated table on the key, and is what the pandas reference's full rows give."""
    import duckdb

    from nanjiang.monitoring.county_list import monitored_of
    from nanjiang.monitoring.engine import screen_to_parquet
    from nanjiang.monitoring.synthetic import generate
    from test_monitoring_engine import COUNTIES, to_parquet

    table = pd.concat([generate(COUNTIES, 3_000, 2023, 6000.0, seed=31),
                       generate(COUNTIES, 3_000, 2024, 6000.0, seed=32)], ignore_index=True)
    validated = to_parquet(table, tmp_path / "validated.parquet")
    screened = tmp_path / "screened.parquet"
    screen_to_parquet(validated, 6000.0, screened)
    con = duckdb.connect()
    county = "653123"
    listed = ranked(monitored_of(con, screened, validated, county))
    con.close()
    reference = ranked(classify(table[table["county_code"] == county], 6000.0))
    assert len(listed) > 20
    pd.testing.assert_frame_equal(listed, reference, check_dtype=False)
