"""The household table's three formats accept and refuse the same values, and no value (a
setting, a path, a cell) is ever read as SQL.

A table is written as CSV, as an XLSX saved by openpyxl (numbers stored as numbers, with a
number format showing the decimals the CSV shows: the CSV is what Excel shows) and as
Parquet (DuckDB; a column holding only numbers stored as BIGINT or DOUBLE, the others as
text), then read through what the validation job runs (``columnar.write_validated``): the
same validated rows with the same dtypes, or the same problems (column, value, expectation;
the location differs by format by design: line, sheet!cell, data row).
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nanjiang.common.errors import DataValidationError
from nanjiang.monitoring.columnar import read_validated, write_validated
from nanjiang.monitoring.engine import combine_partitions, screen_frame, screen_partition
from nanjiang.monitoring.lines import read_lines
from nanjiang.monitoring.schema import field_names, load_schema
from nanjiang.monitoring.summary import county_counts
from nanjiang.monitoring.validate import read_households
from nanjiang.monitoring.values import (
    DATE_EXPECTED,
    FINITE_EXPECTED,
    LINE_BREAKS,
    NUMBER_EXPECTED,
    WHITESPACE,
    number_text,
)
from test_monitoring_rules import BASE

REPO = Path(__file__).resolve().parents[1]
REGIONS = REPO / "data" / "raw" / "regions.csv"
NAMES = field_names()
KINDS = {f["name"]: f["type"] for f in load_schema()["fields"]}
FORMATS = ("csv", "xlsx", "parquet")
OPTIONAL = [f["name"] for f in load_schema()["fields"] if f.get("column_optional")]
_files = itertools.count()


def texts(row: dict) -> dict[str, str]:
    """A row of test_monitoring_rules as the texts a CSV shows (9000.0 -> '9000')."""
    return {k: ("" if v is None else number_text(v) if isinstance(v, float) else str(v))
            for k, v in row.items()}


def write_csv(path: Path, rows: list[dict[str, str]], order: list[str]) -> Path:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh, lineterminator="\r\n")  # as Excel saves a CSV
        out.writerow(order)
        out.writerows([row[n.strip()] for n in order] for row in rows)
    return path


_INT = re.compile(r"-?[1-9][0-9]*|0")
_DECIMAL = re.compile(r"-?(0|[1-9][0-9]*)\.([0-9]{1,3})")


def excel_cell(text: str):
    """(value, number format) of a cell Excel shows as ``text``: a number if it is one
    Excel keeps exactly (15 digits) and shows as written, else the text itself.

    A whole number shown with decimals (3.0) is stored as text: openpyxl writes 3.0 as 3, and
    the workbook reader then shows 3, not its format's 3.0
    (``test_a_whole_number_formatted_with_decimals_reads_as_excel_shows_it``)."""
    if _INT.fullmatch(text) and len(text.lstrip("-")) <= 15:
        return int(text), "0"
    match = _DECIMAL.fullmatch(text)
    if match and len(text) <= 16 and not float(text).is_integer():
        return float(text), "0." + "0" * len(match.group(2))
    return (text or None), None


def write_xlsx(path: Path, rows: list[dict[str, str]], order: list[str]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "农户"
    sheet.append(order)
    for r, row in enumerate(rows, start=2):
        for c, name in enumerate(order, start=1):
            value, number_format = excel_cell(row[name.strip()])
            cell = sheet.cell(row=r, column=c, value=value)
            if number_format:
                cell.number_format = number_format
    book.save(path)
    return path


def parquet_column(cells: list[str], as_text: bool, numeric: bool = True) -> pd.Series:
    """A column as a Parquet writer stores it: whole numbers that fit int64 as BIGINT,
    numbers a double holds as written as DOUBLE (in a column of numbers only: 1 stored as
    DOUBLE is 1.0, what a CSV of it shows), anything else as text; a blank is NULL."""
    filled = [c for c in cells if c != ""]
    if not as_text and filled and all(
            _INT.fullmatch(c) and -2**63 <= int(c) < 2**63 for c in filled):
        return pd.Series([int(c) if c else None for c in cells], dtype="Int64")
    if not as_text and numeric and filled and all(
            (_INT.fullmatch(c) or _DECIMAL.fullmatch(c)) and number_text(float(c)) == c
            for c in filled):
        return pd.Series([float(c) if c else None for c in cells], dtype="float64")
    return pd.Series([c if c else None for c in cells], dtype="object")


def write_parquet(path: Path, rows: list[dict[str, str]], order: list[str],
                  as_text: bool = False) -> Path:
    frame = pd.DataFrame({n: parquet_column([r[n.strip()] for r in rows], as_text,
                                            KINDS[n.strip()] in ("integer", "number"))
                          for n in order})
    con = duckdb.connect()
    con.register("t", frame)
    con.execute("COPY t TO $path (FORMAT parquet)", {"path": str(path)})
    con.close()
    return path


def write_all(folder: Path, rows: list[dict[str, str]], order: list[str] | None = None,
              as_text: bool = False) -> dict[str, Path]:
    """The table in each format, under new names (the workbook reader caches by file)."""
    order = order or NAMES
    n = next(_files)
    return {
        "csv": write_csv(folder / f"h{n}.csv", rows, order),
        "xlsx": write_xlsx(folder / f"h{n}.xlsx", rows, order),
        "parquet": write_parquet(folder / f"h{n}.parquet", rows, order, as_text),
    }


def validated(source: Path, folder: Path) -> pd.DataFrame | list[tuple]:
    """What the validation job makes of ``source``: its validated rows, or its problems as
    (column, value, expectation), the location taken out of a duplicate's message."""
    out = folder / f"validated_{source.suffix[1:]}_{next(_files)}.parquet"
    try:
        write_validated(source, REGIONS, out)
    except DataValidationError as e:
        return [(p.column, p.value, re.sub(r"\(first on (line|row) \d+\)", "(first on …)",
                                           p.message)) for p in e.problems]
    return read_validated(out)


