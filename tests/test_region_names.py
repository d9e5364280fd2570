"""One name for a region in a given year (issue 26, 10): 库车县 became 库车市 in 2019.

A table or figure prints a region's name of its data year, a brief and the text the name
of the report year (nanjiang.data.region_names); the earlier names are a sourced reference
table (data/raw/region_renames.csv), validated with located errors.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from nanjiang.common.errors import DataValidationError
from nanjiang.data.loaders import load_validated
from nanjiang.data.package import DataPackage
from nanjiang.data.region_names import Region, Rename, names_in, read_regions, shown_name
from nanjiang.data.validation import validate_table, write_validated
from nanjiang.text.numbering import Label
from rawtables import csv_text

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
KUQA = "652902"
# the files a package of 表 2-3 (prefecture_counties) needs
FILES = ["datapackage.yaml", "table-schema.yaml", "facts-schema.yaml", "regions-schema.yaml",
         "sources-schema.yaml", "region_renames-schema.yaml", "regions.csv", "sources.csv",
         "region_renames.csv"]


def copy_files(raw: Path) -> None:
    """FILES, and 表 2-3 as its CSV (from the workbook, if one is in its place)."""
    raw.mkdir()
    for name in FILES:
        shutil.copy(RAW / name, raw / name)
    (raw / "prefecture_counties.csv").write_text(csv_text(RAW, "prefecture_counties"), "utf-8")


# -- the rule -------------------------------------------------------------------------------

def test_a_region_is_called_by_its_former_name_before_the_year_it_was_renamed():
    kuqa = Region(KUQA, "库车市", "county", "652900", (), (Rename("库车县", 2019),))
    assert [kuqa.name_in(y) for y in (2014, 2015, 2018, 2019, 2020, 2023)] == [
        "库车县", "库车县", "库车县", "库车市", "库车市", "库车市"]
    assert kuqa.name_in(None) == "库车市"  # no year: today's name


def test_two_renamings_chain_whatever_their_order_in_the_file():
    # A县 → B县 from 2010, B县 → C市 from 2019 (made-up names): each year its name
    region = Region("X", "C市", "county", "", (),
                    (Rename("B县", 2019), Rename("A县", 2010)))
    assert [region.name_in(y) for y in (2009, 2010, 2018, 2019)] == ["A县", "B县", "B县", "C市"]
    assert region.names == ("C市", "B县", "A县")


def test_a_printed_name_of_the_region_becomes_the_name_of_the_data_year():
    kuqa = Region(KUQA, "库车市", "county", "652900", ("库车",), (Rename("库车县", 2019),))
    assert shown_name(kuqa, 2015, "库车市") == "库车县"  # a later source's name for 2015
    assert shown_name(kuqa, 2015, "库车县") == "库车县"
    assert shown_name(kuqa, 2020, "库车县") == "库车市"
    assert shown_name(kuqa, 2015, "库车") == "库车"  # the source's own spelling stays
    assert shown_name(None, 2015, "库车县") == "库车县"  # a region not in regions.csv


def test_the_data_package_names_kuqa_by_year_with_its_source():
    package = DataPackage.load(RAW)
    kuqa = package.regions[KUQA]
    assert (kuqa.name, kuqa.name_in(2015), kuqa.name_in(2018), kuqa.name_in(2019)) == (
        "库车市", "库车县", "库车县", "库车市")
    (rename,) = kuqa.renames
    assert rename.source_id in package.sources
    assert package.sources[rename.source_id]["kind"] == "government"
    # the light reader of the jobs that have regions.csv only gives the same regions
    assert read_regions(RAW / "regions.csv") == package.regions
    assert names_in(2015)[KUQA] == "库车县" and names_in(2023)[KUQA] == "库车市"


# -- where names are printed ------------------------------------------------------------------

def validated_counties(tmp_path: Path, kuqa_printed: str | None = None):
    """表 2-3 (prefecture_counties, year 2015) validated as the pipeline does; its 库车 row
    printed as ``kuqa_printed`` when given."""
    raw = tmp_path / "raw"
    copy_files(raw)
    if kuqa_printed:
        path = raw / "prefecture_counties.csv"
        path.write_text(path.read_text("utf-8").replace(",652902,库车县,",
                                                        f",652902,{kuqa_printed},"), "utf-8")
    package = DataPackage.load(raw)
    write_validated(validate_table(package, "prefecture_counties"),
                    tmp_path / "prefecture_counties.csv")
    return package, load_validated("prefecture_counties", tmp_path)


def counties_table(package, df, report_year: int) -> str:
    """表 2-3's Markdown as the chapter gets it, read without its word joiners."""
    from nanjiang.documents.words import strip_invisible
    from nanjiang.text.report_tables import markdown_table, prepare

    table = prepare(package.resource("prefecture_counties"), df, package, report_year, False)
    return strip_invisible(markdown_table(table, Label("table", "prefecture_counties", "2", 3)))


