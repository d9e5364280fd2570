"""Layout read back from the rendered pages of the PDF (typst) and of the DOCX
(rendered by headless LibreOffice with tools/proof/fonts.conf): captions
stay with their tables and figures, no region name or column label breaks,
chapters start at the top of a page, no page is left mostly empty, no line
starts with closing punctuation.

LibreOffice renders the DOCX once per test session.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

import pytest

from layout import CLOSING, OPENING, below, front_matter, read_pages, squash

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "scripts"), str(REPO / "tools")]  # nanjiang; proof

from nanjiang.documents.docx_toc import toc_headings  # noqa: E402
from nanjiang.documents.words import LEXICON  # noqa: E402
from nanjiang.publish.label import label_items, label_line  # noqa: E402
from proof import docx_heading_pages, docx_to_pdf  # noqa: E402

pytestmark = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice missing: ./run.sh test installs it")


@pytest.fixture(scope="session")
def rendered(built_repo, tmp_path_factory):
    """Both documents as pages, and the report's Markdown (captions, titles),
    copied before other tests rebuild the repository for another year."""
    out = tmp_path_factory.mktemp("layout")
    build = built_repo / "report" / "build"
    for name in ("report.pdf", "report.docx", "work/report.md"):
        shutil.copy(build / name, out / Path(name).name)
    docx_pdf = docx_to_pdf(out / "report.docx", out / "docx")
    markdown = (out / "report.md").read_text("utf-8")
    label = json.loads((build / "publication.json").read_text("utf-8"))["label"]
    return {"pdf": read_pages(out / "report.pdf"), "docx": read_pages(docx_pdf),
            "markdown": markdown, "docx_file": out / "report.docx", "docx_pdf": docx_pdf,
            "pdf_file": out / "report.pdf", "label": label}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_cover_and_every_numbered_page_name_the_edition(rendered, fmt):
    """Issue 28: two printed editions are never taken for each other: the
    cover lists 报告年份、数据截至、版本、日期, and the foot of every numbered
    page (the DOCX as LibreOffice lays it out) repeats them above the number."""
    pages, label = rendered[fmt], rendered["label"]
    cover = squash("".join(f.text for f in pages[0].fragments))
    for item, value in label_items(label):
        assert squash(f"{item}：{value}") in cover, (fmt, item)
    assert label["version"] >= 1 and f"版本：v{label['version']}" in cover
    line = squash(label_line(label))
    numbered = [p for p in pages if p.folio()]
    assert len(numbered) >= len(pages) - 3
    for page in numbered:
        assert [squash(f.text) for f in page.edition_label()] == [line], (fmt, page.number)
        (label_fragment,) = page.edition_label()
        number = max(page.folio(), key=lambda f: f.top)  # the lowest: the page number
        assert label_fragment.bottom <= number.top, (fmt, page.number)


def _unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text)


def table_captions(markdown: str) -> list[str]:
    return [_unescape(m) for m in re.findall(r"^: (表 \S+ .*?) \{#", markdown, re.M)]


def figure_captions(markdown: str) -> list[str]:
    return [_unescape(m) for m in re.findall(r"^!\[(图 \S+ [^\]]*)\]", markdown, re.M)]


def chapter_titles(markdown: str) -> list[str]:
    return [_unescape(m) for m in re.findall(r"^# (.*?)(?:\s*\{\s*#.*\})?$", markdown, re.M)]


def find_line(pages, text: str):
    """The page and fragment where ``text`` begins (a line starting with it),
    after the cover and the 目录 (whose entries begin as the headings do)."""
    key = squash(text)[:10]
    for page in pages[len(front_matter(pages)):]:
        for f in page.body():
            if squash(f.text).startswith(key):
                return page, f
    return None, None


FORMATS = ["pdf", "docx"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_table_caption_on_the_page_of_its_first_rows(rendered, fmt):
    pages = rendered[fmt]
    problems = []
    for caption in table_captions(rendered["markdown"]):
        page, line = find_line(pages, caption)
        if page is None:
            problems.append(f"{caption}: not found")
            continue
        after = [f for f in page.body() if f.top > line.bottom]
        rows = {round(f.top) for f in after}
        if len(rows) < 2:
            problems.append(f"{caption}: at the foot of page {page.number}, table on the next")
    assert not problems, problems


@pytest.mark.parametrize("fmt", FORMATS)
def test_figure_caption_on_the_page_of_its_figure(rendered, fmt):
    pages = rendered[fmt]
    problems = []
    for caption in figure_captions(rendered["markdown"]):
        page, line = find_line(pages, caption)
        if page is None:
            problems.append(f"{caption}: not found")
            continue
        drawn_above = [g for g in page.graphics if g[1] <= line.top + 2 and g[1] - g[0] > 20]
        if not drawn_above:
            problems.append(f"{caption}: page {page.number} has no figure above it")
    assert not problems, problems


def protected_words() -> set[str]:
    """Region names of data/raw/regions.csv and the column-label words."""
    import csv

    with open(REPO / "data/raw/regions.csv", encoding="utf-8") as fh:
        names = {r["name"] for r in csv.DictReader(fh)}
    return {w for w in names | set(LEXICON) if len(w) >= 2}


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_region_name_or_column_label_broken(rendered, fmt):
    words = protected_words()
    problems = []
    for page in rendered[fmt]:
        body = page.body()
        text_width = max((f.x1 - f.x0 for f in body), default=0)
        for f in body:
            # prose may break between any two characters; table cells may not
            if f.x1 - f.x0 > 0.6 * text_width:
                continue
            nxt = below(f, body)
            if nxt is None:
                continue
            upper, lower = squash(f.text), squash(nxt.text)
            for w in words:
                for k in range(1, len(w)):
                    if upper.endswith(w[:k]) and lower.startswith(w[k:]) and \
                            not any(upper.endswith(v) for v in words if v.endswith(w[:k]) and
                                    len(v) >= k and v != w and w[:k] == v[-k:] and v in upper):
                        problems.append(f"page {page.number}: {w[:k]}/{w[k:]} ({upper}|{lower})")
    assert not problems, problems[:20]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_line_holds_only_an_opening_bracket(rendered, fmt):
    """A table cell never leaves "（" or "《" alone on a line (附录三: a
    quotation cut short, 兵团 3 个师、3 个师（)."""
    problems = [f"page {page.number}: {f.text!r} at {f.x0:.0f}, {f.top:.0f}"
                for page in rendered[fmt] for f in page.body()
                if f.text.strip() and all(c in OPENING for c in f.text.strip())]
    assert not problems, problems[:20]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_invisible_character_in_the_printed_text(rendered, fmt):
    """pdftotext of the PDF and of LibreOffice's rendering of the DOCX: no
    word joiner (typst's own before a 目录 page number included), zero-width
    space or soft hyphen is copied with the text."""
    import subprocess

    pdf = rendered["pdf_file" if fmt == "pdf" else "docx_pdf"]
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    found = [m.group(0) for m in re.finditer("..?[\u2060\u200b-\u200d\ufeff\u00ad]..?", text)]
    assert not found, [f.encode("unicode_escape").decode() for f in found[:10]]


@pytest.mark.parametrize("fmt", FORMATS)
def test_chapter_titles_at_the_top_of_a_page(rendered, fmt):
    pages = rendered[fmt]
    problems = []
    for title in chapter_titles(rendered["markdown"]):
        page, line = find_line(pages, title)
        if page is None:
            problems.append(f"{title}: not found")
            continue
        first = min(page.body(), key=lambda f: f.top)
        if first is not line:
            problems.append(f"{title}: page {page.number} begins with {first.text!r}")
    assert not problems, problems


def emptiest_gap(page) -> float:
    """The largest share of the text area's height with nothing on it."""
    spans = sorted([(f.top, f.bottom) for f in page.body()] + page.graphics)
    top, bottom = page.height * 0.08, page.height * 0.88
    gaps, cursor = [], top
    for a, b in spans:
        if a > cursor:
            gaps.append(a - cursor)
        cursor = max(cursor, b)
    gaps.append(bottom - cursor)
    return max(gaps) / (bottom - top)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_page_mostly_empty_unless_a_chapter_ends(rendered, fmt):
    pages = rendered[fmt]
    starts = set()
    for title in chapter_titles(rendered["markdown"]):
        page, _ = find_line(pages, title)
        if page is not None:
            starts.add(page.number)
    first_chapter = min(starts)
    problems = [
        f"page {p.number}: {emptiest_gap(p):.0%} empty"
        for p in pages
        if p.number > first_chapter and p.number + 1 not in starts and p is not pages[-1]
        and emptiest_gap(p) > 0.40
    ]
    assert not problems, problems


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_no_line_starts_with_closing_punctuation(rendered, fmt):
    problems = []
    for page in rendered[fmt]:
        body = page.body()
        for f in body:
            # continuing a run on the same line (after a superscript marker)
            joined = any(g is not f and abs(g.x1 - f.x0) < 3 and g.top < f.bottom and
                         g.bottom > f.top for g in body)
            if f.text[0] in CLOSING and not joined:
                problems.append(f"page {page.number}: {f.text[:20]!r}")
    assert not problems, problems[:20]


@pytest.mark.parametrize("fmt", FORMATS)
def test_cover_title_breaks_only_between_its_words(rendered, fmt):
    """The cover prints the title on the lines of report/front.yaml (title_lines)."""
    import yaml

    front = yaml.safe_load((REPO / "report" / "front.yaml").read_text("utf-8"))
    cover = [squash(f.text) for f in sorted(rendered[fmt][0].body(), key=lambda f: f.top)]
    lines = front["title_lines"]
    assert cover[: len(lines)] == lines, cover[:4]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_chapter_title_leaves_a_character_alone(rendered, fmt):
    """A chapter title on two lines has at least four characters on the second."""
    problems = []
    for title in chapter_titles(rendered["markdown"]):
        page, line = find_line(rendered[fmt], title)
        if page is None:
            continue
        nxt = below(line, page.body())
        whole = squash(title)
        if nxt is not None and squash(line.text) + squash(nxt.text) == whole \
                and len(squash(nxt.text)) < 4:
            problems.append(f"{title}: second line {nxt.text!r}")
        elif squash(line.text) != whole and not (nxt and whole.endswith(squash(nxt.text))):
            problems.append(f"{title}: printed {line.text!r} / {nxt.text if nxt else None!r}")
    assert not problems, problems


@pytest.mark.parametrize("fmt", FORMATS)
def test_one_kind_of_quotation_marks(rendered, fmt):
    """Quotations in “ ” only: no 「」『』, no ‘ ’ or straight quotes as quotation
    marks, and every “ closed by a ”."""
    text = "".join(f.text for page in rendered[fmt] for f in page.body())
    quote = r"[「」『』‘’\"]|(?<=[^\x00-\x7f])'|'(?=[^\x00-\x7f])"
    others = re.findall(rf".{{0,12}}(?:{quote}).{{0,12}}", text)
    assert not others, others[:10]
    assert text.count("“") == text.count("”")


def test_docx_tables_repeat_their_header_row(rendered):
    """Word and LibreOffice repeat a row marked w:tblHeader on every page the
    table continues on (a "续表" caption has no place in Word's table model:
    see README, Layout and proof); no row splits across pages."""
    import zipfile

    xml = zipfile.ZipFile(rendered["docx_file"]).read("word/document.xml").decode("utf-8")
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", xml, re.S)
    assert tables
    for table in tables:
        rows = re.findall(r"<w:tr>.*?</w:tr>", table, re.S)
        assert "<w:tblHeader" in rows[0], rows[0][:200]
        assert all("<w:cantSplit/>" in r for r in rows)


def test_docx_toc_links_its_headings_and_leaves_the_page_numbers_to_the_reader(rendered):
    """The 目录 of the DOCX lists the headings of levels 1-2 in order, each a
    link to its heading's bookmark, and prints no page number of its own (no
    numbers of another layout, none to go stale): the settings ask the word
    processor to update fields on open, and Word then rebuilds the 目录 with
    its page numbers. LibreOffice (7.4) keeps the entries as they are: its
    rendering shows the titles without numbers; a version that fills them in
    must show the pages where it laid the headings out."""
    import zipfile

    with zipfile.ZipFile(rendered["docx_file"]) as z:
        xml = z.read("word/document.xml").decode("utf-8")
        settings = z.read("word/settings.xml").decode("utf-8")
    assert '<w:updateFields w:val="true"/>' in settings
    start = xml.index("TOC \\o")
    toc = xml[start: xml.index("</w:sdtContent>", start)]
    entries = [(anchor, "".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", body)))
               for anchor, body in re.findall(
                   r'<w:hyperlink w:anchor="([^"]+)"[^>]*>(.*?)</w:hyperlink>', toc, re.S)]
    headings = toc_headings(xml)
    assert entries and entries == [(bookmark, text) for bookmark, _, text in headings]
    bookmarks = set(re.findall(r'<w:bookmarkStart [^>]*w:name="([^"]+)"', xml[start:]))
    assert {anchor for anchor, _ in entries} <= bookmarks
    assert "PAGEREF" not in toc and "<w:tab/>" not in toc, "the 目录 prints page numbers"

    pages = front_matter(rendered["docx"])[1:]  # the cover left out
    shown = "".join(squash(f.text) for p in pages
                    for f in sorted(p.body(), key=lambda f: (f.top, f.x0)))
    titles = [squash(text) for _, text in entries]
    if shown == "目录" + "".join(titles):
        return
    laid_out = docx_heading_pages(rendered["docx_file"], rendered["docx_pdf"])
    numbered = "".join(re.escape(title) + r"[.…·]*" + re.escape(laid_out.get(anchor, "?"))
                       for title, (anchor, _) in zip(titles, entries, strict=True))
    assert re.fullmatch("目录" + numbered, shown), shown


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_cover_and_contents_have_no_page_number_and_the_body_starts_at_one(rendered, fmt):
    """Chinese report convention, the same in both documents: no folio on the
    cover or the 目录; the page of chapter 一 is page 1."""
    pages = rendered[fmt]

    def folio(page):
        return [f.text for f in page.fragments
                if f.top > page.height * 0.88 and re.fullmatch(r"[0-9]+", f.text)]

    first = next(p for p in pages if any(squash(f.text).startswith("一、导论")
                                        and p.number > 2 for f in p.fragments))
    assert folio(first) == ["1"], (fmt, first.number, folio(first))
    for page in pages[: first.number - 1]:
        assert not folio(page), (fmt, page.number, folio(page))