def read_alike(folder: Path, files: dict[str, Path]):
    """The three formats' results, checked to be the same; returns the CSV's."""
    results = {f: validated(files[f], folder) for f in FORMATS}
    first = results["csv"]
    for fmt in ("xlsx", "parquet"):
        other = results[fmt]
        assert type(other) is type(first), (fmt, first, other)
        if isinstance(first, pd.DataFrame):
            pd.testing.assert_frame_equal(other, first, check_exact=True, obj=fmt)
        else:
            assert other == first, fmt
    return first


# -- the grammar ---------------------------------------------------------------------------

def test_the_whitespace_dropped_and_the_line_breaks_refused_are_pythons():
    """DuckDB's trim() is given WHITESPACE: exactly what str.strip() drops in the CSV and
    XLSX readers; LINE_BREAKS are what str.splitlines() breaks at."""
    every = [chr(c) for c in range(sys.maxunicode + 1)]
    assert set(WHITESPACE) == {c for c in every if c.isspace()}
    assert set(LINE_BREAKS) == {c for c in every if len(f"a{c}b".splitlines()) == 2}


# -- one value, three formats --------------------------------------------------------------

REFUSED = [
    ("income_wage", "１２３", NUMBER_EXPECTED),  # full-width digits
    ("income_wage", "٣", NUMBER_EXPECTED),  # Arabic-Indic digit
    ("income_wage", "1e3", NUMBER_EXPECTED),
    ("income_wage", "1_000", NUMBER_EXPECTED),
    ("income_wage", "1,000", NUMBER_EXPECTED),
    ("income_wage", ".5", NUMBER_EXPECTED),
    ("income_wage", "NaN", NUMBER_EXPECTED),
    ("income_wage", "inf", NUMBER_EXPECTED),
    ("income_wage", "1" + "0" * 400, FINITE_EXPECTED),
    ("household_size", "３", NUMBER_EXPECTED),
    ("household_size", "2.5", "expected a whole number"),
    ("household_size", "1000000000000000", "expected a value <= 999999999999999"),
    ("year", "２０２３", NUMBER_EXPECTED),
    ("year", "+2036", "expected a value <= 2035"),
    ("household_id", "H\n1", "expected an id on one line (a line break is inside it)"),
    ("household_id", "H\u20281", "expected an id on one line (a line break is inside it)"),
    ("monitoring_start", "2023-02-29", DATE_EXPECTED),  # not a day of the calendar
    ("monitoring_start", "2023-03-05T08:30:00", DATE_EXPECTED),  # a time of day
    ("monitoring_start", "２０２３-03-05", DATE_EXPECTED),
    ("monitoring_start", "1999-12-31", DATE_EXPECTED),
    ("main_risk", "因病致贫", "expected one of 因病, 因残, 因学, 因灾, 因意外事故, 产业项目失败, "
                          "务工就业不稳, 缺劳动力, 住房安全, 饮水安全, 其他"),
]


@pytest.mark.parametrize("column, value, expected", REFUSED)
def test_a_tricky_value_is_refused_alike_in_csv_xlsx_and_parquet(tmp_path, column, value,
                                                                 expected):
    rows = [texts(BASE), {**texts(BASE), "household_id": "H2", column: value}]
    problems = read_alike(tmp_path, write_all(tmp_path, rows))
    assert problems == [(column, value, expected)]


