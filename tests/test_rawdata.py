"""Loader and validator of the raw tables: accepted forms and located errors."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import yaml

from nanjiang.common.errors import DataValidationError
from nanjiang.data.package import DataPackage, decode_csv_bytes
from nanjiang.data.validation import parse_number, validate_table

HEADER = "year,region_code,region_name,indicator,value,unit,source_id,note\n"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12", 12.0),
        ("-3.5", -3.5),
        ("90.0", 90.0),
        ("１２．５", 12.5),  # full-width, as a Chinese input method types it
        ("1,234", 1234.0),
        ("1,234,567.8", 1234567.8),
        (" 7 ", 7.0),
    ],
)
def test_parse_number_accepts(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text, hint",
    [
        ("12.5%", "without '%'"),
        ("", "gap is a missing row"),
        ("1,23", "such as"),
        ("十二", "such as"),
        ("12..5", "such as"),
        ("1.2.3", "such as"),
    ],
)
def test_parse_number_rejects_with_what_was_expected(text, hint):
    with pytest.raises(ValueError, match=hint):
        parse_number(text)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_decode_utf8_and_excel_chinese_encodings(encoding):
    text = "地区,数值\n喀什地区,105.59\n"
    assert decode_csv_bytes(text.encode(encoding), "x.csv") == text


def test_decode_gb18030_with_byte_order_mark():
    text = "地区,数值\n和田地区,70.35\n"
    assert decode_csv_bytes(b"\x84\x31\x95\x33" + text.encode("gb18030"), "x.csv") == text


def test_decode_rejects_undecidable_bytes():
    with pytest.raises(DataValidationError, match="encoding"):
        decode_csv_bytes(b"\x81\x30\xff\xfe\x00\x81", "x.csv")


def make_package(tmp_path: Path, rows: str, **resource_extra) -> DataPackage:
    """A one-table package in tmp_path, with the project's real schema."""
    repo_raw = Path(__file__).resolve().parents[1] / "data" / "raw"
    for schema in ("table-schema.yaml", "regions-schema.yaml", "sources-schema.yaml"):
        (tmp_path / schema).write_text((repo_raw / schema).read_text("utf-8"), "utf-8")
    (tmp_path / "regions.csv").write_text(
        textwrap.dedent(
            """\
            region_code,name,level,parent_code,aliases
            650000,新疆维吾尔自治区,province,,新疆
            NJ4,南疆四地州,aggregate,650000,南疆
            653100,喀什地区,prefecture,650000,喀什
            """
        ),
        "utf-8",
    )
    (tmp_path / "sources.csv").write_text(
        "source_id,kind,citation,locator,url,note\nseed,seed,报告,,,\n", "utf-8"
    )
    resource = {
        "name": "t",
        "path": "t.csv",
        "schema": "table-schema.yaml",
        "region_levels": ["province", "aggregate", "prefecture"],
        "indicators": [
            {"code": "young", "label": "16岁以下", "unit": "%", "kind": "share"},
            {"code": "old", "label": "60岁以上", "unit": "%", "kind": "share"},
            {"code": "people", "label": "人口", "unit": "万人", "kind": "count"},
        ],
        "share_groups": [{"name": "age", "parts": ["young", "old"]}],
        **resource_extra,
    }
    (tmp_path / "datapackage.yaml").write_text(
        yaml.safe_dump({"name": "p", "resources": [resource]}, allow_unicode=True),
        "utf-8",
    )
    (tmp_path / "t.csv").write_text(HEADER + rows, "utf-8")
    return DataPackage.load(tmp_path)


GOOD = (
    "2014,NJ4,南疆四地州,young,40.5,%,seed,\n"
    "2014,NJ4,南疆,old,59.5,%,seed,\n"
    "2014,653100,喀什地区,people,105.59,万人,seed,\n"
)


def test_valid_table_passes(tmp_path):
    rows = validate_table(make_package(tmp_path, GOOD), "t")
    assert [r.value for r in rows] == [40.5, 59.5, 105.59]


def problems_of(tmp_path, rows, **extra):
    with pytest.raises(DataValidationError) as info:
        validate_table(make_package(tmp_path, rows, **extra), "t")
    return info.value.problems


