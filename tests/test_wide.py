"""A yearbook sheet as printed (regions down, indicators across), read by the wide
layout a table's description declares (``workbook_layout: wide:``), in TEST copies of
data/raw. The rows expected are written out by hand from the sheets below."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from openpyxl import Workbook

from conftest import REPO
from nanjiang.common.errors import DataValidationError
from nanjiang.data.package import DataPackage
from nanjiang.data.validation import validate_table
from rawtables import as_csv, copy_raw, csv_text

SOURCE = "nbs_poverty_monitoring_2019"
LAYOUT = f"""\
    workbook_layout:
      wide:
        sheet: 耐用消费品
        region_column: 地区
        year: 2018
        source_id: {SOURCE}
        columns:
          汽车（台）: cars
          洗衣机（台）: washing_machines
          电冰箱（台）: {{indicator: refrigerators, unit: 台}}
          移动电话（部）: mobile_phones
          计算机（台）: computers
"""
HEADER = ["地区", "汽车（台）", "洗衣机（台）", "电冰箱（台）", "移动电话（部）", "计算机（台）"]
# 表 3-3 as the yearbook prints it: title, unit line, header (row 3), three regions, a note
SHEET = [
    ["表3-3 2019年南疆贫困地区农村每百户耐用消费品拥有量"],
    [None, None, None, None, None, "单位：台/百户"],
    HEADER,
    ["全国均值", 19.9, 86.9, 91.1, 271.8, 23.1],
    ["新疆全疆", 11.5, 89.6, 90.4, 181.2, 3.7],
    ["南疆四地州", 9, 89.5, 91, 176.2, 3.1],
    ["注：全国均值指全国贫困地区。"],
]
CODES = ["cars", "washing_machines", "refrigerators", "mobile_phones", "computers"]
UNITS = {"mobile_phones": "部"}


def expected(values: dict[tuple[str, str], list[str]], year: str = "2018",
             notes: dict[str, str] | None = None) -> list[dict[str, str]]:
    """The tidy rows of ``values`` ({(code, name): the five values, '' a gap}), by hand."""
    rows = []
    for (code, name), texts in values.items():
        for indicator, value in zip(CODES, texts, strict=True):
            if value:
                rows.append({"year": year, "region_code": code, "region_name": name,
                             "indicator": indicator, "value": value,
                             "unit": UNITS.get(indicator, "台"), "source_id": SOURCE,
                             "note": (notes or {}).get(code, "")})
    return rows


PRINTED = {("CNPA", "全国均值"): ["19.9", "86.9", "91.1", "271.8", "23.1"],
           ("650000", "新疆全疆"): ["11.5", "89.6", "90.4", "181.2", "3.7"],
           ("NJ4", "南疆四地州"): ["9", "89.5", "91", "176.2", "3.1"]}


def with_layout(raw: Path, layout: str = LAYOUT) -> Path:
    """The repository's descriptor with ``layout`` in durable_goods' description,
    under its path line."""
    path = raw / "datapackage.yaml"
    text = (REPO / "data" / "raw" / "datapackage.yaml").read_text("utf-8")
    anchor = "  - name: durable_goods\n    path: durable_goods.csv\n"
    assert anchor in text
    path.write_text(text.replace(anchor, anchor + layout, 1), "utf-8")
    return path


def sheet(raw: Path, rows: list[list], name: str = "耐用消费品", merged: tuple = (),
          change=None) -> Path:
    """The sheet saved as durable_goods.xlsx in place of the CSV."""
    book = Workbook()
    ws = book.active
    ws.title = name
    for row in rows:
        ws.append(row)
    for cells in merged:
        ws.merge_cells(cells)
    if change is not None:
        change(ws)
    path = raw / "durable_goods.xlsx"
    book.save(path)
    (raw / "durable_goods.csv").unlink(missing_ok=True)
    return path


@pytest.fixture
def raw(tmp_path, monkeypatch) -> Path:
    monkeypatch.setattr("nanjiang.common.filecache.CACHE", tmp_path / ".cache")
    return copy_raw(tmp_path / "raw")


def read(raw: Path) -> tuple[list[dict], list[str]]:
    package = DataPackage.load(raw)
    rows = validate_table(package, "durable_goods")
    return [r.cells for r in rows], package.notes


def problems(raw: Path) -> str:
    with pytest.raises(DataValidationError) as e:
        validate_table(DataPackage.load(raw), "durable_goods")
    return str(e.value)


def load_problems(raw: Path) -> str:
    with pytest.raises(DataValidationError) as e:
        DataPackage.load(raw)
    return str(e.value)


# ------------------------------------------------------------------ read into rows


def test_a_yearbook_sheet_is_read_into_exactly_the_tidy_rows(raw):
    with_layout(raw)
    sheet(raw, SHEET)
    rows, notes = read(raw)
    assert rows == expected(PRINTED)
    where = f"{raw / 'durable_goods.xlsx'}!耐用消费品"
    assert f"{where}: rows 1-2 above the header skipped" in "\n".join(notes)
    assert (f"{where}: read by the wide layout of datapackage.yaml (header row 3, regions in "
            f"column A): 15 values of 3 regions, every value of 2018") in "\n".join(notes)
    assert f"{where}: row 7 below the table skipped (its notes: '注：全国均值指全国贫困地区。')" \
        in "\n".join(notes)
    assert any("the workbook in place of durable_goods.csv" in n for n in notes)


def test_the_rows_are_the_csvs_but_for_the_notes(raw):
    """Cross-check with the real table: the sheet above holds data/raw/durable_goods'
    values; only the CSV's notes (the analyst's readings) are not in a yearbook sheet."""
    from_csv = [dict(zip(HEADER_TIDY, line.split(",")[:7], strict=True))
                for line in csv_text(raw, "durable_goods").splitlines()[1:]]
    with_layout(raw)
    sheet(raw, SHEET)
    rows, _ = read(raw)
    assert [{k: r[k] for k in HEADER_TIDY} for r in rows] == from_csv


HEADER_TIDY = ["year", "region_code", "region_name", "indicator", "value", "unit", "source_id"]


def test_a_typo_is_located_at_its_cell_with_header_and_region(raw):
    with_layout(raw)
    rows = [list(r) for r in SHEET]
    rows[5][3] = "12..3"
    sheet(raw, rows)
    assert (f"{raw / 'durable_goods.xlsx'}!耐用消费品!D6 (南疆四地州), column '电冰箱（台）', "
            "value '12..3': expected a number such as 12 or 12.5") in problems(raw)


def test_a_header_over_two_rows_with_merged_cells_is_read_and_located(raw):
    """地区 merged down over rows 3-4, a group heading merged across B3:F3: the header
    row is row 4, 南疆四地州 row 7."""
    with_layout(raw)
    rows = [SHEET[0], SHEET[1], ["地区", "每百户拥有量"], [None, *HEADER[1:]],
            *(list(r) for r in SHEET[3:6])]
    rows[6][3] = "12..3"
    sheet(raw, rows, merged=("A3:A4", "B3:F3"))
    assert ("durable_goods.xlsx!耐用消费品!D7 (南疆四地州), column '电冰箱（台）', value '12..3': "
            "expected a number") in problems(raw)
    rows[6][3] = 91
    sheet(raw, rows, merged=("A3:A4", "B3:F3"))
    got, notes = read(raw)
    assert got == expected(PRINTED)
    assert "header row 4" in "\n".join(notes)
    assert "rows 1-3 above the header skipped" in "\n".join(notes)


def test_headers_are_compared_without_spaces_and_full_width_forms(raw):
    with_layout(raw)
    rows = [list(r) for r in SHEET]
    rows[2] = ["地 区", "汽车\n(台)", "洗衣机（台）", "电冰箱(台)", "移动电话（部） ",
               "计算机（台）"]
    rows[3][0] = "全  国"  # spread by spaces as yearbooks print short names: 全国, CNPA's alias
    sheet(raw, rows)
    got, _ = read(raw)
    assert got == expected({("CNPA", "全国"): PRINTED[("CNPA", "全国均值")],
                            **{k: v for k, v in PRINTED.items() if k[0] != "CNPA"}})


def test_an_unmapped_column_is_refused_at_its_header_and_may_be_ignored(raw):
    with_layout(raw)
    rows = [list(r) for r in SHEET]
    for row, extra in zip(rows[2:6], ["彩色电视机（台）", 101.2, 99.0, 98.7], strict=True):
        row.append(extra)
    sheet(raw, rows)
    text = problems(raw)
    assert (f"{raw / 'durable_goods.xlsx'}!耐用消费品!G3, column '彩色电视机（台）': a column the "
            "layout does not map") in text
    with_layout(raw, LAYOUT + "        ignore_columns: [彩色电视机（台）]\n")
    assert read(raw)[0] == expected(PRINTED)


def test_a_mapped_column_missing_from_the_header_is_refused(raw):
    with_layout(raw)
    sheet(raw, [row[:5] for row in SHEET])
    assert ("durable_goods.xlsx!耐用消费品!3:3: the layout's column '计算机（台）' is not in the "
            "header (row 3)") in problems(raw)


def test_a_blank_cell_is_a_gap_no_row_and_is_said(raw):
    with_layout(raw)
    rows = [list(r) for r in SHEET]
    rows[5][5] = None  # 南疆四地州 计算机
    sheet(raw, rows)
    got, notes = read(raw)
    gapped = dict(PRINTED)
    gapped[("NJ4", "南疆四地州")] = ["9", "89.5", "91", "176.2", ""]
    assert got == expected(gapped)
    assert ("1 cell without a value is a gap (no row): F6 (计算机（台）, 南疆四地州)"
            in "\n".join(notes))


def test_a_printed_mark_is_a_gap_only_where_declared(raw):
    with_layout(raw)
    rows = [list(r) for r in SHEET]
    rows[5][5] = "…"
    sheet(raw, rows)
    assert ("durable_goods.xlsx!耐用消费品!F6 (南疆四地州), column '计算机（台）', value '…': "
            "expected a number") in problems(raw)
    with_layout(raw, LAYOUT + '        gap_marks: ["…"]\n')
    got, notes = read(raw)
    assert len(got) == 14 and "F6 (计算机（台）, 南疆四地州: '…')" in "\n".join(notes)


def test_a_total_row_is_refused_unless_mapped_to_its_region(raw):
    with_layout(raw)
    rows = [list(r) for r in SHEET]
    rows[5][0] = "合计"
    sheet(raw, rows)
    assert ("durable_goods.xlsx!耐用消费品!A6, column '地区', value '合计': a total row: the "
            "reader adds nothing up and guesses no region") in problems(raw)
    with_layout(raw, LAYOUT + "        regions: {合计: NJ4}\n")
    got, _ = read(raw)
    assert got == expected(PRINTED, notes={"NJ4": "印作“合计”"})  # its name in 2018


def test_a_region_of_another_level_or_unknown_is_refused_at_its_cell(raw):
    with_layout(raw)
    rows = [list(r) for r in SHEET]
    rows[4][0], rows[5][0] = "喀什地区", "南疆五地州"
    sheet(raw, rows)
    text = problems(raw)
    assert ("耐用消费品!A5, column '地区', value '喀什地区': 喀什地区 (653100) is a prefecture "
            "(regions.csv); the table holds rows of aggregate or province level") in text
    assert ("耐用消费品!A6, column '地区', value '南疆五地州': not the name or alias of a region "
            "of regions.csv") in text


def test_merged_cells_in_the_body_and_values_after_the_notes_are_refused(raw):
    with_layout(raw)
    rows = [list(r) for r in SHEET] + [["南疆四地州", 1, 2, 3, 4, 5]]
    rows[4][1] = None
    sheet(raw, rows, merged=("B4:B5", "A7:F7"))  # the note line may be merged
    text = problems(raw)
    assert "耐用消费品!B4:B5: cells B4:B5 are merged" in text
    assert "A7:F7" not in text
    assert ("耐用消费品!8:8: row 8 holds values below the table's notes (row 7: "
            "'注：全国均值指全国贫困地区。')") in text


def test_shares_not_adding_up_are_located_at_their_cells(raw):
    """A share group of the table (TEST: cars and computers as parts of one whole)
    is checked on the rows a wide sheet gives, named by their cells."""
    with_layout(raw, LAYOUT + "    share_groups: [{name: test, parts: [cars, computers]}]\n")
    sheet(raw, SHEET)
    assert ("耐用消费品!B4 (全国均值), column '汽车（台）': shares of group 'test' (cars, "
            "computers) for region CNPA, 2018 add up to 43, expected 100 within rounding "
            "(±0.1); cells B4, F4.") in problems(raw)


def test_each_rows_year_from_a_year_column(raw):
    """Two years stacked in one sheet (TEST values for 2019)."""
    layout = LAYOUT.replace("        year: 2018\n", "        year_column: 年份\n")
    with_layout(raw, layout)
    rows = [["年份", *HEADER], *([2018, *r] for r in SHEET[3:6]),
            [2019, "南疆四地州", 10, 90, 92, 180, 4]]
    sheet(raw, rows)
    got, _ = read(raw)
    assert got == expected(PRINTED) + expected(
        {("NJ4", "南疆四地州"): ["10", "90", "92", "180", "4"]}, year="2019")
    rows[4][0] = "２O19"  # a letter O among full-width digits
    sheet(raw, rows)
    assert ("耐用消费品!A5 (南疆四地州), column '年份', value '２O19': expected a four-digit "
            "year") in problems(raw)


def test_a_tidy_workbook_is_read_as_such_though_a_layout_is_declared(raw):
    import xlsxtables
    from xlsxtables import to_workbook

    with_layout(raw)
    path = raw / "durable_goods.xlsx"
    to_workbook(raw / "durable_goods.csv", path, sheet="耐用消费品")
    (raw / "durable_goods.csv").unlink()

    def cover_first(book):  # the layout's sheet, not the first, is read
        book.create_sheet("封面", 0).append(["表3-3"])
        book.active = 0

    xlsxtables.edit(path, cover_first)
    got, notes = read(raw)
    assert len(got) == 15 and got[0]["note"].startswith("印作“全国均值”")
    said = "\n".join(notes)
    assert "耐用消费品: read as the tidy table (row 1 names its columns)" in said
    assert said.count("other sheets ignored: 封面") == 1


def test_a_sheet_named_by_the_layout_is_read_and_a_missing_one_said(raw):
    with_layout(raw)
    path = sheet(raw, SHEET, name="封面")
    assert ("durable_goods.xlsx: no sheet named '耐用消费品' (the layout of the table in "
            "datapackage.yaml names it); the workbook's sheets: 封面") in problems(raw)
    import xlsxtables

    def add(book):
        ws = book.create_sheet("耐用消费品")
        for row in SHEET:
            ws.append(row)

    xlsxtables.edit(path, add)
    got, notes = read(raw)
    assert got == expected(PRINTED)
    assert any("read sheet '耐用消费品'; other sheets ignored: 封面" in n for n in notes)


# ------------------------------------------------------------------ the layout, checked


def line_of(path: Path, text: str) -> int:
    """The line of the descriptor where ``text`` is, after durable_goods' layout."""
    lines = path.read_text("utf-8").splitlines()
    start = lines.index("    workbook_layout:")
    return next(n for n, line in enumerate(lines, start=1) if n > start and text in line)


