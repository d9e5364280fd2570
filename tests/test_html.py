"""The HTML edition, loaded from the file system in headless Chromium (Debian's,
driven by Playwright): offline, complete, navigable, readable on a phone,
searchable, its tables copied and printed with their captions, light or dark."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As the machine's probe runs it: no background connections to a closed network.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
BRIEFS = ("652900", "653000", "653100", "653200")


@pytest.fixture(scope="module")
def html(built_repo) -> Path:
    path = built_repo / "report" / "build" / "html" / "index.html"
    assert path.exists(), "formats in config.yaml include html: the page is published"
    return path


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), "Chromium missing: ./run.sh test installs it (apt chromium)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def proof(built_repo) -> Path:
    """Where the screenshots go (as ./run.sh proof's pages)."""
    folder = built_repo / "report" / "build" / "proof"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def open_page(browser, url: str, viewport: dict, **context):
    """A page of its own context, with every console error and failed or
    outside request kept (``page.problems``)."""
    page = browser.new_context(viewport=viewport, **context).new_page()
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("requestfailed", lambda r: page.problems.append(f"failed: {r.url}"))
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
            else page.problems.append(f"network: {r.url}"))
    page.goto(url, wait_until="load")
    return page


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def page(request, browser, html, proof):
    """The page at one width, with every console error and failed request kept."""
    page = open_page(browser, html.as_uri(), VIEWPORTS[request.param])
    page.screenshot(path=str(proof / f"html-{request.param}.png"))
    page.width_name = request.param
    yield page
    page.context.close()


def test_the_page_is_one_file_with_no_outside_resource(html):
    text = html.read_text("utf-8")
    resources = re.findall(r'<(?:img|script|link)\b[^>]*?(?:src|href)="([^"]+)"', text)
    assert resources, "no figures or style sheet found"
    outside = [r for r in resources if not r.startswith(("data:", "#"))]
    assert not outside, outside[:5]


def test_no_console_error_no_failed_or_network_request(page):
    assert page.problems == []


def test_every_figure_and_table_is_there_and_numbered(page):
    figures = page.eval_on_selector_all(
        "figure", "fs => fs.map(f => [f.querySelector('img').naturalWidth,"
        " f.querySelector('figcaption').textContent])")
    assert len(figures) == 11
    assert all(width > 0 for width, _ in figures), figures
    assert all(re.match(r"图 \d-\d+ ", caption) for _, caption in figures), figures
    captions = page.eval_on_selector_all("table > caption", "cs => cs.map(c => c.textContent)")
    numbered = [c for c in captions if re.match(r"表 [0-9A-Z]-\d+ ", c)]
    assert len(numbered) >= 14, captions
    assert page.locator("table thead th").count() > 50  # real tables with header cells


def test_the_contents_sidebar_reaches_every_chapter(page):
    links = page.eval_on_selector_all("nav#TOC > ul > li > a", "as => as.map(a => a.textContent)")
    assert links[:6] == ["一、导论", "二、南疆地区贫困发生的基本概况",
                         "三、南疆地区脱贫攻坚的总体成效和经验做法",
                         "四、南疆深度贫困地区贫困退出面临的返贫风险及其表现形式",
                         "五、南疆深度贫困地区防返贫长效机制构建及推进策略研究", "六、结语和展望"]
    if page.width_name == "phone":  # behind the 目录 button
        assert not page.locator("nav#TOC").is_visible() or \
            page.eval_on_selector("nav#TOC", "n => n.getBoundingClientRect().right <= 0")
        page.click("label.toc-button")
        page.wait_for_timeout(300)
    page.click("nav#TOC >> text=四、南疆深度贫困地区贫困退出面临的返贫风险及其表现形式")
    page.wait_for_timeout(300)
    top = page.eval_on_selector("#ch4", "s => s.getBoundingClientRect().top")
    bar = page.eval_on_selector("#site-bar", "b => b.getBoundingClientRect().bottom")
    assert bar <= top < bar + 50  # at the top, under the bar (not behind it)
    assert page.locator("section.level1 > nav.chapter-nav").count() >= 6
    # the 目录 marks the chapter being read (IntersectionObserver)
    page.wait_for_timeout(300)
    current = page.eval_on_selector_all("nav#TOC a.current, nav#TOC a.current-chapter",
                                        "as => as.map(a => a.textContent)")
    assert "四、南疆深度贫困地区贫困退出面临的返贫风险及其表现形式" in current
    page.eval_on_selector("#ch5", "s => s.scrollIntoView()")
    page.wait_for_timeout(300)
    current = page.eval_on_selector("nav#TOC a.current-chapter, nav#TOC a.current",
                                    "a => a.textContent")
    assert current.startswith("五、"), current