@pytest.mark.parametrize(
    "bad_row, column, needle",
    [
        ("2014,653100,喀什地区,people,-1,万人,seed,\n", "value", ">= 0"),
        ("2014,653100,喀什地区,people,12.5%,万人,seed,\n", "value", "without '%'"),
        ("2014,653100,喀什地区,people,,万人,seed,\n", "value", "empty"),
        ("2014,999999,某地,people,1,万人,seed,\n", "region_code", "unknown region"),
        ("2014,653100,和田地区,people,1,万人,seed,\n", "region_name", "does not match"),
        ("1890,653100,喀什地区,people,1,万人,seed,\n", "year", "outside"),
        ("2014,653100,喀什地区,people,1,人,seed,\n", "unit", "must be"),
        ("2014,653100,喀什地区,nosuch,1,万人,seed,\n", "indicator", "not declared"),
        ("2014,653100,喀什地区,people,1,万人,nosource,\n", "source_id", "unknown source"),
    ],
)
def test_bad_row_is_located(tmp_path, bad_row, column, needle):
    problems = problems_of(tmp_path, GOOD + bad_row)
    hits = [p for p in problems if p.column == column and needle in p.message]
    assert hits, [str(p) for p in problems]
    assert hits[0].line == 5 and hits[0].file.endswith("t.csv")
    assert str(hits[0]).startswith(f"{hits[0].file}:5, column '{column}'")


def test_percentage_above_100_is_rejected(tmp_path):
    problems = problems_of(tmp_path, GOOD.replace("59.5", "159.5"))
    assert any("<= 100" in p.message and p.line == 3 for p in problems)


def test_duplicate_key_names_the_first_line(tmp_path):
    problems = problems_of(tmp_path, GOOD + GOOD.splitlines(keepends=True)[2])
    assert any("duplicate key" in p.message and "line 4" in p.message for p in problems)


def test_all_problems_are_reported_together(tmp_path):
    rows = GOOD + "2014,999999,某地,people,x,万人,seed,\n1800,NJ4,南疆,people,1,万人,seed,\n"
    problems = problems_of(tmp_path, rows)
    assert {p.line for p in problems} == {5, 6}
    assert len(problems) >= 3


def test_shares_that_do_not_add_up_stop_unless_printed_so(tmp_path):
    bad = GOOD.replace("59.5", "50.5")
    problems = problems_of(tmp_path, bad)
    assert any("add up to 91" in p.message for p in problems)
    accepted = [{"group": "age", "region_code": "NJ4", "year": 2014, "reason": "as printed"}]
    rows = validate_table(make_package(tmp_path, bad, printed_inconsistencies=accepted), "t")
    assert len(rows) == 3


@pytest.mark.parametrize(
    "content, needle",
    [
        ("", "empty"),
        (HEADER, "no data rows"),
        (HEADER.replace(",note", "") + "2014,NJ4,南疆,people,1,万人,seed\n", "missing column"),
        (HEADER.replace("note", "note,extra") + "2014,NJ4,南疆,people,1,万人,seed,,x\n",
         "unexpected column"),
    ],
)
def test_structural_problems(tmp_path, content, needle):
    package = make_package(tmp_path, "")
    (tmp_path / "t.csv").write_text(content, "utf-8")
    with pytest.raises(DataValidationError) as info:
        validate_table(package, "t")
    assert any(needle in p.message for p in info.value.problems), info.value.render()


def test_gb18030_file_is_read_like_utf8(tmp_path):
    package = make_package(tmp_path, GOOD)
    (tmp_path / "t.csv").write_bytes((HEADER + GOOD).encode("gb18030"))
    assert len(validate_table(package, "t")) == 3


def _with_sources(tmp_path, rows, *ids):
    """make_package with more sources in sources.csv."""
    make_package(tmp_path, rows)
    with (tmp_path / "sources.csv").open("a", encoding="utf-8") as f:
        f.writelines(f"{s},news,来源{s},,,\n" for s in ids)
    return DataPackage.load(tmp_path)


def test_a_share_group_is_added_up_for_every_source_whichever_parts_it_gives(tmp_path):
    """Each source's rows with, for the parts it does not give, the rows the
    table prints: a source giving one part only is checked too."""
    rows = GOOD + ("2014,NJ4,南疆四地州,young,30,%,a,\n"      # 30 + 59.5 = 89.5
                   "2014,NJ4,南疆四地州,old,60,%,b,\n")       # 40.5 + 60 = 100.5: within rounding
    with pytest.raises(DataValidationError) as info:
        validate_table(_with_sources(tmp_path, rows, "a", "b"), "t")
    found = [p for p in info.value.problems if "add up to" in p.message]
    assert [(p.line, "add up to 89.5" in p.message) for p in found] == [(5, True)], [
        str(p) for p in info.value.problems]


def test_two_sources_each_giving_a_whole_group_pass(tmp_path):
    rows = GOOD + ("2014,NJ4,南疆四地州,young,30,%,a,\n"
                   "2014,NJ4,南疆四地州,old,70,%,a,\n")
    assert len(validate_table(_with_sources(tmp_path, rows, "a"), "t")) == 5
