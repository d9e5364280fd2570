"""A raw table supplied as an Excel workbook instead of its CSV (TEST copies)."""

from __future__ import annotations

import re
import tempfile
from decimal import ROUND_HALF_UP, Decimal, localcontext
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

import xlsxtables
from conftest import REPO
from nanjiang.common.errors import DataValidationError
from nanjiang.data.package import DataPackage
from nanjiang.data.validation import validate_table, write_validated
from nanjiang.data.workbook import cell_text, column_letter
from rawtables import as_csv, copy_raw
from xlsxtables import to_workbook


@pytest.fixture
def raw(tmp_path) -> Path:
    return copy_raw(tmp_path / "raw")  # every table as its CSV


@pytest.mark.parametrize("table", ["durable_goods", "poor_population_2014", "income_structure"])
def test_a_workbook_in_place_of_the_csv_gives_the_same_validated_table(raw, tmp_path, table):
    package = DataPackage.load(raw)
    write_validated(validate_table(package, table), tmp_path / "from_csv.csv")
    to_workbook(raw / f"{table}.csv", raw / f"{table}.xlsx", title="表题（年鉴印在表头上方）")
    (raw / f"{table}.csv").unlink()
    package = DataPackage.load(raw)
    write_validated(validate_table(package, table), tmp_path / "from_xlsx.csv")
    assert (tmp_path / "from_xlsx.csv").read_bytes() == (tmp_path / "from_csv.csv").read_bytes()
    assert any("rows 1-1 above the header skipped" in n for n in package.notes)


def test_errors_name_workbook_sheet_and_cell(raw):
    to_workbook(raw / "durable_goods.csv", raw / "durable_goods.xlsx", sheet="表3-3")
    (raw / "durable_goods.csv").unlink()
    from openpyxl import load_workbook

    book = load_workbook(raw / "durable_goods.xlsx")
    book.active["E3"] = "1x9"
    book.active["B4"] = "659999"
    book.save(raw / "durable_goods.xlsx")
    with pytest.raises(DataValidationError) as e:
        validate_table(DataPackage.load(raw), "durable_goods")
    text = str(e.value)
    assert "durable_goods.xlsx!表3-3!E3, column 'value', value '1x9': expected a number" in text
    assert "durable_goods.xlsx!表3-3!B4, column 'region_code'" in text


def test_a_header_in_merged_cells_is_rejected_with_what_to_change(raw):
    book = Workbook()
    ws = book.active
    ws.append(["year", "地区", None, "indicator", "数值", "unit", "source_id", "note"])
    ws.append([None, "region_code", "region_name", None, "value", None, None, None])
    ws.merge_cells("B1:C1")
    book.save(raw / "durable_goods.xlsx")
    (raw / "durable_goods.csv").unlink()
    with pytest.raises(DataValidationError) as e:
        validate_table(DataPackage.load(raw), "durable_goods")
    assert "must become one row of the column names" in str(e.value)


def test_a_table_supplied_twice_is_an_error(raw):
    to_workbook(raw / "durable_goods.csv", raw / "durable_goods.xlsx")
    with pytest.raises(DataValidationError) as e:
        validate_table(DataPackage.load(raw), "durable_goods")
    assert "supplied twice (durable_goods.csv and durable_goods.xlsx): keep one" in str(e.value)


@pytest.mark.parametrize("value, fmt, text", [
    (90.0, "0.0", "90.0"), (9.0, "General", "9"), (19.9, "General", "19.9"),
    (0.125, "0.00", "0.13"), (1234.5, "#,##0.0", "1234.5"), (2018, "General", "2018"),
    (None, "General", ""), ("１２", "@", "１２"),
])
def test_cell_text_is_what_excel_shows(value, fmt, text):
    assert cell_text(value, fmt) == text


# --------------------------------------------------------------- cells as Excel shows them

ACCOUNTING = '_ * #,##0.00_ ;_ * -#,##0.00_ ;_ * "-"??_ ;_ @_ '  # 会计专用


