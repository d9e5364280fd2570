"""pandoc (from pypandoc-binary) and typst: Markdown -> PDF and DOCX.

No TeX and no system pandoc: pandoc ships inside the pypandoc-binary wheel and
typst inside the typst wheel. The PDF route is Markdown -> typst markup
(pandoc's typst writer and our template) -> PDF (typst compiler, fonts passed
by path, system fonts ignored).
"""

from __future__ import annotations

import os
import re
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pypandoc
import yaml

from nanjiang.common.epoch import source_date_epoch
from nanjiang.common.writefile import write_bytes_atomic
from nanjiang.documents.typstmd import box_words, mark_words, print_markdown
from nanjiang.documents.words import WORD_JOINER
from nanjiang.text.mdtext import WIDE_TABLE_COLUMNS, escape

TEMPLATES = Path("report/templates")
# east_asian_line_breaks: a line break between two Chinese characters is no space.
MARKDOWN = "markdown+east_asian_line_breaks"


def cover_title(front: dict) -> str:
    """The title as the cover prints it: its ``title_lines`` (chosen between
    words) as Markdown lines with hard breaks, each line unbreakable (word
    joiners); the title as it is without them."""
    lines = front.get("title_lines") or [front["title"]]
    if "".join(lines) != front["title"]:
        raise ValueError(f"front.yaml: title_lines {lines} do not make the title "
                         f"{front['title']!r}")
    return "\\\n".join(escape(WORD_JOINER.join(line)) for line in lines)


def metadata(front: dict, fonts: dict) -> dict:
    """Document metadata for the templates: title page and font names."""
    return {
        "title": front["title"],
        "cover-title": cover_title(front),
        "category": front["category"],
        "leader": front["leader"],
        "approval-number": front["approval_number"],
        "serif-font": fonts["serif"],
        "sans-font": fonts["sans"],
        # DOCX title page: pandoc's writer shows title, subtitle, author, date.
        "subtitle": f"项目类别：{front['category']}",
        "author": f"项目负责人：{front['leader']}",
        "date": f"项目批准号：{front['approval_number']}",
        "lang": "zh-Hans",
        "toc-title": "目录",
    }


def with_metadata_file(meta: dict, run):
    with tempfile.NamedTemporaryFile(
        "w", suffix=".yaml", encoding="utf-8", delete=False
    ) as fh:
        yaml.safe_dump(meta, fh, allow_unicode=True)
        name = fh.name
    try:
        return run(name)
    finally:
        os.unlink(name)


def markdown_to_typst(markdown: Path, meta: dict, figure_ext: str = "svg",
                      template: Path = TEMPLATES / "report.typ") -> str:
    # pandoc reads less: the spans' HTML-only attributes are left out, and
    # table words come marked for their boxes
    text = mark_words(print_markdown(Path(markdown).read_text("utf-8")))
    return box_words(with_metadata_file(
        meta,
        lambda meta_file: pypandoc.convert_text(
            text,
            "typst",
            format=MARKDOWN,
            extra_args=[
                f"--template={template}",
                f"--metadata-file={meta_file}",
                f"--lua-filter={TEMPLATES / 'custom-styles.lua'}",
                f"--default-image-extension={figure_ext}",
                "--wrap=preserve",
            ],
        ),
    ))


def typst_to_pdf(typst_source: str, out: Path, root: Path, fonts: dict) -> None:
    """Compile with the named font folder only; date fixed for identical bytes."""
    import typst

    epoch = source_date_epoch()
    root = Path(root).resolve()
    with tempfile.NamedTemporaryFile(
        "w", suffix=".typ", dir=root, encoding="utf-8", delete=False
    ) as fh:
        fh.write(typst_source)
        source = fh.name
    try:
        pdf = typst.compile(
            source,
            root=str(root),
            font_paths=[fonts["dir"]],
            ignore_system_fonts=True,
            timestamp=epoch,
        )
    finally:
        os.unlink(source)
    write_bytes_atomic(out, pdf)


