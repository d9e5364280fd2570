"""Table headers: no one-character word alone on a line, at most three lines
where the page allows (表 2-4's 占南疆四地州贫困村比例（%） stacked 占 alone)."""

from __future__ import annotations

from nanjiang.documents.words import words
from nanjiang.text.mdtext import HEADER_LINES, PADDING, TEXT_WIDTH, column_widths, header_lines

# 表 2-4: eight columns, set in 小五
HEADER = ["地区", "建档立卡贫困总人口（万人）", "重点村（个）", "占当地农村人口比例（%）",
          "占自治区贫困人口比例（%）", "占南疆四地州人口比例（%）",
          "占自治区重点贫困村比例（%）", "占南疆四地州贫困村比例（%）"]
ROWS = [["南疆四地州", "218.6", "2589", "29.8", "83", "100", "68.1", "100"]]


def test_a_one_character_word_joins_the_next():
    assert words("占南疆四地州贫困村比例（%）")[0] == "占南疆四地州"
    assert all(len(w) > 1 for h in HEADER for w in words(h))


def test_every_header_of_table_2_4_in_three_lines():
    width = TEXT_WIDTH * 10.5 / 9
    lines = [header_lines(words(h), share * width - PADDING)
             for h, share in zip(HEADER, column_widths(HEADER, ROWS), strict=True)]
    assert max(lines) <= HEADER_LINES, lines
