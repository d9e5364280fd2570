"""Table cells of the DOCX broken between words, with no invisible character
in the text.

The report's Markdown joins the characters of a table cell's words with WORD
JOINER (U+2060, ``nanjiang.documents.words``), which the PDF turns into
boxes. A word processor would keep the joiners in the text: a cell copied
into a spreadsheet would read "新 U+2060 疆", not "新疆", and a search would miss it.
So the DOCX carries none: where a cell's text is wider than its column, a
line break (``w:br``) is placed between two words, where the PDF may break
too, and the joiners are dropped. Widths are measured as the word processor
sets them: a CJK character or full-width mark is one em, Latin and figures
about half of one (Times New Roman), with the space Word puts between Chinese
and Latin text, and the column's cell margins; the estimate errs wide, so a
line the word processor would fill is broken a little early rather than
broken again inside a word.
"""

from __future__ import annotations

import html
import re
import unicodedata

from nanjiang.documents.words import INVISIBLE, WORD_JOINER, ZERO_WIDTH_SPACE

CLOSING = set("，。、；：！？）》」』】〕”’%")
OPENING = set("（《「『【〔“‘")

# the word processor's margin for error (em): a line is broken when its text
# is within this much of the column's width
SAFETY_EM = 0.4
# Word's autospace between Chinese and Latin letters or figures (em)
AUTOSPACE_EM = 0.25

_T = re.compile(r"(<w:t(?: [^>]*)?>)([^<]*)(</w:t>)")
_UNIT = re.compile(r"&[#0-9A-Za-z]+;|.", re.S)
BREAK = '</w:t><w:br/><w:t xml:space="preserve">'


def _wide(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WFA"


def char_em(c: str) -> float:
    """The width of ``c`` in em, as Times New Roman / 宋体 set it (rounded up)."""
    if c in " \u00a0":
        return 0.25
    if c.isascii():
        if c.isdigit() or c.islower():
            return 0.55 if c not in "mw" else 0.8
        if c.isupper():
            return 0.75
        return 0.45
    return 1.0 if _wide(c) else 0.6


def _alnum(c: str) -> bool:
    return c.isascii() and c.isalnum()


def _cjk(c: str) -> bool:
    return not c.isascii() and _wide(c) and c not in CLOSING | OPENING


def can_break(prev: str, cur: str, glued: bool, zero_width: bool) -> bool:
    """May a line end between ``prev`` and ``cur``? Never inside a joined
    word, a number or a Latin word, before closing or after opening
    punctuation, or next to a no-break space."""
    if glued:
        return False
    if zero_width:
        return True
    if cur == " " or "\u00a0" in (prev, cur):
        return False
    if prev == " ":
        return True
    if cur in CLOSING or prev in OPENING:
        return False
    if prev.isascii() and cur.isascii():
        return prev == "/"
    return True


def line_breaks(units: list[tuple[str, bool, bool]], width_em: float) -> list[int]:
    """Indices of ``units`` (character, joined to the one before, zero-width
    space before) before which a line breaks, so that no line is wider
    than ``width_em``."""
    chars = [c for c, _, _ in units]
    opportunities = [i > 0 and can_break(chars[i - 1], c, glued, zw)
                     and any(ch not in OPENING for ch in chars[i:])
                     for i, (c, glued, zw) in enumerate(units)]
    breaks: list[int] = []
    used, last, used_at_last = 0.0, None, 0.0
    for i, c in enumerate(chars):
        if opportunities[i] and (not breaks or i > breaks[-1]):
            last, used_at_last = i, used
        extra = AUTOSPACE_EM if i and (_cjk(chars[i - 1]) and _alnum(c)
                                       or _alnum(chars[i - 1]) and _cjk(c)) else 0.0
        used += char_em(c) + extra
        if used > width_em and last is not None and last > (breaks[-1] if breaks else 0):
            breaks.append(last)
            used -= used_at_last
            last = None
    # a last line of one character (a word longer than its column, cut
    # anyway) takes one more: 以案例形式 / 剖析, not 以案例形式剖 / 析
    if breaks and len(chars) - breaks[-1] == 1 and _cjk(chars[-1]):
        earlier = [i for i in range(breaks[-1] - 1, breaks[-2] if len(breaks) > 1 else 0, -1)
                   if opportunities[i]]
        if earlier:
            breaks[-1] = earlier[0]
    return breaks


def break_paragraph(paragraph: str, width_em: float) -> str:
    """A cell's paragraph (``<w:p>…</w:p>``) with line breaks between words
    where its text is wider than ``width_em``, and no joiners."""
    texts = list(_T.finditer(paragraph))
    units: list[tuple[str, bool, bool]] = []
    where: list[tuple[int, int]] = []  # (w:t, unit index in it) of each visible unit
    pieces: list[list[str]] = []
    glued = zero_width = False
    for n, m in enumerate(texts):
        pieces.append(_UNIT.findall(m.group(2)))
        for k, unit in enumerate(pieces[-1]):
            c = html.unescape(unit)
            if c == WORD_JOINER:
                glued = True
            elif c == ZERO_WIDTH_SPACE:
                zero_width = True
            elif c not in INVISIBLE:
                units.append((c, glued, zero_width))
                where.append((n, k))
                glued = zero_width = False
    at_units = line_breaks(units, width_em)
    breaks = {where[i] for i in at_units}
    # a space that ends a broken line is dropped
    drop = {where[i - 1] for i in at_units if units[i - 1][0] == " "}
    out, at = [], 0
    for n, m in enumerate(texts):
        text = "".join(("" if (n, k) in drop else (BREAK if (n, k) in breaks else "") + u)
                       for k, u in enumerate(pieces[n])
                       if html.unescape(u) not in INVISIBLE)
        out.append(paragraph[at:m.start()] + m.group(1) + text + m.group(3))
        at = m.end()
    out.append(paragraph[at:])
    return "".join(out)


_GRID_COL = re.compile(r'<w:gridCol w:w="(\d+)" ?/>')
_ROW = re.compile(r"<w:tr>.*?</w:tr>", re.S)
_CELL = re.compile(r"<w:tc>.*?</w:tc>", re.S)
_PARAGRAPH = re.compile(r"<w:p>.*?</w:p>|<w:p .*?</w:p>", re.S)


def full_width(table: str, text_width: int) -> str:
    """The table's columns scaled to the text width (pandoc sizes them for a
    page of its own), so its rules span the text as in the PDF."""
    cols = [int(w) for w in _GRID_COL.findall(table)]
    if not cols:
        return table
    total = sum(cols)
    widths = iter([round(w * text_width / total) for w in cols])
    return _GRID_COL.sub(lambda m: f'<w:gridCol w:w="{next(widths)}"/>', table)


def break_cells(table: str, size_pt: float, margin_twips: int) -> str:
    """Each cell of ``table`` (its grid already final) broken between words to
    its column's width (``size_pt``: the table's font size; ``margin_twips``:
    the cell margin on each side)."""
    cols = [int(w) for w in _GRID_COL.findall(table)]

    def row(m: re.Match) -> str:
        cells = iter(cols)

        def cell(c: re.Match) -> str:
            width = next(cells, cols[-1])
            em = (width - 2 * margin_twips) / 20 / size_pt - SAFETY_EM
            return _PARAGRAPH.sub(lambda p: break_paragraph(p.group(0), em), c.group(0))

        return _CELL.sub(cell, m.group(0))

    return _ROW.sub(row, table)
