"""The fonts a PDF embeds: typst falls back silently to another font for a
glyph or a family it lacks, so the PDF's own font list is the proof that it
did not."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote_to_bytes

from nanjiang.documents.fonts import family_faces


def pdf_font_names(pdf: str | Path) -> set[str]:
    """PostScript names of the fonts a PDF embeds or references (subset prefix
    removed), wherever they are used: pages, figures, annotations."""
    data = Path(pdf).read_bytes()
    if b"/ObjStm" in data:
        # font dictionaries may sit in compressed object streams: read them
        return _font_names_by_page(pdf)
    # typst writes every object plainly: the font dictionaries' /BaseFont
    # entries are in the file as they are (0.003 s; reading its pages: 0.14 s)
    return {_postscript_name(unquote_to_bytes(m.group(1).replace(b"#", b"%")).decode("latin-1"))
            for m in _BASE_FONT.finditer(data)}


_BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/\[\]<>(){}%]+)")


def _postscript_name(base_font: str) -> str:
    # subset prefix "ABCDEF+"; composite fonts name their CMap after the face
    return re.sub(r"-Identity-[HV]$", "", base_font.split("+", 1)[-1])


def _font_names_by_page(pdf: str | Path) -> set[str]:
    from pypdf import PdfReader

    names = set()
    for page in PdfReader(str(pdf)).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            names.add(_postscript_name(str(font.get_object().get("/BaseFont", "")).lstrip("/")))
    return names


def unexpected_pdf_fonts(pdf: str | Path, fonts: dict) -> set[str]:
    """Fonts in ``pdf`` that are not faces of the configured families."""
    allowed = {f.postscript for found in family_faces(fonts).values() for f in found}
    return {n for n in pdf_font_names(pdf) if n not in allowed}
