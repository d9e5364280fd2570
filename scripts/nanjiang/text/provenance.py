"""Where every number of the prose comes from.

Each number a template prints with ``fact()`` is recorded here with its
origin: the table cell it repeats (raw table, or an indicator computed from
raw tables) and that row's source, or the statement of the prose itself
(``facts.csv``) and its source. The records become 附录四 数据出处, the
``report.provenance.json`` beside the Markdown (what a check or a change
report reads), and in the HTML a title on each number (shown on hover or tap).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from nanjiang.common.numbers import display, rounding_tolerance
from nanjiang.data.region_names import shown_name
from nanjiang.text.mdtext import escape, pipe_table
from nanjiang.text.numbering import fill_table_refs


def _prose_kept(fact: dict) -> bool:
    """The text prints its own number although it disagrees with the cell."""
    shown, cell = fact["display"], fact.get("cell_value")
    if cell is None or shown == cell:
        return False
    return abs(float(shown) - float(cell)) > rounding_tolerance([shown, cell])


@dataclass
class ProvenanceLog:
    package: object  # nanjiang.data.package.DataPackage
    derived_from: dict[str, list[str]]  # derived table -> the raw tables it is computed from
    label_of: object  # table name -> its printed label ("表 2-4") or None
    entries: list[dict] = field(default_factory=list)

    def _table_name(self, table: str) -> str:
        label = self.label_of(table)
        if label:
            return label
        if table in self.derived_from:
            parts = [self.label_of(t) or self._title(t) for t in self.derived_from[table]]
            return "由" + "、".join(parts) + "计算"
        return self._title(table)

    def _title(self, table: str) -> str:
        try:
            resource = self.package.resource(table)
        except KeyError:
            return table
        return f"《{resource.get('title', table)}》数据"

    def record(self, chapter: str, fact: dict) -> dict:
        """Log one printed fact; return its entry (``n`` numbers it)."""
        cell = fact.get("cell")
        if cell is not None and _prose_kept(fact):
            # the original's own number is printed (the evidence did not
            # decide against it): it comes from the text, the cell differs
            cell = None
        if cell is not None:
            source_id = fact.get("display_source") or fact["source_id"]
            # a derived cell's basis names tables by key ({table[county_exits]})
            what = fill_table_refs(self._indicator_label(cell.table, cell.indicator)
                                   or fact.get("cell_basis", ""),
                                   lambda t: self.label_of(t) or self._title(t))
            name = shown_name(self.package.regions.get(fact["region_code"]),
                              int(fact["display_year"]), fact["region_name"])
            origin = f"{self._table_name(cell.table)}：{name} {fact['display_year']} 年 {what}"
            key = {"table": cell.table, "indicator": cell.indicator,
                   "region_code": cell.region_code, "year": int(fact["display_year"])}
        else:
            source_id = fact["source_id"]
            name = shown_name(self.package.regions.get(fact["region_code"]), int(fact["year"]),
                              fact["region_name"])
            origin = f"原报告正文所述（{name}，{fact['year']} 年）"
            key = {"table": "facts", "indicator": fact["indicator"],
                   "region_code": fact["region_code"], "year": int(fact["year"])}
        # the report's own text is cited as such, not by its full title each time
        citation = ("原报告" if source_id == "seed" else
                    self.package.sources.get(source_id, {}).get("citation", source_id))
        entry = {"n": len(self.entries) + 1, "chapter": chapter, "fact_id": fact["fact_id"],
                 "value": display(fact["display"]), "unit": fact["unit"],
                 "origin": origin, "source_id": source_id, "citation": citation,
                 "stated_year": int(fact["year"]), **key}
        self.entries.append(entry)
        return entry

    def _indicator_label(self, table: str, indicator: str) -> str:
        try:
            found = self.package.indicators(table).get(indicator)
        except KeyError:
            found = None
        return found.get("label", indicator) if found else ""

    @staticmethod
    def span(entry: dict) -> str:
        """The printed number, carrying its origin (an HTML title; plain text in PDF/DOCX)."""
        title = f"数据出处 {entry['n']}：{entry['origin']}；来源：{entry['citation']}"
        title = escape(title).replace('"', "＂")
        return f'[{escape(entry["value"])}]{{.num #num-{entry["n"]} title="{title}"}}'

    def table(self, chapters: dict[str, str]) -> str:
        """附录四: every number of the prose by chapter, with its origin and source."""
        rows = [[str(e["n"]), escape(chapters.get(e["chapter"], e["chapter"])),
                 escape(e["value"] + e["unit"]), escape(e["origin"]), escape(e["citation"])]
                for e in self.entries]
        return pipe_table(["序号", "章", "数值", "出处", "来源"], rows,
                          ["r", "l", "r", "l", "l"])

    def summary(self, chapters: dict[str, str], label) -> str:
        """附录四 in print (表 D-1): per chapter, the numbers printed, those from
        a table (a cell, or an indicator computed from tables) and those the
        original text states without a table, with the total."""
        counts: dict[str, list[int]] = {}
        for e in self.entries:
            row = counts.setdefault(e["chapter"], [0, 0])
            row[0 if e["table"] != "facts" else 1] += 1
        rows = [[escape(chapters.get(c, c)), str(a + b), str(a), str(b)]
                for c, (a, b) in counts.items()]
        tables = sum(a for a, _ in counts.values())
        texts = sum(b for _, b in counts.values())
        rows.append(["合计", str(tables + texts), str(tables), str(texts)])
        return (pipe_table(["章", "数字", "取自表格", "原报告正文所述"], rows,
                           ["l", "r", "r", "r"])
                + f"\n\n: {label.text} 正文数字的出处，按章汇总 {{#{label.anchor}}}")
