"""Typo candidates in the author's text (the chapter templates 01–06).

The corrected edition fixes the original's typos (report/errata.csv, 附录三).
They were found by reading the whole text and by this scan, which lists every
place of five kinds that a copy editor has to look at; each candidate then
gets a written decision in ``report/typo_decisions.csv`` (error or keep, and
the rule that decided it, ``RULES``). tests/test_typos.py fails on a
candidate without a decision, on a decision that no longer matches the text,
and on an ``error`` without its row in errata.csv.

Kinds of candidate (``KINDS``):

- ``doubled_char``: a Chinese character printed twice in a row (本章将将),
  unless the pair is a reduplication of the language (``REDUPLICATIONS``,
  each with its reason);
- ``doubled_word``: a word of two to eight characters printed twice in a row
  (能力能力, 防返贫返贫);
- ``repeated_phrase``: a phrase printed again after a comma or a word or two
  (借助现代融资手段，借助现代融资手段; 借鉴参照借鉴);
- ``sound_alike``: a word printed at most twice whose pinyin (tones ignored,
  zh/z ch/c sh/s l/n and -n/-ng not told apart, as a pinyin input method
  confuses them) is that of another word which the report uses more often
  and which is in jieba's dictionary (返聘 for 返贫, 推出 for 退出);
- ``orphan_char``: a character that jieba's dictionary segments as a word
  of its own although it is rare as one, and that forms no pair used twice
  in the report with either neighbour (方敏 for 方面: 形近 and input errors
  leave such characters; names of people are found too).

The word list is jieba's dictionary (``jieba``, in requirements.lock for the
documentation site) with its word frequencies, and the report's own words;
pinyin comes from ``pypinyin``. The scan reads only the templates: what
``{{ … }}`` prints is a number (``〇`` here), Jinja comments are dropped.
References (07) and the appendices (the editor's text) are not scanned.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from nanjiang.text.editorial import (  # noqa: F401 (the decisions file, its rules)
    DECISION_COLUMNS,
    TYPO_KINDS,
    read_decisions,
)
from nanjiang.text.editorial import TYPO_RULES as RULES  # noqa: F401
from nanjiang.text.templating import PANDOC_ID

# the author's chapters; 07_references is a list of citations (in GB/T 7714 form)
SCANNED = re.compile(r"^0[1-6]_.*\.md\.j2$")

HAN = "\u4e00-\u9fff"
_HAN = re.compile(f"^[{HAN}]+$")

KINDS = TYPO_KINDS

# Reduplications of the language: a doubled character here is no typo.
REDUPLICATIONS = {
    "常常": "副词重叠（时常）",
    "刚刚": "副词重叠（刚才、恰好）",
    "仅仅": "副词重叠（只）",
    "往往": "副词重叠（常常如此）",
    "人人": "量词性重叠（每个人：人人有责、人人尽责）",
    "户户": "量词性重叠（每户：户户有台账）",
    "个个": "量词重叠（一个个：逐一）",
    "渐渐": "副词重叠",
    "纷纷": "副词重叠",
    "处处": "量词性重叠（每处）",
    "家家": "量词性重叠（家家户户）",
    "年年": "量词性重叠（每年）",
    "天天": "量词性重叠（每天）",
    "时时": "副词重叠",
    "丹丹": "人名用字（王丹丹）",
}

@dataclass(frozen=True)
class Candidate:
    chapter: str  # the template's name without .md.j2
    kind: str
    candidate: str
    context: str  # the first place, a few characters either side
    suggestion: str = ""  # sound_alike: the word(s) it sounds like

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.chapter, self.kind, self.candidate)


def author_text(template: str) -> str:
    """A chapter template as text: Jinja comments and statements dropped, what
    ``{{ … }}`` prints (a number, a link) read as ``〇``, Markdown emphasis,
    footnote marks and pandoc attributes removed."""
    text = PANDOC_ID.sub("", template)
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)
    text = re.sub(r"\{\{.*?\}\}", "〇", text, flags=re.S)
    text = re.sub(r"\{%.*?%\}", "", text, flags=re.S)
    text = re.sub(r"\[\^[^\]]+\]:?", "", text)
    return text.replace("**", "")


def chapter_texts(chapters_dir: str | Path) -> dict[str, str]:
    return {p.name.removesuffix(".md.j2"): author_text(p.read_text("utf-8"))
            for p in sorted(Path(chapters_dir).glob("*.md.j2")) if SCANNED.match(p.name)}


def _context(text: str, start: int, end: int, width: int = 10) -> str:
    return re.sub(r"\s+", " ", text[max(0, start - width):end + width]).strip()


def doubled(texts: dict[str, str]) -> list[Candidate]:
    """Doubled characters and words, and phrases said twice."""
    found: dict[tuple, Candidate] = {}
    patterns = [
        ("doubled_char", re.compile(f"([{HAN}])\\1")),
        ("doubled_word", re.compile(f"([{HAN}]{{2,8}})\\1")),
        # A，A / A、A: a phrase of three or more characters said again
        ("repeated_phrase", re.compile(f"([{HAN}]{{3,12}})[，、；]\\1")),
        # A x A: a word back after one or two characters that are no
        # conjunction or particle (借鉴参照借鉴; not 理论价值和实践价值)
        ("repeated_phrase",
         re.compile(f"([{HAN}]{{2,4}})((?:(?![和与及的向或并到为、])[{HAN}]){{1,2}})\\1")),
    ]
    for chapter, text in texts.items():
        for kind, pattern in patterns:
            for m in pattern.finditer(text):
                word = m.group(0)
                if kind == "doubled_char" and word in REDUPLICATIONS:
                    continue
                c = Candidate(chapter, kind, word, _context(text, m.start(), m.end()))
                found.setdefault(c.key, c)
    return list(found.values())


# -- words that sound alike ---------------------------------------------------

@cache
def _dictionary():
    import jieba

    jieba.setLogLevel(60)
    jieba.dt.check_initialized()
    return jieba.dt.FREQ


def _segment(text: str) -> list[str]:
    import jieba

    _dictionary()
    return list(jieba.cut(text, HMM=False))  # dictionary words only: no guessed words


def _fuzzy(syllable: str) -> str:
    """A syllable as a pinyin input method's fuzzy mode reads it."""
    syllable = re.sub(r"^([zcs])h", r"\1", syllable)
    syllable = re.sub(r"^l", "n", syllable)
    return re.sub(r"(?<=n)g$", "", syllable)