def test_a_footnote_opens_in_place(page):
    ref = page.locator("a.footnote-ref").first
    ref.scroll_into_view_if_needed()
    ref.click()
    note = page.locator(".fn-inline").first
    assert note.is_visible()
    assert len(note.text_content()) > 10
    assert note.evaluate("n => n.previousElementSibling.contains("
                         "document.querySelector('a.footnote-ref'))")
    ref.click()
    assert page.locator(".fn-inline").count() == 0


def test_nothing_is_wider_than_a_phone(page):
    if page.width_name != "phone":
        pytest.skip("phone width only")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS["phone"]["width"], width


def test_the_body_font_stack_is_chinese_serif(page):
    family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert family.startswith('"Noto Serif CJK SC"') and "宋体" in family


def test_numbers_show_their_origin_on_hover_or_tap(page):
    spans = page.locator("span.num")
    assert spans.count() > 250
    first = spans.first
    assert first.get_attribute("title").startswith("数据出处 1：")
    assert first.get_attribute("tabindex") == "0"  # reachable by tap and keyboard
    # the box under the number of the text nearest the window's right edge
    # stays in the window
    last = page.evaluate("""() => { let best = 0, right = 0;
      document.querySelectorAll('main p span.num').forEach((s, i) => {
        const r = s.getBoundingClientRect().right; if (r > right) { right = r; best = i; } });
      return best; }""")
    number = page.locator("main p span.num").nth(last)
    number.scroll_into_view_if_needed()
    number.click()
    box = number.evaluate("n => { const s = getComputedStyle(n, '::after');"
                          " return [s.content, n.getBoundingClientRect().left"
                          " + parseFloat(s.left) + parseFloat(s.width)]; }")
    width = VIEWPORTS[page.width_name]["width"]
    assert box[0] != "none" and box[1] <= width
    assert page.evaluate("document.documentElement.scrollWidth") <= width


# the rectangles of a table's caption and rows but the origin's, and the origin's
OVERLAP = """box => {
  const table = box.closest('table');
  const r = box.getBoundingClientRect();
  const parts = [table.caption, ...Array.from(table.rows).filter(row => !row.contains(box))];
  return parts.filter(e => {
    const o = e.getBoundingClientRect();
    return o.left < r.right - 1 && r.left < o.right - 1
      && o.top < r.bottom - 1 && r.top < o.bottom - 1;
  }).map(e => e.textContent.slice(0, 40));
}"""


def test_table_cells_show_their_row_when_tapped(page):
    cells = page.locator("table span.cell")
    assert cells.count() > 150
    for n in (5, 40, cells.count() - 1):
        cell = cells.nth(n)
        cell.scroll_into_view_if_needed()
        cell.click()
        panel = page.locator("#cell-origin")
        assert panel.is_visible()
        assert panel.inner_text() == cell.get_attribute("title")
        assert "来源：" in panel.inner_text()
        # under the cell's row, in the table: over neither the table nor its caption
        assert panel.evaluate(OVERLAP) == []
        assert panel.evaluate("b => { const r = b.getBoundingClientRect(); return "
                              "document.elementFromPoint(r.left + 5, r.top + 5) === b || "
                              "b.contains(document.elementFromPoint(r.left + 5, r.top + 5)); }")
        assert page.evaluate("document.documentElement.scrollWidth") <= \
            VIEWPORTS[page.width_name]["width"]
    page.locator("#search-input").focus()  # (the origin closes)
    assert page.locator("#cell-origin").count() == 0


