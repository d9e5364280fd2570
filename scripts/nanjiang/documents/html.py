"""The HTML edition: the report's Markdown as one self-contained page.

pandoc's HTML writer with our template, style sheet and script
(``report/templates/html/``; the options: report/templates/pandoc/html.yaml);
the SVG figures, the style sheet and the script are then put into the page,
so it opens from the file system with no network and no other file. Fonts
are the reader's own (a Chinese font stack), never downloaded.

Each paragraph, list item, table row and caption of the text gets an id
(``number_blocks``), which the page's search jumps to: its index
(``nanjiang.documents.search``, made by the job from the pages as rendered
here) is put into the page as JSON data (``write_page``). Each table gets
the name of its sheet in the document's tables workbook (``data-sheet``),
which the page links to beside the table's copy button.

The embedding is ours, not pandoc's ``--embed-resources``: pandoc re-reads
its whole output to find resources and base64-encodes 2 MB of figures in
0.4 s, half of the HTML job; here it takes milliseconds. Only what our
template and pandoc's image writer produce is embedded, and a resource that
is not found stops the job.
"""

from __future__ import annotations

import base64
import html as htmllib
import json
import re
from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.documents.pandoc import run_pandoc
from nanjiang.documents.words import WORD_JOINER, ZERO_WIDTH_SPACE, strip_invisible
from nanjiang.publish.label import published_name

HTML_TEMPLATES = Path("report/templates/html")
# The pages and the tables workbooks in the published edition (rule publish),
# as the pages link to them: html/index.html and report-tables.xlsx beside
# its folder; briefs/<code>.html and <code>-tables.xlsx beside it.
REPORT_PAGE = "html/index.html"


# the published names of an edition's documents (a draft's carry 草稿:
# nanjiang.publish.label.published_name), as the pages link them
def report_workbook(label: dict | None) -> str:
    return "../" + published_name("report-tables.xlsx", label or {})


def brief_page(code: str, label: dict | None = None) -> str:
    return published_name(f"briefs/{code}.html", label or {})


def brief_workbook(code: str, label: dict | None = None) -> str:
    return Path(published_name(f"briefs/{code}-tables.xlsx", label or {})).name


def markdown_to_html(markdown: Path, out: Path, meta: dict,
                     resource_path: Path | None = None) -> None:
    """The page of ``markdown``, no search, no workbook (the change report,
    the 监测预警简报). ``resource_path``: where the Markdown's images are found
    (default: the working directory, the repository)."""
    write_page(render_page(markdown, page_meta(meta)), out, resource_path)


def page_meta(meta: dict, search_page: str = "", search_all: str = "",
              workbook: str = "") -> dict:
    """The template's variables: ``meta`` and the script; ``search_page``:
    this page's path in the edition (``html/index.html``), when the page
    gets a search index (``write_page``); ``search_all``: the page whose
    search covers the whole edition (a brief's search covers the brief and
    sends a query on to it); ``workbook``: the document's tables workbook,
    as a link from the page (``../report-tables.xlsx``)."""
    meta = meta | {"script": str(HTML_TEMPLATES / "report.js"), "lang": "zh-Hans"}
    if search_page:
        meta |= {"search-page": search_page, "search-all": search_all or search_page}
    if workbook:
        meta["tables-workbook"] = workbook
    return meta


def render_page(markdown: Path, meta: dict) -> str:
    """The page before its resources are put into it: pandoc's, its words
    kept (``keep_words``), its blocks numbered (``number_blocks``). The
    search index is made from this page (nanjiang.documents.search), so
    its ids are those of the published page."""
    return number_blocks(keep_words(run_pandoc("html", "html5", meta, file=markdown)))


def write_page(page: str, out: Path, resource_path: Path | None = None,
               index: dict | None = None, sheets: list[str] = ()) -> None:
    """``page`` (``render_page``'s) with its search ``index`` (the template's
    element for it: ``page_meta``'s ``search_page``), the sheet of each of its
    tables (``sheets``, in the order of the tables; ``name_sheets``), its
    style sheet, script and images put into it, written to ``out``."""
    if index is not None:
        page, found = _SEARCH_DATA.subn(lambda m: m.group(1) + json_text(index) + m.group(2),
                                        page, count=1)
        if not found:
            raise ValueError("HTML edition: a search index, but no search-page in the metadata")
    html = embed_resources(name_sheets(page, sheets), Path(resource_path or "."))
    write_text_atomic(out, html if html.endswith("\n") else html + "\n")


_SEARCH_DATA = re.compile(r'(<script type="application/json" id="search-index"[^>]*>)(</script>)')


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


# the blocks of the text a search result jumps to
_BLOCK = re.compile(r"<(p|li|tr|caption|figcaption|dt|dd)\b([^>]*)>")
BLOCK_ID = "b-{}"


def number_blocks(page: str) -> str:
    """Each paragraph, list item, table row and caption inside ``<main>``
    without an id gets one, ``b-1``, ``b-2`` … in document order (the same
    page gives the same ids)."""
    start, end = page.find("<main"), page.rfind("</main>")
    if start < 0 or end < 0:
        return page
    count = 0

    def number(m: re.Match) -> str:
        nonlocal count
        if re.search(r"\sid=", m.group(2)):
            return m.group(0)
        count += 1
        return f'<{m.group(1)} id="{BLOCK_ID.format(count)}"{m.group(2)}>'

    return page[:start] + _BLOCK.sub(number, page[start:end]) + page[end:]


_TABLE = re.compile(r"<table\b")


def name_sheets(page: str, sheets: list[str]) -> str:
    """Each ``<table>`` of ``page`` with the name of its sheet in the tables
    workbook (``data-sheet``), ``sheets`` in the order of the tables; none
    when ``sheets`` is empty. A count that differs stops the job: the
    workbook's tables are read from the Markdown the page is made of."""
    if not sheets:
        return page
    tables = len(_TABLE.findall(page))
    if tables != len(sheets):
        raise ValueError(f"HTML edition: {tables} tables in the page, {len(sheets)} sheets "
                         f"in the tables workbook")
    names = iter(sheets)
    return _TABLE.sub(lambda m: f'<table data-sheet="{htmllib.escape(next(names))}"', page)


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


def json_text(data) -> str:
    """``data`` as JSON for the text of a ``<script>`` element: every ``<``,
    ``>`` and ``&`` written as a ``\\u`` escape (the same JSON), so no string
    in it can end the element or open a comment, and no text of a page's (a
    name with markup in it) reads as markup in the page's source."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.translate({ord(c): f"\\u{ord(c):04x}" for c in "<>&"})


def _read(path: Path, what: str) -> bytes:
    try:
        return path.read_bytes()
    except OSError as e:
        raise FileNotFoundError(f"HTML edition: {what} {path} not found ({e.strerror})") from e
