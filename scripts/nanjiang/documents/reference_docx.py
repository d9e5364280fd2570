"""Build the DOCX reference document (styles) from pandoc's default one.

Chinese report conventions: Normal/body 宋体 小四 (12 pt), 1.5 line spacing,
first-line indent of two characters; headings 黑体; captions 黑体 五号 centred;
a 三线表 table style; 数据来源 lines in 小五; page numbers in the footer;
footnotes numbered ① ②. Each style sets the East Asian font (w:eastAsia),
or Word would show Chinese in a Latin font's fallback.
"""

from __future__ import annotations

import io
import subprocess

import pypandoc
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

SONG = "宋体"
HEI = "黑体"
LATIN_SERIF = "Times New Roman"
LATIN_SANS = "Arial"


def pandoc_default_reference() -> bytes:
    return subprocess.run(
        [pypandoc.get_pandoc_path(), "--print-default-data-file", "reference.docx"],
        check=True,
        capture_output=True,
    ).stdout


def set_fonts(style, east_asian: str, latin: str, size_pt: float | None = None):
    font = style.font
    font.name = latin
    rpr = style.element.get_or_add_rPr()
    rfonts = rpr.find(qn("w:rFonts"))
    if rfonts is None:
        rfonts = OxmlElement("w:rFonts")
        rpr.insert(0, rfonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        rfonts.set(qn(attr), latin)
    rfonts.set(qn("w:eastAsia"), east_asian)
    for theme_attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme_attr), None)
    if size_pt is not None:
        font.size = Pt(size_pt)
        # East Asian size (w:szCs is complex-script; w:sz covers both here).


def first_line_indent_chars(style, chars: int = 2):
    ppr = style.element.get_or_add_pPr()
    ind = ppr.find(qn("w:ind"))
    if ind is None:
        ind = OxmlElement("w:ind")
        ppr.append(ind)
    ind.set(qn("w:firstLineChars"), str(chars * 100))
    ind.set(qn("w:firstLine"), str(chars * 240))


def body_style(style):
    set_fonts(style, SONG, LATIN_SERIF, 12)
    pf = style.paragraph_format
    pf.line_spacing = 1.5
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    first_line_indent_chars(style)


def heading_style(style, size):
    set_fonts(style, HEI, LATIN_SANS, size)
    style.font.bold = False
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    pf = style.paragraph_format
    pf.space_before = Pt(12)
    pf.space_after = Pt(6)
    pf.line_spacing = 1.5
    pf.first_line_indent = Pt(0)


def caption_style(style):
    set_fonts(style, HEI, LATIN_SANS, 10.5)
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
    pf = style.paragraph_format
    pf.alignment = WD_ALIGN_PARAGRAPH.CENTER
    pf.first_line_indent = Pt(0)
    pf.space_before = Pt(6)
    pf.space_after = Pt(3)


def get_or_add(doc, name, kind=WD_STYLE_TYPE.PARAGRAPH):
    """The style called ``name`` (by name, not id), added if missing."""
    for style in doc.styles:
        if style.name == name:
            return style
    style = doc.styles.add_style(name, kind)
    if kind == WD_STYLE_TYPE.PARAGRAPH:
        style.base_style = doc.styles["Normal"]
    return style


def border(tag: str, size_eighths: int) -> OxmlElement:
    el = OxmlElement(f"w:{tag}")
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size_eighths))
    el.set(qn("w:space"), "0")
    el.set(qn("w:color"), "000000")
    return el


def three_line_table_style(style):
    """三线表: 1.5 pt rules above and below the table, 0.75 pt under the header."""
    el = style.element
    for old in el.findall(qn("w:tblPr")) + el.findall(qn("w:tblStylePr")):
        el.remove(old)
    tblpr = OxmlElement("w:tblPr")
    borders = OxmlElement("w:tblBorders")
    borders.append(border("top", 12))
    borders.append(border("bottom", 12))
    for tag in ("left", "right", "insideH", "insideV"):
        none = OxmlElement(f"w:{tag}")
        none.set(qn("w:val"), "nil")
        borders.append(none)
    tblpr.append(borders)
    jc = OxmlElement("w:jc")
    jc.set(qn("w:val"), "center")
    tblpr.append(jc)
    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        m = OxmlElement(f"w:{side}")
        m.set(qn("w:w"), "100")
        m.set(qn("w:type"), "dxa")
        margins.append(m)
    tblpr.append(margins)
    el.append(tblpr)
    first = OxmlElement("w:tblStylePr")
    first.set(qn("w:type"), "firstRow")
    tcpr = OxmlElement("w:tcPr")
    tcb = OxmlElement("w:tcBorders")
    tcb.append(border("bottom", 6))
    tcpr.append(tcb)
    rpr = OxmlElement("w:rPr")
    rf = OxmlElement("w:rFonts")
    rf.set(qn("w:eastAsia"), HEI)
    rpr.append(rf)
    first.append(rpr)
    first.append(tcpr)
    el.append(first)
    set_fonts(style, SONG, LATIN_SERIF, 10.5)


