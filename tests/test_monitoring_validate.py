"""The household table: bad values are located, all reported at once."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nanjiang.errors import DataValidationError
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
