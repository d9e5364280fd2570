"""The DOCX route: Markdown -> DOCX (pandoc's writer with our reference
document's styles; options: report/templates/pandoc/docx.yaml), then its XML
finished: the page (docx_layout), the 目录 (docx_toc) and the title property.
No part of it carries an invisible character (a word joiner, a zero-width
space): words are kept whole by the layout (docx_cells).
"""

from __future__ import annotations

import os
import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape as xml_escape

from nanjiang.documents.docx_layout import (
    current_layout,
    front_section,
    section_properties,
    table_layout,
)
from nanjiang.documents.docx_toc import static_toc, update_fields
from nanjiang.documents.pandoc import run_pandoc
from nanjiang.documents.typstmd import print_markdown
from nanjiang.documents.words import strip_invisible


def markdown_to_docx(markdown: Path, out: Path, reference: Path, meta: dict) -> None:
    """pandoc's DOCX writer with our reference document's styles."""
    tmp = Path(out).with_name(f".{Path(out).name}.tmp.docx")
    # the Title paragraph is the cover: the title on its lines (hard breaks
    # between them; the lines are short enough never to break)
    title = strip_invisible(meta.get("cover-title", meta["title"]))
    meta = {k: v for k, v in meta.items() if k != "cover-title"} | {"title": title}
    run_pandoc("docx", "docx", meta, text=print_markdown(Path(markdown).read_text("utf-8")),
               outputfile=tmp, args=[f"--reference-doc={reference}"])
    finish_docx(tmp, meta)
    os.replace(tmp, out)


def plain_title(core: str) -> str:
    """The document's title property without the cover's line breaks (pandoc
    writes them as spaces) and word joiners."""
    def plain(m: re.Match) -> str:
        text = strip_invisible(m.group(2))
        return m.group(1) + re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text) + m.group(3)
    return re.sub(r"(<dc:title>)(.*?)(</dc:title>)", plain, core, flags=re.S)


def _paragraph(text: str, props: str, run_props: str = "") -> str:
    run = f"<w:rPr>{run_props}</w:rPr>" if run_props else ""
    return (f"<w:p><w:pPr>{props}</w:pPr><w:r>{run}<w:t xml:space=\"preserve\">"
            f"{xml_escape(text)}</w:t></w:r></w:p>")


def edition_cover(document: str, items: list[dict]) -> str:
    """The edition's label, a line per item, under the cover's last line
    (pandoc's Date paragraph, 项目批准号)."""
    at = document.find('<w:pStyle w:val="Date" />')
    if at < 0 or not items:
        return document
    end = document.index("</w:p>", at) + len("</w:p>")
    lines = "".join(_paragraph(f"{i['item']}：{i['value']}", '<w:pStyle w:val="Date" />')
                    for i in items)
    return document[:end] + lines + document[end:]


def edition_footer(footer: str, line: str) -> str:
    """The edition's label above the page number of a footer (小五, centred)."""
    at = footer.find('w:instr="PAGE"')
    if at < 0 or not line:
        return footer
    start = footer.rfind("<w:p>", 0, at)
    small = '<w:sz w:val="16"/><w:szCs w:val="16"/>'  # 小五 less: 8 pt
    label = _paragraph(line, f'<w:pStyle w:val="Footer"/><w:jc w:val="center"/><w:rPr>{small}'
                             "</w:rPr>", small)
    return footer[:start] + label + footer[start:]


# A draft's page header, on every page of every section (the cover and the
# 目录 have no footer): a part of its own, referenced from each section.
DRAFT_HEADER = "word/header-draft.xml"
DRAFT_HEADER_ID = "rIdDraftHeader"
_HEADER_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<w:hdr xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    '<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:rPr><w:color w:val="B3261E"/>'
    '<w:sz w:val="18"/></w:rPr><w:t>{}</w:t></w:r></w:p></w:hdr>')


def draft_header_references(document: str) -> str:
    """Every section names the draft's header as its own (its default header)."""
    ref = f'<w:headerReference w:type="default" r:id="{DRAFT_HEADER_ID}"/>'

    def section(m: re.Match) -> str:
        body = re.sub(r'<w:headerReference [^>]*w:type="default"[^>]*/>', "", m.group(2))
        return m.group(1) + ref + body
    return re.sub(r"(<w:sectPr[^>]*>)(.*?)(?=</w:sectPr>)", section, document, flags=re.S)


def finish_docx(docx_path: Path, meta: dict | None = None) -> None:
    """Page set-up, footnote numbering and the 目录 of pandoc's DOCX (pandoc
    keeps no section settings of the reference document), the edition's
    label on the cover and in the footer, and fields updated on open (the
    目录's page numbers). Entries keep their order and timestamps, so the file
    stays reproducible."""
    meta = meta or {}
    with zipfile.ZipFile(docx_path) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(docx_path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "word/document.xml":
                data = edition_cover(front_section(static_toc(table_layout(section_properties(
                    data.decode("utf-8"))))), meta.get("edition-items", [])).encode("utf-8")
            elif re.fullmatch(r"word/footer\d*\.xml", info.filename):
                data = edition_footer(data.decode("utf-8"),
                                      meta.get("edition-line", "")).encode("utf-8")
            elif info.filename == "docProps/core.xml":
                data = plain_title(data.decode("utf-8")).encode("utf-8")
            elif info.filename == "word/settings.xml":
                data = current_layout(update_fields(data.decode("utf-8"))).encode("utf-8")
            if meta.get("draft"):  # 草稿 at the head of every page
                data = _draft_part(info.filename, data)
            if info.filename.endswith((".xml", ".rels")):
                # whatever the Markdown carried (a title's joiners): no reader's text
                data = strip_invisible(data.decode("utf-8")).encode("utf-8")
            z.writestr(info, data)
        if meta.get("draft"):
            header = zipfile.ZipInfo(DRAFT_HEADER, date_time=entries[0][0].date_time)
            z.writestr(header, _HEADER_XML.format("草稿（未定稿，不得作为正式版本发出）")
                       .encode("utf-8"), zipfile.ZIP_DEFLATED)


def _draft_part(name: str, data: bytes) -> bytes:
    """The draft's header announced: its content type, its relationship, a
    reference from every section of the document; other parts as they are."""
    if name not in ("[Content_Types].xml", "word/_rels/document.xml.rels", "word/document.xml"):
        return data
    text = data.decode("utf-8")
    if name == "[Content_Types].xml":
        text = text.replace("</Types>", f'<Override PartName="/{DRAFT_HEADER}" ContentType="'
                            'application/vnd.openxmlformats-officedocument.wordprocessingml.'
                            'header+xml"/></Types>')
    elif name == "word/_rels/document.xml.rels":
        text = text.replace("</Relationships>", f'<Relationship Id="{DRAFT_HEADER_ID}" Type="'
                            'http://schemas.openxmlformats.org/officeDocument/2006/'
                            f'relationships/header" Target="{Path(DRAFT_HEADER).name}"/>'
                            "</Relationships>")
    elif name == "word/document.xml":
        text = draft_header_references(text)
    return text.encode("utf-8")
