"""Line breaking for Chinese text in a box of given width (measured glyphs).

Chinese breaks between any two characters, except that closing punctuation
never starts a line and opening brackets never end one (the usual 禁则);
runs of Latin letters and digits ("2014", "2000-2800") are never split.

A caller may pass its own ``cut`` (text -> unbreakable pieces): the
diagrams' boxes break between words only (nanjiang.figures.diagrams).
"""

from __future__ import annotations

import re
from functools import lru_cache

from matplotlib.font_manager import FontProperties
from matplotlib.textpath import TextToPath

NO_LINE_START = set("，。、；：？！）》」』”’%．,.;:?!)")
NO_LINE_END = set("（《「『“‘(")
_TOKEN = re.compile(r"[A-Za-z0-9.\-–/%]+|\s+|.", re.S)
PIECES = _TOKEN  # a Latin or digit run, a run of spaces, or one character


def tokens(text: str) -> list[str]:
    """Unbreakable pieces: Latin/digit runs, spaces, single Chinese characters,
    with punctuation glued to the piece it must stay with."""
    return glue(_TOKEN.findall(text))


_TO_PATH = TextToPath()


@lru_cache(maxsize=4096)
def text_width(text: str, props: FontProperties) -> float:
    """Width of ``text`` in points, from the unhinted glyph outlines (what the
    SVG draws: a screen renderer's hinted widths run a few per cent short)."""
    width, _, _ = _TO_PATH.get_text_width_height_descent(text, props, ismath=False)
    return width


def _line_width(pieces: list[str], props: FontProperties) -> float:
    # Sum of cached piece widths: Chinese text has no kerning between pieces.
    return sum(text_width(p, props) for p in pieces)


def glue(pieces: list[str]) -> list[str]:
    """``pieces`` with punctuation glued to the piece it must stay with (禁则)."""
    out: list[str] = []
    glue_next = False
    for tok in pieces:
        if out and (glue_next or tok[0] in NO_LINE_START):
            out[-1] += tok
        else:
            out.append(tok)
        glue_next = tok[-1] in NO_LINE_END
    return out


def wrap_text(text: str, max_width: float, props: FontProperties, cut=None) -> str:
    """``text`` with line breaks so no line is wider than ``max_width`` points,
    and lines of even length (no lone character on the last line).

    Explicit newlines are kept. A single piece wider than the box stays on
    its own line (it cannot be broken). ``cut``: the pieces (``tokens``).
    """
    cut = cut or tokens
    best = _greedy(text, max_width, props, cut)
    n_lines = best.count("\n")
    # Bisect for the narrowest measure that keeps the same number of lines.
    low, high = max_width * 0.4, max_width
    for _ in range(8):
        mid = (low + high) / 2
        narrower = _greedy(text, mid, props, cut)
        if narrower.count("\n") == n_lines:
            best, high = narrower, mid
        else:
            low = mid
    return best


def _greedy(text: str, max_width: float, props: FontProperties, cut=tokens) -> str:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line: list[str] = []
        for tok in cut(paragraph):
            if line and _line_width([*line, tok.rstrip()], props) > max_width:
                lines.append("".join(line).rstrip())
                line = [tok] if tok.strip() else []
            else:
                line.append(tok)
        lines.append("".join(line).rstrip())
    return "\n".join(lines)
