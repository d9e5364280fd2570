"""A brief of 2-4 pages for one prefecture, from the report's own data.

One template (``report/briefs/brief.md.j2``) for every region listed under
``briefs`` in config.yaml: the region is a parameter, so a region added to the
data (``regions.csv`` with its counties, and rows in the tables) and to the
config needs no code. Every number printed is a ``Number`` that knows its
origin (table, indicator, region, year, source); the brief prints them all
again in its 数据出处 list, and the HTML edition shows the origin on hover
or tap.

A brief speaks of its report year: the region and its counties carry their names of that
year; where it quotes a cell of the research report's tables, the name that table prints
for its data year (``nanjiang.data.region_names``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from nanjiang.common.numbers import display
from nanjiang.data.data_year import shown_rows
from nanjiang.data.region_names import shown_name
from nanjiang.derive.audit import run_audit
from nanjiang.derive.primary import split_primary
from nanjiang.text.mdtext import Markup, escape, pipe_table
from nanjiang.text.numbering import fill_table_refs

SURVEY_TABLES = ("survey_health", "survey_education", "survey_assistance")


@dataclass
class Provenance:
    """Numbers printed in a brief, in order, each with where it comes from."""

    entries: list[dict] = field(default_factory=list)

    def number(self, table: str, row: dict, origin: str, citation: str) -> str:
        """The printed number as a Markdown span carrying its origin; the entry
        keeps the row's key (table, indicator, region, year, source) too."""
        self.entries.append({"value": display(row["value_text"]), "unit": row["unit"],
                             "origin": origin, "citation": citation, "table": table,
                             "indicator": row["indicator"], "region_code": row["region_code"],
                             "year": int(row["year"]), "source_id": row["source_id"]})
        n = len(self.entries)
        title = escape(f"[{n}] {origin}；{citation}").replace('"', "＂")
        return Markup(f'[{escape(display(row["value_text"]))}]{{.num #n{n} title="{title}"}}')


@dataclass
class Brief:
    code: str
    name: str
    year: int
    sections: dict
    provenance: Provenance


def _rows(df: pd.DataFrame, **where) -> pd.DataFrame:
    for column, value in where.items():
        df = df[df[column] == value]
    return df


def build(code: str, year: int, package, raw: dict, derived: dict, audit: pd.DataFrame) -> Brief:
    region = package.regions[code]
    prov = Provenance()
    labels = {t: {c: i.get("label", c) for c, i in package.indicators(t).items()}
              for t in package.resources}

    def citation(source_id: str) -> str:
        return package.sources.get(source_id, {}).get("citation", source_id)

    def quoted(row: dict) -> str:
        """The region of a table's row, named as that table prints it (its data year)."""
        return shown_name(package.regions.get(row["region_code"]), row["year"],
                          row["region_name"])

    def table_title(table: str) -> str:
        """A table of the research report by its number there (研究报告表 2-4):
        a brief numbers only its own tables (表 1, 表 2 …), and depends on no
        chapter template, so the number said is the original report's."""
        r = package.resource(table)
        return f"研究报告{r['seed_table']}" if r.get("seed_table") else r.get("title", table)

    counties = [r for r in package.regions.values()
                if r.level == "county" and r.parent_code == code]
    county_codes = {c.code for c in counties}
    # names and titles from the data reach the template escaped, as in the
    # report: a name can never be read as Markdown, HTML or typst
    sections: dict = {"counties": [escape(c.name_in(year)) for c in counties],
                      # the research report's tables, for the template's text
                      "report_tables": {t: escape(table_title(t)) for t in package.resources}}

    # 表 2-4: the region's poverty population and villages
    poor = raw.get("poor_population_2014")
    poor_rows = []
    if poor is not None:
        resource = package.resource("poor_population_2014")
        shown, _ = split_primary(shown_rows(_rows(poor, region_code=code), year),
                                 [s["source_id"] for s in resource.get("sources", [])])
        for row in shown.to_dict("records"):
            origin = (f"{table_title('poor_population_2014')} {quoted(row)} "
                      f"{labels['poor_population_2014'][row['indicator']]}（{row['year']} 年）")
            poor_rows.append([escape(labels["poor_population_2014"][row["indicator"]]),
                              prov.number("poor_population_2014", row, origin,
                                          citation(row["source_id"])),
                              escape(row["unit"])])
    sections["poor"] = (pipe_table(["指标", "数值", "单位"], poor_rows, ["l", "r", "l"])
                        if poor_rows else None)

    # share of the 南疆 / 新疆 totals (derived from 表 2-4)
    shares = derived.get("poverty_shares")
    share_rows = []
    if shares is not None:
        for row in shown_rows(_rows(shares, region_code=code), year).to_dict("records"):
            origin = (f"由{table_title('poor_population_2014')}计算："
                      f"{fill_table_refs(row['basis'], table_title)}")
            share_rows.append([escape(_share_label(row["indicator"])),
                               prov.number("poverty_shares", row, origin,
                                           citation(row["source_id"]))])
    sections["shares"] = (pipe_table(["占比", "%"], share_rows, ["l", "r"])
                          if share_rows else None)

    # 表 3-1: exit years of its poverty counties
    exits = raw.get("county_exits")
    exit_rows = []
    if exits is not None:
        names = {c.code: c.name_in(year) for c in counties}
        flags = _rows(exits, indicator="region_designated")
        for row in _rows(exits, indicator="county_exit").to_dict("records"):
            if row["region_code"] not in county_codes:
                continue
            star = "★" if ((flags["region_code"] == row["region_code"])
                           & (flags["value"] == 1)).any() else ""
            origin = f"{table_title('county_exits')} {names[row['region_code']]}摘帽年份"
            exit_year = dict(row, value_text=str(row["year"]), unit="年")
            status = prov.number("county_exits", exit_year, origin, citation(row["source_id"]))
            if row["year"] > year:
                status = Markup(status + escape(f"（截至 {year} 年未摘帽）"))
            exit_rows.append([escape(names[row["region_code"]] + star), status])
    sections["exits"] = (pipe_table(["贫困县", "摘帽退出年份"], exit_rows, ["l", "r"])
                         if exit_rows else None)

    # field surveys in its counties (表 4-1 … 4-3)
    surveys = []
    for table in SURVEY_TABLES:
        df = raw.get(table)
        if df is None:
            continue
        here = df[df["region_code"].isin(county_codes) & (df["unit"] == "%")]
        if here.empty:
            continue
        rows = []
        for row in here.to_dict("records"):
            origin = f"{table_title(table)} {quoted(row)} {labels[table][row['indicator']]}"
            rows.append([escape(labels[table][row["indicator"]]),
                         prov.number(table, row, origin, citation(row["source_id"]))])
        surveys.append({"title": escape(package.resource(table).get("title", table)),
                        # a table of the survey's data: the name of its year
                        "county": escape(quoted(here.iloc[0])),
                        "table": pipe_table(["项目", "%"], rows, ["l", "r"])})
    sections["surveys"] = surveys

    # findings of the data audit that concern it
    # (they name tables by key: nanjiang.derive.audit)
    sections["audit"] = [escape(fill_table_refs(d, table_title))
                         for d in touching(audit, code, package)["detail"]]
    return Brief(code, escape(region.name_in(year)), year, sections, prov)