ACCEPTED = [
    ("income_wage", " 6000 ", 6000.0),
    ("income_wage", "+6000", 6000.0),
    ("income_wage", "6000.50", 6000.5),
    ("income_property", "-0", 0.0),
    ("household_size", "3.0", 3),
    ("household_type", "\u3000一般农户\u3000", "一般农户"),  # ideographic spaces around
    ("housing_secure", " 是", 1),
    ("income_per_capita_prev", "  ", None),  # only whitespace: a gap, allowed here
    ("monitoring_start", "2023-3-5", "2023-03-05"),  # dates are kept as YYYY-MM-DD
    ("monitoring_start", "2023/3/5", "2023-03-05"),
    ("monitoring_start", "2023年3月5日", "2023-03-05"),
    ("monitoring_start", "2024-02-29 00:00:00", "2024-02-29"),  # a midnight time: the date
    ("assistance_measures", "产业帮扶\n就业帮扶", "产业帮扶\n就业帮扶"),  # text: lines allowed
    ("main_risk", " 因学 ", "因学"),
]


@pytest.mark.parametrize("column, value, typed", ACCEPTED)
def test_a_value_is_accepted_alike_in_csv_xlsx_and_parquet(tmp_path, column, value, typed):
    rows = [{**texts(BASE), column: value}]
    table = read_alike(tmp_path, write_all(tmp_path, rows))
    got = table[column].iloc[0]
    assert (pd.isna(got) if typed is None else got == typed), got
    assert str(got) != "-0.0"


def test_an_income_not_matching_its_parts_is_refused_located_alike(tmp_path):
    """Issue 27: a household stating 6000 元 with parts adding up to 9000 was accepted. Now
    the per-capita income must be the sum of its four parts within 10 元 (the parts rounded
    to whole 元 each), refused where it is not, located in each format."""
    expected = ("expected the sum of its parts within 10 元 (income_wage + income_operating + "
                "income_property + income_transfer = 9000)")
    rows = [texts(BASE), {**texts(BASE), "household_id": "H2", "income_per_capita": "6000"}]
    files = write_all(tmp_path, rows)
    assert read_alike(tmp_path, files) == [("income_per_capita", "6000", expected)]
    with pytest.raises(DataValidationError) as caught:
        read_households(files["csv"], REGIONS)
    assert f"{files['csv']}:3, column 'income_per_capita', value '6000': {expected}" \
        in str(caught.value)
    with pytest.raises(DataValidationError) as caught:
        read_households(files["xlsx"], REGIONS)
    assert [p.cell for p in caught.value.problems] == ["F3"]
    with pytest.raises(DataValidationError) as caught:
        read_households(files["parquet"], REGIONS)
    assert [p.row for p in caught.value.problems] == [2]
    # the boundary: 10 元 apart is accepted, 10.5 is not
    rows = [{**texts(BASE), "income_per_capita": "9010"},
            {**texts(BASE), "household_id": "H2", "income_per_capita": "8990"},
            {**texts(BASE), "household_id": "H3", "income_per_capita": "9010.5"}]
    assert read_alike(tmp_path, write_all(tmp_path, rows)) == [
        ("income_per_capita", "9010.5", expected)]


def test_the_optional_columns_may_be_missing_alike_in_csv_xlsx_and_parquet(tmp_path):
    """Older exports lack the date monitoring began, the measures and the main risk type:
    without those columns a table reads as with them blank, in all three formats."""
    rows = [texts(BASE), {**texts(BASE), "household_id": "H2"}]
    blank = read_alike(tmp_path, write_all(tmp_path, rows))
    for name in OPTIONAL:
        assert blank[name].isna().all(), name
    without = [n for n in NAMES if n not in OPTIONAL]
    pd.testing.assert_frame_equal(read_alike(tmp_path, write_all(tmp_path, rows, without)),
                                  blank)


