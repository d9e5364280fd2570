"""The page of pandoc's DOCX (word/document.xml), which keeps no section
settings of the reference document: A4 and the PDF's margins, footnotes ①
per page, cover and 目录 as a section without page numbers, tables set as in
the PDF.
"""

from __future__ import annotations

import re

from nanjiang.documents.docx_cells import break_cells, full_width
from nanjiang.text.mdtext import WIDE_TABLE_COLUMNS

# A4 (twips), margins as the PDF (2.54 cm top/bottom, 3.17 cm left/right);
# footnotes ① … restarting on every page, as in the PDF.
SECTION_PAGE = (
    '<w:pgSz w:w="11906" w:h="16838"/>'
    '<w:pgMar w:top="1440" w:right="1797" w:bottom="1440" w:left="1797" '
    'w:header="851" w:footer="992" w:gutter="0"/>'
)
FOOTNOTE_PR = (
    '<w:footnotePr><w:numFmt w:val="decimalEnclosedCircleChinese"/>'
    '<w:numRestart w:val="eachPage"/></w:footnotePr>'
)
TEXT_WIDTH_TWIPS = 11906 - 2 * 1797


def section_properties(document: str) -> str:
    """The body's last section: A4, margins, footnotes ① per page."""
    head, sep, tail = document.rpartition("<w:sectPr")
    if not sep:
        return document
    tail = re.sub(r"<w:footnotePr>.*?</w:footnotePr>", "", tail, flags=re.S)
    tail = re.sub(r"<w:pgSz[^>]*/>|<w:pgMar[^>]*/>", "", tail)
    close = tail.index("</w:sectPr>")
    # the body's pages are numbered from 1, as in the PDF (cover and 目录 are
    # a section of their own, without page numbers: front_section)
    return (head + sep + tail[:close] + FOOTNOTE_PR + SECTION_PAGE
            + '<w:pgNumType w:start="1"/>' + tail[close:])


_TOC_END = re.compile(r"</w:sdtContent>\s*</w:sdt>")


def front_section(document: str) -> str:
    """Cover and 目录 as a section of their own, ended after the 目录: no
    footer there (the first section names none), so no page number on the
    cover or the 目录; the body starts at page 1 (Chinese reports, and the PDF).
    Page headers are the body's."""
    toc = document.find('TOC \\o')
    end = _TOC_END.search(document, toc) if toc >= 0 else None
    if end is None:
        return document
    # the body's page header (a SYNTHETIC label, say) is the front's too; only
    # the footer with the page number is left out
    last = document[document.rfind("<w:sectPr"):]
    headers = "".join(re.findall(r"<w:headerReference [^>]*/>", last))
    front = ('<w:p><w:pPr><w:spacing w:before="0" w:after="0"/><w:sectPr>'
             f"{headers}{FOOTNOTE_PR}{SECTION_PAGE}</w:sectPr></w:pPr></w:p>")
    return document[: end.end()] + front + document[end.end():]


_TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.S)
# Run properties that come after w:sz in the schema's order (CT_RPr).
_AFTER_SZ = re.compile(r"<w:(?:highlight|u|effect|bdr|shd|fitText|vertAlign|rtl|cs|em|lang|"
                       r"eastAsianLayout|specVanish|oMath)\b")
SMALL = '<w:sz w:val="18"/><w:szCs w:val="18"/>'  # 小五, 9 pt
# cell margins (twips, each side): the table style's, and a 小五 table's
CELL_MARGIN, SMALL_CELL_MARGIN = 100, 90
# A table of at most this many body rows stays on one page with its
# 数据来源 lines, as in the PDF; a longer one keeps its first and last rows
# together (caption, header and two rows; two rows and the 数据来源 lines).
SHORT_TABLE_ROWS = 8
KEPT_ROWS = 2


def _small_run(match: re.Match) -> str:
    props = re.sub(r"<w:szCs? [^>]*/>", "", match.group(1))
    after = _AFTER_SZ.search(props)
    at = after.start() if after else len(props)
    return f"<w:rPr>{props[:at]}{SMALL}{props[at:]}</w:rPr>"


def small_text(table: str) -> str:
    """Every run of a table in 小五 (9 pt), as the PDF sets a wide table, and
    cell margins of half an em (4.5 pt, the PDF's inset; the columns are sized
    for them: nanjiang.text.mdtext.column_widths)."""
    table = table.replace(
        '<w:tblLayout w:type="fixed" />',
        '<w:tblLayout w:type="fixed" /><w:tblCellMar><w:left w:w="90" w:type="dxa"/>'
        '<w:right w:w="90" w:type="dxa"/></w:tblCellMar>', 1)
    table = re.sub(r"<w:rPr>(.*?)</w:rPr>", _small_run, table, flags=re.S)
    return table.replace("<w:r><w:t", f"<w:r><w:rPr>{SMALL}</w:rPr><w:t")


