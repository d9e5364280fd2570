"""The HTML edition, loaded from the file system in headless Chromium (Debian's,
driven by Playwright): offline, complete, navigable, readable on a phone."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# As the machine's probe runs it: no background connections to a closed network.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORTS = {"desktop": {"width": 1400, "height": 900}, "phone": {"width": 390, "height": 844}}


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


@pytest.fixture(scope="module", params=list(VIEWPORTS))
def page(request, browser, html, built_repo):
    """The page at one width, with every console error and failed request kept."""
    page = browser.new_page(viewport=VIEWPORTS[request.param])
    page.problems = []
    page.on("console", lambda m: page.problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: page.problems.append(str(e)))
    page.on("requestfailed", lambda r: page.problems.append(f"failed: {r.url}"))
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:"))
            else page.problems.append(f"network: {r.url}"))
    page.goto(html.as_uri(), wait_until="load")
    proof = built_repo / "report" / "build" / "proof"
    proof.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(proof / f"html-{request.param}.png"))
    page.width_name = request.param
    yield page
    page.close()


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
    top = page.eval_on_selector("#ch4", "s => s.getBoundingClientRect().top")
    assert abs(top) < 50
    assert page.locator("section.level1 > nav.chapter-nav").count() >= 6


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


def test_table_cells_show_their_row_when_tapped(page):
    cells = page.locator("table span.cell")
    assert cells.count() > 150
    cell = cells.nth(5)
    cell.scroll_into_view_if_needed()
    cell.click()
    panel = page.locator("#cell-origin")
    assert panel.is_visible()
    assert panel.inner_text() == cell.get_attribute("title")
    assert "来源：" in panel.inner_text()