def test_a_date_stored_as_a_date_reads_as_the_csv_text(tmp_path):
    """A workbook's date cell (Excel stores a date-time) and a Parquet DATE or TIMESTAMP
    column read as the date a CSV writes as 2023-03-05."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(NAMES)
    row = texts({**BASE, "monitoring_start": "2023-03-05"})
    sheet.append([row[n] for n in NAMES])
    sheet.cell(row=2, column=NAMES.index("monitoring_start") + 1,
               value=dt.datetime(2023, 3, 5)).number_format = "yyyy/m/d"
    for n in ("household_size", "year", "members_working"):
        sheet.cell(row=2, column=NAMES.index(n) + 1, value=int(row[n]))
    book.save(tmp_path / "dates.xlsx")
    expected = read_households(write_csv(tmp_path / "dates.csv", [row], NAMES), REGIONS)
    assert expected["monitoring_start"].iloc[0] == "2023-03-05"
    pd.testing.assert_frame_equal(read_households(tmp_path / "dates.xlsx", REGIONS), expected)
    for stored in (dt.date(2023, 3, 5), dt.datetime(2023, 3, 5)):
        frame = pd.DataFrame([row])
        frame["monitoring_start"] = [stored]
        path = tmp_path / f"dates_{type(stored).__name__}.parquet"
        con = duckdb.connect()
        con.register("t", frame)
        con.execute("COPY t TO $path (FORMAT parquet)", {"path": str(path)})
        con.close()
        pd.testing.assert_frame_equal(read_households(path, REGIONS), expected)


def test_columns_in_any_order_are_read_alike_in_csv_xlsx_and_parquet(tmp_path):
    """A CSV whose columns were only reordered was refused ("missing [], extra []") while
    XLSX and Parquet took it: now all three read any order by the header's names."""
    rows = [texts(BASE), {**texts(BASE), "household_id": "H2", "household_type": "脱贫户"}]
    in_order = read_alike(tmp_path, write_all(tmp_path, rows))
    shuffled = [*NAMES[::-1][:5], *NAMES[:-5]]
    assert sorted(shuffled) == sorted(NAMES)
    pd.testing.assert_frame_equal(read_alike(tmp_path, write_all(tmp_path, rows, shuffled)),
                                  in_order)
    # whitespace around a name is dropped; a name twice is refused, said so
    spaced = [f" {n} " for n in shuffled]
    pd.testing.assert_frame_equal(read_alike(tmp_path, write_all(tmp_path, rows, spaced)),
                                  in_order)
    path = write_csv(tmp_path / "twice.csv", rows, [*NAMES, "year"])
    with pytest.raises(DataValidationError, match=r"more than once \['year'\]"):
        read_households(path, REGIONS)


def test_a_quoted_line_break_does_not_shift_the_lines_after_it(tmp_path):
    """A CSV's problem is located on the line its record starts on, as an editor shows it:
    a line break inside a quoted id (itself refused: ids are one line) counts for its
    record, not for the next."""
    rows = [
        {**texts(BASE), "household_id": "H\n1"},  # lines 2-3
        {**texts(BASE), "household_id": "H2", "household_size": "0"},  # line 4
    ]
    files = write_all(tmp_path, rows)
    assert files["csv"].read_text("utf-8").splitlines()[3].startswith("H2,")  # line 4
    expected = [(2, "household_id", "H\n1"), (4, "household_size", "0")]
    with pytest.raises(DataValidationError) as caught:
        read_households(files["csv"], REGIONS)
    assert [(p.line, p.column, p.value) for p in caught.value.problems] == expected
    with pytest.raises(DataValidationError) as caught:
        read_households(files["xlsx"], REGIONS)
    assert [p.cell for p in caught.value.problems] == ["A2", "D3"]
    with pytest.raises(DataValidationError) as caught:
        read_households(files["parquet"], REGIONS)
    assert [p.row for p in caught.value.problems] == [1, 2]
    assert ".parquet, row 2, column 'household_size'" in str(caught.value)


def test_a_blank_row_is_skipped_alike_in_csv_xlsx_and_parquet(tmp_path):
    blank = dict.fromkeys(NAMES, "")
    rows = [texts(BASE), blank, {**texts(BASE), "household_id": "H2"}]
    table = read_alike(tmp_path, write_all(tmp_path, rows, as_text=True))
    assert list(table["household_id"]) == ["H1", "H2"]


def test_a_csv_column_without_a_name_is_no_column_as_in_a_workbook(tmp_path):
    """Excel saves trailing separators for cells once used: a column without a name is
    ignored while it is empty, and a value in it is refused, located, as in a workbook."""
    line = ",".join(texts(BASE)[n] for n in NAMES)
    path = tmp_path / "h.csv"
    path.write_text(",".join(NAMES) + ",,\r\n" + line + ",,\r\n", "utf-8")
    assert list(read_households(path, REGIONS)["household_id"]) == ["H1"]
    path.write_text(",".join(NAMES) + ",,\r\n" + line + ",,\r\n" + line + ",,x\r\n", "utf-8")
    with pytest.raises(DataValidationError) as caught:
        read_households(path, REGIONS)
    [problem] = caught.value.problems
    assert (problem.line, problem.message) == (
        3, f"a value outside the table's columns (in column {len(NAMES) + 2})")


