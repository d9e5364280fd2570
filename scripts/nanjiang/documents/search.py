"""The search of the HTML edition: the report's page searches the report
(its appendices included) and the prefecture briefs; a brief's page
searches the brief and sends a query on to the report's page. Offline, from
the file system; a result jumps to its paragraph.

Why not Pagefind (a maintained static-search library with CJK support): its
script, its WebAssembly and its index are loaded with ``import()`` and
``fetch()``, which Chromium refuses for a page opened from the file system
(origin ``null``), and the edition is read from the file system. Measured,
and the choice explained: docs/reference/documents.md ("Search").

The index is made at build time from the pages as they are published
(``nanjiang.documents.html.render_page``: the same pandoc output, the same
block ids): each brief's by its own job (rule brief_documents, which puts it
into the brief's page and writes it for the report's), the report's by the
HTML job, which adds the briefs' (``merge_indexes``). It holds each block —
a heading, paragraph, list item, table row, caption — with its document,
its id and its text, and for each word the blocks it is a word of. The
words are jieba's (``cut_for_search``: 贫困人口 also as 贫困 and 人口), so a
query is matched word by word, not character by character: the page's
script (report/templates/html/report.js) cuts a query into the words of
this index (the fewest words; of equal cuts, the more frequent words),
finds the blocks holding every word, and ranks a block holding the whole
query, then one holding each word as a word (not only inside another: 国家
in 中国家庭), first. A word the index does not know is looked for in the
text, so the search finds whatever a reader sees on a page.

The index is JSON: the same documents give the same bytes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

# the report's name in a result (a brief's: its title)
REPORT_LABEL = "研究报告"

# the elements a search result jumps to (nanjiang.documents.html.number_blocks)
# and the headings, which are found by the id of their section
BLOCKS = {"p", "li", "tr", "caption", "figcaption", "dt", "dd"}
HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
CELLS = {"td", "th"}
VOID = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
# text that is no part of the reading: a footnote's number and back link
SKIPPED_CLASSES = {"footnote-ref", "footnote-back"}
# the heading of the notes (pandoc writes none)
FOOTNOTES = "注释"
# a word of the index: two or more characters with a Chinese character, a
# letter or a digit among them (a single character is looked for in the text)
_WORD = re.compile(r"[\u3400-\u9fffA-Za-z0-9]")
_SPACE = re.compile(r"\s+")
# a table row's cells are joined by a tab (no phrase runs from cell to cell)
CELL_SEPARATOR = "\t"


@dataclass
class Block:
    id: str
    level: int  # 1-6 for a heading, 0 for any other block
    text: str = ""
    cells: list[str] | None = None  # a table row's


class _Blocks(HTMLParser):
    """The blocks of a page's ``<main>``, each with its own text (a block
    inside another, a paragraph in a list item, is a block of its own)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self.in_main = False
        self.stack: list[tuple[str, Block | None, bool]] = []  # tag, its block, skipped
        self.open: list[Block] = []
        self.sections: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
            return
        if not self.in_main or tag in VOID:
            return
        attrs = dict(attrs)
        block = None
        if tag == "section":
            self.sections.append(attrs.get("id") or "")
            if "footnotes" in (attrs.get("class") or "").split():  # pandoc's, no heading
                self.blocks.append(Block(attrs.get("id") or "", 1, FOOTNOTES))
        elif tag in HEADINGS:
            block = Block(self.sections[-1] if self.sections else "", HEADINGS[tag])
        elif tag in BLOCKS and attrs.get("id"):
            block = Block(attrs["id"], 0, cells=[] if tag == "tr" else None)
        elif tag in CELLS and self.open and self.open[-1].cells is not None:
            self.open[-1].cells.append("")
        if block is not None:
            self.blocks.append(block)
            self.open.append(block)
        skipped = bool(SKIPPED_CLASSES & set((attrs.get("class") or "").split()))
        self.skip += skipped
        self.stack.append((tag, block, skipped))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
            return
        if not any(t == tag for t, _, _ in self.stack):
            return
        while self.stack:  # (closing what the tag closes)
            open_tag, block, skipped = self.stack.pop()
            self.skip -= skipped
            if open_tag == "section":
                self.sections.pop()
            if block is not None:
                self.open.pop()
                block.text = (CELL_SEPARATOR.join(_clean(c) for c in block.cells)
                              if block.cells is not None else _clean(block.text))
            if open_tag == tag:
                break

    def handle_data(self, data):
        if not self.in_main or self.skip or not self.open:
            return
        block = self.open[-1]
        if block.cells is None:
            block.text += data
        elif block.cells:  # in a cell (not the white space between cells)
            block.cells[-1] += data


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def page_blocks(page: str) -> list[Block]:
    """The blocks of a page (``render_page``'s), in document order, those
    with text."""
    parser = _Blocks()
    parser.feed(page)
    parser.close()
    return [b for b in parser.blocks if b.text.strip() and b.id]


def load_words() -> None:
    """jieba's dictionary, loaded (0.6 s): a job starts this in a thread of
    its own while pandoc renders its pages (the thread waits on pandoc)."""
    import jieba

    jieba.setLogLevel(60)
    jieba.initialize()


def words(text: str) -> list[str]:
    """The words of ``text`` for the index: jieba's search-engine cut (a long
    word also as the words in it), lower case, words of two or more
    characters with a Chinese character, letter or digit."""
    import jieba

    jieba.setLogLevel(60)
    return [w.lower() for w in jieba.cut_for_search(text)
            if len(w) > 1 and _WORD.search(w) and not w.isspace()]


def build_index(documents: list[tuple[str, str, str]]) -> dict:
    """The index of ``documents`` (path of the page in the published edition,
    its title, its page before embedding): ``docs`` (path, title), ``blocks``
    ([document, id, heading level or 0, text], in document order),
    ``words`` (each word: the numbers of the blocks it is a word of)."""
    docs, blocks, postings = [], [], {}
    for d, (path, title, page) in enumerate(documents):
        docs.append([path, title])
        for block in page_blocks(page):
            number = len(blocks)
            blocks.append([d, block.id, block.level, block.text])
            for word in dict.fromkeys(words(block.text)):
                postings.setdefault(word, []).append(number)
    return {"version": 1, "docs": docs, "blocks": blocks,
            "words": {w: postings[w] for w in sorted(postings)}}


def merge_indexes(indexes: list[dict]) -> dict:
    """One index of several (``build_index``'s), in their order: the report's
    and each brief's (a brief's job indexes its own page)."""
    docs, blocks, postings = [], [], {}
    for index in indexes:
        first_doc, first_block = len(docs), len(blocks)
        docs += index["docs"]
        blocks += [[d + first_doc, *rest] for d, *rest in index["blocks"]]
        for word, numbers in index["words"].items():
            postings.setdefault(word, []).extend(n + first_block for n in numbers)
    return {"version": 1, "docs": docs, "blocks": blocks,
            "words": {w: postings[w] for w in sorted(postings)}}
