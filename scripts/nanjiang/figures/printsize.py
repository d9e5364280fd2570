"""How large a figure is printed, in both documents (no matplotlib here).

Both documents have the same text width: A4 (210 mm) less the left and right
margins of 31.7 mm (report/templates/report.typ; SECTION_PAGE in
nanjiang.documents.docx_layout). A figure is printed at its own size (1:1), and only a
figure wider than the text is scaled down to the text width. So a figure is
drawn at the text width or less and its font sizes are the printed sizes;
tests/test_charts.py keeps every text (every glyph of the saved SVG) at MIN_PRINTED_PT or more.
"""

from __future__ import annotations

import re
from pathlib import Path

TEXT_WIDTH_MM = 210 - 2 * 31.7
TEXT_WIDTH_IN = TEXT_WIDTH_MM / 25.4  # 5.772 in
MIN_PRINTED_PT = 7.0  # the smallest text a reader is asked to read (pt, as printed)

_SVG_WIDTH = re.compile(r'<svg[^>]*?\swidth="([0-9.]+)pt"', re.S)


def svg_width_in(svg: str | Path) -> float:
    """The width of a saved figure (matplotlib writes it in points)."""
    head = Path(svg).read_text("utf-8")[:4000]
    match = _SVG_WIDTH.search(head)
    if not match:
        raise ValueError(f"{svg}: no width in points on the <svg> element")
    return float(match.group(1)) / 72


def print_width_in(saved_width_in: float) -> float:
    """The width a figure is printed at: its own, at most the text width."""
    return min(saved_width_in, TEXT_WIDTH_IN)


def print_scale(saved_width_in: float) -> float:
    """Printed size over drawn size (1 unless the figure is wider than the text)."""
    return print_width_in(saved_width_in) / saved_width_in


def markdown_width(svg: str | Path) -> str:
    """The ``width=`` attribute of the figure in the report's Markdown (inches:
    pandoc passes it as it is to typst and to the DOCX)."""
    return f"{print_width_in(svg_width_in(svg)):.3f}in"
