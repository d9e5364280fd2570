"""The edition's typographic rules, applied to the rendered Markdown of every
chapter and appendix (``Report.render``), both editions: one function per rule
(``RULES``, each with the sentence the 编者说明 prints).

A rule changes only how a thing is set, never a word of the author, a number
or a quotation's meaning. It works on the text a reader sees: Markdown that
is no text (pandoc attributes, link targets, footnote marks, URLs, fenced-div
lines, a table's alignment row) is set aside first, and so are titles in
《…》, which keep the form they were published in (the 编者说明 says so).
The reference list (``07_references``) is set by its own rule,
``REFERENCE_RULE`` (GB/T 7714-2015, checked by ``reference_problems``): the
editor writes its entries so in the template, and only the rules marked
``references`` apply there.

Digits are ASCII in every rule; ``NUM`` is a number as rendered: bare, with a
Markdown-escaped decimal point (``61\\.4``), or a data number carrying its
origin (``[16]{.num …}``, the attributes set aside as a placeholder).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

HAN = "\u4e00-\u9fff\u3400-\u4dbf"
JOINERS = "\u2060\u200b"  # table cells join the letters of a word (mdtext)

# A span set aside while the rules run: one private-use character each.
_FIRST = 0xE000
_HELD = "[\ue000-\uf8ff]"

# Titles (kept as published) and URLs; and Markdown that is no text.
_KEPT = r"《[^》\n]*》|https?\\?:(?:\\.|[^\s|\\])+"
_KEPT_TEXT = re.compile(_KEPT)
_ASIDE = re.compile(
    r"(?<!\\)\[\^[^\]\s]+\]"               # footnote mark [^c3-1]
    r"|(?<!\\)\]\((?:\\.|[^)\\])*\)"       # link or image target ](…)
    r"|(?<!\\)\{(?:\\.|[^}\\])*\}"         # pandoc attributes {#id .num title="…"}
    rf"|{_KEPT}"
)
_TITLE_ATTR = re.compile(r'(title=")((?:\\.|[^"\\])*)(")')

# a number as rendered: [16]{.num …} (attributes held), 61\.4, 2019
NUM = rf"(?:\[\d+(?:\\?\.\d+)?\]{_HELD}|\d+(?:\\?\.\d+)?)"


@dataclass(frozen=True)
class Rule:
    name: str
    note: str  # what the 编者说明 says of it
    apply: Callable[[str, bool], str]  # (line with spans held, in a table row)
    references: bool = False  # applies to the reference list too


def ellipsis(line: str, table: bool) -> str:
    """Three or more dots (the original's "....." after a quotation, which
    pandoc would read as "….."), an ellipsis run into dots, 。。。, a single
    or a tripled ellipsis → ……"""
    line = re.sub(r"(?:\\?\.){3,}", "…", line)
    line = re.sub(r"…(?:\\?\.)+", "…", line)
    line = re.sub(r"。{3,}", "…", line)
    return re.sub(r"…+", "……", line)


_RANGE = re.compile(
    rf"(?<![A-Za-z0-9_.\\/:-])(?<![表图])(?<![表图] )(?<!: )(?<!\\:)(?<!\\: )"
    rf"({NUM})(\\?-|[－–—~～−])({NUM})"
    rf"(?![A-Za-z0-9_/]|\\?[-.]\d)"
    rf"(\s?)([{HAN}]?)")
_YEAR = re.compile(r"(?:19|20)\d{2}")
_TIME_UNITS = "年月日时"


def ranges(line: str, table: bool) -> str:
    """A range of years or of dates takes the 一字线 (2014—2019 年, 25—26 日),
    any other range of numbers the 浪纹线 (3700～5000, 9～10 个百分点), as
    GB/T 15834 has them; never a hyphen, an en dash or a minus sign. Table and
    figure numbers (表 2-1) and page ranges of a citation (2009(12): 4-23)
    are no ranges."""
    def dash(m: re.Match) -> str:
        low, high, space, after = m.group(1), m.group(3), m.group(4), m.group(5)
        years = bool(_YEAR.fullmatch(low) and _YEAR.fullmatch(high))
        time = after in _TIME_UNITS if after else years
        return f"{low}{'—' if time else '～'}{high}{space}{after}"

    return _RANGE.sub(dash, line)


# a map's 审图号 (新S(2024)012号) is printed as the reviewing office issued it:
# no GB/T 9704 brackets, no space before 号
_REVIEW_NUMBER = re.compile(r"审图号：\S+?号")


def _held(line: str, at: int) -> bool:
    return any(m.start() <= at < m.end() for m in _REVIEW_NUMBER.finditer(line))


def document_numbers(line: str, table: bool) -> str:
    """The year of a document number in 六角括号, as GB/T 9704 sets it:
    新扶贫领字（2018）60号 → 新扶贫领字〔2018〕60号."""
    return re.sub(r"\\?[（(]((?:19|20)\d{2})\\?[）)](?=\d+号)",
                  lambda m: m.group(0) if _held(line, m.start()) else f"〔{m.group(1)}〕", line)


def source_term(line: str, table: bool) -> str:
    """One term for the line under a table or figure: 数据来源 (the original
    printed 资料来源 under some)."""
    return re.sub(r"^(\s*)资料来源(?=：)", r"\1数据来源", line)


def enumerators(line: str, table: bool) -> str:
    """One space after a bracketed number that opens an entry ([8]国务院 →
    [8] 国务院), as after "1." of a heading; none after （1）."""
    return re.sub(r"^(\\?\[\d+\\?\])[ \t]*(?=[^\s\ue000-\uf8ff])", r"\1 ", line)


_HAN_THEN_NUM = re.compile(rf"([{HAN}][{JOINERS}]?)(?=\\?\[?\d)")
# (a digit, or the end of a number's or a link's Markdown: [16]{…}, [表 2-4](#…))
_NUM_THEN_HAN = re.compile(rf"(〕\d+(?=号))|(\d(?:\\?\]?{_HELD})?[{JOINERS}]?)(?=[{HAN}])")


def number_spacing(line: str, table: bool) -> str:
    """One space between a Chinese character and an Arabic numeral, on either
    side (2014 年, 约 16 万人), as the edition's own text sets them; the PDF
    gives it the width of the quarter-em it puts there anyway. In a table
    cell the space is a no-break space: a number and its unit stay on one
    line."""
    space = "\u00a0" if table else " "
    line = _HAN_THEN_NUM.sub(lambda m: m.group(1) + space, line)
    # (a document number is a name: 〔2018〕16号 stays as it is)
    return _NUM_THEN_HAN.sub(lambda m: m.group(0) if m.group(1) or _held(line, m.start())
                             else m.group(2) + space, line)


RULES = [
    Rule("ellipsis", "省略号一律作“……”（原报告引文后的五个句点等，GB/T 15834）", ellipsis,
         references=True),
    Rule("ranges", "年份、日期的起止用一字线（2014—2019 年），其他数值范围用浪纹线"
         "（3700～5000），不用连字符或减号（GB/T 15834）", ranges),
    Rule("document_numbers", "发文字号中的年份用六角括号（新扶贫领字〔2018〕60号，GB/T 9704）",
         document_numbers),
    Rule("source_term", "表、图下的来源说明统一称“数据来源”（原报告部分作“资料来源”）",
         source_term),
    Rule("enumerators", "序号后的空格统一：“1.”与“[1]”后空一格，“（1）”后不空", enumerators,
         references=True),
    Rule("number_spacing", "汉字与阿拉伯数字之间空一格（2014 年、约 16 万人；表格中为不换行空格）",
         number_spacing),
]

# Kept as published, whichever rule would touch them (the 编者说明 says so).
KEPT = "书名号内的文献标题照原样，不按以上各条改动"

# The reference list: one rule, written once, printed in the 编者说明 and
# checked on the rendered text (reference_problems).
REFERENCE_RULE = (
    "参考文献按 GB/T 7714（2015 年版）统一著录，全表连续编号，分专著、期刊论文、学位论文三组："
    "“作者. 题名[M]. 出版地: 出版者, 年.”“作者. 题名[J]. 刊名, 年, 卷(期).”"
    "“作者. 题名[D]. 保存单位, 年.”；著录用的句点、逗号、冒号、圆括号用半角并后空一格"
    "（GB/T 7714 的用法），题名内的标点照原文用全角；原报告未载的出版地、卷号、页码不补"
)

_AUTHORS = r"[^\s,.:\[\]()]+(?:, [^\s,.:\[\]()]+)*"
_TITLE = r"[^\s,.\[\]](?:[^,.\[\]]*[^\s,.\[\]])?"  # may hold "题名: 副题名"
_PUBLISHER = r"[^\s,.:\[\]()]+"
_REF_YEAR = r"(?:19|20)\d{2}"
REFERENCE_ENTRY = re.compile(
    rf"\[(?P<n>\d+)\] (?P<authors>{_AUTHORS})\. (?P<title>{_TITLE})"
    rf"(?:\[M\]\. (?:\d+版\. )?(?:{_PUBLISHER}: )?{_PUBLISHER}(?:, {_PUBLISHER})*, {_REF_YEAR}"
    rf"|\[J\]\. [^\s,.:\[\]]+(?:\([^\s()]+\))?, {_REF_YEAR}(?:, \d+)?(?:\((?:\d+|\d+-\d+)\))?"
    rf"|\[D\]\. (?:{_PUBLISHER}: )?{_PUBLISHER}, {_REF_YEAR})\."
)


def reference_problems(markdown: str) -> list[str]:
    """What breaks ``REFERENCE_RULE`` in a rendered reference list (the
    Markdown from its heading on): an entry not in GB/T 7714 form, a number
    out of the one sequence 1, 2, 3, ...; empty when it is kept."""
    problems, expected = [], 1
    for line in markdown.split("\n"):
        line = line.replace("\\[", "[").replace("\\]", "]").strip()
        number = re.match(r"\[(\d+)\]", line)
        if number is None:
            continue
        if REFERENCE_ENTRY.fullmatch(line) is None:
            problems.append(f"not GB/T 7714: {line}")
        if int(number[1]) != expected:
            problems.append(f"numbered {number[1]}, expected {expected}: {line}")
        expected = int(number[1]) + 1
    return problems


def _hold(line: str, held: list[str]) -> str:
    def keep(m: re.Match) -> str:
        text = m.group(0)
        if text.startswith("{"):  # a title attribute is text a reader sees
            text = _TITLE_ATTR.sub(lambda t: t.group(1) + _normalise_kept(t.group(2))
                                   + t.group(3), text)
        held.append(text)
        return chr(_FIRST + len(held) - 1)
    return _ASIDE.sub(keep, line)


def _restore(line: str, held: list[str]) -> str:
    return re.sub(_HELD, lambda m: held[ord(m.group(0)) - _FIRST], line)


def _normalise_kept(text: str) -> str:
    """Text inside an attribute: titles and URLs kept, the rest normalised."""
    held: list[str] = []
    text = _KEPT_TEXT.sub(lambda m: held.append(m.group(0)) or chr(_FIRST + len(held) - 1),
                          text)
    return _restore(normalise_text(text), held)


def normalise_text(text: str, references: bool = False, table: bool = False) -> str:
    """One line of text (no Markdown set aside) under every rule."""
    for rule in RULES:
        if rule.references or not references:
            text = rule.apply(text, table)
    return text


def normalise(markdown: str, chapter: str = "") -> str:
    """Rendered Markdown of one chapter under every rule (``chapter`` the
    template's name: ``07_references`` is set by ``REFERENCE_RULE``)."""
    references = chapter.startswith("07_references")
    lines = []
    for line in markdown.split("\n"):
        if line.startswith(":::") or re.fullmatch(r"\|[-:| ]+\|", line):
            lines.append(line)
            continue
        held: list[str] = []
        text = _hold(line, held)
        text = normalise_text(text, references, table=line.startswith("|"))
        lines.append(_restore(text, held))
    return "\n".join(lines)