# ---------------------------------------------------------------- search


def search(page, query: str) -> list[tuple[str, str]]:
    """Type ``query`` into the search field; the results' links and texts."""
    page.fill("#search-input", query)
    page.wait_for_function("q => document.getElementById('search-results').dataset.query === q",
                           arg=query)
    return page.eval_on_selector_all("#search-results li a",
                                     "as => as.map(a => [a.getAttribute('href'), a.textContent])")


def chapter_of(page, href: str) -> tuple[str, str]:
    """The chapter (section.level1 id) and tag of a result on this page."""
    return tuple(page.evaluate("id => { const e = document.getElementById(id);"
                               " return [(e.closest('section.level1') || {}).id, e.tagName]; }",
                               unquote(href.split("#", 1)[1])))


def test_search_finds_words_in_chapter_4_an_appendix_and_the_briefs(page, proof):
    # a paragraph of chapter 4
    results = search(page, "返贫风险")
    here = [chapter_of(page, href) for href, _ in results if href.startswith("#")]
    assert ("ch4", "P") in here, here[:10]
    # an appendix: 附录三 勘误表
    results = search(page, "勘误")
    here = [chapter_of(page, href)[0] for href, _ in results if href.startswith("#")]
    assert "appendix-errata" in here, results
    # every brief (each page beside this one: ../briefs/<code>.html)
    results = search(page, "简报")
    pages = {urlsplit(href).path for href, _ in results}
    assert {f"../briefs/{code}.html" for code in BRIEFS} <= pages, pages
    # the result says where it is: the document, the chapter, and the words marked
    assert page.locator("#search-results li a .where").first.inner_text()
    assert page.locator("#search-results li a mark").first.inner_text() == "简报"
    search(page, "返贫风险")
    page.screenshot(path=str(proof / f"html-{page.width_name}-search.png"))


def test_search_cuts_a_query_into_words(page):
    """南疆返贫风险 is nowhere in the text: the query is cut into the words of
    the index (jieba's), and the blocks holding every word are found."""
    query = "南疆返贫风险"
    assert query not in page.evaluate("document.querySelector('main').textContent")
    assert search(page, query)
    count = page.inner_text("#search-results .search-count")
    terms = count.split("检索词：")[1].rstrip("）").split(" ")
    assert len(terms) >= 2 and "".join(terms) == query and "南疆" in terms, count
    found = page.evaluate(f"nanjiang.search('{query}').map(r => r.text)")
    assert found and all(t in text for text in found for t in terms), found[:3]


def test_a_search_result_opens_at_its_paragraph(browser, built_repo):
    """A brief's search covers the brief, and sends the query on to the
    report's page, which searches the whole edition: a result in chapter 4
    opens at its paragraph, under the bar, marked as the target; a result in
    a brief opens the brief at its paragraph."""
    brief = built_repo / "report" / "build" / "briefs" / f"{BRIEFS[0]}.html"
    page = open_page(browser, brief.as_uri(), VIEWPORTS["phone"])
    try:
        results = search(page, "阿克苏地区")
        assert results and all(href.startswith("#") for href, _ in results)  # its own
        page.click("#search-results a.search-all")
        page.wait_for_load_state("load")
        assert unquote(page.url).endswith("/html/index.html?q=阿克苏地区")
        page.wait_for_selector("#search-results:not([hidden]) li a")
        assert page.input_value("#search-input") == "阿克苏地区"
        results = search(page, "返贫风险")
        into = [href for href, _ in results
                if href.startswith("#b-") and chapter_of(page, href) == ("ch4", "P")]
        assert into, results[:5]
        page.click(f'#search-results a[href="{into[0]}"]')
        page.wait_for_timeout(300)
        block = page.locator(":target")
        assert block.count() == 1 and "返贫风险" in block.inner_text()
        top = block.evaluate("b => b.getBoundingClientRect().top")
        bar = page.eval_on_selector("#site-bar", "b => b.getBoundingClientRect().bottom")
        assert bar <= top < VIEWPORTS["phone"]["height"] / 2
        assert page.is_hidden("#search-results")
        # and a brief's paragraph, in the brief
        results = search(page, "阿克苏地区下辖")
        into = [href for href, _ in results if href.startswith(f"../briefs/{BRIEFS[0]}.html#")]
        assert into, results
        page.click(f'#search-results a[href="{into[0]}"]')
        page.wait_for_load_state("load")
        assert "阿克苏地区下辖" in page.locator(":target").inner_text()
        assert page.problems == []
    finally:
        page.context.close()


