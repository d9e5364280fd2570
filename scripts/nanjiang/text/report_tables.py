"""Generate the report's tables (Markdown) from validated data and the descriptor.

The layout of each table is named in its descriptor entry
(``print_layout`` in ``data/raw/datapackage.yaml``; default ``wide``):

- ``wide``: one row per region (file order), one column per indicator;
- ``transposed``: one row per indicator, one column per region (for tables
  whose many long column labels would not fit an A4 page);
- ``long``: one row per indicator of a single region (序号, 类别, 数值);
- ``survey``: counts and printed percentages side by side per category;
- ``counties``: per prefecture its area and the list of its counties;
- ``exits``: per prefecture its poor counties with exit year (★ 区定).

Snapshot tables show one data year: the latest at or before the report year
(with ``strict`` the report year itself). The caption's year and the
数据来源 line follow the data year shown, and so do the regions' names
(``nanjiang.data.region_names``: 库车县 in a table of 2015, 库车市 from 2019).
A region the table showed in its previous year but which lacks the year
shown (全国均值 not yet published) keeps its latest row, its name printed
with that row's year and a note saying so (``carried``): the table never
silently drops a comparison its text and caption promise, and the edition
is a draft until the row comes (``nanjiang.publish.label``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

import pandas as pd

from nanjiang.common.numbers import display
from nanjiang.data.data_year import carried_rows, shown_year, years_present
from nanjiang.data.region_names import shown_name
from nanjiang.data.study_regions import STUDY_AREA
from nanjiang.derive.primary import split_primary
from nanjiang.text.mdtext import Markup, escape, pipe_table, source_block, unbreakable_words
from nanjiang.text.numbering import Label


class MissingYearError(Exception):
    """Strict mode: a table has no row for the report year."""


@dataclass
class TableData:
    resource: dict
    rows: pd.DataFrame  # rows of the data year (or all rows, for exits)
    data_years: list[int]
    report_year: int
    regions: dict  # region_code -> nanjiang.data.package.Region
    notes: list[str]
    source: str  # the 数据来源 line, with the data year
    sources: dict  # source_id -> its sources.csv row (citations of the cells)
    label: str = ""  # the printed label ("表 2-4"), set when the table is placed
    gap: str = ""  # a report year before the table's data: what the reader is told
    # regions kept from an earlier year (no row of the year shown): (name, their year)
    carried: list = field(default_factory=list)
    _first_rows: tuple = field(default=(None, {}), init=False, repr=False, compare=False)


# --------------------------------------------------------------------------- year


def table_year(df: pd.DataFrame, year: int, strict: bool) -> int:
    """The year the table shows (``nanjiang.data.data_year``): 南疆四地州's, else any row's."""
    region = STUDY_AREA if (df["region_code"] == STUDY_AREA).any() else None
    shown = shown_year(df, year, region, strict)
    if shown is None:
        anchor = df if region is None else df[df["region_code"] == region]
        where = "for" if strict else "at or before"
        raise MissingYearError(f"no rows {where} {year}; years present: {years_present(anchor)}")
    return shown


def primary_rows(df: pd.DataFrame, resource: dict, sources: dict,
                 regions: dict | None = None) -> tuple[pd.DataFrame, list[str]]:
    """One row per (region, indicator): the printed source (``primary.split_primary``,
    the same rule the charts use); a disagreeing other source becomes a note, naming
    the region as the table does (``regions``: code -> Region)."""
    shown, others = split_primary(df, [s["source_id"] for s in resource.get("sources", [])])
    labels = {i["code"]: i.get("label", i["code"]) for i in resource.get("indicators", [])}
    notes = []
    for _, other in others.iterrows():
        first = shown[(shown["region_code"] == other["region_code"])
                      & (shown["indicator"] == other["indicator"])].iloc[0]
        if first["value"] == other["value"]:
            continue
        citation = sources.get(other["source_id"], {}).get("citation", other["source_id"])
        name = shown_name((regions or {}).get(other["region_code"]), other["year"],
                          first["region_name"])
        notes.append(
            f"注：{name} {other['year']} 年{labels.get(other['indicator'], '')}"
            f"表中为 {display(first['value_text'])}{first['unit']}；另据{citation}，"
            f"为 {display(other['value_text'])}{other['unit']}。"
        )
    return shown, notes


# --------------------------------------------------------------------------- layouts


def header_label(indicator: dict) -> str:
    unit = indicator.get("unit", "")
    label = indicator.get("label", indicator["code"])
    return f"{label}（{unit}）" if unit else label


def cited(t: TableData, row, text: str | None = None) -> str:
    """A cell carrying the row it prints: table, region, indicator, year and
    source as attributes (the HTML edition shows them on hover or tap; the
    PDF and DOCX print the plain text)."""
    shown = display(row.value_text) if text is None else text
    labels = {i["code"]: i.get("label", i["code"]) for i in t.resource.get("indicators", [])}
    citation = t.sources.get(row.source_id, {}).get("citation", row.source_id)
    origin = (f"{t.label or t.resource.get('title', t.resource['name'])}：{_name(t, row)} "
              f"{row.year} 年 {labels.get(row.indicator, row.indicator)}；来源：{citation}")
    attrs = {"table": t.resource["name"], "region": row.region_code,
             "indicator": row.indicator, "year": str(row.year), "source": row.source_id}
    keys = " ".join(f'{k}="{escape(v)}"' for k, v in attrs.items())
    title = escape(origin).replace('"', "＂")
    return Markup(f'[{unbreakable_words(escape(shown))}]{{.cell {keys} title="{title}"}}')


def _name(t: TableData, row, year: int | None = None) -> str:
    """The region's name as the table prints it for ``row``: its name of the data year
    (the row's, or ``year``), or the source's own spelling (``region_names.shown_name``);
    a row kept from an earlier year than the table's says its year."""
    name = shown_name(t.regions.get(row.region_code), row.year if year is None else year,
                      row.region_name)
    if len(t.data_years) == 1 and row.year < t.data_years[0]:
        name += f"（{row.year}\u00a0年）"
    return name


def _cell(t: TableData, region: str, code: str) -> str:
    row = _first_rows(t).get((region, code))
    return cited(t, row) if row is not None else "—"


def _first_rows(t: TableData) -> dict:
    """The first row of each (region, indicator) of the table, looked up once
    per frame (filtering the frame per cell was a third of the Markdown job)."""
    rows, first = t._first_rows
    if rows is not t.rows:
        first = {}
        for row in t.rows.itertuples():
            first.setdefault((row.region_code, row.indicator), row)
        t._first_rows = (t.rows, first)
    return first


def _present(t: TableData) -> list[dict]:
    codes = set(t.rows["indicator"])
    return [i for i in t.resource.get("indicators", []) if i["code"] in codes]


def _regions(t: TableData) -> list[tuple[str, str]]:
    """Each region of the table (file order) with the name the table prints."""
    first = t.rows.drop_duplicates("region_code")
    return [(row.region_code, _name(t, row)) for row in first.itertuples()]


def wide(t: TableData):
    indicators = _present(t)
    header = ["地区"] + [header_label(i) for i in indicators]
    rows = [[escape(name)] + [_cell(t, code, i["code"]) for i in indicators]
            for code, name in _regions(t)]
    return header, rows, ["l"] + ["r"] * len(indicators)


def transposed(t: TableData):
    regions = _regions(t)
    header = ["指标"] + [name for _, name in regions]
    rows = [[escape(header_label(i))] + [_cell(t, code, i["code"]) for code, _ in regions]
            for i in _present(t)]
    return header, rows, ["l"] + ["r"] * len(regions)


def long(t: TableData):
    (code, _name), = _regions(t)[:1]
    value_header = t.resource.get("column_header", "数值")
    unit = {i.get("unit", "") for i in _present(t)}
    if len(unit) == 1:
        value_header += f"（{unit.pop()}）"
    rows = [[str(n), escape(i.get("label", i["code"])), _cell(t, code, i["code"])]
            for n, i in enumerate(_present(t), start=1)]
    return ["序号", "类型", value_header], rows, ["c", "l", "r"]


def survey(t: TableData):
    """Category, count and the printed percentage (indicator ``<code>_pct_printed``)."""
    (code, _name), = _regions(t)[:1]
    by_code = {i["code"]: i for i in _present(t)}
    rows = []
    for i in _present(t):
        if i["code"].endswith("_pct_printed"):
            continue
        pct = f"{i['code']}_pct_printed"
        rows.append([escape(t.resource.get("row_header", "")) if not rows else "",
                     escape(i.get("label", i["code"])),
                     _cell(t, code, i["code"]),
                     _cell(t, code, pct) if pct in by_code else "—"])
    unit = next((i["unit"] for i in _present(t) if not i["code"].endswith("_pct_printed")), "")
    return ["项目", "类别", f"样本数（{unit}）", "比例（%）"], rows, ["l", "l", "r", "r"]


def counties(t: TableData):
    """表 2-3: prefectures in file order with area and their listed counties."""
    area = next(i for i in t.resource["indicators"] if i["kind"] == "area")
    header = ["地州名称", header_label(area), "所辖市县"]
    rows = []
    listed = t.rows[t.rows["indicator"] != area["code"]]
    for code, name in _regions(t):
        if code in set(listed["region_code"]):
            continue
        members = [escape(_name(t, r)) for r in listed.itertuples()
                   if t.regions.get(r.region_code) and t.regions[r.region_code].parent_code == code]
        rows.append([escape(name), _cell(t, code, area["code"]), "、".join(members)])
    return header, rows, ["l", "r", "l"]


def exits(t: TableData):
    """表 3-1: poor counties by prefecture with exit year; after the report
    year a county is shown as not yet exited."""
    df = t.rows
    flags = df[df["indicator"] == "region_designated"].set_index("region_code")["value"]
    exit_rows = df[df["indicator"] == "county_exit"]
    prefectures: dict[str, list] = {}
    for r in exit_rows.itertuples():
        region = t.regions.get(r.region_code)
        parent = region.parent_code if region else ""
        prefectures.setdefault(parent, []).append(r)
    # the table's year: the state of the counties at its latest exit year shown
    year = t.data_years[0] if t.data_years else t.report_year
    rows = []
    for n, (parent, members) in enumerate(prefectures.items(), start=1):
        for k, r in enumerate(members):
            star = "★" if flags.get(r.region_code, 0) == 1 else ""
            done = r.year <= t.report_year
            when = cited(t, r, f"{r.year} 年") if done else f"截至 {t.report_year} 年未退出"
            pname = t.regions[parent].name_in(year) if parent in t.regions else ""
            rows.append([str(n) if k == 0 else "", escape(pname) if k == 0 else "",
                         escape(_name(t, r, year)) + star, when])
    return ["序号", "地州", "摘帽贫困县", "退出年份"], rows, ["c", "l", "l", "l"]


LAYOUTS = {"wide": wide, "transposed": transposed, "long": long, "survey": survey,
           "counties": counties, "exits": exits}
# Layouts that list every row up to the report year instead of one snapshot.
ALL_YEARS = {"exits"}


# --------------------------------------------------------------------------- block


def caption_title(resource: dict, data_year: int | None) -> str:
    """The caption text; a leading "YYYY 年" follows the data year shown."""
    title = resource.get("title", resource["name"])
    if data_year is not None:
        title = re.sub(r"^\d{4} ?年", f"{data_year} 年", title)
    return title


def source_text(resource: dict, sources: dict, data_years: list[int],
                shown: list[str] | None = None) -> str:
    """The 数据来源 line: as the original printed it while the rows shown come
    from the source that line names (the resource's first ``sources`` entry); built from
    the citations of the rows' own ``source_id`` otherwise (a later year's data
    never appears under the earlier source's name)."""
    printed = (resource.get("source_line") or "").strip().rstrip("。")
    # the printed line names the table's first source (datapackage.yaml)
    covered = {s["source_id"] for s in resource.get("sources", [])[:1]}
    shown = list(dict.fromkeys(shown or []))
    if printed and shown and not set(shown) <= covered:
        printed = "数据来源：" + "；".join(
            sources.get(sid, {}).get("citation", sid) for sid in shown)
    if not printed:
        cites = [s["title"] for s in resource.get("sources", [])]
        printed = "数据来源：" + ("；".join(cites) if cites else "未注明")
    if not data_years:
        return f"{printed}。"
    years = "、".join(str(y) for y in sorted(set(data_years)))
    return f"{printed}（数据年份：{years} 年）"


def prepare(resource: dict, df: pd.DataFrame, package, report_year: int,
            strict: bool) -> TableData:
    layout = resource.get("print_layout", "wide")
    if layout in ALL_YEARS:
        if strict and report_year not in set(df["year"]):
            raise MissingYearError(
                f"no rows for {report_year}; years present: "
                f"{', '.join(map(str, sorted(set(df['year']))))}")
        rows, notes, years = df, [], [y for y in df["year"] if y <= report_year]
        years, carried = [max(years)] if years else [], []
    else:
        try:
            year = table_year(df, report_year, strict)
        except MissingYearError:
            if strict or df.empty:
                raise
            # a report year before the table's data: the table says so
            first = int(df["year"].min())
            return TableData(resource, df.iloc[0:0], [], report_year, package.regions, [],
                             source_text(resource, package.sources, []), package.sources,
                             gap=f"截至 {report_year} 年尚无数据（本表数据始于 {first} 年）")
        rows, notes = primary_rows(df[df["year"] == year], resource, package.sources,
                                   package.regions)
        kept, carried = carried_rows(df, year), []
        if not kept.empty:
            more, more_notes = primary_rows(kept, resource, package.sources, package.regions)
            # regions in the order the table first lists them
            rank = {code: n for n, code in enumerate(dict.fromkeys(df["region_code"]))}
            rows = pd.concat([rows, more])
            rows = rows.iloc[rows["region_code"].map(rank).argsort(kind="stable")]
            notes = notes + more_notes
            for row in more.drop_duplicates("region_code").itertuples():
                name = shown_name(package.regions.get(row.region_code), row.year,
                                  row.region_name)
                carried.append((name, int(row.year)))
                notes.append(f"注：{name}尚无 {year} 年数据，表中为其 {row.year} 年数据。")
        years = [year]
    # the 数据来源 line names the years of every row shown, kept ones included
    source = source_text(resource, package.sources, years + [y for _, y in carried],
                         list(rows["source_id"]))
    return TableData(resource, rows, years, report_year, package.regions, notes, source,
                     package.sources, carried=carried)


def markdown_table(t: TableData, label: Label) -> str:
    """The complete Markdown block of one table: table, caption, notes, source."""
    t = replace(t, label=label.text)
    if t.gap:
        header, rows, align = ["说明"], [[escape(t.gap)]], ["l"]
    else:
        header, rows, align = LAYOUTS[t.resource.get("print_layout", "wide")](t)
    snapshot = t.data_years[0] if len(t.data_years) == 1 else None
    title = escape(caption_title(t.resource, snapshot))
    table = pipe_table([escape(h) for h in header], rows, align)
    lines = t.notes + [t.source]
    return (
        f"{table}\n\n: {label.text} {title} {{#{label.anchor}}}\n\n"
        + "\n\n".join(source_block(escape(line)) for line in lines)
    )