def read_back(tmp_path: Path, cells: list[tuple[object, str]]) -> list[dict[str, str]]:
    """Each (value, number format) saved in a real .xlsx, read back by the
    function the workflow uses (cached in a .cache of tmp_path)."""
    from nanjiang.data import workbook

    book = Workbook()
    ws = book.active
    ws.append(["format", "value"])
    for value, fmt in cells:
        ws.append([fmt, value])
        ws.cell(row=ws.max_row, column=2).number_format = fmt
    path = tmp_path / "cells.xlsx"
    book.save(path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("nanjiang.common.filecache.CACHE", tmp_path / ".cache")
        records, _, _, _, problems = workbook.read_workbook(path, ["format", "value"])
    assert not problems, problems
    return [cells for _, cells in records]


# Worked out by hand from what Excel shows in a cell of that format.
SHOWN = [
    (100 - 80.1, "General", "19.9"),  # 19.90000000000001: 15 significant digits
    (1 / 3, "General", "0.333333333333333"),
    (1e16, "General", "10000000000000000"),
    (19900, "0.0,", "19.9"),  # a comma after the digits: thousands
    (12345678, "#,##0,", "12346"),
    (123456789, "0.00,,", "123.46"),  # two commas: millions
    (93, "0.0", "93.0"),  # an integer in a 0.0 cell keeps its decimal
    (93, "0", "93"),
    (2.675, "0.00", "2.68"),  # the decimal 2.675, half away from zero
    (0.125, "0.00", "0.13"),
    (-5.25, "0.0", "-5.3"),
    (-0.04, "0.0", "-0.0"),  # Excel keeps the sign of what rounds to zero
    (1234567.5, "#,##0.00", "1234567.50"),  # no thousands separator (as printed)
    (0.855, "0.0%", "85.5%"),
    (0.855, "0%", "86%"),
    (5, "[Red]0.0", "5.0"),
    (5.1, "0.0#", "5.1"),
    (7, "00", "07"),
    (3, "@", "3"),
    (-3, "0.0;(0.0)", "(3.0)"),
    (12, '0"万元"', "12万元"),
    (1234.5, ACCOUNTING, "1234.50"),
    (0, ACCOUNTING, "-"),
    (2018, "0", "2018"),
    (True, "General", "TRUE"),
    ("１２", "@", "１２"),
]


def test_saved_numbers_read_as_excel_shows_them(tmp_path):
    read = read_back(tmp_path, [(v, f) for v, f, _ in SHOWN])
    assert [r["value"] for r in read] == [text for _, _, text in SHOWN]


@pytest.mark.parametrize("value, fmt, message", [
    (5, "0.00E+00", "number format '0.00E+00' is not one the reader can show as Excel does "
     "(scientific notation): format the cell as General, 0, 0.0 or 0.00"),
    (5, "# ?/?", "(a fraction)"),
    (5, "[>100]0;0.0", "([>100] (a condition"),
    (5, "[DBNum1]0", "([DBNum1]"),
    (0, "0;-0;;@", "number format '0;-0;;@' shows nothing for this number"),
    (43466, "yyyy-mm-dd", "holds a date or time (number format 'yyyy-mm-dd'): no column"),
    (43466, 'yyyy"年"m"月"', "holds a date or time"),
])
def test_a_format_not_shown_exactly_is_refused_at_its_cell(tmp_path, value, fmt, message):
    book = Workbook()
    ws = book.active
    ws.append(["format", "value"])
    ws.append([fmt, value])
    ws["B2"].number_format = fmt
    book.save(tmp_path / "t.xlsx")
    from nanjiang.data.workbook import read_workbook

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("nanjiang.common.filecache.CACHE", tmp_path / ".cache")
        records, _, _, _, problems = read_workbook(tmp_path / "t.xlsx", ["format", "value"])
    assert records == []
    (problem,) = problems
    assert str(problem).startswith(f"{tmp_path / 't.xlsx'}!Sheet!B2, column 'value', value ")
    assert message in str(problem)


def test_a_date_column_reads_a_day_and_refuses_a_time_and_other_columns_dates(tmp_path):
    """A column that takes dates reads a date cell as the day a CSV writes; the
    same cell in another column, and a date with a time of day, stay refused."""
    import datetime as dt

    book = Workbook()
    ws = book.active
    ws.append(["day", "value"])
    ws.append([dt.datetime(2023, 3, 5), 1])
    ws.append([45000, 2])  # a serial number in a date format: 2023-03-15
    ws.append([dt.datetime(2023, 3, 5, 10, 30), 3])
    ws.append(["2023-03-06", dt.datetime(2023, 3, 6)])
    ws["A2"].number_format = "yyyy/m/d"
    ws["A3"].number_format = "yyyy-mm-dd"
    ws["A4"].number_format = "yyyy-mm-dd hh:mm"
    ws["B5"].number_format = "yyyy-mm-dd"
    book.save(tmp_path / "t.xlsx")
    from nanjiang.data.workbook import read_workbook

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("nanjiang.common.filecache.CACHE", tmp_path / ".cache")
        _, _, _, _, problems = read_workbook(tmp_path / "t.xlsx", ["day", "value"],
                                             dates=["day"])
        assert [(p.cell, p.message.split("): ")[0]) for p in problems] == [
            ("A4", "holds a date with a time of day, or a number that is no day "
                   "(2023-03-05T10:30:00"),
            ("B5", "holds a date or time (number format 'yyyy-mm-dd'")]
        ws.delete_rows(4, 2)
        book.save(tmp_path / "t.xlsx")
        records, _, _, _, problems = read_workbook(tmp_path / "t.xlsx", ["day", "value"],
                                                   dates=["day"])
    assert problems == []
    assert records == [(2, {"day": "2023-03-05", "value": "1"}),
                       (3, {"day": "2023-03-15", "value": "2"})]


def test_a_column_with_excel_phonetic_guides_is_read(tmp_path):
    """Excel's phonetic-field option on a column (``<col phonetic="1">``, a
    pinyin or furigana guide) stopped openpyxl's full loader; such a workbook
    is read like any other, and a hidden column among them still refused."""
    import zipfile

    from nanjiang.data.workbook import read_workbook

    book = Workbook()
    ws = book.active
    ws.append(["format", "value"])
    ws.append(["0", 5])
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 12
    book.save(tmp_path / "plain.xlsx")

    def phonetic(name: str, hidden: bool) -> Path:
        with zipfile.ZipFile(tmp_path / "plain.xlsx") as z:
            parts = {n: z.read(n) for n in z.namelist()}
        sheet = parts["xl/worksheets/sheet1.xml"].decode()
        extra = ' hidden="1"' if hidden else ""
        sheet = sheet.replace('<col width="12" customWidth="1" min="2" max="2"',
                              f'<col phonetic="1"{extra} min="2" max="2"')
        assert 'phonetic="1"' in sheet, sheet
        parts["xl/worksheets/sheet1.xml"] = sheet.encode()
        with zipfile.ZipFile(tmp_path / name, "w") as z:
            for n, data in parts.items():
                z.writestr(n, data)
        return tmp_path / name

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("nanjiang.common.filecache.CACHE", tmp_path / ".cache")
        records, _, _, _, problems = read_workbook(phonetic("p.xlsx", False), ["format", "value"])
        assert problems == [] and records == [(2, {"format": "0", "value": "5"})]
        _, _, _, _, problems = read_workbook(phonetic("h.xlsx", True), ["format", "value"])
    assert [p.cell for p in problems] == ["B:B"]


STORES = {
    "floats": xlsxtables.as_printed,
    "whole numbers as integers": xlsxtables.whole_as_integer,  # 93 in a 0.0 cell
    "computed values": xlsxtables.computed,  # 19.90000000000001 in a 0.0 cell
    "in thousands": xlsxtables.in_thousands,  # 19900 in a 0.0, cell
    "General": xlsxtables.general,  # 19.90000000000001 in General
}


@pytest.mark.parametrize("store", STORES.values(), ids=STORES.keys())
@pytest.mark.parametrize("table", ["durable_goods", "labour_composition"])
def test_numbers_as_an_office_stores_them_read_as_the_csv_prints_them(raw, tmp_path, table,
                                                                      store):
    """Whatever binary value a cell holds, the table holds what the cell shows."""
    package = DataPackage.load(raw)
    write_validated(validate_table(package, table), tmp_path / "from_csv.csv")
    to_workbook(raw / f"{table}.csv", raw / f"{table}.xlsx", store=store)
    (raw / f"{table}.csv").unlink()
    write_validated(validate_table(DataPackage.load(raw), table), tmp_path / "from_xlsx.csv")
    assert (tmp_path / "from_xlsx.csv").read_text() == (tmp_path / "from_csv.csv").read_text()


def _formula_book(raw: Path, cached: str | None) -> Path:
    path = raw / "durable_goods.xlsx"
    to_workbook(raw / "durable_goods.csv", path, sheet="表3-3")
    (raw / "durable_goods.csv").unlink()
    xlsxtables.edit(path, lambda b: b.active.__setitem__("E2", "=100-80.1"))
    if cached is not None:
        xlsxtables.set_cached_value(path, "E2", cached)
    return path


def test_a_formula_never_calculated_is_refused_naming_it(raw):
    _formula_book(raw, None)
    with pytest.raises(DataValidationError) as e:
        validate_table(DataPackage.load(raw), "durable_goods")
    assert ("durable_goods.xlsx!表3-3!E2, column 'value': holds a formula (=100-80.1) that "
            "was never calculated: open and save the workbook in Excel or LibreOffice"
            ) in str(e.value)
    assert "required value is empty" not in str(e.value)


def test_a_calculated_formula_reads_as_its_value_shows(raw):
    _formula_book(raw, "19.90000000000001")  # as Excel stores =100-80.1
    rows = validate_table(DataPackage.load(raw), "durable_goods")
    assert rows[0].cells["value"] == "19.9"


def test_a_share_formatted_as_a_percentage_is_refused_with_what_to_type(raw):
    path = raw / "labour_composition.xlsx"
    to_workbook(raw / "labour_composition.csv", path)
    (raw / "labour_composition.csv").unlink()

    def as_fraction(book):
        book.active["E2"] = 0.236  # 23.6 %, shown 23.6%
        book.active["E2"].number_format = "0.0%"

    xlsxtables.edit(path, as_fraction)
    with pytest.raises(DataValidationError) as e:
        validate_table(DataPackage.load(raw), "labour_composition")
    assert ("labour_composition.xlsx!Sheet1!E2, column 'value', value '23.6%': expected a "
            "number without '%' (the unit column carries '%'); the cell is formatted as a "
            "percentage: type 23.6 in a cell formatted as a number (0.0)") in str(e.value)


# --------------------------------------------------------------- what Excel does not show


def _durable_goods_book(raw: Path, change) -> Path:
    path = raw / "durable_goods.xlsx"
    to_workbook(raw / "durable_goods.csv", path)
    (raw / "durable_goods.csv").unlink()
    xlsxtables.edit(path, change)
    return path


def _problems(raw: Path, table: str = "durable_goods") -> str:
    with pytest.raises(DataValidationError) as e:
        validate_table(DataPackage.load(raw), table)
    return str(e.value)


def test_a_hidden_row_is_refused_located(raw):
    def hide(book):
        book.active.row_dimensions[5].hidden = True

    _durable_goods_book(raw, hide)
    assert ("durable_goods.xlsx!Sheet1!5:5: row 5 is hidden (by hand, in a collapsed group or "
            "by a filter) and holds values nobody sees: unhide or delete row 5 of sheet "
            "'Sheet1'") in _problems(raw)


def test_rows_filtered_out_are_refused_as_hidden_rows(raw):
    def filter_out(book):
        ws = book.active
        ws.auto_filter.ref = "A1:H16"
        ws.auto_filter.add_filter_column(3, ["cars"])  # Excel hides the other rows
        for r in (3, 4, 5, 7):
            ws.row_dimensions[r].hidden = True

    _durable_goods_book(raw, filter_out)
    text = _problems(raw)
    assert "durable_goods.xlsx!Sheet1!3:5: rows 3-5 are hidden" in text
    assert "unhide or delete rows 3-5 of sheet 'Sheet1' (clear any filter)" in text
    assert "durable_goods.xlsx!Sheet1!7:7: row 7 is hidden" in text


def test_a_hidden_column_holding_values_is_refused_located(raw):
    def hide(book):
        book.active.column_dimensions["H"].hidden = True  # the notes

    _durable_goods_book(raw, hide)
    assert ("durable_goods.xlsx!Sheet1!H:H: column H is hidden and holds values nobody sees: "
            "unhide or delete column H of sheet 'Sheet1'") in _problems(raw)


def test_hidden_rows_and_columns_that_hold_nothing_are_read(raw):
    def hide(book):
        ws = book.active
        ws.column_dimensions["K"].hidden = True
        for r in range(20, 30):
            ws.row_dimensions[r].hidden = True

    _durable_goods_book(raw, hide)
    assert len(validate_table(DataPackage.load(raw), "durable_goods")) == 15


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_a_hidden_first_sheet_is_refused_not_skipped(raw, state):
    def hide_first(book):
        first = book.active
        book.create_sheet("说明").append(["见表"])
        first.sheet_state = state
        book.active = 1

    _durable_goods_book(raw, hide_first)
    assert ("durable_goods.xlsx!Sheet1: the sheet is hidden and holds data nobody sees: "
            "unhide it (right-click a sheet tab, Unhide) or delete it") in _problems(raw)


def test_an_empty_hidden_sheet_is_ignored_and_said(raw):
    def add_hidden(book):
        book.create_sheet("空").sheet_state = "hidden"

    _durable_goods_book(raw, add_hidden)
    package = DataPackage.load(raw)
    assert len(validate_table(package, "durable_goods")) == 15
    assert any("hidden sheet '空' is empty: ignored" in n for n in package.notes)


def test_a_workbook_suffix_in_capitals_counts_for_supplied_twice(raw):
    to_workbook(raw / "durable_goods.csv", raw / "durable_goods.XLSX")
    assert "supplied twice (durable_goods.csv and durable_goods.XLSX): keep one" in _problems(raw)
    (raw / "durable_goods.csv").unlink()
    assert len(validate_table(DataPackage.load(raw), "durable_goods")) == 15


def test_an_old_xls_workbook_is_refused_with_what_to_do(raw):
    (raw / "durable_goods.xls").write_bytes(b"\xd0\xcf\x11\xe0 an old binary workbook")
    (raw / "durable_goods.csv").unlink()
    assert (f"{raw / 'durable_goods.xls'}: old Excel format (.xls): open it in Excel or "
            "LibreOffice and save it as 'Excel Workbook (.xlsx)'") in _problems(raw)


def test_column_letters():
    assert [column_letter(i) for i in (0, 4, 25, 26, 27)] == ["A", "E", "Z", "AA", "AB"]


def test_the_build_reads_the_workbook(tmp_path):
    """End to end: the workbook is picked up with no other edit, the build says so."""
    from conftest import snakemake
    from repocopy import copy_repo

    repo = copy_repo(tmp_path / "repo")
    raw = repo / "data" / "raw"
    to_workbook(as_csv(raw, "durable_goods"), raw / "durable_goods.xlsx", title="表 3-3")
    (raw / "durable_goods.csv").unlink()
    proc = snakemake(repo, "data/derived/validated/durable_goods.csv")
    assert "durable_goods.xlsx!Sheet1: rows 1-1 above the header skipped" in proc.stderr
    log = (repo / "logs" / "validate" / "durable_goods.log").read_text("utf-8")
    assert "read data/raw/durable_goods.xlsx" in log


# --------------------------------------------------------------- property: any number

PROPERTY_FORMATS = ["General", "0", "0.0", "0.00", "0.000", "#,##0", "#,##0.0", "0.0,",
                    "#,##0.00,", "0%", "0.0%", "0.00%"]


def excel_would_show(value, fmt: str) -> str:
    """Python's own formatting of the value Excel rounds: 15 significant
    digits (Excel has no -0), then half away from zero to the decimals."""
    number = Decimal(f"{value:.15g}")
    number = Decimal(0) if number == 0 else number
    if fmt == "General":
        text = format(number, "f")
        return text.rstrip("0").rstrip(".") if "." in text else text
    decimals = len(fmt.rstrip(",%").partition(".")[2])
    with localcontext() as ctx:
        ctx.rounding, ctx.prec = ROUND_HALF_UP, 100
        if fmt.endswith("%"):
            return format(number, f".{decimals}%")
        if fmt.endswith(","):
            return format(number / 1000, f".{decimals}f")
        return format(number, f".{decimals}f")


NUMBERS = st.one_of(
    st.integers(-10**12, 10**12),
    st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False),
    st.floats(-1, 1, allow_nan=False),
    # a difference of printed decimals, as a formula leaves it (100 - 80.1)
    st.builds(lambda a, b: a / 10 - b / 10, st.integers(0, 10**5), st.integers(0, 10**5)),
    # halves at the last decimal shown: 2.675, 0.125, -5.25 (half away from zero)
    st.builds(lambda a, n: (a * 10 + 5) / 10 ** (n + 1), st.integers(-10**6, 10**6),
              st.integers(0, 3)),
).map(lambda v: float(f"{v:.16g}") if isinstance(v, float) else v)  # as openpyxl writes it


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(NUMBERS, st.sampled_from(PROPERTY_FORMATS)), min_size=1, max_size=25))
def test_any_number_saved_in_a_format_reads_as_excel_shows_it(cells):
    with tempfile.TemporaryDirectory() as tmp:
        read = read_back(Path(tmp), cells)
    assert [r["value"] for r in read] == [excel_would_show(v, f) for v, f in cells]


