"""The 目录 of the DOCX: pandoc's empty TOC field filled with its entries,
each linked to its heading, and the word processor asked to update fields
when it opens the file.

Page numbers come from a layout, which only the word processor has. The
settings ask it to update fields on open (``w:updateFields``): Word asks the
reader whether to, then rebuilds the 目录 with its own page numbers. Until
then, and in a reader that does not update fields (LibreOffice 7.4 keeps the
entries as they are, in --convert-to too), the 目录 lists the headings, each
a link, without page numbers rather than with the numbers of another layout.
"""

from __future__ import annotations

import re

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
    """One line of the 目录: the heading's text, a link to its bookmark."""
    indent = 0 if level == "1" else 480
    return (
        f'<w:p><w:pPr><w:pStyle w:val="TOC{level}"/>'
        f'<w:spacing w:after="0"/><w:ind w:left="{indent}" w:firstLine="0" w:firstLineChars="0"/>'
        f'</w:pPr>{first}'
        f'<w:hyperlink w:anchor="{bookmark}" w:history="1">'
        f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'
        f'</w:hyperlink>{last}</w:p>'
    )


def static_toc(document: str) -> str:
    """Fill pandoc's empty TOC field with its entries (levels 1-2), so the
    目录 is there when the file is opened, whether or not fields are updated."""
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


UPDATE_FIELDS = '<w:updateFields w:val="true"/>'
# The settings that come after w:updateFields in the schema's order (CT_Settings).
_AFTER_UPDATE_FIELDS = re.compile(
    r"<w:(?:hdrShapeDefaults|footnotePr|endnotePr|compat|docVars|rsids|mathPr|"
    r"attachedSchema|themeFontLang|clrSchemeMapping|doNotIncludeSubdocsInStats|"
    r"doNotAutoCompressPictures|forceUpgrade|captions|readModeInkLockDown|smartTagType|"
    r"schemaLibrary|shapeDefaults|doNotEmbedSmartTags|decimalSymbol|listSeparator)\b"
    r"|</w:settings>")


def update_fields(settings: str) -> str:
    """word/settings.xml asking the word processor to update the fields (the
    目录 and its page numbers) when it opens the document."""
    settings = re.sub(r"<w:updateFields\b[^>]*/>", "", settings)
    at = _AFTER_UPDATE_FIELDS.search(settings)
    if at is None:
        raise ValueError("word/settings.xml without </w:settings>")
    return settings[: at.start()] + UPDATE_FIELDS + settings[at.start():]
