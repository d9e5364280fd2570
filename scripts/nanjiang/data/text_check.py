"""Characters that must not reach the documents from data.

Control characters break CSV, XML (DOCX) and typst; bidirectional overrides
(U+202E …) silently reorder what a reader sees. Both are rejected, located.
"""

from __future__ import annotations

import unicodedata

from nanjiang.common.errors import Problem

# Bidi embeddings, overrides and isolates, and the invisible marks.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f")


def forbidden_character(text: str) -> str | None:
    """Why ``text`` cannot be printed, naming the first bad character, or None."""
    for ch in text:
        if ch in BIDI_CONTROLS:
            return f"bidirectional control character U+{ord(ch):04X} (it reorders the text)"
        if unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") and ch not in "\t":
            return f"control or unassigned character U+{ord(ch):04X}"
    return None


def text_problems(row, file: str, printable=None) -> list[Problem]:
    """One problem per cell of ``row`` holding a forbidden character, or with
    ``printable`` (a ``fontcheck.Coverage``) one the fonts cannot draw."""
    out = []
    for column, value in row.cells.items():
        why = forbidden_character(value)
        if why is None and printable is not None:
            ch = printable.missing(value)
            if ch is not None:
                why = (f"character {ch!r} (U+{ord(ch):04X}) cannot be drawn by the "
                       "configured fonts and would print as a box")
        if why:
            out.append(row.problem(file, f"{why}; remove or replace it", column,
                                   _excerpt(value)))
    return out


def _excerpt(value: str, width: int = 40) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def nested_text_problems(data, file: str, printable=None, where: str = "") -> list[Problem]:
    """The same check for every string inside a parsed YAML document (titles,
    labels, source lines of datapackage.yaml), located by its key path."""
    if isinstance(data, dict):
        return [p for k, v in data.items()
                for p in nested_text_problems(v, file, printable, f"{where}.{k}".lstrip("."))]
    if isinstance(data, list):
        return [p for i, v in enumerate(data)
                for p in nested_text_problems(v, file, printable, f"{where}[{i}]")]
    if not isinstance(data, str):
        return []
    why = forbidden_character(data)
    if why is None and printable is not None and (ch := printable.missing(data)) is not None:
        why = f"character {ch!r} (U+{ord(ch):04X}) cannot be drawn by the configured fonts"
    return [Problem(file, f"{where}: {why}; remove or replace it", None, None,
                    _excerpt(data))] if why else []