def markdown_to_docx(markdown: Path, out: Path, reference: Path, meta: dict) -> None:
    """pandoc's DOCX writer with our reference document's styles."""
    tmp = Path(out).with_name(f".{Path(out).name}.tmp.docx")
    # the Title paragraph is the cover: the title on its lines
    meta = {**meta, "title": meta.get("cover-title", meta["title"])}
    with_metadata_file(
        meta,
        lambda meta_file: pypandoc.convert_text(
            print_markdown(Path(markdown).read_text("utf-8")),
            "docx",
            format=MARKDOWN,
            outputfile=str(tmp),
            extra_args=[
                f"--reference-doc={reference}",
                f"--metadata-file={meta_file}",
                f"--lua-filter={TEMPLATES / 'custom-styles.lua'}",
                "--default-image-extension=png",
                "--toc",
                "--toc-depth=2",
            ],
        ),
    )
    finish_docx(tmp)
    os.replace(tmp, out)


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


def toc_headings(document: str) -> list[tuple[str, str, str]]:
    """(bookmark, level, text) of the headings the 目录 lists (levels 1-2)."""
    return [(bookmark, level, "".join(_TEXT.findall(body)))
            for bookmark, level, body in _HEADING.findall(document)]


def static_toc(document: str) -> str:
    """Fill pandoc's empty TOC field with its entries (levels 1-2), so the
    目录 is there when the file is opened, without a prompt to update fields.
    Each entry ends in a PAGEREF field to its heading, its result empty."""
    match = _TOC_FIELD.search(document)
    headings = _HEADING.findall(document)
    if not match or not headings:
        return document
    begin = f'<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r>{match.group(1)}</w:r>' \
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    end = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
    lines = []
    for n, (bookmark, level, body) in enumerate(headings):
        text = "".join(_TEXT.findall(body))
        lines.append(_toc_entry(bookmark, level, text, begin if n == 0 else "",
                                end if n == len(headings) - 1 else ""))
    return document[: match.start()] + "".join(lines) + document[match.end():]


_TABLE = re.compile(r"<w:tbl>.*?</w:tbl>", re.S)


# Run properties that come after w:sz in the schema's order (CT_RPr).
_AFTER_SZ = re.compile(r"<w:(?:highlight|u|effect|bdr|shd|fitText|vertAlign|rtl|cs|em|lang|"
                       r"eastAsianLayout|specVanish|oMath)\b")
SMALL = '<w:sz w:val="18"/><w:szCs w:val="18"/>'  # 小五, 9 pt


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


def _table_layout(match: re.Match) -> str:
    table = match.group(0).replace('<w:pStyle w:val="Compact" />', '<w:pStyle w:val="TableText" />')
    if table.count("<w:gridCol ") >= WIDE_TABLE_COLUMNS:
        table = small_text(table)
    # a row never splits across pages (a number or a region name stays whole)
    table = table.replace("<w:tr><w:trPr>", "<w:tr><w:trPr><w:cantSplit/>")
    return re.sub(r"<w:tr>(?!<w:trPr>)", "<w:tr><w:trPr><w:cantSplit/></w:trPr>", table)


def table_layout(document: str) -> str:
    """Table cells in the 表格文字 style (五号, single spacing); rows unsplittable."""
    return _TABLE.sub(_table_layout, document)


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


def plain_title(core: str) -> str:
    """The document's title property without the cover's line breaks (pandoc
    writes them as spaces) and word joiners."""
    def plain(m: re.Match) -> str:
        text = m.group(2).replace(WORD_JOINER, "")
        return m.group(1) + re.sub(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])", "", text) + m.group(3)
    return re.sub(r"(<dc:title>)(.*?)(</dc:title>)", plain, core, flags=re.S)


def finish_docx(docx_path: Path) -> None:
    """Page set-up, footnote numbering and the 目录 of pandoc's DOCX (pandoc
    keeps no section settings of the reference document). Entries keep their
    order and timestamps, so the file stays reproducible."""
    with zipfile.ZipFile(docx_path) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(docx_path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in entries:
            if info.filename == "word/document.xml":
                data = front_section(static_toc(table_layout(section_properties(
                    data.decode("utf-8"))))).encode("utf-8")
            elif info.filename == "docProps/core.xml":
                data = plain_title(data.decode("utf-8")).encode("utf-8")
            z.writestr(info, data)


def build_date() -> str:
    epoch = source_date_epoch()
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%d")