# ------------------------------------------- what Excel does not show, rows above the header

def test_a_title_in_one_cell_per_row_above_the_header_is_skipped_and_said(raw):
    def titles(book):
        ws = book.active
        ws.insert_rows(1, 2)
        ws["A1"] = "表3-3 南疆四地州贫困地区农村居民耐用消费品拥有量"
        ws["C2"] = "单位：台/百户"

    _durable_goods_book(raw, titles)
    package = DataPackage.load(raw)
    assert len(validate_table(package, "durable_goods")) == 15
    assert any("rows 1-2 above the header skipped (title)" in n for n in package.notes)


def test_a_row_above_the_header_with_two_cells_is_refused_as_data(raw):
    def two_cells(book):
        ws = book.active
        ws.insert_rows(1)
        ws["A1"], ws["E1"] = 2018, 19.9

    _durable_goods_book(raw, two_cells)
    text = _problems(raw)
    assert ("durable_goods.xlsx!Sheet1!1:1: row 1 above the header (row 2) has 2 filled cells "
            "(A1 '2018', E1 '19.9'): it looks like data above the header") in text


@pytest.mark.parametrize("value, fmt, shown", [
    ("见注", "@", "见注"), ("见注", "General", "见注"), ("见注", "0.0", "见注"),
    ("见注", '0.0;-0.0;0.0;@', "见注"), ("见注", "[Red]@", "见注"),
])
def test_a_text_cell_reads_through_its_formats_text_section(value, fmt, shown):
    assert cell_text(value, fmt) == shown


