"""The report's Markdown as the PDF route reads it: the span attributes that
pandoc's typst writer ignores are left out.

Each number and table cell carries its origin in a bracketed span
(``[10371]{.cell table=… title=…}``) for the HTML edition; the PDF never shows
it. pandoc's Markdown reader spends about a quarter of its time on those
attributes, so the PDF route drops them before reading: the typst source is
the same (tested).
"""

from __future__ import annotations

import re

# a bracketed span's attributes, ]{…} (a quoted value may hold braces or \")
_SPAN_ATTRS = re.compile(r'(?<!\\)\]\{((?:[^{}"]|"(?:[^"\\]|\\.)*")*)\}')
_ATTR = re.compile(r'[^\s=]+(?:="(?:[^"\\]|\\.)*"|=[^\s"]*)?')


def _typst_reads(attr: str) -> bool:
    """The identifier (a label) and classes (.underline, .smallcaps, .mark)
    are the typst writer's; of key=value attributes only lang and typst:…"""
    key, eq, _ = attr.partition("=")
    return not eq or key == "lang" or key.startswith("typst:")


def _keep(match: re.Match) -> str:
    attrs = [a for a in _ATTR.findall(match.group(1)) if _typst_reads(a)]
    return "]{" + " ".join(attrs) + "}"


def typst_markdown(markdown: str) -> str:
    """``markdown`` without the span attributes the typst writer ignores."""
    return _SPAN_ATTRS.sub(_keep, markdown)
