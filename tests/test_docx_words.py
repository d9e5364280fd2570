"""No invisible character in the DOCX or the HTML; words kept whole, and tables
kept with their captions, by the layout (issue 26, items 5 and 9).

The report's Markdown joins the characters of a table cell's words with WORD
JOINER (U+2060); the DOCX and the HTML must not carry them (a cell copied into
a spreadsheet would read "新 U+2060 疆", not "新疆"). A small document with the
report's tables (county lists in a narrow column, short tables at every height
of a page, a cross-reference, 数据来源 lines) is built through the DOCX and
HTML routes, read back as XML and HTML, rendered by headless LibreOffice
(tools/proof/fonts.conf) and by Chromium, and checked.
"""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "scripts"), str(REPO / "tools"), str(REPO / "tests")]

from nanjiang.documents.docx_cells import BREAK, break_paragraph, line_breaks  # noqa: E402
from nanjiang.documents.words import INVISIBLE, join_word, words  # noqa: E402
from nanjiang.text.mdtext import pipe_table, source_block, unbreakable_words, unescape  # noqa: E402

INVISIBLE_RE = re.compile(f"[{INVISIBLE}]")


def regions() -> list[dict]:
    with open(REPO / "data/raw/regions.csv", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def county_lists() -> dict[str, list[str]]:
    """Each prefecture of 南疆四地州 with its counties (data/raw/regions.csv)."""
    rows = regions()
    prefectures = {r["region_code"]: r["name"] for r in rows if r["level"] == "prefecture"}
    return {name: [r["name"] for r in rows if r["parent_code"] == code]
            for code, name in prefectures.items()
            if any(r["parent_code"] == code for r in rows)}


def cell_paragraph(markdown_cell: str) -> str:
    text = unescape(markdown_cell)
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def lines_of(paragraph: str) -> list[str]:
    """The lines of a broken cell paragraph."""
    out = [""]
    for m in re.finditer(r"<w:t[^>]*>([^<]*)</w:t>|<w:br/>", paragraph):
        if m.group(0) == "<w:br/>":
            out.append("")
        else:
            out[-1] += m.group(1)
    return out


# ---------------------------------------------------------------- the breaker

@pytest.mark.parametrize("width", [4.5, 6, 8, 11, 15, 24])
def test_a_cell_breaks_between_its_words_and_keeps_no_joiner(width):
    counties = county_lists()
    assert counties, "regions.csv: no prefecture with counties"
    for names in counties.values():
        cell = "、".join(names)
        broken = break_paragraph(cell_paragraph(unbreakable_words(cell)), width)
        assert not INVISIBLE_RE.search(broken)
        lines = lines_of(broken)
        assert "".join(lines) == cell
        for name in names:
            assert any(name in line for line in lines), (name, lines)
        for line in lines:
            assert sum(1 if ord(c) > 0x2e7f else 0.55 for c in line) <= width or \
                len(words(line)) == 1, (width, line)


def test_a_line_never_holds_a_lone_opening_bracket():
    cell = "兵团 3 个师、3 个师（"
    assert words(cell)[-1].endswith("个师（")
    for width in (2.5, 3, 4, 5, 6, 7, 8):
        lines = lines_of(break_paragraph(cell_paragraph(unbreakable_words(cell)), width))
        assert all(line.strip() not in ("（", "") for line in lines), (width, lines)
    # an opening bracket is joined to the word after it, so the PDF's boxes keep it
    assert join_word("（《中国日报》").startswith("（\u2060《")


def test_no_break_inside_a_number_or_a_joined_word():
    units = [(c, c == "疆", False) for c in "南疆2019"]
    assert line_breaks(units, 1.5) == [2]
    assert BREAK.startswith("</w:t><w:br/>")


# -------------------------------------------------------------- the documents

FILLER = "这是检查排版所用的填充文字，每一句的长度都相同。"


def sample_markdown() -> str:
    """A cross-reference, short tables at every height of a page, and the
    county lists of 南疆四地州 in a column that must wrap."""
    parts = ["# 一、检查 {#ch1}", "", "见[表 9-1](#tbl-t1) 所示。", ""]
    for k in range(1, 15):
        parts += [FILLER * (k % 7 + 1), ""]
        rows = [[f"第 {i} 行", str(100 * i + k), "喀什地区"] for i in range(1, 6)]
        parts += [pipe_table(["项目", "人口（万人）", "地区"], rows, ["l", "r", "l"]), "",
                  f": 表 9-{k} 检查用表 {{#tbl-t{k}}}", "",
                  source_block(f"数据来源：检查用表 {k}"), ""]
    lists = county_lists()
    rows = [[name, "、".join(counties), str(len(counties))] for name, counties in lists.items()]
    parts += [pipe_table(["地州名称", "所辖市县", "县数"], rows * 2, ["l", "l", "r"]), "",
              ": 表 9-99 所辖市县 {#tbl-counties}", "", source_block("数据来源：regions.csv"), ""]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def documents(tmp_path_factory, monkeypatch_module):
    from nanjiang.documents.docx import markdown_to_docx
    from nanjiang.documents.html import markdown_to_html
    from nanjiang.documents.pandoc import metadata
    from nanjiang.documents.reference_docx import build_reference_docx

    out = tmp_path_factory.mktemp("words")
    monkeypatch_module.chdir(REPO)  # pandoc's defaults and filters are found from here
    markdown = out / "test.md"
    markdown.write_text(sample_markdown(), "utf-8")
    reference = out / "reference.docx"
    reference.write_bytes(build_reference_docx())
    front = yaml.safe_load((REPO / "report/front.yaml").read_text("utf-8"))
    meta = metadata(front, {"serif": "Noto Serif CJK SC", "sans": "Noto Sans CJK SC"})
    markdown_to_docx(markdown, out / "test.docx", reference, meta)
    markdown_to_html(markdown, out / "test.html", meta)
    return {"dir": out, "docx": out / "test.docx", "html": out / "test.html",
            "markdown": markdown}


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def test_the_markdown_joins_the_words(documents):
    assert "\u2060" in documents["markdown"].read_text("utf-8")


def test_no_invisible_character_in_any_part_of_the_docx(documents):
    with zipfile.ZipFile(documents["docx"]) as z:
        found = {}
        for name in z.namelist():
            if name.endswith((".xml", ".rels")):
                text = z.read(name).decode("utf-8")
                hits = INVISIBLE_RE.findall(text)
                if hits:
                    found[name] = {f"U+{ord(c):04X}" for c in hits}
    assert not found, found


def test_no_invisible_character_in_the_html_and_words_are_kept(documents):
    page = documents["html"].read_text("utf-8")
    assert not INVISIBLE_RE.search(page), {f"U+{ord(c):04X}" for c in INVISIBLE_RE.findall(page)}
    kept = set(re.findall(r'<span class="w">([^<]*)</span>', page))
    for counties in county_lists().values():
        for name in counties:
            assert any(name in w for w in kept), name
    assert re.search(r"\.w\s*\{\s*white-space:\s*nowrap", page)


def docx_rendered(documents) -> Path:
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice missing: ./run.sh test installs it")
    from proof import docx_to_pdf

    pdf = documents["dir"] / "docx" / "test.pdf"
    if not pdf.exists():
        docx_to_pdf(documents["docx"], documents["dir"] / "docx")
    return pdf


def test_docx_no_county_name_split_across_lines(documents):
    """pdftotext of LibreOffice's rendering: each county name of the list
    column stands whole on one line (LibreOffice and Word break Chinese
    between any two characters; the DOCX breaks the cell between words)."""
    pdf = docx_rendered(documents)
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    lines = [line.strip() for line in text.splitlines()]
    joined = "".join(lines)
    split = [name for counties in county_lists().values() for name in counties
             if sum(line.count(name) for line in lines) < joined.count(name)]
    assert not split, split


def pages(pdf: Path):
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        yield from doc.pages


def test_docx_short_table_stays_on_the_page_of_its_caption(documents):
    """Caption, header, every row and the 数据来源 line of a short table on one
    page: never a caption, header and a row or two at a page foot."""
    pdf = docx_rendered(documents)
    texts = [(page.extract_text() or "").replace(" ", "") for page in pages(pdf)]
    problems = []
    for k in range(1, 15):
        caption = [n for n, t in enumerate(texts) if f"表9-{k}检查用表" in t]
        source = [n for n, t in enumerate(texts) if re.search(f"数据来源：检查用表{k}(?!\\d)", t)]
        if caption != source:
            problems.append(f"表 9-{k}: caption on page {caption}, 数据来源 on {source}")
    assert not problems, problems


def test_docx_cross_references_print_black(documents):
    pdf = docx_rendered(documents)
    coloured = set()
    for page in pages(pdf):
        for c in page.chars:
            colour = tuple(c.get("non_stroking_color") or (0,))
            if any(v > 0.05 for v in colour) and c["text"].strip():
                coloured.add(c["text"])
    assert not coloured, f"characters not black: {sorted(coloured)[:20]}"


def test_docx_source_lines_start_at_the_table_edge(documents):
    """As in the PDF: the table spans the text width, and its 数据来源 line
    starts where its rules start."""
    pdf = docx_rendered(documents)
    problems = []
    for page in pages(pdf):
        rules = [r for r in page.lines + page.rects if r["x1"] - r["x0"] > 200]
        for line in page.extract_text_lines():
            if line["text"].startswith("数据来源"):
                above = [r for r in rules if r["top"] < line["top"]]
                if not above:
                    continue
                rule = max(above, key=lambda r: r["top"])
                if abs(rule["x0"] - line["x0"]) > 1.5:
                    problems.append(f"page {page.page_number}: rule at {rule['x0']:.1f}, "
                                    f"{line['text'][:12]} at {line['x0']:.1f}")
    assert not problems, problems[:10]


CELL_LINES = """() => [...document.querySelectorAll('td')].map(td => {
  const lines = [];
  let top = null;
  const walker = document.createTreeWalker(td, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    for (let i = 0; i < n.length; i++) {
      const r = document.createRange();
      r.setStart(n, i); r.setEnd(n, i + 1);
      const t = Math.round(r.getBoundingClientRect().top);
      if (top === null || Math.abs(t - top) > 2) { lines.push(''); top = t; }
      lines[lines.length - 1] += n.data[i];
    }
  }
  return lines;
})"""


def test_html_no_county_name_split_across_lines_on_a_phone(documents):
    """Chromium at phone width: the county lists wrap, between names only."""
    from test_html import ARGS, CHROMIUM

    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium missing: ./run.sh test installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 390, "height": 844})
        page.goto(documents["html"].as_uri(), wait_until="load")
        cells = page.evaluate(CELL_LINES)
        browser.close()
    assert any(len(lines) > 1 for lines in cells), "no cell wraps: the check checks nothing"
    split = []
    for lines in cells:
        text = "".join(lines)
        for counties in county_lists().values():
            split += [name for name in counties
                      if sum(line.count(name) for line in lines) < text.count(name)]
    assert not split, split