def _sound(word: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(_fuzzy(s) for s in lazy_pinyin(word))


def _units(tokens: list[str]):
    """Words of two or three characters as segmented, and pairs of single
    characters the dictionary could not join (where a typo breaks a word)."""
    for i, t in enumerate(tokens):
        if len(t) in (2, 3) and _HAN.match(t):
            yield t
        if (i + 1 < len(tokens) and len(t) == 1 and len(tokens[i + 1]) == 1
                and _HAN.match(t + tokens[i + 1])):
            yield t + tokens[i + 1]


def _substrings(text: str) -> Counter:
    counts: Counter = Counter()
    for n in (2, 3):
        for i in range(len(text) - n + 1):
            piece = text[i:i + n]
            if _HAN.match(piece):
                counts[piece] += 1
    return counts


def sound_alikes(texts: dict[str, str]) -> list[Candidate]:
    """Words printed at most twice that sound like a word the report uses
    more often (in jieba's dictionary): 返聘 ~ 返贫, 推出 ~ 退出."""
    freq = _dictionary()
    whole = "\n".join(texts.values())
    counts = _substrings(whole)
    by_sound = defaultdict(list)
    for word, n in counts.items():
        if n >= 2 and freq.get(word):
            by_sound[_sound(word)].append(word)
    found: dict[tuple, Candidate] = {}
    for chapter, text in texts.items():
        for unit in _units(_segment(text)):
            if counts[unit] > 2:
                continue
            alike = sorted(w for w in by_sound.get(_sound(unit), ())
                           if w != unit and counts[w] > counts[unit])
            if alike:
                at = text.find(unit)
                c = Candidate(chapter, "sound_alike", unit, _context(text, at, at + len(unit)),
                              "、".join(alike))
                found.setdefault(c.key, c)
    return list(found.values())


# A character this common is a word of its own (的, 在, 是 …): never an orphan.
COMMON_WORD = 2000


def orphan_characters(texts: dict[str, str]) -> list[Candidate]:
    """Characters that form no word: segmented alone though rare alone, and
    making no pair used twice in the report with either neighbour."""
    freq = _dictionary()
    counts = _substrings("\n".join(texts.values()))
    found: dict[tuple, Candidate] = {}
    for chapter, text in texts.items():
        tokens = _segment(text)
        at = 0
        for i, t in enumerate(tokens):
            start, at = at, at + len(t)
            if len(t) != 1 or not _HAN.match(t) or freq.get(t, 0) >= COMMON_WORD:
                continue
            before = tokens[i - 1][-1:] if i else ""
            after = tokens[i + 1][:1] if i + 1 < len(tokens) else ""
            if counts[before + t] >= 2 or counts[t + after] >= 2:
                continue
            pair = (before + t) if _HAN.match(before + t) else (t + after)
            c = Candidate(chapter, "orphan_char", pair, _context(text, start, start + 1))
            found.setdefault(c.key, c)
    return list(found.values())


def scan(chapters_dir: str | Path) -> list[Candidate]:
    """Every candidate of every kind, in chapter order."""
    texts = chapter_texts(chapters_dir)
    found = doubled(texts) + sound_alikes(texts) + orphan_characters(texts)
    order = {k: i for i, k in enumerate(KINDS)}
    return sorted(found, key=lambda c: (c.chapter, order[c.kind], c.candidate))
