"""One style for every figure, CJK font registered explicitly, strict glyphs."""

from __future__ import annotations

import logging
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.colors import to_hex, to_rgb  # noqa: E402

from nanjiang.data.study_regions import study_prefectures  # noqa: E402

STYLE = Path(__file__).with_name("report.mplstyle")
DATA_FILES = ["report.mplstyle"]  # read by the figure jobs (see nanjiang.workflow.codedeps)

# One colour per region, the same in every figure.
REGION_COLORS = {
    "652900": "#1b7837",  # 阿克苏地区
    "653000": "#762a83",  # 克州
    "653100": "#2166ac",  # 喀什地区
    "653200": "#b2182b",  # 和田地区
    "NJ4": "#e08214",  # 南疆四地州
    "650000": "#4d4d4d",  # 新疆
    "100000": "#878787",  # 全国
    "CNPA": "#878787",  # 全国贫困地区
}
NEUTRAL = "#9e9e9e"
# Short labels of the study prefectures; which they are, and their order, is
# the data package's (nanjiang.data.study_regions). A new member needs a label here.
PREFECTURE_LABELS = {
    "652900": "阿克苏地区",
    "653000": "克州",
    "653100": "喀什地区",
    "653200": "和田地区",
}
PREFECTURES = {code: PREFECTURE_LABELS[code] for code in study_prefectures()}
# Box diagrams (图 1-1, 图 1-2): fill, edge, text colour per box style.
DIAGRAM_COLORS = {
    "core": ("#33475b", "#33475b", "white"),
    "stage": ("#5d7186", "#5d7186", "white"),
    "question": ("#eef1f4", "#5d7186", "black"),
    "chapter": ("white", "#33475b", "black"),
    "method": ("white", "#9e9e9e", "#333333"),
    "label": ("none", "none", "#33475b"),  # a heading, no box
}


def tint(color: str, amount: float) -> str:
    """``color`` mixed with white: 0 gives white, 1 the colour itself."""
    rgb = [1 - amount * (1 - c) for c in to_rgb(color)]
    return to_hex(rgb)


class MissingGlyphError(RuntimeError):
    """A character the font cannot draw: a tofu box would be printed."""


class _GlyphWarningsAsErrors(logging.Handler):
    def emit(self, record):
        if "missing from font" in record.getMessage():
            raise MissingGlyphError(record.getMessage())


def use_report_style(fonts: dict) -> None:
    """Register the Noto CJK fonts by path and apply the shared style."""
    folder = Path(fonts["dir"])
    for path in sorted(folder.glob("NotoSansCJK-*.tt[cf]")):
        font_manager.fontManager.addfont(str(path))
    plt.style.use(STYLE)
    plt.rcParams["font.sans-serif"] = [fonts["sans"]]
    # A glyph missing from the font is an error, never a silent tofu box.
    warnings.filterwarnings("error", message=".*missing from font.*")
    logger = logging.getLogger("matplotlib.font_manager")
    if not any(isinstance(h, _GlyphWarningsAsErrors) for h in logger.handlers):
        logger.addHandler(_GlyphWarningsAsErrors())


def save(fig, stem: str | Path) -> list[Path]:
    """Write ``stem.svg`` (vector, for the PDF) and ``stem.png`` (300 dpi, DOCX)
    with no timestamps or software versions, so the bytes are reproducible.

    A glyph missing from the font raises MissingGlyphError here, whatever
    warning filters the caller (pytest, a notebook) has installed.
    """
    stem = Path(stem)
    stem.parent.mkdir(parents=True, exist_ok=True)
    svg, png = stem.with_suffix(".svg"), stem.with_suffix(".png")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        fig.savefig(png, format="png", dpi=300, metadata={"Software": None})
    plt.close(fig)
    missing = sorted({str(w.message) for w in caught if "missing from font" in str(w.message)})
    if missing:
        svg.unlink(missing_ok=True)
        png.unlink(missing_ok=True)
        raise MissingGlyphError("; ".join(missing))
    for w in caught:  # anything else is passed on as it came
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    return [svg, png]