_ROW = re.compile(r"<w:tr>.*?</w:tr>", re.S)
_CELL_STYLE = '<w:pStyle w:val="TableText" />'


def keep_rows(table: str) -> str:
    """Keep-with-next on the paragraphs of the rows that must not be left at
    a page foot, or start a page alone: every row of a short table, the
    header and first rows and the last rows of a long one (the last row
    keeps the 数据来源 line under the table with it)."""
    rows = _ROW.findall(table)
    body = len(rows) - 1
    # keep-with-next binds a row to the next: on the header and the first row
    # (header and two rows together), and on the last two rows (they and the
    # 数据来源 line); one more row each side kept three rows of 附录一 (a third of
    # a page each) together and left a page half empty
    kept = set(range(len(rows))) if body <= SHORT_TABLE_ROWS else \
        set(range(KEPT_ROWS)) | set(range(len(rows) - KEPT_ROWS, len(rows)))
    numbered = iter(range(len(rows)))

    def row(m: re.Match) -> str:
        if next(numbered) not in kept:
            return m.group(0)
        return m.group(0).replace(_CELL_STYLE, _CELL_STYLE + "<w:keepNext/>")

    return _ROW.sub(row, table)


def _table_layout(match: re.Match) -> str:
    table = match.group(0).replace('<w:pStyle w:val="Compact" />', _CELL_STYLE)
    small = table.count("<w:gridCol ") >= WIDE_TABLE_COLUMNS
    if small:
        table = small_text(table)
    # full text width, so that the table's rules and the 数据来源 lines under
    # it start at the margin, as in the PDF; cells broken between words
    table = full_width(table, TEXT_WIDTH_TWIPS)
    table = break_cells(table, 9 if small else 10.5,
                        SMALL_CELL_MARGIN if small else CELL_MARGIN)
    table = keep_rows(table)
    # a row never splits across pages (a number or a region name stays whole)
    table = table.replace("<w:tr><w:trPr>", "<w:tr><w:trPr><w:cantSplit/>")
    return re.sub(r"<w:tr>(?!<w:trPr>)", "<w:tr><w:trPr><w:cantSplit/></w:trPr>", table)


def table_layout(document: str) -> str:
    """Table cells in the 表格文字 style (五号, single spacing), broken between
    words; rows unsplittable, the first and last rows kept together."""
    return _TABLE.sub(_table_layout, document)


COMPATIBILITY_MODE = ('<w:compatSetting w:name="compatibilityMode" '
                      'w:uri="http://schemas.microsoft.com/office/word" w:val="15"/>')
# The settings that come after w:compat in the schema's order (CT_Settings).
_AFTER_COMPAT = re.compile(
    r"<w:(?:docVars|rsids|mathPr|attachedSchema|themeFontLang|clrSchemeMapping|"
    r"doNotIncludeSubdocsInStats|doNotAutoCompressPictures|forceUpgrade|captions|"
    r"readModeInkLockDown|smartTagType|schemaLibrary|shapeDefaults|doNotEmbedSmartTags|"
    r"decimalSymbol|listSeparator)\b|</w:settings>")


def current_layout(settings: str) -> str:
    """word/settings.xml asking for the word processor's current layout
    (Word 2013 on, compatibility mode 15), not an older version's: there a
    table's rules start at the margin, as in the PDF and as the 数据来源 line
    under it, where an older layout would set them half an em into the margin
    (pandoc's DOCX names no mode, which Word and LibreOffice read as old)."""
    settings = re.sub(r'<w:compatSetting w:name="compatibilityMode"[^>]*/>', "", settings)
    if "<w:compat>" in settings:
        return settings.replace("<w:compat>", "<w:compat>" + COMPATIBILITY_MODE, 1)
    if "<w:compat/>" in settings:
        return settings.replace("<w:compat/>", f"<w:compat>{COMPATIBILITY_MODE}</w:compat>", 1)
    at = _AFTER_COMPAT.search(settings)
    if at is None:
        raise ValueError("word/settings.xml without </w:settings>")
    return settings[: at.start()] + f"<w:compat>{COMPATIBILITY_MODE}</w:compat>" + \
        settings[at.start():]

