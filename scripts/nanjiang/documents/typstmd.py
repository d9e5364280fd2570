"""The report's Markdown as the print routes read it: the span attributes that
pandoc's typst and DOCX writers ignore are left out.

Each number and table cell carries its origin in a bracketed span
(``[10371]{.cell table=… title=…}``) for the HTML edition; the PDF and the
DOCX never show it. pandoc's Markdown reader spends about a quarter of its
time on those attributes, so the print routes drop them before reading: the
typst source and the DOCX are the same (tested).

The words of a table cell, joined by word joiners, become boxes in the PDF
(custom-styles.lua explains why): they are marked here, around each word, and
boxed in pandoc's typst output (``mark_words``, ``box_words``), which costs
far less than a Lua filter walking every table.
"""

from __future__ import annotations

import re

# a bracketed span's attributes, ]{…} (a quoted value may hold braces or \")
_SPAN_ATTRS = re.compile(r'(?<!\\)\]\{((?:[^{}"]|"(?:[^"\\]|\\.)*")*)\}')
_ATTR = re.compile(r'[^\s=]+(?:="(?:[^"\\]|\\.)*"|=[^\s"]*)?')


def _printed(attr: str) -> bool:
    """The identifier (a label, a bookmark) and classes (.underline,
    .smallcaps, .mark) are read by both writers; of key=value attributes only
    lang, custom-style (a DOCX character style) and typst:…"""
    key, eq, _ = attr.partition("=")
    return not eq or key in ("lang", "custom-style") or key.startswith("typst:")


def _keep(match: re.Match) -> str:
    attrs = [a for a in _ATTR.findall(match.group(1)) if _printed(a)]
    return "]{" + " ".join(attrs) + "}"


def print_markdown(markdown: str) -> str:
    """``markdown`` without the span attributes the typst and DOCX writers ignore."""
    return _SPAN_ATTRS.sub(_keep, markdown)


# Word boxes (see custom-styles.lua): in a run of text the characters of a
# word are joined by WORD JOINER; a break is allowed where two characters
# meet without one, unless both are ASCII (a number or a Latin word).
WJ = "\u2060"
BOX_OPEN, BOX_CLOSE = "\ue000", "\ue001"  # private use: never in the text
# A zero-width space (a break after the _ of an identifier) would be copied
# into the PDF's text: it becomes an empty space of typst's instead.
ZWSP, BREAK_MARK = "\u200b", "\ue002"
# a run of text: escaped characters and characters that are no Markdown markup
_RUN = re.compile(r"(?:\\[^\s]|[^\s\\\[\]{}|*`<>$^~\"'#@!_])+")
_UNIT = re.compile(r"\\[^\s]|.", re.S)


def _box_run(match: re.Match) -> str:
    run = match.group(0)
    if WJ not in run:
        return run
    groups: list[list[str]] = []
    prev = None
    for unit in _UNIT.findall(run):
        if unit == WJ:
            prev = None
            continue
        visible = unit[-1]
        if not groups or (prev is not None and not (prev.isascii() and visible.isascii())):
            groups.append([])
        groups[-1].append(unit)
        prev = visible
    return "".join(BOX_OPEN + "".join(g) + BOX_CLOSE if len(g) > 1 else g[0] for g in groups)


def mark_words(markdown: str) -> str:
    """Each word joined by word joiners between private-use marks, which
    pandoc reads as plain characters and ``box_words`` turns into boxes (a
    zero-width space into a break opportunity)."""
    return _RUN.sub(_box_run, markdown).replace(ZWSP, BREAK_MARK)


_MARKED = re.compile(f"{BOX_OPEN}(.*?){BOX_CLOSE}", re.S)


def box_words(typst: str) -> str:
    return _MARKED.sub(r"#box[\1]", typst).replace(BREAK_MARK, "#h(0pt);")