@pytest.mark.parametrize("old, new, where, message", [
    ("        year: 2018\n", "        year: 2018\n        header_row: 3\n", "header_row: 3",
     "workbook_layout.wide.header_row: unknown key 'header_row'; a wide layout has sheet, "
     "region_column"),
    ("          计算机（台）: computers\n",
     "          计算机（台）: computers\n          小汽车（辆）: cars\n", "小汽车（辆）",
     "workbook_layout.wide.columns: 小汽车（辆）: indicator 'cars' is mapped from 汽车（台） "
     "already: one column per indicator"),
    ("          计算机（台）: computers\n",
     "          计算机（台）: computers\n          汽车(台): cars\n", "汽车(台)",
     "workbook_layout.wide.columns: 汽车(台): the same column as 汽车（台）"),
    ("          计算机（台）: computers\n",
     "          计算机（台）: computers\n          彩色电视机（台）: colour_tvs\n", "彩色电视机",
     "workbook_layout.wide.columns: 彩色电视机（台）: indicator 'colour_tvs' is not an indicator "
     "of the table (indicators: cars, washing_machines"),
    ("unit: 台}", "unit: 辆}", "电冰箱（台）",
     "workbook_layout.wide.columns: 电冰箱（台）: unit '辆' is not the unit of "
     "'refrigerators' ('台')"),
    ("        year: 2018\n", "        year: 2018\n        year_column: 年份\n", "wide:",
     "workbook_layout.wide: give one of 'year'"),
    ("        year: 2018\n", "        year: 2018年\n", "year: 2018年",
     "workbook_layout.wide.year: expected a four-digit year such as 2018; got '2018年'"),
    ("        region_column: 地区\n", "", "wide:",
     "workbook_layout.wide: 'region_column' missing"),
    ("    workbook_layout:\n      wide:\n", "    workbook_layout:\n      宽表:\n",
     "workbook_layout:", "workbook_layout: expected 'wide:'"),
])
def test_a_layout_mistake_is_refused_at_its_line(raw, old, new, where, message):
    assert old in LAYOUT
    path = with_layout(raw, LAYOUT.replace(old, new))
    text = load_problems(raw)
    assert f"{path}:{line_of(path, where)}: resource 'durable_goods', {message}" in text, text