@pytest.mark.parametrize("fmt, message", [
    (";;;", "hidden by its number format ';;;'"),
    ("0;-0;0;", "hidden by its number format '0;-0;0;'"),
    ('0.0;-0.0;0.0;"95.0"', "a text format the reader cannot show exactly"),
    ('"注："@', "a text format the reader cannot show exactly"),
])
def test_a_text_cell_its_format_hides_or_changes_is_refused(fmt, message):
    from nanjiang.data.workbook import CellNotShown

    with pytest.raises(CellNotShown, match=re.escape(message)):
        cell_text("见注", fmt)


def test_a_general_number_with_many_decimals_is_refused_but_19_9_is_read(raw):
    def computed(book):
        ws = book.active
        ws["E2"], ws["E3"], ws["E4"] = 100 - 80.1, 100 / 3, 100 / 7  # 19.90000000000001 …
        ws["E2"].number_format = ws["E3"].number_format = "General"
        ws["E4"].number_format = "@"  # a number in a Text cell shows as in General

    _durable_goods_book(raw, computed)
    text = _problems(raw)
    assert "E2" not in text  # 19.9 in General: read as shown
    assert ("durable_goods.xlsx!Sheet1!E3, column 'value', value '33.3333333333333': a number "
            "in General format shown with 13 decimals looks computed") in text
    assert "durable_goods.xlsx!Sheet1!E4, column 'value', value '14.2857142857143'" in text


def test_other_sheets_ignored_are_said_on_the_console_by_the_validation_job(raw, tmp_path,
                                                                              capsys):
    """The note ``package.notes`` holds reaches the user: the job prints it (and logs it)."""
    import runpy

    import yaml

    from nanjiang.workflow.standalone import Job

    def another_sheet(book):
        book.create_sheet("2019年").append(["year", "value"])

    path = _durable_goods_book(raw, another_sheet)
    fonts = yaml.safe_load((REPO / "config.yaml").read_text("utf-8"))["fonts"]
    log = tmp_path / "logs" / "validate.log"
    job = Job({"input": {"items": [], "names": {"package": [str(raw / "datapackage.yaml")],
                                                  "table": str(path)}},
               "output": {"items": [str(tmp_path / "out.csv")], "names": {}},
               "log": {"items": [str(log)], "names": {}},
               "params": {"items": [], "names": {"fonts": fonts}},
               "wildcards": {"items": [], "names": {"table": "durable_goods"}}})
    runpy.run_path(str(REPO / "scripts" / "validate_table.py"), init_globals={"snakemake": job})
    said = f"{path}: read sheet 'Sheet1'; other sheets ignored: 2019年"
    assert said in capsys.readouterr().err
    assert said in log.read_text("utf-8")
