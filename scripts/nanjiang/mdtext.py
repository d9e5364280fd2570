"""Turn data into pandoc Markdown that can never be read as markup.

Text from data (region names, notes, citations) may contain characters that
Markdown, raw typst/HTML/LaTeX or pandoc attributes would interpret. Every
such character is backslash-escaped, so pandoc reads it as a literal
character and each writer (typst, docx) escapes it again for its own format.
"""

from __future__ import annotations

import re

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


def pipe_table(header: list[str], rows: list[list[str]], align: list[str]) -> str:
    """A pandoc pipe table; ``align`` holds 'l', 'r' or 'c' per column."""
    marks = {"l": ":---", "r": "---:", "c": ":---:"}
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join(marks[a] for a in align) + "|",
    ]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)