# ---------------------------------------------------------------- phone width


# every element fixed or sticky that shows in the window (but a table's held
# first column, which stays in its table's box)
FIXED = """() => Array.from(document.querySelectorAll('body *')).filter(e => {
  const p = getComputedStyle(e).position;
  if ((p !== 'fixed' && p !== 'sticky') || e.closest('.table-wrap')) return false;
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.right > 0 && r.bottom > 0
    && r.left < innerWidth && r.top < innerHeight && getComputedStyle(e).visibility !== 'hidden';
}).map(e => e.id || e.className)"""


def test_on_a_phone_nothing_is_fixed_over_the_text(page):
    if page.width_name != "phone":
        pytest.skip("phone width only")
    page.keyboard.press("Escape")
    page.evaluate("window.scrollTo(0, 0)")
    # the 目录 button is in the bar, which holds a band of its own above the text
    assert page.evaluate(FIXED) == ["site-bar"]
    assert page.eval_on_selector("label.toc-button", "b => b.closest('#site-bar') !== null")
    bar = page.eval_on_selector("#site-bar", "b => b.getBoundingClientRect().bottom")
    assert page.eval_on_selector("#cover", "c => c.getBoundingClientRect().top") >= bar
    page.evaluate("document.getElementById('ch3').scrollIntoView()")
    assert page.evaluate(FIXED) == ["site-bar"]


# each table's box scrolled to its start or end: what is wrong (.wide marks a
# table wider than its box, the caption is seen whole, the first column stays)
WIDE_TABLES = """(wraps, end) => wraps.flatMap(w => {
  w.scrollLeft = end ? w.scrollWidth : 0;
  const box = w.getBoundingClientRect();
  const name = (w.querySelector('caption') || w).textContent.slice(0, 8);
  const out = [];
  if (w.classList.contains('wide') !== (w.scrollWidth > w.clientWidth + 1)) {
    out.push(name + ': .wide');
  }
  const caption = w.querySelector('caption .caption-text');
  if (caption) {
    const c = caption.getBoundingClientRect();
    if (c.left < box.left - 1 || c.right > box.left + w.clientWidth + 1) {
      out.push(name + ': caption cut');
    }
  }
  for (const row of w.classList.contains('wide') ? w.querySelectorAll('tr') : []) {
    if (Math.abs(row.cells[0].getBoundingClientRect().left - box.left) > 1) {
      out.push(name + ': first column moved');
      break;
    }
  }
  return out;
})"""


def test_on_a_phone_wide_tables_scroll_in_their_box(page, proof):
    """A table wider than the window scrolls inside its own box: the page
    does not; the first column stays; the caption stays in view."""
    if page.width_name != "phone":
        pytest.skip("phone width only")
    width = VIEWPORTS["phone"]["width"]
    wide = page.eval_on_selector_all(".table-wrap.wide", "ws => ws.length")
    assert wide >= 3
    for end in (False, True):
        problems = page.eval_on_selector_all(".table-wrap", WIDE_TABLES, end)
        assert problems == [], problems
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.eval_on_selector_all(".table-wrap.wide", "ws => { ws.forEach(w => { w.scrollLeft = 60; });"
                              " ws[0].scrollIntoView({block: 'center'}); }")
    page.locator(".table-wrap.wide span.cell").first.click()
    page.eval_on_selector("#cell-origin", "o => o.closest('table').scrollIntoView()")
    page.screenshot(path=str(proof / "html-phone-table.png"))


