"""Render the chapter templates (``report/chapters/*.md.j2``) into one Markdown.

Templates reach data only through four functions:

- ``fact("id")``: a number stated in the prose (``data/raw/facts.csv``); when
  the fact names the table cell it repeats (``compares_to``), the table's
  value is printed and the audit appendix shows what the prose had.
- ``table("name")``: a generated table with caption above and 数据来源 below.
- ``figure("id")``: a figure with caption and source line below.
- ``ref("name")``: a link "表 2-1" / "图 2-1" to a table or figure.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import jinja2

from nanjiang.common.filecache import CACHE
from nanjiang.common.numbers import display
from nanjiang.text.mdtext import escape, plain_text, source_block
from nanjiang.text.numbering import Label, number_items
from nanjiang.text.typography import KEPT, REFERENCE_RULE, normalise, reference_problems
from nanjiang.text.typography import RULES as TYPOGRAPHY


class TemplateDataError(Exception):
    """A template asks for data that does not exist."""


# pandoc attributes such as "# 一、导论 {#ch1}" open with "{#", which Jinja reads
# as a comment; the loader rewrites them (same line numbers) before Jinja sees them.
PANDOC_ID = re.compile(r"\{#([A-Za-z][\w-]*)((?:\s+[.\w-]+(?:=\S+)?)*)\}")


def _template_place() -> str:
    """'01_intro.md.j2:12: ' — the template line whose call is running (Jinja
    maps its compiled code's lines back to the template's), '' if none."""
    frame = sys._getframe(1)
    while frame is not None:
        template = frame.f_globals.get("__jinja_template__")
        if template is not None and template.filename:
            line = template.get_corresponding_lineno(frame.f_lineno)
            return f"{Path(template.filename).name}:{line}: "
        frame = frame.f_back
    return ""


class _Labels:
    """``{table[county_exits]}`` in a caption: the printed number, "表 3-1"."""

    def __init__(self, report: Report):
        self.report = report

    def __getitem__(self, key: str) -> str:
        return self.report.label(key).text


class ChapterLoader(jinja2.FileSystemLoader):
    def get_source(self, environment, template):
        source, filename, uptodate = super().get_source(environment, template)
        return PANDOC_ID.sub(r"{{ '{' }}#\1\2}", source), filename, uptodate


def compiled_templates() -> jinja2.FileSystemBytecodeCache:
    """Templates compiled once per version of their text (.cache/jinja/; keyed
    by the source's checksum): compiling the chapters took 0.07 s a build."""
    folder = CACHE / "jinja"
    folder.mkdir(parents=True, exist_ok=True)
    return jinja2.FileSystemBytecodeCache(str(folder))


def brief_template(path: str | Path) -> jinja2.Template:
    """A brief's template (report/briefs/): pandoc's {#id} attributes read as
    text, every variable required, and the ``source_block`` filter, the
    report's one writer of a 数据来源 block
    (``{% filter source_block %}…{% endfilter %}``)."""
    path = Path(path)
    env = jinja2.Environment(loader=ChapterLoader(str(path.parent)),
                             undefined=jinja2.StrictUndefined, keep_trailing_newline=True,
                             bytecode_cache=compiled_templates())
    env.filters["source_block"] = source_block
    return env.get_template(path.name)


class Report:
    def __init__(
        self,
        chapters_dir: Path,
        facts: dict[str, dict],
        tables: dict[str, object],
        figures: dict[str, dict],
        report_year: int,
        provenance=None,
        stop_on_stale: bool = False,
        errata: list[dict] | None = None,
        edition: str = "corrected",
        deviations: list[dict] | None = None,
        new_figures: list[str] | None = None,
        gaps: list[str] | None = None,
        typo_decisions: list[dict] | None = None,
        map_notice: str = "",
    ):
        self.chapters_dir = Path(chapters_dir)
        self.provenance = provenance  # a nanjiang.text.provenance.ProvenanceLog, or None
        self.chapter = ""  # the chapter being rendered (its file name)
        self.chapter_titles: dict[str, str] = {}
        self.stop_on_stale = stop_on_stale
        self.dated_statements: list[dict] = []  # see dated()
        self.chapter_files = sorted(self.chapters_dir.glob("*.md.j2"))
        self.labels: dict[str, Label] = number_items(self.chapter_files)
        self.facts = facts
        self.tables = tables  # name -> callable(label) -> Markdown block
        self.figures = figures  # id -> dict(path, caption, source, width)
        self.report_year = report_year
        # typos of the original (report/errata.csv): fixed in the corrected
        # edition only, and listed in 勘误表 there
        self.errata = errata or []
        self.edition = edition
        self.deviations = deviations or []  # report/deviations.csv
        # report/typo_decisions.csv: how the errata were found (编者说明)
        self.typo_decisions = typo_decisions or []
        self.new_figures = new_figures or []  # figures the original did not have
        self.map_notice = map_notice  # a map's review (nanjiang.text.map_notice)
        # tables printed as a stated gap (a report year before their data),
        # filled in by the table makers as the chapters are rendered
        self.gaps = gaps if gaps is not None else []
        self.env = jinja2.Environment(
            loader=ChapterLoader(str(self.chapters_dir)),
            undefined=jinja2.StrictUndefined,
            autoescape=False,
            keep_trailing_newline=True,
            bytecode_cache=compiled_templates(),
        )
        self.env.globals.update(
            fact=self.fact,
            fact_year=self.fact_year,
            table=self.table,
            figure=self.figure,
            ref=self.ref,
            provenance_table=self.provenance_table,
            dated=self.dated,
            editor_notes=self.editor_notes,
        )

    # -- template functions -------------------------------------------------

    def fact(self, fact_id: str) -> str:
        try:
            f = self.facts[fact_id]
        except KeyError:
            raise TemplateDataError(
                f"{_template_place()}fact('{fact_id}') is not in data/raw/facts.csv"
            ) from None
        if self.provenance is None:
            return escape(display(f["display"]))
        return self.provenance.span(self.provenance.record(self.chapter, f))

    def fact_year(self, fact_id: str) -> str:
        """The data year of the value fact("id") prints (follows the report year)."""
        if fact_id not in self.facts:
            raise TemplateDataError(
                f"{_template_place()}fact_year('{fact_id}') is not in data/raw/facts.csv")
        return str(self.facts[fact_id]["display_year"])

    def dated(self, as_of: str, confirmed: int | None = None, caller=None) -> str:
        """``{% call dated("2020-10") %}截止到2020年10月，……。{% endcall %}``: a
        statement of the author's true as of a date. Once the report year is
        past that date it is listed for the editor to revise (change report),
        or stops the build with ``stale_statements: stop``, until revised or
        confirmed for the year (``dated("2020-10", confirmed=2021)``)."""
        text = caller()
        stale = self.report_year > int(as_of[:4]) and (confirmed or 0) < self.report_year
        plain = plain_text(text)
        self.dated_statements.append({"chapter": self.chapter, "as_of": as_of,
                                      "confirmed": confirmed, "stale": stale, "text": plain})
        if stale and self.stop_on_stale:
            raise TemplateDataError(
                f"{self.chapter}: a statement dated {as_of} in a report for "
                f"{self.report_year} must be revised or confirmed "
                f"(dated(\"{as_of}\", confirmed={self.report_year})): {plain[:60]}…")
        return text

    def provenance_table(self) -> str:
        """附录四: every number printed so far, by chapter (render it last)."""
        if self.provenance is None:
            return ""
        return "\n\n" + self.provenance.table(self.chapter_titles) + "\n\n"

    def label(self, key: str) -> Label:
        try:
            return self.labels[key]
        except KeyError:
            raise TemplateDataError(
                f"'{key}' is not placed by any table()/figure() call in "
                f"{self.chapters_dir}"
            ) from None

    def table(self, name: str) -> str:
        if name not in self.tables:
            raise TemplateDataError(f"table('{name}'): no such table")
        return "\n\n" + self.tables[name](self.label(name)) + "\n\n"

    def figure(self, fig_id: str) -> str:
        label = self.label(fig_id)
        try:
            fig = self.figures[fig_id]
        except KeyError:
            raise TemplateDataError(
                f"figure('{fig_id}'): not in scripts/nanjiang/figures/catalog_*.py"
            ) from None
        width = fig.get("width", "90%")
        # the fields of a figure's caption: its data's, and the numbering
        fields = dict(fig.get("fields", {}), table=_Labels(self), figure=_Labels(self),
                      map_notice=self.map_notice)
        try:
            text, source = (fig["caption"].format_map(fields), fig["source"].format_map(fields))
        except KeyError as e:
            raise TemplateDataError(
                f"figure('{fig_id}'): its caption or source line asks for {e}, which its "
                f"job did not write ({', '.join(sorted(fig.get('fields', {}))) or 'no fields'})"
            ) from None
        if "no_data" in fig.get("fields", {}):
            # a report year before the figure's data: the gap is stated
            source = (f"{source.rstrip('。')}。截至 {self.report_year} 年尚无数据"
                      f"（{fig['fields']['no_data']}）。")
        caption = f"{label.text} {escape(text)}"
        return (
            f"\n\n![{caption}]({fig['path']}){{#{label.anchor} width={width}}}\n\n"
            f"{source_block(escape(source))}\n\n"
        )

    def ref(self, key: str) -> str:
        label = self.label(key)
        return f"[{label.text}](#{label.anchor})"

    def editor_notes(self) -> str:
        """编者说明: every deviation from the original, one list item each."""
        items = [f"{d['item']}：原报告{d['original']}，本版{d['this_edition']}。{d['reason']}"
                 for d in self.deviations]
        if self.new_figures:
            figs = "、".join(self.label(f).text for f in self.new_figures)
            items.append(f"新增图：{figs}为本版据各表数据所绘，原报告无此诸图；"
                         "图下注明所据之表。")
        if self.edition == "corrected":
            items.append(self._typo_note())
            items.append("正文数字与表格不一致之处，按附录一所述证据处理，逐条列于附录一。")
        else:
            items.append("本版依原报告原文排印：错字与数字均未改动，错字仅列于勘误表（附录三），"
                         "不一致之处仅列于附录一。")
        items += self._silent_notes()
        return "\n".join(f"{n}. {escape(t)}" for n, t in enumerate(items, start=1))

    def _typo_note(self) -> str:
        """How the typos were found and how many were corrected (the counts
        from report/errata.csv and report/typo_decisions.csv)."""
        scanned = [d for d in self.typo_decisions if d["kind"] != "reading"]
        read = [d for d in self.typo_decisions if d["kind"] == "reading"]
        places = sum(int(e["occurrences"]) for e in self.errata)
        return (f"错字：编者通读全文，并以检查程序列出疑点——"
                f"连续重复的字和词、重复的短语、与本报告常用词读音相同或相近的词、"
                f"不与相邻的字成词的单字——"
                f"共 {len(scanned)} 处，连同通读所见 {len(read)} 处，逐一按书面规则判定为错字"
                f"或照旧（判定与所据规则见 report/typo_decisions.csv）。认定为错字的 "
                f"{len(self.errata)} 条（{places} 处）已改正，逐条列于勘误表（附录三）；"
                f"其余措辞一仍其旧。")

    def _silent_notes(self) -> list[str]:
        """What the edition changed without a note at the place: the
        typographic rules (nanjiang.text.typography) and what the transcription
        removed (``{# seed removed X: why #}`` in the chapter templates)."""
        rules = "；".join(r.note for r in TYPOGRAPHY)
        notes = [f"以下排印体例径改，不出校记：{rules}。{KEPT}。{REFERENCE_RULE}。"]
        removed: dict[str, list[tuple[str, str]]] = {}
        for path in self.chapter_files:
            source = path.read_text("utf-8")
            heading = re.sub(r"\s*\{#[^}]*\}\s*$", "", source.split("\n", 1)[0].lstrip("# "))
            where = heading if "、" not in heading else f"第{heading.split('、')[0]}章"
            for junk, why in REMOVED.findall(source):
                removed.setdefault(why, []).append((where, junk))
        if removed:
            notes.append("转录时径删：" + "；".join(
                f"{why}{len(places)}处（" + "，".join(
                    where + "".join(f"“{j}”" for w, j in places if w == where)
                    for where in dict.fromkeys(w for w, _ in places)) + "）"
                for why, places in removed.items())
                + "。原报告正文中汉字间的半角标点已改为全角。")
        return notes

    # -- rendering ----------------------------------------------------------

    def _check_derived_numbers(self, text: str) -> None:
        """A number the text states for its own year (a gap, a difference)
        beside a number that followed the report year to a later table row:
        the stated one was derived from the old values and is now out of date
        ("汽车 13.4 辆 … 低近 9—10 个百分点"). Listed for the editor like a
        dated statement (and stops the build with ``stale_statements: stop``)."""
        if self.provenance is None:
            return
        entries = {e["n"]: e for e in self.provenance.entries if e["chapter"] == self.chapter}
        bare = _TITLE.sub("", text)  # an origin's title holds "；" too
        for sentence in _SENTENCES.split(bare):
            shown = [entries[int(n)] for n in _NUM_ID.findall(sentence) if int(n) in entries]
            moved = [e["year"] for e in shown
                     if e["table"] != "facts" and e["year"] > e["stated_year"]]
            if not moved:
                continue
            for e in shown:
                if e["table"] == "facts" and e["stated_year"] < max(moved):
                    plain = plain_text(sentence)
                    self.dated_statements.append({
                        "chapter": self.chapter, "as_of": str(e["stated_year"]),
                        "confirmed": None, "stale": True, "kind": "number",
                        "fact_id": e["fact_id"], "value": e["value"] + e["unit"],
                        "text": plain})
                    if self.stop_on_stale:
                        raise TemplateDataError(
                            f"{self.chapter}: {e['value']}{e['unit']} (fact "
                            f"'{e['fact_id']}', stated for {e['stated_year']}) stands beside "
                            f"numbers of {max(moved)}: revise the sentence, or link the fact "
                            f"to its table cell (compares_to in data/raw/facts.csv): "
                            f"{plain[:60]}…")

    def render(self) -> str:
        parts = []
        for path in self.chapter_files:
            self.chapter = path.name
            template = self.env.get_template(path.name)
            text = template.render().strip() + "\n"
            self._check_derived_numbers(text)
            if self.edition == "corrected":
                text = apply_errata(text, path.name.removesuffix(".md.j2"), self.errata,
                                    some_text_left_out=bool(self.gaps))
            # the edition's typography, in both editions (after the errata,
            # which name the original as printed)
            text = normalise(text, path.name)
            if path.name.startswith("07_references") and (bad := reference_problems(text)):
                raise TemplateDataError("参考文献不合 GB/T 7714 体例：\n" + "\n".join(bad))
            parts.append(text)
            heading = text.split("\n", 1)[0].lstrip("# ")
            heading = re.sub(r"\s*\{[^}]*\}\s*$", "", heading)
            self.chapter_titles[path.name] = re.split("[、　 ]", heading)[0]
        return "\n".join(parts)


# What the transcription of the seed left out, said where (a Jinja comment
# the document never shows): {# seed removed 尅俾: 导出残留的乱码字符 #}
REMOVED = re.compile(r"\{#\s*seed removed (\S+?):\s*([^\s(]*).*?#\}")

# sentences of the rendered Markdown, and the data numbers each holds
_SENTENCES = re.compile(r"(?<=[。！？；])|\n")
_NUM_ID = re.compile(r"#num-(\d+)")
_TITLE = re.compile(r'\s*title="[^"]*"')


def _number_pattern(number: str) -> str:
    """A number as rendered: bare, or a data number carrying its origin
    (``[61\\.4]{.num …}``: Markdown escapes the decimal point)."""
    escaped = re.escape(number).replace(r"\.", r"\\?\.")
    return r"(?:\[" + escaped + r"\]\{\.num[^}]*\}|" + escaped + ")"


# Table cells join the letters of a word (WORD JOINER, ZERO WIDTH SPACE) so
# no renderer breaks it: a correction must see through them.
_JOIN = "[\u2060\u200b]?"


def _tolerant(text: str) -> str:
    """A regex for ``text`` as rendered, whatever its numbers carry."""
    parts = re.split(r"(\d+(?:\.\d+)?)", text)
    return _JOIN.join(_number_pattern(p) if i % 2 else _JOIN.join(map(re.escape, p))
                      for i, p in enumerate(parts) if p)


def apply_errata(text: str, chapter: str, errata: list[dict],
                 some_text_left_out: bool = False) -> str:
    """Each erratum of ``chapter``: its original form must occur exactly as
    often as listed (else the list and the text have drifted apart); fewer
    times only where a table is printed as a stated gap for this report year
    (``some_text_left_out``: the typo may be in it). Only the part that
    differs is replaced, so data numbers around it keep their origin."""
    for e in errata:
        if e["chapter"] != chapter:
            continue
        original, correction = e["original"], e["correction"]
        head = len(os.path.commonprefix([original, correction]))
        tail = len(os.path.commonprefix([original[head:][::-1], correction[head:][::-1]]))
        old_mid = original[head:len(original) - tail]
        new_mid = correction[head:len(correction) - tail]
        pattern = re.compile(f"({_tolerant(original[:head])}{_JOIN}){_tolerant(old_mid)}"
                             f"({_JOIN}{_tolerant(original[len(original) - tail:])})")
        found = len(pattern.findall(text))
        if found != int(e["occurrences"]) and not (some_text_left_out
                                                   and found < int(e["occurrences"])):
            raise TemplateDataError(
                f"report/errata.csv: '{original}' occurs {found} times in {chapter}, "
                f"listed {e['occurrences']}"
            )
        text = pattern.sub(lambda m, new=new_mid: m.group(1) + new + m.group(2), text)
    return text
