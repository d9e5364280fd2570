"""Read the built documents back as text (shared by the document tests)."""

from __future__ import annotations

from pathlib import Path

import docx
import pypdf


def squash(text: str) -> str:
    """Text without any whitespace: line breaks of the layout do not matter."""
    return "".join(text.split())


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)


def docx_text(path: Path) -> str:
    """Paragraphs, then every table cell."""
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)