def test_briefs_fit_a_phone(browser, built_repo):
    """Each brief at phone width: nothing wider than the window; a number of
    a table shows its origin under its row, over neither table nor caption."""
    for code in BRIEFS:
        brief = built_repo / "report" / "build" / "briefs" / f"{code}.html"
        page = open_page(browser, brief.as_uri(), VIEWPORTS["phone"])
        try:
            assert page.evaluate("document.documentElement.scrollWidth") <= \
                VIEWPORTS["phone"]["width"]
            assert page.locator("#search").is_visible()
            number = page.locator("table span.num").nth(1)
            number.scroll_into_view_if_needed()
            number.click()
            origin = page.locator("#cell-origin")
            assert origin.inner_text() == number.get_attribute("title")
            assert origin.evaluate(OVERLAP) == []
            # (the box under a number of the text is not drawn in a table)
            assert number.evaluate("n => getComputedStyle(n, '::after').content") == "none"
            assert page.problems == []
        finally:
            page.context.close()


# ---------------------------------------------------------------- copy a table


INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060\ufeff\u00a0]")


def test_a_table_copies_as_its_cells(browser, html, built_repo):
    """The copy button puts the table on the clipboard as tab-separated text:
    its header row and its rows, each cell as the report prints it (the
    tables workbook's reading of the Markdown), numbers plain."""
    from nanjiang.documents.tables_workbook import read_tables

    markdown = (built_repo / "report" / "build" / "work" / "report.md").read_text("utf-8")
    tables = read_tables(markdown)
    page = open_page(browser, html.as_uri(), VIEWPORTS["desktop"])
    try:
        page.context.grant_permissions(["clipboard-read", "clipboard-write"])
        handles = page.query_selector_all("main table")
        assert len(handles) == len(tables) >= 15
        for table, handle in zip(tables, handles, strict=True):
            expected = [table.header] + [[c.text for c in row] for row in table.rows]
            text = handle.evaluate("t => nanjiang.tableText(t)")
            assert not INVISIBLE.search(text), table.label
            got = [line.split("\t") for line in text.split("\r\n")[:-1]]
            assert got == expected, table.label
            for row, printed in zip(got[1:], table.rows, strict=True):
                for cell, c in zip(row, printed, strict=True):
                    if c.number is not None and c.number_format in ("0", "0.0", "0.00", "0.000"):
                        assert float(cell) == c.number  # a plain number to a spreadsheet
        # the button itself: 表 2-1 on the clipboard
        button = page.locator(".table-tools button").first
        button.click()
        page.wait_for_function("() => document.querySelector('.table-tools button')"
                               ".textContent === '已复制'")
        pasted = page.evaluate("navigator.clipboard.readText()")
        assert pasted == handles[0].evaluate("t => nanjiang.tableText(t)")
        assert pasted.startswith("\t".join(tables[0].header) + "\r\n")
    finally:
        page.context.close()


def test_each_table_links_to_its_sheet_of_the_tables_workbook(page, html, built_repo):
    """The link is Excel's and LibreOffice's form (report-tables.xlsx#'表 2-1'!A1,
    a cell of a sheet), to the workbook published beside the page; the sheet
    is there. (A browser downloads the workbook without the fragment.)"""
    from openpyxl import load_workbook

    links = page.eval_on_selector_all(
        "main table", "ts => ts.map(t => { const a = t.closest('.table-wrap')"
        ".previousElementSibling.querySelector('a.table-sheet'); "
        "return [t.dataset.sheet, a && a.getAttribute('href'), a && a.href]; })")
    workbook = built_repo / "report" / "build" / "report-tables.xlsx"
    sheets = load_workbook(workbook, read_only=True).sheetnames
    assert [sheet for sheet, _, _ in links] == sheets
    for sheet, href, url in links:
        assert href == f"../report-tables.xlsx#'{sheet}'!A1"
        assert Path(unquote(urlsplit(url).path)).resolve() == workbook.resolve()
        assert unquote(urlsplit(url).fragment) == f"'{sheet}'!A1"