def test_a_year_written_another_way_is_still_a_duplicate(tmp_path):
    rows = [texts(BASE), {**texts(BASE), "year": "2023.0"}]
    problems = read_alike(tmp_path, write_all(tmp_path, rows))
    assert problems == [("household_id", "H1", "duplicate household id in year 2023 "
                                               "(first on …)")]


def test_a_whole_number_formatted_with_decimals_reads_as_excel_shows_it(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(NAMES)
    sheet.append([texts(BASE)[n] for n in NAMES])
    cell = sheet.cell(row=2, column=NAMES.index("county_code") + 1, value=653123.0)
    cell.number_format = "0.0"  # Excel shows 653123.0: not a county code
    path = tmp_path / "whole.xlsx"
    book.save(path)
    with pytest.raises(DataValidationError, match="value '653123.0'"):
        read_households(path, REGIONS)


def test_a_parquet_column_of_numbers_is_read_as_numbers(tmp_path):
    """Parquet alone stores numbers as numbers: NaN is a gap (as NULL is), an infinity is
    refused, a value is written as values.number_text writes it."""
    frame = pd.DataFrame([texts(BASE)] * 4)
    frame["household_id"] = ["H1", "H2", "H3", "H4"]
    frame["income_wage"] = [6000.0, float("nan"), float("inf"), -1.5e-07]
    path = tmp_path / "numbers.parquet"
    con = duckdb.connect()
    con.register("t", frame)
    con.execute("COPY t TO $path (FORMAT parquet)", {"path": str(path)})
    con.close()
    with pytest.raises(DataValidationError) as caught:
        read_households(path, REGIONS)
    assert [(p.row, p.value, p.message) for p in caught.value.problems] == [
        (2, "", "expected a value (a gap is not allowed here)"),
        (3, "inf", FINITE_EXPECTED),
        (4, "-0.00000015", "expected a value >= 0"),
    ]
    table = read_households(write_parquet(tmp_path / "ok.parquet", [texts(BASE)], NAMES), REGIONS)
    con = duckdb.connect()
    con.register("t", frame.iloc[:1])
    con.execute("COPY t TO $path (FORMAT parquet)", {"path": str(path)})
    con.close()
    pd.testing.assert_frame_equal(read_households(path, REGIONS), table)


def _parquet_with(tmp_path: Path, column: str, values: list, name: str) -> Path:
    """BASE's row once per value, ``column`` stored as the values' Parquet type."""
    rows = [{**texts(BASE), "household_id": f"H{i}"} for i in range(1, len(values) + 1)]
    frame = pd.DataFrame({n: parquet_column([r[n] for r in rows], False) for n in NAMES})
    frame[column] = values
    path = tmp_path / f"{name}.parquet"
    con = duckdb.connect()
    con.register("t", frame)
    con.execute("COPY t TO $path (FORMAT parquet)", {"path": str(path)})
    con.close()
    return path


def _workbook_with(tmp_path: Path, column: str, value, number_format: str, name: str) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(NAMES)
    sheet.append([texts(BASE)[n] for n in NAMES])
    cell = sheet.cell(row=2, column=NAMES.index(column) + 1, value=value)
    cell.number_format = number_format
    path = tmp_path / f"{name}.xlsx"
    book.save(path)
    return path


def _problems(path: Path) -> list[tuple]:
    with pytest.raises(DataValidationError) as caught:
        read_households(path, REGIONS)
    return [(p.column, p.value, p.message) for p in caught.value.problems]


FLAG_EXPECTED = "expected one of 1, 0, 是, 否"


def test_a_flag_stored_as_boolean_or_double_is_refused_as_csv_and_xlsx_refuse_it(tmp_path):
    """A flag is 1, 0, 是 or 否. CSV TRUE or 1.0 and a workbook's TRUE or 1 shown as 1.0 are
    refused; so are a Parquet BOOLEAN and a DOUBLE 1.0, at their row and column (they were
    read as 1)."""
    column = "housing_secure"
    csv_true = write_csv(tmp_path / "true.csv", [{**texts(BASE), column: "TRUE"}], NAMES)
    csv_one = write_csv(tmp_path / "one.csv", [{**texts(BASE), column: "1.0"}], NAMES)
    assert _problems(csv_true) == [(column, "TRUE", FLAG_EXPECTED)]
    assert _problems(csv_one) == [(column, "1.0", FLAG_EXPECTED)]
    assert _problems(_workbook_with(tmp_path, column, True, "General", "true")) == [
        (column, "TRUE", FLAG_EXPECTED)]
    assert _problems(_workbook_with(tmp_path, column, 1, "0.0", "one")) == [
        (column, "1.0", FLAG_EXPECTED)]
    with pytest.raises(DataValidationError) as caught:
        read_households(_parquet_with(tmp_path, column, [True, False], "bool"), REGIONS)
    assert [(p.row, p.column, p.value, p.message) for p in caught.value.problems] == [
        (1, column, "true", FLAG_EXPECTED), (2, column, "false", FLAG_EXPECTED)]
    assert ", row 1, column 'housing_secure', value 'true'" in str(caught.value)
    assert _problems(_parquet_with(tmp_path, column, [1.0, 0.0], "double")) == [
        (column, "1.0", FLAG_EXPECTED), (column, "0.0", FLAG_EXPECTED)]


def test_a_code_stored_as_double_is_refused_as_the_csv_of_it(tmp_path):
    """653123 stored as DOUBLE is 653123.0, as a CSV or a 0.0 cell shows it: no county code."""
    expected = [("county_code", "653123.0",
                 "expected a county code of the four prefectures (regions.csv)")]
    assert _problems(_parquet_with(tmp_path, "county_code", [653123.0], "county")) == expected
    csv_file = write_csv(tmp_path / "county.csv",
                         [{**texts(BASE), "county_code": "653123.0"}], NAMES)
    assert _problems(csv_file) == expected


def test_a_whole_number_stored_as_double_is_read_as_the_csv_of_it(tmp_path):
    """An integer column stored as DOUBLE: 3.0 is accepted as CSV 3.0 and a 0.0 cell are,
    3.5 refused alike; a BOOLEAN is no number (CSV TRUE is refused)."""
    column = "household_size"
    table = read_households(_parquet_with(tmp_path, column, [3.0], "whole"), REGIONS)
    csv_table = read_households(write_csv(
        tmp_path / "whole.csv", [{**texts(BASE), "household_id": "H1", column: "3.0"}], NAMES),
        REGIONS)
    pd.testing.assert_frame_equal(table, csv_table)
    assert table[column].iloc[0] == 3
    half = [(column, "3.5", "expected a whole number")]
    assert _problems(_parquet_with(tmp_path, column, [3.5], "half")) == half
    assert _problems(write_csv(tmp_path / "half.csv", [{**texts(BASE), column: "3.5"}],
                               NAMES)) == half
    assert _problems(_parquet_with(tmp_path, column, [True], "boolsize")) == [
        (column, "true", NUMBER_EXPECTED)]
    assert _problems(write_csv(tmp_path / "boolsize.csv", [{**texts(BASE), column: "TRUE"}],
                               NAMES)) == [(column, "TRUE", NUMBER_EXPECTED)]


# -- the local line file -------------------------------------------------------------------

@pytest.mark.parametrize("year, line, column, value", [
    ("2023", "nan", "line_yuan", "nan"),
    ("2023", ".nan", "line_yuan", ".nan"),
    ("2023", "inf", "line_yuan", "inf"),
    ("2023", "6e3", "line_yuan", "6e3"),
    ("2023", "６０００", "line_yuan", "６０００"),
    ("２０２３", "6000", "year", "２０２３"),
    ("2_023", "6000", "year", "2_023"),
])
def test_a_local_line_file_refuses_what_the_household_table_refuses(tmp_path, year, line,
                                                                    column, value):
    """``.nan`` and the rest stop before DuckDB, located (file, line, column, value,
    expected); a quoted line break in a note does not shift the lines after it."""
    path = tmp_path / "lines.csv"
    path.write_text(f'year,line_yuan,source_id,note\n2022,5800,own,"two\nlines"\n'
                    f"{year},{line},own,\n", "utf-8")
    with pytest.raises(DataValidationError) as caught:
        read_lines(path, None)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column, problem.value) == \
        (str(path), 4, column, value)
    assert problem.message.startswith("expected")