def touching(audit: pd.DataFrame, code: str, package) -> pd.DataFrame:
    """The findings about a region: located at it or one of its counties, or
    (a statement of the text, located by its fact) saying something of it;
    not a total's, which names the region only as one of its parts."""
    region = package.regions[code]
    places = {code} | {r.code for r in package.regions.values()
                       if r.level == "county" and r.parent_code == code}
    names = tuple(n for n in {*region.names, *region.aliases} | {
        n for r in package.regions.values()
        if r.level == "county" and r.parent_code == code for n in r.names} if n)

    def about(finding) -> bool:
        if finding["location"].split("/")[0] in places:
            return True
        subject = _LEAD.sub("", finding["detail"])
        return finding["location"].split("/")[0] not in package.regions and (
            subject.startswith(names))

    return audit[audit.apply(about, axis=1)]


# what comes before a finding's subject: the table it is in, "正文所述"
_LEAD = re.compile(r"^(\{table\[[^\]]*\]\}\s*|正文所述|\d{4} 年)+")


def audit_of_regions(package, raw: dict, derived: dict, edition: str) -> pd.DataFrame:
    """The data audit over the tables that have rows of the briefs' regions or
    their counties (``raw``: nanjiang.workflow.preflight.tables_with_rows_of): a
    finding about a region involves its rows, and those are all in these
    tables, so the findings ``touching`` a region are the full audit's (a test
    compares them). A brief then does not wait for, nor rerun after, an edit
    of a table that only has rows of 南疆四地州 or 新疆 as a whole."""
    return run_audit(package, raw, derived, edition, partial=True)


def _share_label(indicator: str) -> str:
    what = "建档立卡贫困人口" if indicator.startswith("registered_poor") else "重点村"
    whole = "南疆四地州" if indicator.endswith("NJ4") else "新疆"
    return f"{what}占{whole}"


def _cited_sources(prov: Provenance) -> list[str]:
    """The distinct sources of a brief's numbers, in order of first use."""
    return list(dict.fromkeys(e["citation"] for e in prov.entries))


def provenance_table(prov: Provenance) -> str:
    """One row per printed number; its source by key (〔1〕), each source
    written out once under the table (``provenance_sources``), so that a long
    citation does not double every row's height."""
    key = {c: n for n, c in enumerate(_cited_sources(prov), start=1)}
    rows = [[str(i), escape(e["value"] + e["unit"]), escape(e["origin"]),
             f"〔{key[e['citation']]}〕"]
            for i, e in enumerate(prov.entries, start=1)]
    return pipe_table(["序号", "数值", "出处", "来源"], rows, ["r", "r", "l", "c"])


def provenance_sources(prov: Provenance) -> str:
    """The sources the 数据出处 table refers to by key."""
    return "来源：" + "；".join(f"〔{n}〕{escape(c)}" for n, c in
                              enumerate(_cited_sources(prov), start=1)) + "。"