@pytest.mark.parametrize("old, new, where, message", [
    (f"source_id: {SOURCE}", "source_id: nbs_2019", "source_id:",
     "workbook_layout.wide.source_id: 'nbs_2019' is not a source_id of sources.csv"),
    ("        year: 2018\n", "        year: 2018\n        regions: {合计: NJ9}\n", "regions:",
     "workbook_layout.wide.regions: 合计: 'NJ9' is not a region code of regions.csv"),
    ("        year: 2018\n", "        year: 2018\n        regions: {合计: '653100'}\n",
     "regions:", "workbook_layout.wide.regions: 合计: 653100 (喀什地区) is a prefecture; the "
     "table holds rows of aggregate or province level"),
    ("        year: 2018\n", "        year: 1990\n", "year: 1990",
     "workbook_layout.wide.year: 1990 is outside 2000-2035"),
])
def test_what_a_layout_names_must_exist_checked_at_its_line(raw, old, new, where, message):
    path = with_layout(raw, LAYOUT.replace(old, new))
    assert (f"{path}:{line_of(path, where)}: resource 'durable_goods', {message}"
            in load_problems(raw))


# ------------------------------------------------------------------ the guide's example

GUIDE = REPO / "docs" / "guide" / "data.md"


def guide_example() -> tuple[str, list[list], str]:
    """The guide's wide layout (its YAML), the sheet (its Markdown table) and the
    rows it says are read (its CSV block), from the section on wide sheets."""
    text = GUIDE.read_text("utf-8")
    section = text[text.index("## 年鉴原样的宽表"):]
    section = section[:section.index("\n## ", 1)]
    layout = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    table = [line for line in section.splitlines() if line.startswith("| ")]
    sheet_rows = []
    for line in table[1:]:
        if set(line) <= set("|-: "):
            continue
        cells = [c.strip() for c in line.strip("|").split("|")][1:]  # (the row numbers)
        sheet_rows.append([_typed(c) for c in cells])
    rows = re.search(r"```text\n(year,region_code.*?)```", section, re.S).group(1)
    return layout, sheet_rows, rows