# -- nothing is read as SQL ----------------------------------------------------------------

PAYLOADS = ["'); DROP TABLE x; --", "it's", "nan", '"; SELECT 1; --']


@pytest.mark.parametrize("payload", PAYLOADS)
def test_a_path_or_value_holding_sql_is_data(tmp_path, payload):
    """A household table and the outputs at paths holding a quote or SQL, and an id holding
    SQL: validated, screened, combined and summarised as data."""
    folder = tmp_path / payload.replace("/", "_")
    folder.mkdir()
    rows = [{**texts(BASE), "household_id": payload},
            {**texts(BASE), "household_id": "H2", "income_per_capita": "5000",
             "income_wage": "2000", "county_code": "653127"}]
    files = write_all(folder, rows)
    table = read_alike(folder, files)
    assert payload in set(table["household_id"])
    source = folder / f"{payload}.parquet"
    files["parquet"].rename(source)
    validated_file = folder / f"validated {payload}.parquet"
    assert write_validated(source, REGIONS, validated_file) == (2, [2023])
    parts = []
    for county in ("653123", "653127"):
        parts.append(folder / f"part {payload} {county}.parquet")
        screen_partition(validated_file, {2023: 6000.0}, parts[-1], [county],
                         {"income_drop_share": 0.3})
    combined = folder / f"screened {payload}.parquet"
    combine_partitions(parts, combined)
    screened = read_validated(combined)
    assert list(screened["household_id"]) == sorted([payload, "H2"])
    assert set(screened["category"]) == {"未纳入监测", "边缘易致贫户"}
    assert county_counts(combined)["households"].sum() > 0
    assert len(screen_frame(validated_file, 6000.0)) == 2


