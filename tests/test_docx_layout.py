"""The DOCX's table layout rules, on table XML worked out by hand."""

from __future__ import annotations

import re

from nanjiang.documents.docx_layout import keep_rows

CELL = ('<w:tc><w:p><w:pPr><w:pStyle w:val="TableText" /></w:pPr>'
        "<w:r><w:t>{}</w:t></w:r></w:p></w:tc>")


def table(rows: int) -> str:
    return "<w:tbl>" + "".join(f"<w:tr>{CELL.format(n)}</w:tr>" for n in range(rows)) + "</w:tbl>"


def kept(xml: str) -> list[int]:
    rows = re.findall(r"<w:tr>.*?</w:tr>", xml)
    return [n for n, row in enumerate(rows) if "<w:keepNext/>" in row]


def test_a_long_table_keeps_header_and_two_rows_and_its_last_two_rows_with_the_note():
    # header + 12 rows: keep-with-next on the header and row 1 (so rows 1-2 follow
    # the header), and on the last two rows (they stay with the 数据来源 line)
    assert kept(keep_rows(table(13))) == [0, 1, 11, 12]


def test_a_short_table_is_kept_whole():
    assert kept(keep_rows(table(9))) == list(range(9))
