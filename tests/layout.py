"""Read rendered pages back as lines of text with their positions (pdfplumber).

A "fragment" is a run of characters on one baseline without a wide gap: a
line of prose, or the part of a table row inside one cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

CLOSING = set("，。、；：！？）》」』】〕”’")
OPENING = set("（《「『【〔“‘")


@dataclass
class Fragment:
    page: int
    top: float
    bottom: float
    x0: float
    x1: float
    text: str


def squash(text: str) -> str:
    return re.sub(r"[\s\u2060]", "", text)


def _fragments(chars: list[dict], page_number: int) -> list[Fragment]:
    """Characters grouped by baseline, split where the gap is wider than 1.5 em."""
    rows: dict[int, list[dict]] = {}
    for c in chars:
        if not c["text"].strip() or c["text"] == "\u2060":
            continue
        rows.setdefault(round(c["bottom"]), []).append(c)
    # merge baselines within 2 pt (superscripts, mixed fonts)
    merged: list[list[dict]] = []
    for key in sorted(rows):
        if merged and key - round(merged[-1][0]["bottom"]) <= 2 and \
                abs(rows[key][0]["size"] - merged[-1][0]["size"]) < 3:
            merged[-1].extend(rows[key])
        else:
            merged.append(list(rows[key]))
    out = []
    for row in merged:
        row.sort(key=lambda c: c["x0"])
        current = [row[0]]
        for c in row[1:]:
            if c["x0"] - current[-1]["x1"] > 1.5 * c["size"]:
                out.append(current)
                current = [c]
            else:
                current.append(c)
        out.append(current)
    return [Fragment(page_number, min(c["top"] for c in f), max(c["bottom"] for c in f),
                     f[0]["x0"], f[-1]["x1"], "".join(c["text"] for c in f)) for f in out]


@dataclass
class Page:
    number: int
    width: float
    height: float
    fragments: list[Fragment]
    graphics: list[tuple[float, float]]  # (top, bottom) of images and drawings

    def body(self) -> list[Fragment]:
        """Fragments without the page number and the edition's label at the foot."""
        return [f for f in self.fragments if f not in self.folio() + self.edition_label()]

    def folio(self) -> list[Fragment]:
        """The page number at the foot."""
        return [f for f in self.fragments
                if f.top > self.height * 0.88 and re.fullmatch(r"[0-9IVXLC]+", f.text)]

    def edition_label(self) -> list[Fragment]:
        """The edition's label above the page number (报告年份：… 日期：…)."""
        return [f for f in self.fragments
                if f.top > self.height * 0.88 and squash(f.text).startswith("报告年份：")]


def front_matter(pages: list[Page]) -> list[Page]:
    """The pages before the body's first (the first with an Arabic page
    number): the cover and the 目录 (numbered I, II … in the PDF, not at
    all in the DOCX)."""
    first = next((n for n, p in enumerate(pages)
                  if any(f.text.isdigit() for f in p.folio())), len(pages))
    return pages[:first]


def read_pages(pdf: Path) -> list[Page]:
    pages = []
    with pdfplumber.open(pdf) as doc:
        for n, page in enumerate(doc.pages, start=1):
            graphics = [(o["top"], o["bottom"]) for o in page.images]
            graphics += [(o["top"], o["bottom"]) for o in page.curves + page.rects
                         if o["bottom"] - o["top"] > 2]
            pages.append(Page(n, float(page.width), float(page.height),
                              _fragments(page.chars, n), graphics))
    return pages


def below(fragment: Fragment, fragments: list[Fragment]) -> Fragment | None:
    """The next line of the same column: the nearest fragment under it that
    overlaps it horizontally, within two line heights."""
    height = fragment.bottom - fragment.top
    candidates = [f for f in fragments
                  if f.top > fragment.bottom - 1 and f.top - fragment.bottom < 1.6 * height
                  and f.x0 < fragment.x1 and f.x1 > fragment.x0]
    return min(candidates, key=lambda f: f.top, default=None)
