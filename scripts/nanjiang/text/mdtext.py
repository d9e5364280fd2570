"""Turn data into pandoc Markdown that can never be read as markup.

Text from data (region names, notes, citations) may contain characters that
Markdown, raw typst/HTML/LaTeX or pandoc attributes would interpret. Every
such character is backslash-escaped, so pandoc reads it as a literal
character and each writer (typst, docx) escapes it again for its own format.
"""

from __future__ import annotations

import re

from nanjiang.documents.words import display_width, join_word, widest_word, words

# Every ASCII punctuation character may be backslash-escaped in pandoc Markdown.
_PUNCT = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~^$@&%=:;'\"/,?])")


def escape(text: str) -> str:
    """Escape text so that pandoc Markdown reads every character literally."""
    text = str(text).replace("\r", " ").replace("\n", " ")
    return _PUNCT.sub(r"\\\1", text)


# What can open markup inside a line of pandoc Markdown (raw HTML, code and
# raw spans, links, attributes, emphasis, math, citations, footnotes, tables,
# entities); '.', '-', '(' and the like cannot there, and stay readable.
_INLINE_MARKUP = re.compile(r"([\\`*_{}\[\]<>#|~^$@&])")


def escape_inline(text: str) -> str:
    """Text from data inside a line of a Markdown page read by people too
    (changes.md): every character that could open markup escaped, the rest
    left as it is."""
    text = str(text).replace("\r", " ").replace("\n", " ")
    return _INLINE_MARKUP.sub(r"\\\1", text)


def source_block(markdown: str) -> str:
    """A 数据来源 block under a table or figure (``markdown`` already escaped):
    the custom style the DOCX (reference_docx), PDF and HTML set in 小五."""
    return f"::: {{custom-style=\"数据来源\"}}\n{markdown}\n:::"


def unescape(text: str) -> str:
    """The literal text of an escaped cell."""
    return re.sub(r"\\(.)", r"\1", text)


def unbreakable_words(cell: str) -> str:
    """An escaped cell whose words cannot break inside (see cjkwords)."""
    return " ".join(
        "".join(escape(join_word(w)) + (ZERO_WIDTH_SPACE if w.endswith("_") else "")
                for w in words(chunk))
        for chunk in unescape(cell).split(" ")
    )


# A break opportunity after the underscore of an identifier (xj_yearbook_2016).
ZERO_WIDTH_SPACE = "\u200b"


# The text block of the PDF in table characters: A4 less 2 x 3.17 cm margins
# (146.6 mm = 415 pt) at 10.5 pt, in Latin widths (a CJK character is two),
# less the cell padding of 1 em per column.
TEXT_WIDTH = 79
# From this many columns a table is set in 小五 (9 pt) instead of 五号 (10.5 pt).
WIDE_TABLE_COLUMNS = 7
PADDING = 2
# A cell wider than this is text (a list of counties, a note) and wraps.
LONGEST_UNWRAPPED = 30
# No column is kept wider than this for one word.
LONGEST_WORD = 30


# A column's header takes at most this many lines where the width allows.
HEADER_LINES = 3


# Full-width brackets as the PDF sets a word: typst sets each word of a cell as
# a box of its own, and compresses the bracket that opens or closes it to half
# width (（%） is 1.9 em, not 2.5), as Chinese typesetting does at a line's ends.
_HALF_OPENING = "（《【“"
_HALF_CLOSING = "）》】”，。、；："


def set_width(piece: str) -> int:
    """Columns a header word takes in the PDF (see _HALF_OPENING)."""
    return (display_width(piece) - (piece[:1] in _HALF_OPENING)
            - (len(piece) > 1 and piece[-1] in _HALF_CLOSING))


def header_lines(pieces: list[str], width: float) -> int:
    """Lines a header of unbreakable ``pieces`` takes in ``width`` columns."""
    lines, used = 1, 0
    for piece in pieces:
        w = set_width(piece)
        if used and used + w > width:
            lines, used = lines + 1, 0
        used += w
    return lines