def test_a_nan_line_or_share_never_reaches_duckdb(tmp_path):
    source = write_parquet(tmp_path / "h.parquet", [texts(BASE)], NAMES)
    with pytest.raises(ValueError, match="line = nan: expected a finite number"):
        screen_frame(source, float("nan"))
    with pytest.raises(ValueError, match="income_drop_share = inf: expected a finite number"):
        screen_frame(source, 6000.0, {"income_drop_share": float("inf")})


@pytest.mark.parametrize("setting", ["'); DROP TABLE x; --", "0.3'", float("nan")])
def test_a_share_holding_sql_or_nan_is_refused_before_any_job(setting):
    """config.yaml's shares: a text is refused by the schema, ``.nan`` by config_check;
    neither reaches DuckDB (which is given what passes as a DOUBLE parameter)."""
    import jsonschema
    import yaml

    from nanjiang.workflow.config_check import ConfigError, check_values

    config = yaml.safe_load((REPO / "config.yaml").read_text("utf-8"))
    config["monitoring"]["income_drop_share"] = setting
    schema = yaml.safe_load((REPO / "rules" / "config.schema.yaml").read_text("utf-8"))
    if isinstance(setting, str):
        with pytest.raises(jsonschema.ValidationError) as caught:
            jsonschema.validate(config, schema)
        assert list(caught.value.absolute_path) == ["monitoring", "income_drop_share"]
        return
    jsonschema.validate(config, schema)  # JSON Schema's number takes .nan
    with pytest.raises(ConfigError, match="monitoring.income_drop_share' = nan: expected a "
                                          "finite number"):
        check_values(config, {})


# -- the property: one table, three formats ------------------------------------------------

COUNTIES = ["653123", "653127"]
VALID = {
    "household_id": ["H1", "H2", "户-003", "123", "H5", "H6"],
    "county_code": COUNTIES,
    "year": ["2023", "2024"],
    "household_size": ["3", "6"],
    "household_type": ["脱贫户", "一般农户"],
    "labour_capacity": ["有劳动能力", "弱劳动能力", "无劳动能力"],
    "members_working": ["0", "1", "2"],
    "members_ill_or_disabled": ["0", "1"],
    # the optional columns (any of them may be missing from a table)
    "monitoring_start": ["", "2023-01-15", "2022/7/1", "2023年6月30日", "2022-12-31T00:00:00",
                         "2024-2-29"],
    "assistance_measures": ["", "产业帮扶", "就业帮扶、健康帮扶", "无", "公益岗位\n小额信贷"],
    "main_risk": ["", "因病", "务工就业不稳", "其他", "饮水安全"],
}
NUMBERS = ["0", "1234.5", "9000", "6000.25", "0.1", "350"]
FLAGS = ["1", "0", "是", "否"]
# accepted where a number is (and some where a flag or an id is), refused elsewhere
ODD = ["", "  ", " 12 ", "+7", "-0", "3.0", "0.10", "007", "\u3000是\u3000", "2023.0", "\t1\t",
       "99999999999999", "123456789012345678"]
# refused wherever a number is
BAD = ["１２３", "٣", "١٢٣", "1e3", "1_000", "NaN", "nan", "inf", "-5", "-2.5", "1" + "0" * 400,
       "2.5", "1.", "H\nX",
       # refused where a date is: not a day of the calendar, another grammar, a time of day
       "2023-02-29", "2023-13-01", "1999-12-31", "２０２３-01-01", "2023.1.1",
       "2023-01-01T08:00:00", "2023-01-01日", "因病毒"]
TRICKY = ODD + BAD


def valid_cell(name: str) -> st.SearchStrategy[str]:
    if name in VALID:
        return st.sampled_from(VALID[name])
    if KINDS[name] == "flag":
        return st.sampled_from(FLAGS)
    if name == "income_per_capita_prev":
        return st.sampled_from(["", *NUMBERS])
    return st.sampled_from(NUMBERS)


