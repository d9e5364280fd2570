"""图 1-1 and 图 1-2: box-and-arrow diagrams defined in report/diagrams/*.yaml.

A diagram is a grid: each node sits at (row, col), may span rows and columns,
and holds Chinese text wrapped to its box by measuring the glyphs (no text
runs out of its box). Edges are straight when the two boxes face each other
and elbowed otherwise. Everything is laid out in inches, so the figure has
the width of the page's text and a height that fits its content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import matplotlib.pyplot as plt
import yaml
from matplotlib.font_manager import FontProperties
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
from matplotlib.path import Path as MplPath

from nanjiang.figures.printsize import TEXT_WIDTH_IN
from nanjiang.figures.style import DIAGRAM_COLORS
from nanjiang.figures.wrap import PIECES, glue, wrap_text

# A box's line breaks only between words (图 1-1 split 贫困人|口, 摘|帽): the
# text is cut by jieba's dictionary (no guessed words, HMM off), with the words
# of the report's tables and the region names (nanjiang.documents.words) and
# the diagram's own ``words`` (its YAML) added.


@lru_cache(maxsize=8)
def _segmenter(keep: tuple[str, ...]):
    import jieba

    from nanjiang.documents.words import LEXICON

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    for word in (*LEXICON, *keep):
        tokenizer.add_word(word, freq=10**6)  # outranks the dictionary's cuts
    return tokenizer


def _is_cjk(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in text)


def word_tokens(text: str, keep: tuple[str, ...] = ()) -> list[str]:
    """As ``tokens``, but a Chinese word (jieba's dictionary, the report's
    lexicon, ``keep``) is one unbreakable piece."""
    pieces: list[str] = []
    for word in _segmenter(tuple(keep)).cut(text, HMM=False):
        pieces += [word] if len(word) > 1 and _is_cjk(word) else PIECES.findall(word)
    out = glue(pieces)
    # a Latin or digit run cut by jieba ("2014" "-" "2019") stays one piece
    merged: list[str] = []
    for tok in out:
        if merged and re.fullmatch(r"[A-Za-z0-9.\-–/%]+", merged[-1]) \
                and re.fullmatch(r"[A-Za-z0-9.\-–/%]+", tok):
            merged[-1] += tok
        else:
            merged.append(tok)
    return merged


WIDTH = TEXT_WIDTH_IN  # inches: the text width of the page
COL_GAP = 0.22
ROW_GAP = 0.26
PAD = 0.07  # inside a box, around the text
LINE_SPACING = 1.3
MARGIN = 0.03

# YAML folds a long line with a space: drop it between two Chinese characters.
_FOLD_SPACE = re.compile(r"(?<=[^\x00-\x7f])[ \t\n]+(?=[^\x00-\x7f])")


@dataclass
class Box:
    id: str
    text: str
    row: int
    col: int
    row_span: int
    col_span: int
    style: str
    x: float = 0.0
    y: float = 0.0  # top edge (y grows downwards)
    w: float = 0.0
    h: float = 0.0
    lines: str = ""

    @property
    def cx(self) -> float:
        return self.x + self.w / 2

    @property
    def cy(self) -> float:
        return self.y + self.h / 2


def load(path: str) -> dict:
    with open(path, encoding="utf-8") as f:
        spec = yaml.safe_load(f)
    ids = {n["id"] for n in spec["nodes"]}
    for edge in spec.get("edges", []):
        for end in ("from", "to"):
            if edge[end] not in ids:
                raise ValueError(f"{path}: edge {edge} names unknown node '{edge[end]}'")
    return spec


def _boxes(spec: dict) -> list[Box]:
    return [
        Box(
            id=n["id"],
            text=_FOLD_SPACE.sub("", str(n["text"]).strip()),
            row=int(n["row"]),
            col=int(n["col"]),
            row_span=int(n.get("row_span", 1)),
            col_span=int(n.get("col_span", 1)),
            style=n.get("style", "chapter"),
        )
        for n in spec["nodes"]
    ]


def layout(spec: dict, fig) -> tuple[list[Box], float]:
    """Place every box; return the boxes and the figure height (inches)."""
    size = float(spec.get("font_size", 8))
    weights = [float(w) for w in spec["columns"]]
    usable = WIDTH - 2 * MARGIN - COL_GAP * (len(weights) - 1)
    col_w = [usable * w / sum(weights) for w in weights]
    col_x = [MARGIN + sum(col_w[:i]) + COL_GAP * i for i in range(len(weights))]
    boxes = _boxes(spec)
    for b in boxes:
        b.x = col_x[b.col]
        b.w = sum(col_w[b.col : b.col + b.col_span]) + COL_GAP * (b.col_span - 1)
        props = _font(b.style, size)
        keep = tuple(spec.get("words", []))
        b.lines = wrap_text(b.text, (b.w - 2 * PAD) * 72, props,
                            cut=lambda text, keep=keep: word_tokens(text, keep))
        b.h = _text_height(fig, b.lines, props) + 2 * PAD
    n_rows = max(b.row + b.row_span for b in boxes)
    row_h = [0.0] * n_rows
    for b in sorted(boxes, key=lambda b: b.row_span):
        spanned = range(b.row, b.row + b.row_span)
        have = sum(row_h[r] for r in spanned) + ROW_GAP * (b.row_span - 1)
        if b.h > have:  # grow the last spanned row
            row_h[b.row + b.row_span - 1] += b.h - have
    row_y = [MARGIN + sum(row_h[:i]) + ROW_GAP * i for i in range(n_rows)]
    for b in boxes:
        # A box fills the rows it spans: rows line up across columns.
        b.y = row_y[b.row]
        b.h = sum(row_h[b.row : b.row + b.row_span]) + ROW_GAP * (b.row_span - 1)
    return boxes, row_y[-1] + row_h[-1] + MARGIN


def _text_height(fig, text: str, props: FontProperties) -> float:
    """Height (inches) of the laid-out text block, as matplotlib will draw it."""
    t = fig.text(0, 0, text, fontproperties=props, linespacing=LINE_SPACING)
    height = t.get_window_extent(fig.canvas.get_renderer()).height / fig.dpi
    t.remove()
    return height


def _font(style: str, size: float) -> FontProperties:
    bold = style in ("core", "stage", "label")
    return FontProperties(
        size=size + (1 if style == "stage" else 0), weight="bold" if bold else "normal"
    )


def _edge_path(a: Box, b: Box) -> list[tuple[float, float]]:
    """Points from box ``a`` to box ``b``: straight if they face each other."""
    top, bottom = max(a.y, b.y), min(a.y + a.h, b.y + b.h)
    left, right = max(a.x, b.x), min(a.x + a.w, b.x + b.w)
    if left < right and (b.y >= a.y + a.h or a.y >= b.y + b.h):  # stacked
        x = b.cx if a.x <= b.cx <= a.x + a.w else (left + right) / 2
        return [(x, a.y + a.h), (x, b.y)] if b.y > a.y else [(x, a.y), (x, b.y + b.h)]
    if top < bottom:  # side by side
        y = b.cy if a.y <= b.cy <= a.y + a.h else (top + bottom) / 2
        return [(a.x, y), (b.x + b.w, y)] if b.x < a.x else [(a.x + a.w, y), (b.x, y)]
    # Elbow: down from a, across, down into b (a tree's branch).
    mid = (a.y + a.h + b.y) / 2
    return [(a.cx, a.y + a.h), (a.cx, mid), (b.cx, mid), (b.cx, b.y)]


def draw_spec(spec: dict):
    fig = plt.figure(figsize=(WIDTH, 1))
    boxes, height = layout(spec, fig)
    fig.set_size_inches(WIDTH, height)
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, WIDTH)
    ax.set_ylim(height, 0)
    ax.axis("off")
    size = float(spec.get("font_size", 8))
    by_id = {b.id: b for b in boxes}
    for b in boxes:
        fill, edge, text_color = DIAGRAM_COLORS[b.style]
        ax.add_patch(
            FancyBboxPatch(
                (b.x, b.y), b.w, b.h,
                boxstyle="round,pad=0,rounding_size=0.05",
                facecolor=fill,
                edgecolor=edge,
                linewidth=0.8,
                linestyle="--" if b.style == "method" else "-",
            )
        )
        ax.text(
            b.cx, b.cy, b.lines,
            ha="center", va="center", ma="left" if "\n" in b.lines else "center",
            color=text_color, fontproperties=_font(b.style, size), linespacing=LINE_SPACING,
        )
    for edge in spec.get("edges", []):
        points = _edge_path(by_id[edge["from"]], by_id[edge["to"]])
        dashed = edge.get("line") == "dashed"
        head = edge.get("arrow", not dashed)
        ax.add_patch(
            FancyArrowPatch(
                path=MplPath(points),
                arrowstyle="-|>,head_length=4,head_width=2.2" if head else "-",
                color="#33475b" if not dashed else "#9e9e9e",
                linewidth=0.9,
                linestyle="--" if dashed else "-",
                shrinkA=0,
                shrinkB=0,
            )
        )
    return fig


def draw(inputs: list[str], year: int, fonts: dict):
    """Draw the diagram of the YAML file ``inputs[0]`` (the year plays no part)."""
    return draw_spec(load(inputs[0]))
