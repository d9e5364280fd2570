"""pandoc (from pypandoc-binary) and typst: Markdown -> PDF and DOCX.

No TeX and no system pandoc: pandoc ships inside the pypandoc-binary wheel and
typst inside the typst wheel. The PDF route is Markdown -> typst markup
(pandoc's typst writer and our template) -> PDF (typst compiler, fonts passed
by path, system fonts ignored).
"""

from __future__ import annotations

import os
import tempfile
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pypandoc
import yaml

from .writefile import write_bytes_atomic

TEMPLATES = Path("report/templates")
# east_asian_line_breaks: a line break between two Chinese characters is no space.
MARKDOWN = "markdown+east_asian_line_breaks"


def metadata(front: dict, fonts: dict) -> dict:
    """Document metadata for the templates: title page and font names."""
    return {
        "title": front["title"],
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


def _with_metadata_file(meta: dict, run):
    with tempfile.NamedTemporaryFile(
        "w", suffix=".yaml", encoding="utf-8", delete=False
    ) as fh:
        yaml.safe_dump(meta, fh, allow_unicode=True)
        name = fh.name
    try:
        return run(name)
    finally:
        os.unlink(name)


def markdown_to_typst(markdown: Path, meta: dict, figure_ext: str = "svg") -> str:
    return _with_metadata_file(
        meta,
        lambda meta_file: pypandoc.convert_file(
            str(markdown),
            "typst",
            format=MARKDOWN,
            extra_args=[
                f"--template={TEMPLATES / 'report.typ'}",
                f"--metadata-file={meta_file}",
                f"--lua-filter={TEMPLATES / 'custom-styles.lua'}",
                f"--default-image-extension={figure_ext}",
                "--wrap=preserve",
            ],
        ),
    )


def typst_to_pdf(typst_source: str, out: Path, root: Path, fonts: dict) -> None:
    """Compile with the named font folder only; date fixed for identical bytes."""
    import typst

    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "1700000000"))
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
    _with_metadata_file(
        meta,
        lambda meta_file: pypandoc.convert_file(
            str(markdown),
            "docx",
            format=MARKDOWN,
            outputfile=str(tmp),
            extra_args=[
                f"--reference-doc={reference}",
                f"--metadata-file={meta_file}",
                "--default-image-extension=png",
                "--toc",
                "--toc-depth=2",
            ],
        ),
    )
    circled_footnotes(tmp)
    os.replace(tmp, out)


FOOTNOTE_PR = (
    '<w:footnotePr><w:numFmt w:val="decimalEnclosedCircleChinese"/></w:footnotePr>'
)


def circled_footnotes(docx_path: Path) -> None:
    """Number footnotes ① ② … (pandoc keeps no footnote settings of the
    reference document, so the section properties are set here). Entries keep
    their order and timestamps, so the file stays reproducible."""
    with zipfile.ZipFile(docx_path) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    with zipfile.ZipFile(docx_path, "w") as z:
        for info, data in entries:
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                head, sep, tail = text.rpartition("<w:sectPr")
                if sep and "<w:footnotePr>" in tail:
                    tail = tail.replace("<w:footnotePr>", FOOTNOTE_PR[: -len("</w:footnotePr>")], 1)
                elif sep:
                    close = tail.index(">") + 1
                    tail = tail[:close] + FOOTNOTE_PR + tail[close:]
                text = head + sep + tail
                data = text.encode("utf-8")
            z.writestr(info, data)


def build_date() -> str:
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "1700000000"))
    return datetime.fromtimestamp(epoch, tz=UTC).strftime("%Y-%m-%d")
