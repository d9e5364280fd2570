"""Read the built documents back as text (shared by the document tests)."""

from __future__ import annotations

from pathlib import Path

import docx
import pypdf


def squash(text: str) -> str:
    """Text without any whitespace: line breaks of the layout do not matter."""
    return "".join(text.split())


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() or "" for page in pypdf.PdfReader(path).pages)
    return text.replace(WORD_JOINER, "").replace(ZERO_WIDTH_SPACE, "")


# Table cells keep words whole (joiner) and break identifiers after "_" (zero
# width space): both invisible to a reader.
WORD_JOINER = "\u2060"
ZERO_WIDTH_SPACE = "\u200b"


def docx_text(path: Path) -> str:
    """Paragraphs, then every table cell (without word joiners)."""
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts).replace(WORD_JOINER, "").replace(ZERO_WIDTH_SPACE, "")