def _typed(cell: str):
    """A cell as typed into Excel: a number as a number, nothing as nothing."""
    if not cell:
        return None
    return int(cell) if cell.isdigit() else float(cell) if re.fullmatch(
        r"[0-9]+\.[0-9]+", cell) else cell


def test_the_guides_example_reads_into_the_rows_it_shows(raw):
    layout, sheet_rows, shown = guide_example()
    parsed = yaml.safe_load(layout)["workbook_layout"]["wide"]
    with_layout(raw, layout)
    sheet(raw, sheet_rows, name=parsed["sheet"])
    got, _ = read(raw)
    header, *lines = shown.strip().splitlines()
    assert [dict(zip(header.split(","), line.split(","), strict=True)) for line in lines] == got
    assert got == expected(PRINTED)  # the real table's values


# ------------------------------------------------------------------ one build


def test_the_build_reads_a_yearbook_sheet_and_a_workbook_in_place_of_a_csv(tmp_path):
    """One Snakemake run in a copy: 表 3-3 as the yearbook prints it (the guide's sheet
    and layout, the one edit of datapackage.yaml the guide asks for) and facts as a
    tidy workbook in place of facts.csv (no edit at all): every table validated, the
    facts' links checked against the wide table's cells, the figures drawn from both."""
    from conftest import snakemake
    from repocopy import copy_repo
    from xlsxtables import to_workbook

    repo = copy_repo(tmp_path / "repo")
    raw = repo / "data" / "raw"
    from_csv = csv_text(raw, "durable_goods")
    layout, sheet_rows, _ = guide_example()
    with_layout(raw, layout)
    sheet(raw, sheet_rows, name=yaml.safe_load(layout)["workbook_layout"]["wide"]["sheet"])
    facts = csv_text(raw, "facts")
    to_workbook(as_csv(raw, "facts"), raw / "facts.xlsx", title="正文所述数字")
    (raw / "facts.csv").unlink()
    proc = snakemake(repo, "validate", "data/derived/figures/fig_durable_goods.svg",
                     "data/derived/figures/fig_poverty_shares.svg")
    assert "durable_goods.xlsx!表3-3: read by the wide layout of datapackage.yaml" in proc.stderr
    assert "facts.xlsx: the workbook in place of facts.csv" in proc.stderr
    validated = repo / "data" / "derived" / "validated"
    lines = (validated / "durable_goods.csv").read_text("utf-8").splitlines()
    assert lines[0] == "year,region_code,region_name,indicator,value,unit,source_id,note,decimals"
    # the CSV's rows but for its notes (the analyst's readings, not in the yearbook)
    assert [line.split(",")[:7] for line in lines[1:]] == [
        line.split(",")[:7] for line in from_csv.splitlines()[1:]]
    assert len((validated / "facts.csv").read_text("utf-8").splitlines()) == len(
        facts.splitlines())
    assert "links of" in (validated / "facts.links.txt").read_text("utf-8")
