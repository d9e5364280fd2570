"""Turn data into pandoc Markdown that can never be read as markup.

Text from data (region names, notes, citations) may contain characters that
Markdown, raw typst/HTML/LaTeX or pandoc attributes would interpret. Every
such character is backslash-escaped, so pandoc reads it as a literal
character and each writer (typst, docx) escapes it again for its own format.
"""

from __future__ import annotations

import re
import unicodedata

# Every ASCII punctuation character may be backslash-escaped in pandoc Markdown.
_PUNCT = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~^$@&%=:;'\"/,?])")


def escape(text: str) -> str:
    """Escape text so that pandoc Markdown reads every character literally."""
    text = str(text).replace("\r", " ").replace("\n", " ")
    return _PUNCT.sub(r"\\\1", text)


def format_number(text: str) -> str:
    """A printed number for display, the same way everywhere: printed decimals
    kept (90.0 stays 90.0), no thousands separator (as the 新疆统计年鉴 prints
    10371), no plus sign; the unit (%, 万人) belongs to the header or text."""
    text = str(text).strip().replace(",", "")
    sign = "-" if text.startswith("-") else ""
    return sign + text.lstrip("+-")


def format_float(value: float, decimals: int) -> str:
    """A computed number with a fixed number of decimals."""
    return format_number(f"{value:.{decimals}f}")


def display_width(text: str) -> int:
    """Columns a text takes: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pipe_table(header: list[str], rows: list[list[str]], align: list[str]) -> str:
    """A pandoc pipe table; ``align`` holds 'l', 'r' or 'c' per column.

    The separator line is made long enough for pandoc to read it as relative
    column widths, each column's share following its widest cell (so a list of
    counties gets a wide column and a number a narrow one).
    """
    widths = []
    for i in range(len(header)):
        # a header may wrap onto two lines; cells should not
        widest = max(
            [display_width(header[i]) // 2]
            + [display_width(row[i].replace("\\", "")) for row in rows]
        )
        widths.append(min(max(widest, 6), 60))
    total = sum(widths)
    dashes = [max(3, round(100 * w / total)) for w in widths]
    marks = {"l": ":{}", "r": "{}:", "c": ":{}:"}
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(marks[a].format("-" * d) for a, d in zip(align, dashes, strict=True)) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