# ---------------------------------------------------------------- print


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    return text.split("\f")[:-1]


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def printed(browser, html, tmp_path_factory):
    """The page printed by Chromium (print media, its own @page size), with a
    source link put into it; the PDF's pages as text, and the page."""
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) not here")
    page = open_page(browser, html.as_uri(), VIEWPORTS["desktop"])
    page.evaluate("""() => { const a = document.createElement('a');
      a.href = 'https://www.example.org/source'; a.textContent = '来源链接';
      document.querySelector('#ch2 p').append(' ', a); }""")
    page.emulate_media(media="print")
    pdf = tmp_path_factory.mktemp("print") / "index.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    yield {"pdf": pdf, "pages": pdf_pages(pdf), "page": page}
    page.context.close()


def test_printed_on_a4(printed):
    info = subprocess.run(["pdfinfo", str(printed["pdf"])], capture_output=True, text=True,
                          check=True).stdout
    assert re.search(r"Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)", info), info
    assert len(printed["pages"]) > 30
    text = "".join(printed["pages"])
    # no bar, search, 目录 panel or table tools
    assert "复制表格" not in text and "搜索报告" not in text and "表格工作簿：" not in text


def test_a_printed_table_is_on_the_page_of_its_caption(printed):
    # each caption, and the words of its header row's and first row's cells
    # (a cell's span.w, kept on one line; or its text)
    tables = printed["page"].eval_on_selector_all("main table", """ts => ts.map(t => [
        t.caption ? t.caption.textContent : '',
        Array.from(t.rows).slice(0, 2).flatMap(r => Array.from(r.cells).flatMap(c =>
          c.querySelector('.w') ? Array.from(c.querySelectorAll('.w'), w => w.textContent)
                                : [c.textContent]))])""")
    pages = [squash(p) for p in printed["pages"]]
    checked = 0
    for caption, words in tables:
        if not re.match(r"表 [0-9A-Z]-\d+ ", caption):
            continue
        # (the caption's words may be quoted in the text elsewhere too)
        on = [p[p.index(squash(caption)):] for p in pages if squash(caption) in p]
        assert any(all(squash(w) in after for w in words) for after in on), (caption, words)
        checked += 1
    assert checked >= 14


def test_printed_pages_carry_the_title_and_the_chapter(printed):
    title = printed["page"].inner_text(".cover .title")
    chapter = "四、南疆深度贫困地区贫困退出面临的返贫风险及其表现形式"
    pages = printed["pages"]
    start = next(i for i, p in enumerate(pages) if chapter in p and "（一）能力缺失型" in p)
    for text in pages[start:start + 3]:
        head = next(line for line in text.splitlines() if line.strip())
        assert squash(title) in squash(head) and chapter in head, head
    assert squash(pages[0]).count(squash(title)) == 1  # the cover: no running head


def test_a_printed_link_shows_its_address(printed):
    text = squash("".join(printed["pages"]))
    assert "来源链接(https://www.example.org/source)" in text


# ---------------------------------------------------------------- dark mode


def test_dark_mode_follows_the_system_and_keeps_figures_light(browser, html, proof):
    light = open_page(browser, html.as_uri(), VIEWPORTS["desktop"], color_scheme="light")
    dark = open_page(browser, html.as_uri(), VIEWPORTS["desktop"], color_scheme="dark")
    try:
        colours = "() => [getComputedStyle(document.body).backgroundColor," \
                  " getComputedStyle(document.body).color]"
        assert light.evaluate(colours) == ["rgb(255, 255, 255)", "rgb(26, 26, 26)"]
        background, ink = dark.evaluate(colours)
        assert background != "rgb(255, 255, 255)"
        assert luminance(background) < 0.1 < 0.6 < luminance(ink)
        # the figures on their white panel
        assert dark.eval_on_selector_all(
            "figure img", "is => is.map(i => getComputedStyle(i).backgroundColor)") == \
            ["rgb(255, 255, 255)"] * 11
        assert dark.problems == []
        dark.screenshot(path=str(proof / "html-dark.png"))
        dark.eval_on_selector("figure", "f => f.scrollIntoView({block: 'center'})")
        dark.screenshot(path=str(proof / "html-dark-figure.png"))
    finally:
        light.context.close()
        dark.context.close()


def luminance(rgb: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"\d+", rgb)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b
