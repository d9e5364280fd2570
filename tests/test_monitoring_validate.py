"""The household table: bad values are located, all reported at once."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from nanjiang.common.errors import DataValidationError
from nanjiang.monitoring.schema import field_names
from nanjiang.monitoring.synthetic import generate
from nanjiang.monitoring.validate import county_codes, read_households
from test_monitoring_rules import BASE

REPO = Path(__file__).resolve().parents[1]
REGIONS = REPO / "data" / "raw" / "regions.csv"


def write(path: Path, rows: list[dict], encoding: str = "utf-8") -> Path:
    with open(path, "w", encoding=encoding, newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=field_names())
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ("" if v is None else v) for k, v in row.items()})
    return path


def test_good_table_in_gb18030_reads_back(tmp_path):
    rows = [BASE, {**BASE, "household_id": "H2", "household_type": "脱贫户"}]
    table = read_households(write(tmp_path / "h.csv", rows, "gb18030"), REGIONS)
    assert list(table["household_type"]) == ["一般农户", "脱贫户"]
    assert table["household_size"].tolist() == [3, 3]


def test_every_bad_value_is_located_at_once(tmp_path):
    rows = [
        BASE,
        {**BASE, "household_id": "H2", "county_code": "110101"},
        {**BASE, "household_id": "H3", "income_per_capita": -1},
        {**BASE, "household_id": "H4", "household_size": 0},
        {**BASE},  # H1 again in 2023
        {**BASE, "household_id": "H5", "housing_secure": "2"},
    ]
    path = write(tmp_path / "bad.csv", rows)
    with pytest.raises(DataValidationError) as caught:
        read_households(path, REGIONS)
    found = [(p.line, p.column, p.value) for p in caught.value.problems]
    assert found == [
        (3, "county_code", "110101"),
        (4, "income_per_capita", "-1"),
        (5, "household_size", "0"),
        (6, "household_id", "H1"),
        (7, "housing_secure", "2"),
    ]
    text = str(caught.value)
    assert f"{path}:6, column 'household_id', value 'H1': duplicate household id" in text
    assert "expected one of 1, 0, 是, 否" in text


def test_same_household_in_two_years_is_allowed(tmp_path):
    rows = [BASE, {**BASE, "year": 2024}]
    assert len(read_households(write(tmp_path / "h.csv", rows), REGIONS)) == 2


def test_synthetic_households_pass_validation_and_are_seeded(tmp_path):
    counties = sorted(county_codes(REGIONS))
    one = generate(counties, 200, 2023, 6000.0, seed=7)
    assert one.equals(generate(counties, 200, 2023, 6000.0, seed=7))
    assert one["household_id"].str.startswith("SYNTHETIC").all()
    path = tmp_path / "households_SYNTHETIC.csv"
    one.to_csv(path, index=False)
    assert len(read_households(path, REGIONS)) == 200


# The five bad values of issue #17, each in its own row after a good one.
BAD_ROWS = [
    BASE,
    {**BASE, "household_id": "H2", "county_code": "110101"},
    {**BASE, "household_id": "H3", "income_per_capita": -1},
    {**BASE, "household_id": "H4", "household_size": 0},
    {**BASE},  # H1 again in 2023
    {**BASE, "household_id": "H5", "housing_secure": 2},
]
BAD_COLUMNS = ["county_code", "income_per_capita", "household_size", "household_id",
               "housing_secure"]


def write_xlsx(path: Path, rows: list[dict], title: str | None = None) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "农户"
    if title:
        ws.append([title])  # a title row above the header, as offices print one
    ws.append(field_names())
    for row in rows:
        ws.append([row[n] for n in field_names()])
    wb.save(path)
    return path


def write_parquet(path: Path, rows: list[dict]) -> Path:
    import duckdb
    import pandas as pd

    con = duckdb.connect()
    con.register("t", pd.DataFrame(rows, columns=field_names()))
    con.execute("COPY t TO $path (FORMAT parquet)", {"path": str(path)})
    con.close()
    return path


def problems_of(path: Path):
    with pytest.raises(DataValidationError) as caught:
        read_households(path, REGIONS)
    return caught.value


def test_gb18030_csv_bad_values_located_by_line(tmp_path):
    path = write(tmp_path / "bad.csv", BAD_ROWS, "gb18030")
    error = problems_of(path)
    assert [(p.line, p.column) for p in error.problems] == list(
        zip(range(3, 8), BAD_COLUMNS, strict=True))
    assert f"{path}:5, column 'household_size', value '0'" in str(error)


def test_xlsx_bad_values_located_by_sheet_and_cell(tmp_path):
    path = write_xlsx(tmp_path / "book.xlsx", BAD_ROWS, title="2023年 农户监测信息")
    error = problems_of(path)
    # title row 1, header row 2, data from row 3: B4 county, F5 income, D6 size, A7 id, R8 flag
    assert [p.cell for p in error.problems] == ["B4", "F5", "D6", "A7", "R8"]
    assert [p.column for p in error.problems] == BAD_COLUMNS
    text = str(error)
    assert f"{path}!农户!B4, column 'county_code', value '110101': expected a county" in text
    assert f"{path}!农户!F5, column 'income_per_capita', value '-1'" in text
    assert f"{path}!农户!D6, column 'household_size', value '0'" in text
    assert f"{path}!农户!A7, column 'household_id', value 'H1': duplicate household id " \
           "in year 2023 (first on line 3)" in text
    assert f"{path}!农户!R8, column 'housing_secure', value '2': expected one of" in text


def test_xlsx_good_table_reads_as_the_csv(tmp_path):
    rows = [BASE, {**BASE, "household_id": "H2", "income_per_capita_prev": None}]
    from_xlsx = read_households(write_xlsx(tmp_path / "h.xlsx", rows), REGIONS)
    from_csv = read_households(write(tmp_path / "h.csv", rows), REGIONS)
    assert from_xlsx.equals(from_csv)


def test_parquet_bad_values_located_by_row(tmp_path):
    rows = [{k: (str(v) if k == "housing_secure" else v) for k, v in r.items()}
            for r in BAD_ROWS]  # a text column, so a flag outside 1/0/是/否 can be stored
    path = write_parquet(tmp_path / "h.parquet", rows)
    error = problems_of(path)
    assert [(p.row, p.column) for p in error.problems] == list(
        zip(range(2, 7), BAD_COLUMNS, strict=True))
    text = str(error)
    assert f"{path}, row 3, column 'income_per_capita', value '-1'" in text
    assert f"{path}, row 5, column 'household_id', value 'H1': duplicate household id " \
           "in year 2023 (first on row 1)" in text


def test_parquet_good_table_reads_as_the_csv(tmp_path):
    rows = [BASE, {**BASE, "household_id": "H2", "income_per_capita_prev": None}]
    from_parquet = read_households(write_parquet(tmp_path / "h.parquet", rows), REGIONS)
    from_csv = read_households(write(tmp_path / "h.csv", rows), REGIONS)
    assert from_parquet.equals(from_csv)


def test_other_formats_are_refused(tmp_path):
    path = tmp_path / "h.json"
    path.write_text("[]", "utf-8")
    assert "expected a household table as .csv, .xlsx, .parquet" in str(problems_of(path))


def test_an_old_xls_household_table_is_refused_with_what_to_do(tmp_path):
    path = tmp_path / "h.XLS"
    path.write_bytes(b"\xd0\xcf\x11\xe0 an old binary workbook")
    assert (f"{path}: old Excel format (.xls): open it in Excel or LibreOffice and save it "
            "as 'Excel Workbook (.xlsx)'") in str(problems_of(path))


def test_synthetic_households_follow_the_published_margins_of_the_raw_tables(tmp_path):
    from nanjiang.data.package import DataPackage
    from nanjiang.data.validation import validate_table, write_validated
    from nanjiang.monitoring.margins import TABLES, read_margins
    from nanjiang.monitoring.regions import prefecture_counties

    counties = prefecture_counties(REGIONS)
    package = DataPackage.load(REGIONS.parent)  # the tables as the validation jobs write them
    for table in TABLES.values():
        write_validated(validate_table(package, table), tmp_path / f"{table}.csv")
    margins = read_margins({k: tmp_path / f"{v}.csv" for k, v in TABLES.items()},
                           list(counties))
    # by hand from the raw tables: 喀什地区 105.59万人 / 28.58万户, 阿克苏地区 20.63万人 /
    # 58136户, 克州 15.66万人 / 4.16万户; 和田地区 (no household count) the pooled mean
    assert round(margins.mean_size["653100"], 3) == round(105.59 / 28.58, 3)
    assert round(margins.mean_size["652900"], 3) == round(206300 / 58136, 3)
    pooled = (105.59 + 20.63 + 15.66) / (28.58 + 5.8136 + 4.16)
    assert round(margins.mean_size["653200"], 3) == round(pooled, 3)
    assert round(margins.ill_share_poverty_exited, 3) == 0.191  # 1 - 80.9 % 健康 (英吉沙县)

    table = generate(counties, 200_000, 2023, 6000.0, seed=3, margins=margins)
    assert table.equals(generate(counties, 200_000, 2023, 6000.0, seed=3, margins=margins))
    prefecture = table["county_code"].str[:4] + "00"
    for p, share in margins.households_share.items():
        assert abs((prefecture == p).mean() - share) < 0.005, p
        size = table.loc[prefecture == p, "household_size"].mean()
        assert abs(size - margins.mean_size[p]) < 0.03, p
    assert set(table["county_code"]) == county_codes(REGIONS)  # every county has households
    exited = table[table["household_type"] == "脱贫户"]
    assert abs((exited["members_ill_or_disabled"] > 0).mean() - 0.191) < 0.01
    path = tmp_path / "households_SYNTHETIC.csv"
    table.head(500).to_csv(path, index=False)
    assert len(read_households(path, REGIONS)) == 500


def test_columnar_parquet_validation_reports_what_the_csv_reader_does(tmp_path):
    """Large Parquet tables are checked by DuckDB (columnar.py): the problems, in the same
    words and order, the CSV reader finds in the same values; a valid table is typed the
    same (and test_monitoring_readers.py compares the three formats on random tables)."""
    import re

    from nanjiang.monitoring.columnar import check_parquet, read_parquet_households

    rows = [{k: (str(v) if k in ("housing_secure", "year") else v) for k, v in r.items()}
            for r in BAD_ROWS]
    rows += [
        {**BASE, "household_id": "H6", "members_working": 4},  # more than household_size 3
        {**BASE, "household_id": "H7", "income_wage": None},  # a gap where none is allowed
        {**BASE, "household_id": "H8", "household_size": 2.5, "year": "二〇二三"},
        {**BASE, "household_id": "H9", "housing_secure": "是", "food_clothing_secure": "否"},
        {**BASE, "household_id": " H2 ", "year": "2023 "},  # H2 again, spaces around
    ]
    path = write_parquet(tmp_path / "h.parquet", rows)
    expected = problems_of(path).problems
    with pytest.raises(DataValidationError) as caught:
        check_parquet(path, REGIONS)
    assert caught.value.problems == expected
    assert len(expected) == 10
    as_csv = problems_of(write(tmp_path / "h.csv", rows)).problems

    def unlocated(problems):
        return [(p.column, p.value, re.sub(r"on (line|row) \d+", "on …", p.message))
                for p in problems]

    assert unlocated(expected) == unlocated(as_csv)
    assert [p.row for p in expected] == [p.line - 1 for p in as_csv]

    good = [BASE, {**BASE, "household_id": "H2", "income_per_capita_prev": None,
                   "housing_secure": "否"}]
    good = [{k: (str(v) if k == "housing_secure" else v) for k, v in r.items()} for r in good]
    path = write_parquet(tmp_path / "good.parquet", good)
    pd.testing.assert_frame_equal(read_parquet_households(path, REGIONS),
                                  read_households(write(tmp_path / "good.csv", good), REGIONS))
    assert check_parquet(path, REGIONS) == 2
