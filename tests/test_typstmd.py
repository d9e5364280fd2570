"""The PDF route's Markdown: span attributes typst ignores are left out, and
pandoc writes the same typst as from the Markdown as it is."""

from __future__ import annotations

import pypandoc

from nanjiang.documents.pandoc import MARKDOWN
from nanjiang.documents.typstmd import box_words, mark_words, print_markdown

SAMPLE = (
    '有[16]{.num #num-1 title="数据出处 1：表 3\\-1 {见} \\"引\\""}个县，'
    '[23\\.6]{.cell table="t" year="2014"}，[下划线]{.underline lang=zh data-x=1}，'
    '[红]{typst:text:fill="red" k=v}，\\]{不是属性}。\n\n'
    "| 地\u2060区 | 值 |\n|:--|--:|\n| 南\u2060疆 | [1\\.5]{.cell title=\"x\"} |\n"
)


def test_only_what_typst_reads_is_kept():
    out = print_markdown(SAMPLE)
    assert "[16]{.num #num-1}" in out
    assert "[23\\.6]{.cell}" in out
    assert "[下划线]{.underline lang=zh}" in out
    assert '[红]{typst:text:fill="red"}' in out
    assert "\\]{不是属性}" in out
    assert "title=" not in out and "year=" not in out


def test_typst_is_the_same():
    def typst(text):
        return pypandoc.convert_text(text, "typst", format=MARKDOWN, extra_args=["--wrap=preserve"])
    assert typst(print_markdown(SAMPLE)) == typst(SAMPLE)


def test_word_boxes_as_the_filter_made_them():
    from nanjiang.documents.typstmd import box_words, mark_words

    cell = ("| 南\u2060疆\u2060四\u2060地\u2060州 | 占\u2060比（\u2060\\%\u2060） | 2019 年 | "
            "61\\.4万\u2060户 |")
    marked = mark_words(cell)
    assert "\u2060" not in marked
    assert box_words(marked) == ("| #box[南疆四地州] | #box[占比]#box[（\\%）] | 2019 年 | "
                                 "#box[61\\.4]#box[万户] |")


def test_the_docx_is_the_same(tmp_path):
    """The DOCX route reads the same stripped Markdown: its document is unchanged."""
    import zipfile

    def document(text, name):
        out = tmp_path / f"{name}.docx"
        pypandoc.convert_text(text, "docx", format=MARKDOWN, outputfile=str(out))
        with zipfile.ZipFile(out) as z:
            return z.read("word/document.xml")
    sample = SAMPLE + '\n[字]{custom-style="强调" title="x"}\n'
    assert b"title" not in document(print_markdown(sample), "stripped")
    assert document(print_markdown(sample), "stripped") == document(sample, "as-is")
    assert 'custom-style="强调"' in print_markdown(sample)


def test_a_zero_width_space_becomes_a_break_opportunity_not_a_character():
    """(a break after the _ of an identifier: typst would copy the character
    into the PDF's text)"""
    typst = box_words(mark_words("| xj\\_\u200byearbook\\_\u200b2016 |"))
    assert "\u200b" not in typst
    assert typst.count("#h(0pt);") == 2