def page_number_footer(doc):
    section = doc.sections[0]
    footer = section.footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    fld.append(run)
    p._p.append(fld)


def page_header(doc, text: str):
    """A line of text at the top of every page (the 监测预警简报's SYNTHETIC label)."""
    header = doc.sections[0].header
    header.is_linked_to_previous = False
    p = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.text = text


def circled_footnote_numbers(doc):
    settings = doc.settings.element
    pr = settings.find(qn("w:footnotePr"))
    if pr is None:
        pr = OxmlElement("w:footnotePr")
        settings.append(pr)
    fmt = OxmlElement("w:numFmt")
    fmt.set(qn("w:val"), "decimalEnclosedCircleChinese")
    pr.insert(0, fmt)


def build_reference_docx(header: str | None = None) -> bytes:
    doc = Document(io.BytesIO(pandoc_default_reference()))
    styles = doc.styles
    for name in ("Normal", "Body Text", "First Paragraph", "Compact"):
        body_style(get_or_add(doc, name))
    get_or_add(doc, "Compact").paragraph_format.first_line_indent = Pt(0)
    for level, size in ((1, 16), (2, 14), (3, 12), (4, 12), (5, 12)):
        heading_style(styles[f"Heading {level}"], size)
    styles["Heading 1"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    # The cover, the 目录 and each chapter start on a new page.
    styles["Heading 1"].paragraph_format.page_break_before = True
    for level in (1, 2, 3, 4, 5):
        styles[f"Heading {level}"].paragraph_format.keep_with_next = True
    for name in ("Title", "Subtitle", "Author", "Date"):
        style = get_or_add(doc, name)
        heading_style(style, 22 if name == "Title" else 14)
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for name in ("Caption", "Table Caption", "Image Caption"):
        caption_style(get_or_add(doc, name))
    masthead = get_or_add(doc, "报头")  # a brief's issuing unit, 期号, date
    set_fonts(masthead, HEI, LATIN_SANS, 10.5)
    masthead.paragraph_format.first_line_indent = Pt(0)
    masthead.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    masthead.paragraph_format.space_after = Pt(12)
    source = get_or_add(doc, "数据来源")
    set_fonts(source, SONG, LATIN_SERIF, 9)
    source.paragraph_format.first_line_indent = Pt(0)
    source.paragraph_format.line_spacing = 1.0
    source.paragraph_format.space_after = Pt(9)
    for name in ("Footnote Text",):
        style = get_or_add(doc, name)
        set_fonts(style, SONG, LATIN_SERIF, 9)
        style.paragraph_format.first_line_indent = Pt(0)
        style.paragraph_format.line_spacing = 1.0
    toc = get_or_add(doc, "TOC Heading")
    heading_style(toc, 16)
    toc.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    toc.paragraph_format.page_break_before = True
    # Cross-references (见表 2-1) and links print black, not underlined, as in
    # the PDF: they are links still.
    link = get_or_add(doc, "Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0, 0, 0)
    link.font.underline = False
    # A table caption stays with the table's first row.
    get_or_add(doc, "Table Caption").paragraph_format.keep_with_next = True
    # Table cells (documents.table_layout gives them this style): 五号, single
    # spacing, no indent, as in the PDF.
    cells = get_or_add(doc, "TableText")
    set_fonts(cells, SONG, LATIN_SERIF, 10.5)
    cells.paragraph_format.first_line_indent = Pt(0)
    cells.paragraph_format.line_spacing = 1.0
    cells.paragraph_format.space_before = Pt(2)
    cells.paragraph_format.space_after = Pt(2)
    three_line_table_style(styles["Table"])
    page_number_footer(doc)
    if header:
        page_header(doc, header)
    circled_footnote_numbers(doc)
    # Fixed core properties: the reference document is identical on every build.
    props = doc.core_properties
    props.author = ""
    props.title = ""
    props.last_modified_by = ""
    props.revision = 1
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
