"""The configured CJK font families: present by name, able to draw the data,
and the only fonts a built PDF embeds.

A family name is matched against the names inside the font files (not their
file names): ``Noto Serif CJKSC`` is no family, and typst would silently fall
back to another font. Reading a CJK collection's tables costs ~0.2 s, so the
names and character sets are cached (``nanjiang.common.filecache``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from nanjiang.common.filecache import cached, file_key

FONT_SUFFIXES = {".ttc", ".otf", ".ttf"}


@dataclass(frozen=True)
class Face:
    path: str
    index: int  # face index inside a collection (.ttc)
    family: str  # typographic family (name ID 16, else 1)
    postscript: str  # name ID 6, as a PDF names the embedded font
    style: str  # name ID 17, else 2 ("Regular", "Bold", …)


def _read_faces(path: Path) -> list[list]:
    from fontTools.ttLib import TTCollection, TTFont

    fonts = (TTCollection(str(path), lazy=True).fonts if path.suffix.lower() == ".ttc"
             else [TTFont(str(path), lazy=True)])
    out = []
    for i, font in enumerate(fonts):
        name = font["name"]
        family = name.getDebugName(16) or name.getDebugName(1) or ""
        style = name.getDebugName(17) or name.getDebugName(2) or ""
        out.append([str(path), i, family, name.getDebugName(6) or "", style])
    return out


def faces(folder: str | Path) -> list[Face]:
    """Every face of every font file in ``folder``."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    out = []
    for path in sorted(folder.iterdir()):
        if path.suffix.lower() in FONT_SUFFIXES:
            out += [Face(*f) for f in cached("fonts", f"faces-{file_key(path)}",
                                              lambda p=path: _read_faces(p))]
    return out


def family_faces(fonts: dict) -> dict[str, list[Face]]:
    """config ``fonts`` -> {family: its faces in fonts['dir']} for serif and sans."""
    all_faces = faces(fonts["dir"])
    return {fonts[role]: [f for f in all_faces if f.family == fonts[role]]
            for role in ("serif", "sans")}


def families_in(folder: str | Path) -> list[str]:
    return sorted({f.family for f in faces(folder)})


def _read_coverage(face: Face) -> list[list[int]]:
    """The face's character map as sorted [first, last] ranges (compact to cache)."""
    from fontTools.ttLib import TTFont

    font = TTFont(face.path, fontNumber=face.index, lazy=True)
    ranges: list[list[int]] = []
    for cp in sorted(font.getBestCmap()):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    return ranges


@dataclass(frozen=True)
class Coverage:
    """Characters every configured family can draw (regular faces)."""

    ranges: tuple[tuple[int, int], ...]
    # characters found drawable: the raw tables repeat theirs (80 000 looks
    # at every build's start otherwise)
    _drawable: set = field(default_factory=set, compare=False, repr=False)

    def __contains__(self, ch: str) -> bool:
        import bisect

        cp = ord(ch)
        i = bisect.bisect_right(self.ranges, (cp, float("inf"))) - 1
        return i >= 0 and self.ranges[i][0] <= cp <= self.ranges[i][1]

    def missing(self, text: str) -> str | None:
        """The first character of ``text`` no configured font can draw, or None."""
        for ch in text:
            if ch in self._drawable or ch in "\t\n\r":
                continue
            if ch not in self:
                return ch
            self._drawable.add(ch)
        return None


def coverage(fonts: dict) -> Coverage:
    """Intersection of the regular faces' character sets of serif and sans."""
    sets = []
    for family, found in family_faces(fonts).items():
        regular = [f for f in found if f.style == "Regular"] or found
        if not regular:
            raise ValueError(f"no font family named {family!r}")
        face = regular[0]
        key = f"cmap-{file_key(Path(face.path))}-{face.index}"
        sets.append(cached("fonts", key, lambda f=face: _read_coverage(f)))
    return Coverage(tuple(tuple(r) for r in _intersect(*sets)))


def _intersect(a: list, b: list | None = None) -> list:
    if b is None:
        return a
    out, i, j = [], 0, 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        if lo <= hi:
            out.append([lo, hi])
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return out