row_strategy = st.fixed_dictionaries({n: valid_cell(n) for n in NAMES})


PARTS = ["income_wage", "income_operating", "income_property", "income_transfer"]


def parts_sum(row: dict[str, str]) -> str:
    """The per-capita income its parts add up to (left to right, as the readers add)."""
    a, b, c, d = (float(row[n]) for n in PARTS)
    return number_text(((a + b) + c) + d)


@st.composite
def tables(draw):
    """Rows of valid values (sometimes a household twice in a year), most with the income
    their parts add up to, then up to three cells made tricky (odd or bad values); the
    columns in a random order, the optional ones sometimes missing; Parquet typed (BIGINT,
    DOUBLE where a column allows) or all text."""
    rows = draw(st.lists(row_strategy, min_size=1, max_size=4))
    for row, household in zip(rows, VALID["household_id"], strict=False):
        row["household_id"] = household  # one household a row
        if draw(st.integers(0, 7)):  # the parts add up (else, mostly, they do not)
            row["income_per_capita"] = parts_sum(row)
    if draw(st.integers(0, 4)) == 0:  # a household twice in a year, maybe written otherwise
        rows.append({**draw(row_strategy), "household_id": rows[0]["household_id"],
                     "year": draw(st.sampled_from([rows[0]["year"], rows[0]["year"] + ".0"]))})
    for _ in range(draw(st.integers(0, 3))):
        row = draw(st.sampled_from(rows))
        row[draw(st.sampled_from(NAMES))] = draw(st.sampled_from(TRICKY))
    missing = draw(st.sets(st.sampled_from(OPTIONAL)))
    order = [n for n in draw(st.permutations(NAMES)) if n not in missing]
    return rows, order, draw(st.booleans())


@settings(max_examples=40, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(table=tables())
def test_one_table_as_csv_xlsx_and_parquet_gives_the_same_rows_or_problems(tmp_path, table):
    """Random tables of valid and tricky values (full-width and Arabic-Indic digits, 1e3,
    1_000, blanks, whitespace around, NaN, negative, huge, dates of every accepted form and
    not), in a random column order with the optional columns sometimes missing, incomes
    adding up to their parts or not, as CSV, openpyxl XLSX and Parquet (typed or all
    text): the validation job gives the same rows with the same dtypes, or the same problems
    but for their location."""
    rows, order, as_text = table
    read_alike(tmp_path, write_all(tmp_path, rows, order, as_text))



# -- a workbook's rows and sheets not in the table -----------------------------------------

def forty_households(tmp_path: Path) -> dict[str, Path]:
    rows = [{**texts(BASE), "household_id": f"H{i}"} for i in range(1, 41)]
    return write_all(tmp_path, rows)


def test_a_household_row_above_the_header_is_refused_as_in_the_csv(tmp_path):
    from openpyxl import load_workbook

    files = forty_households(tmp_path)
    with open(files["csv"], "rb") as fh:  # the CSV: a row above the header is refused
        lines = fh.read().split(b"\r\n")
    moved = tmp_path / "moved.csv"
    moved.write_bytes(b"\r\n".join([lines[1], lines[0], *lines[2:]]))
    with pytest.raises(DataValidationError):
        read_households(moved, REGIONS)
    book = load_workbook(files["xlsx"])  # the workbook: the first household moved up
    sheet = book.active
    values = [c.value for c in sheet[2]]
    sheet.delete_rows(2)
    sheet.insert_rows(1)
    for col, value in enumerate(values, start=1):
        sheet.cell(row=1, column=col, value=value)
    path = tmp_path / "moved.xlsx"
    book.save(path)
    with pytest.raises(DataValidationError) as e:
        read_households(path, REGIONS)
    assert f"{path}!农户!1:1: row 1 above the header (row 2) has" in str(e.value)
    assert "looks like data above the header" in str(e.value)


def test_a_household_workbook_with_data_on_another_sheet_is_refused(tmp_path):
    from openpyxl import load_workbook

    path = forty_households(tmp_path)["xlsx"]
    book = load_workbook(path)
    second = book.create_sheet("第二批")
    for row in book["农户"].iter_rows(min_row=1, max_row=21, values_only=True):
        second.append(row)
    book.create_sheet("空")  # an empty sheet is nothing
    book.save(path)
    with pytest.raises(DataValidationError) as e:
        read_households(path, REGIONS)
    assert (f"{path}: the table is read from sheet '农户' only, and other sheets hold data: "
            "第二批") in str(e.value)
    assert "空" not in str(e.value)