@pytest.mark.parametrize("printed", [None, "库车市"])
def test_a_table_of_2015_prints_kuqa_county(tmp_path, printed):
    """表 2-3 shows 2015 (the only year it has) in the 2020 report: 库车县, also where a
    source printed today's name for 2015."""
    package, df = validated_counties(tmp_path, printed)
    text = counties_table(package, df, 2020)
    assert "库车县" in text and "库车市" not in text
    assert "（数据年份：2015 年）" in text


def test_the_same_table_of_2020_prints_kuqa_city(tmp_path):
    package, df = validated_counties(tmp_path)
    df["year"] = 2020  # the same rows as a table of 2020
    text = counties_table(package, df, 2020)
    assert "库车市" in text and "库车县" not in text


def test_a_brief_of_2020_names_kuqa_city_and_of_2018_kuqa_county():
    from nanjiang.figures.brief_map import counties_of
    from nanjiang.text.briefs import build

    package = DataPackage.load(RAW)
    audit = pd.DataFrame([{"location": "653100/x", "detail": "喀什地区某项"}])
    for year, name in ((2020, "库车市"), (2018, "库车县")):
        brief = build("652900", year, package, {}, {}, audit)
        assert name in brief.sections["counties"], year
        assert {"库车市", "库车县"} - {name} & set(brief.sections["counties"]) == set()
        # the brief's map labels the counties by the same names
        assert name in list(counties_of(str(RAW / "regions.csv"), "652900", year)["name"])


def test_the_map_of_the_prefectures_names_the_counties_of_its_year():
    from nanjiang.figures.prefecture_map import counties

    for year, name in ((2015, "库车县"), (2020, "库车市")):
        table = counties(str(RAW / "regions.csv"), year)
        assert table.loc[table["region_code"] == KUQA, "name"].tolist() == [name]


# -- validation: a wrong or unknown year is refused, located ---------------------------------

def package_with_rename(tmp_path: Path, row: str) -> Path:
    raw = tmp_path / "raw"
    copy_files(raw)
    (raw / "region_renames.csv").write_text(
        "region_code,former_name,renamed_year,source_id,note\n" + row, "utf-8")
    return raw


def test_a_renamed_year_contradicted_by_the_data_is_refused_at_the_row(tmp_path):
    """Renamed in 2014 would make 表 2-3's 库车县 (2015) a name used after the change."""
    raw = package_with_rename(tmp_path, "652902,库车县,2014,mca_minhan_2019_123,\n")
    package = DataPackage.load(raw)  # the table itself is read by its validation
    with pytest.raises(DataValidationError) as info:
        validate_table(package, "prefecture_counties")
    (problem,) = info.value.problems
    assert (Path(problem.file).name, problem.line, problem.column, problem.value) == (
        "prefecture_counties.csv", 4, "region_name", "库车县")
    assert problem.message.startswith(
        "库车县 is the name of 652902 before 2014 and 库车市 from then on "
        "(region_renames.csv line 2): a row of 2015 cannot print the former name")


def test_the_sourced_year_passes(tmp_path):
    raw = package_with_rename(tmp_path, "652902,库车县,2019,mca_minhan_2019_123,\n")
    rows = validate_table(DataPackage.load(raw), "prefecture_counties")
    assert [r.cells["region_name"] for r in rows if r.cells["region_code"] == KUQA] == ["库车县"]


@pytest.mark.parametrize(("year", "message"), [
    ("", "required value is empty"),
    ("不详", "expected a value matching [0-9]{4}"),
    ("2019年", "expected a value matching [0-9]{4}"),
    ("19", "expected a value matching [0-9]{4}"),
])
def test_an_unknown_year_is_refused_where_it_is(tmp_path, year, message):
    raw = package_with_rename(tmp_path, f"652902,库车县,{year},mca_minhan_2019_123,\n")
    with pytest.raises(DataValidationError) as info:
        DataPackage.load(raw)
    (problem,) = info.value.problems
    assert (Path(problem.file).name, problem.line, problem.column, problem.value,
            problem.message) == ("region_renames.csv", 2, "renamed_year", year, message)


def test_a_renaming_of_no_region_without_a_source_or_twice_a_year_is_refused(tmp_path):
    raw = package_with_rename(tmp_path, "652999,某县,2019,mca_minhan_2019_123,\n"
                                        "652902,库车县,2019,no_such_source,\n"
                                        "652902,库车镇,2019,mca_minhan_2019_123,\n"
                                        "652901,阿克苏市,2016,mca_minhan_2019_123,\n")
    with pytest.raises(DataValidationError) as info:
        DataPackage.load(raw)
    found = {(p.line, p.column, p.value): p.message for p in info.value.problems}
    assert found.keys() == {(2, "region_code", "652999"), (3, "source_id", "no_such_source"),
                            (4, "renamed_year", "2019"), (5, "former_name", "阿克苏市")}
    assert found[(2, "region_code", "652999")].startswith("unknown region code")
    assert found[(4, "renamed_year", "2019")].startswith(
        "a second renaming of 652902 in 2019 (the first on line 3)")
    assert "no renaming" in found[(5, "former_name", "阿克苏市")]
