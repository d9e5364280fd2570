"""The HTML edition: the report's Markdown as one self-contained page.

pandoc's HTML writer with our template, style sheet and script
(``report/templates/html/``; the options: report/templates/pandoc/html.yaml);
the SVG figures, the style sheet and the script are then put into the page,
so it opens from the file system with no network and no other file. Fonts
are the reader's own (a Chinese font stack), never downloaded.

The embedding is ours, not pandoc's ``--embed-resources``: pandoc re-reads
its whole output to find resources and base64-encodes 2 MB of figures in
0.4 s, half of the HTML job; here it takes milliseconds. Only what our
template and pandoc's image writer produce is embedded, and a resource that
is not found stops the job.
"""

from __future__ import annotations

import base64
import html as htmllib
import re
from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.documents.pandoc import run_pandoc
from nanjiang.documents.words import WORD_JOINER, ZERO_WIDTH_SPACE, strip_invisible

HTML_TEMPLATES = Path("report/templates/html")


def markdown_to_html(markdown: Path, out: Path, meta: dict,
                     resource_path: Path | None = None) -> None:
    """``resource_path``: where the Markdown's images are found (default: the
    working directory, the repository)."""
    html = run_pandoc(
        "html", "html5",
        meta | {"script": str(HTML_TEMPLATES / "report.js"), "lang": "zh-Hans"},
        file=markdown,
    )
    html = embed_resources(keep_words(html), Path(resource_path or "."))
    write_text_atomic(out, html if html.endswith("\n") else html + "\n")


# text between two tags; a word of it joined by word joiners (a character
# or an entity, then joiner and character again)
_TEXT = re.compile(r">([^<]+)<")
_CHAR = r"(?:&[#0-9A-Za-z]+;|[^&\s\u2060\u200b])"
_JOINED = re.compile(f"{_CHAR}(?:\u2060{_CHAR})+")


def keep_words(page: str) -> str:
    """The page without invisible characters: each word the Markdown joined
    with word joiners (a table cell's: nanjiang.documents.words) becomes a
    ``<span class="w">`` that the style sheet keeps on one line
    (``white-space: nowrap``), a zero-width space (a break after the _ of an
    identifier) a ``<wbr>``. So a cell copied into a spreadsheet or searched
    for reads as it shows, 新疆 and not 新 U+2060 疆."""
    def text(m: re.Match) -> str:
        words = _JOINED.sub(
            lambda w: f'<span class="w">{w.group(0).replace(WORD_JOINER, "")}</span>', m.group(1))
        return ">" + strip_invisible(words.replace(ZERO_WIDTH_SPACE, "<wbr>")) + "<"
    return strip_invisible(_TEXT.sub(text, page))


# as report.html writes them, and pandoc its images
_STYLESHEET = re.compile(r'<link rel="stylesheet" href="([^"]+)">')
_SCRIPT = re.compile(r'<script src="([^"]+)"></script>')
_IMAGE_SRC = re.compile(r'(<img\b[^>]*?\ssrc=")([^"]+)(")')
_ALT = re.compile(r'\salt="([^"]*)"')
IMAGE_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
               ".jpeg": "image/jpeg"}


def embed_resources(page: str, images: Path) -> str:
    """The style sheets and scripts (paths from the working directory) and the
    images (paths from ``images``) of ``page`` put into it."""
    def text_of(path: str, closing: str) -> str:
        text = _read(Path(htmllib.unescape(path)), "style sheet or script").decode("utf-8")
        if closing in text.lower():
            raise ValueError(f"{path} contains {closing}: it cannot be put into the page")
        return text

    def image(m: re.Match) -> str:
        src = htmllib.unescape(m.group(2))
        if src.startswith("data:"):
            return m.group(0)
        kind = IMAGE_TYPES.get(Path(src).suffix.lower())
        if kind is None:
            raise ValueError(f"HTML edition: image {src}: expected one of "
                             f"{', '.join(IMAGE_TYPES)}")
        data = base64.b64encode(_read(images / src, "image")).decode("ascii")
        start = m.group(1)
        alt = _ALT.search(m.string, m.end(), m.string.find(">", m.end()))
        if kind == "image/svg+xml" and alt:
            # a screen reader reads an SVG picture by its label (as pandoc does)
            start = start.replace("<img", f'<img role="img" aria-label="{alt.group(1)}"', 1)
        return f"{start}data:{kind};base64,{data}{m.group(3)}"

    page = _STYLESHEET.sub(
        lambda m: f'<style type="text/css">\n{text_of(m.group(1), "</style")}</style>', page)
    page = _SCRIPT.sub(lambda m: f"<script>{text_of(m.group(1), '</script')}</script>", page)
    return _IMAGE_SRC.sub(image, page)


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise FileNotFoundError(f"HTML edition: {what} {path} not found ({e.strerror})") from e
