"""The 目录 of the DOCX: pandoc's empty TOC field filled with its entries,
each linked to its heading.
"""

from __future__ import annotations

import re

from nanjiang.documents.docx_layout import TEXT_WIDTH_TWIPS

_HEADING = re.compile(
    r'<w:bookmarkStart w:id="\d+" w:name="([^"]+)" />\s*'
    r'<w:p><w:pPr><w:pStyle w:val="Heading([12])" />.*?</w:pPr>(.*?)</w:p>',
    re.S,
)
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")
_TOC_FIELD = re.compile(
    r'<w:p><w:r><w:fldChar w:fldCharType="begin" w:dirty="true" />'
    r'(<w:instrText xml:space="preserve">TOC [^<]*</w:instrText>)'
    r'<w:fldChar w:fldCharType="separate" /><w:fldChar w:fldCharType="end" /></w:r></w:p>'
)


def toc_headings(document: str) -> list[tuple[str, str, str]]:
    """(bookmark, level, text) of the headings the 目录 lists (levels 1-2)."""
    return [(bookmark, level, "".join(_TEXT.findall(body)))
            for bookmark, level, body in _HEADING.findall(document)]


def _toc_entry(bookmark: str, level: str, text: str, first: str, last: str) -> str:
    """One line of the 目录: title, dot leader, page number (a PAGEREF to the
    heading's bookmark, which Word and LibreOffice fill in from the layout)."""
    indent = 0 if level == "1" else 480
    return (
        f'<w:p><w:pPr><w:pStyle w:val="TOC{level}"/>'
        f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH_TWIPS}"/></w:tabs>'
        f'<w:spacing w:after="0"/><w:ind w:left="{indent}" w:firstLine="0" w:firstLineChars="0"/>'
        f'</w:pPr>{first}'
        f'<w:hyperlink w:anchor="{bookmark}" w:history="1">'
        f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r><w:r><w:tab/></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> PAGEREF {bookmark} \\h </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        '<w:r><w:t></w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>'
        f'</w:hyperlink>{last}</w:p>'
    )


def static_toc(document: str) -> str:
    """Fill pandoc's empty TOC field with its entries (levels 1-2), so the
    目录 is there when the file is opened, without a prompt to update fields.
    Each entry ends in a PAGEREF field to its heading, its result empty."""
    match = _TOC_FIELD.search(document)
    headings = toc_headings(document)
    if not match or not headings:
        return document
    begin = f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r>{match.group(1)}</w:r>' \
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    lines = [_toc_entry(bookmark, level, text, begin if n == 0 else "",
                        end if n == len(headings) - 1 else "")
             for n, (bookmark, level, text) in enumerate(headings)]
    return document[: match.start()] + "".join(lines) + document[match.end():]
