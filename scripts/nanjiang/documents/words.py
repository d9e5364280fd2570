"""Where a table cell may break its line: CJK words are kept whole.

Typst and word processors may break Chinese text between any two characters,
which splits 地区名称, 阿克苏地区 or a unit such as 万平方公里 in a narrow
column. A cell is cut into words (a small lexicon of the report's column
labels, greedy longest match; units in brackets and numbers are one word) and
the characters of each word are joined by WORD JOINER (U+2060), which every
renderer honours: the line breaks only between words. The column widths come
from the widest word, so no word is wider than its column.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

WORD_JOINER = "\u2060"
ZERO_WIDTH_SPACE = "\u200b"
# Characters no reader should find in the DOCX or the HTML (the joiners are
# the Markdown's only: nanjiang.documents.docx_cells, html.keep_words).
INVISIBLE = "\u2060\u200b\u200c\u200d\ufeff\u00ad"
_INVISIBLE = re.compile(f"[{INVISIBLE}]")


def strip_invisible(text: str) -> str:
    """``text`` without any word joiner, zero-width character or soft hyphen."""
    return _INVISIBLE.sub("", text)


def _region_names() -> set[str]:
    """Region and county names (data/raw/regions.csv): never broken."""
    path = Path(__file__).resolve().parents[3] / "data/raw/regions.csv"
    if not path.exists():
        return set()
    with path.open(encoding="utf-8-sig") as fh:
        return {row["name"] for row in csv.DictReader(fh) if row.get("name")}


# Words of the column labels and appendix headers (longest match first).
LEXICON = sorted({
    "建档立卡", "贫困", "总人口", "人口", "重点村", "重点", "当地", "农村", "比例",
    "自治区", "南疆四地州", "贫困村", "贫困户", "贫困县", "文化程度", "大专及以上",
    "学历", "人均", "可支配", "收入", "工资性", "经营性", "财产性", "转移性",
    "国土面积", "所辖市县", "务工", "低于", "介于", "高于", "丧失", "劳动力",
    "文盲", "半文盲", "小学", "初中", "高中", "原报告", "印作", "重算", "对应值",
    "占比", "摘帽", "退出", "年份", "样本数", "地州名称", "名称", "地州", "地区",
    "序号", "检查", "位置", "说明", "代码", "来源", "网址", "类型", "类别", "项目",
    "指标", "全国", "新疆", "汽车", "洗衣机", "电冰箱", "移动电话", "计算机",
    "岁以下", "岁以上", "岁", "占", "访问记录",
} | _region_names(), key=len, reverse=True)
_WORDS = frozenset(LEXICON)
_WORD_LENGTHS = sorted({len(w) for w in LEXICON}, reverse=True)

# Brackets with their content, numbers with their signs/decimals/ranges, Latin runs.
_UNIT = re.compile(r"（[^（）]{1,8}）|\([^()]{1,8}\)")
_NUMBER = re.compile(r"[-+]?[0-9][0-9.,%\-]*")
# (an identifier such as xj_yearbook_2016 is cut after each underscore)
_LATIN = re.compile(r"[A-Za-z_][A-Za-z0-9.\-/:]*_?")
# Closing punctuation stays with the word before it; opening with the word after.
_CLOSING = set("，。、；：！？）》」』】”’%")
_OPENING = set("（《「『【“‘")


def display_width(text: str) -> int:
    """Columns a text takes: CJK and full-width characters count double."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in text if c not in (WORD_JOINER, "\\"))


_PUNCTUATION = _CLOSING | _OPENING


def _is_cjk(c: str) -> bool:
    return unicodedata.east_asian_width(c) in "WF" and c not in _PUNCTUATION


def words(text: str, max_word: int = 6) -> list[str]:
    """The unbreakable pieces of a cell, in order (spaces dropped).

    A run of CJK characters not in the lexicon stays whole up to ``max_word``
    characters (a region or county name); a longer run (a sentence) may break
    anywhere, as prose does.
    """
    # a table repeats its labels and names: each text is cut once
    return list(_words(text, max_word))


@lru_cache(maxsize=8192)
def _words(text: str, max_word: int) -> tuple[str, ...]:
    out: list[str] = []
    for chunk in text.split():
        i = 0
        while i < len(chunk):
            m = _UNIT.match(chunk, i) or _NUMBER.match(chunk, i) or _LATIN.match(chunk, i)
            if m:
                piece, i = m.group(0), m.end()
            elif _is_cjk(chunk[i]):
                j = i
                while j < len(chunk) and _is_cjk(chunk[j]):
                    j += 1
                piece, i = _cjk_run(chunk[i:j], max_word), j
                out.extend(piece[:-1])
                piece = piece[-1]
            else:
                piece, i = chunk[i], i + 1
            if out and (piece[0] in _CLOSING or out[-1][-1] in _OPENING):
                out[-1] += piece
            else:
                out.append(piece)
        # an opening bracket that ends the text (a quotation cut short: 3 个师（)
        # stays with the word before it, never alone on a line
        if len(out) > 1 and all(c in _OPENING for c in out[-1]):
            last = out.pop()
            out[-1] += last
    return tuple(out)


def _cjk_run(run: str, max_word: int) -> list[str]:
    """Split a run of ideographs at lexicon words; unknown characters stay with
    their neighbour, and a long unknown run is left breakable (one char each)."""
    pieces: list[str] = []
    i = 0
    pending = ""
    while i < len(run):
        word = _lexicon_word_at(run, i)
        if word is None:
            pending += run[i]
            i += 1
            continue
        if pending:
            pieces.append(pending)
            pending = ""
        pieces.append(word)
        i += len(word)
    if pending:
        pieces.append(pending)
    # A single character joins the following word (占/当地 -> 占当地 stays
    # short), a lexicon word such as 占 too: a line never holds it alone (占 /
    # 南疆四地州 / …); unknown runs longer than max_word break freely.
    merged: list[str] = []
    for p in pieces:
        if len(p) > max_word and p not in _WORDS:
            merged.extend(p)
        elif merged and len(merged[-1]) == 1:
            merged[-1] += p
        else:
            merged.append(p)
    return merged


def _lexicon_word_at(run: str, i: int) -> str | None:
    """The longest lexicon word that starts at ``run[i]``."""
    for n in _WORD_LENGTHS:
        if run[i:i + n] in _WORDS:
            return run[i:i + n]
    return None


def join_word(word: str) -> str:
    """The characters of one word joined so that no renderer breaks inside it
    (never next to a Markdown backslash escape)."""
    out = word[0]
    for a, b in zip(word, word[1:], strict=False):
        # closing punctuation is joined to what precedes it, opening
        # punctuation to what follows: a renderer that sets words as boxes
        # could otherwise start a line with the one or end it with the other
        # (a lone "（" before 《)
        if a != "\\" and b != "\\" and (b in _CLOSING or a in _OPENING
                                         or _is_cjk(a) or _is_cjk(b)):
            out += WORD_JOINER
        out += b
    return out


# A URL or a file path breaks after its slashes and dots: it needs no more width
# than this; an identifier (xj_yearbook_2016) does not break.
PATH_WIDTH = 12


def widest_word(text: str) -> int:
    return max((min(display_width(w), PATH_WIDTH) if re.search(r"[/.]\w", w)
                else display_width(w) for w in words(text)), default=0)