def column_widths(header: list[str], rows: list[list[str]]) -> list[float]:
    """Relative column widths from the display width of the content.

    Each column gets at least its widest unbreakable word (header words, whole
    numbers, region names) plus padding; the rest of the text width goes first
    to columns whose cells would otherwise wrap, in proportion to how much
    more they need, so short columns stay short and text columns take the rest.
    """
    # a wide table is set in 小五 (9 pt, report.typ): more columns to the line
    text_width = TEXT_WIDTH * (10.5 / 9 if len(header) >= WIDE_TABLE_COLUMNS else 1)
    least, natural, text = [], [], []
    for i, head in enumerate(header):
        cells = [unescape(row[i]) for row in rows]
        word = min(LONGEST_WORD,
                   max([widest_word(unescape(head))] + [widest_word(c) for c in cells]))
        longest = max([display_width(c) for c in cells] + [0])
        head_width = display_width(unescape(head))
        least.append(word + PADDING)
        # a text column: its cells are long and made of several words
        text.append(longest > LONGEST_UNWRAPPED and longest > 1.5 * word)
        natural.append(max(word, min(longest, 60), min(head_width, LONGEST_UNWRAPPED // 2))
                       + PADDING)
    # Text columns (cells longer than LONGEST_UNWRAPPED) wrap anyway: when
    # the words do not fit side by side, they give up width first.
    fixed = sum(m for m, t in zip(least, text, strict=True) if not t)
    if sum(least) > text_width and any(text):
        flexible = max(text_width - fixed, 12 * sum(text))
        flex_least = sum(m for m, t in zip(least, text, strict=True) if t)
        # but never below the widest word (up to 8 CJK characters)
        floor = max(12, min(18, (text_width - fixed) / sum(text)))
        least = [max(m * flexible / flex_least, min(m, floor)) if t else m
                 for m, t in zip(least, text, strict=True)]
    # A header never stacks a word or two a line: while there is room, the
    # column whose header takes the most lines (over HEADER_LINES) widens.
    heads = [words(unescape(h)) for h in header]
    while sum(least) + 1 <= text_width:
        lines = [header_lines(h, m - PADDING) for h, m in zip(heads, least, strict=True)]
        worst = max(range(len(heads)), key=lambda i: lines[i])
        if lines[worst] <= HEADER_LINES:
            break
        least[worst] += 1
    room = text_width - sum(least)
    want = [n - m for n, m in zip(natural, least, strict=True)]
    if room > 0 and sum(want) > 0:
        share = min(1.0, room / sum(want))
        widths = [m + max(w, 0) * share for m, w in zip(least, want, strict=True)]
    else:
        widths = list(least)
    excess = sum(widths) - text_width
    text_total = sum(w for w, t in zip(widths, text, strict=True) if t)
    if excess > 0 and text_total > excess + 8 * sum(text):
        # over-full: the text columns wrap a little more, the others stay whole
        widths = [w - excess * w / text_total if t else w
                  for w, t in zip(widths, text, strict=True)]
    total = sum(widths)
    return [w / total for w in widths]


class Markup(str):
    """A cell that is Markdown already (a number carrying its origin,
    ``[105.59]{.num title=…}``): a table keeps it as it is."""


_ATTRIBUTES = re.compile(r"\{[^}]*\}")


def _visible(cell: str) -> str:
    return _ATTRIBUTES.sub("", cell).replace("[", "").replace("]", "") \
        if isinstance(cell, Markup) else cell


def _cell(cell: str) -> str:
    return cell if isinstance(cell, Markup) else unbreakable_words(cell)


def pipe_table(header: list[str], rows: list[list[str]], align: list[str]) -> str:
    """A pandoc pipe table; ``align`` holds 'l', 'r' or 'c' per column.

    The separator line carries the relative column widths (pandoc reads them
    from the number of dashes, ``column_widths``); every cell's words are
    joined so that no renderer breaks a word, a unit or a number.
    """
    visible = [[_visible(c) for c in row] for row in rows]
    dashes = [max(3, round(1000 * w)) for w in column_widths(header, visible)]
    marks = {"l": ":{}", "r": "{}:", "c": ":{}:"}
    lines = [
        "| " + " | ".join(unbreakable_words(h) for h in header) + " |",
        "|" + "|".join(marks[a].format("-" * d) for a, d in zip(align, dashes, strict=True)) + "|",
    ]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


_FOOTNOTE_REF = re.compile(r"\[\^[^\]]+\]")
_LINK = re.compile(r"\[((?:\\.|[^\]\\])*)\]\([^)]*\)")
# a number or cell carrying its origin: [10371]{.cell table=… title=…}
_SPAN = re.compile(r"\[((?:\\.|[^\]\\])*)\]\{[#.](?:\\.|[^}\\])*\}")
_ATTRS = re.compile(r"\{[#.](?:\\.|[^}\\])*\}")
_ESCAPED = re.compile(r"\\(.)")


def plain_text(markdown: str) -> str:
    """What a reader sees of a line of our Markdown: no footnote markers,
    links and spans reduced to their text, attributes and escapes removed,
    no word joiners."""
    text = _FOOTNOTE_REF.sub("", markdown)
    text = _SPAN.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _ATTRS.sub("", text)
    text = _ESCAPED.sub(r"\1", text)
    return text.replace("**", "").replace("\u2060", "").replace("\u200b", "").strip()
