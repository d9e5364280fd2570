"""The study prefectures come from the data package, nowhere else."""

import shutil
from pathlib import Path

from nanjiang.data.study_regions import study_prefectures
from nanjiang.figures.style import PREFECTURES
from nanjiang.monitoring.regions import prefecture_counties

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"


def test_the_four_prefectures_in_the_seeds_order():
    assert study_prefectures() == ("652900", "653100", "653200", "653000")
    assert list(PREFECTURES) == list(study_prefectures())  # figures draw these, in this order


def test_a_prefecture_of_regions_csv_alone_is_not_studied(tmp_path):
    for name in ("regions.csv", "datapackage.yaml"):
        shutil.copy(RAW / name, tmp_path / name)
    with (tmp_path / "regions.csv").open("a", encoding="utf-8") as fh:
        fh.write("TST,测试地区,prefecture,650000,\nTST01,测试县,county,TST,\n")
    groups = prefecture_counties(tmp_path / "regions.csv")
    assert sorted(groups) == sorted(study_prefectures())
    assert "TST01" not in {c for counties in groups.values() for c in counties}
