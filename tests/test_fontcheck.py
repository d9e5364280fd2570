"""The PDF's own font list, the proof that typst fell back to no other font."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from nanjiang.documents.pdf_fonts import _font_names_by_page, pdf_font_names, unexpected_pdf_fonts

REPO = Path(__file__).resolve().parents[1]
FONTS = yaml.safe_load((REPO / "config.yaml").read_text("utf-8"))["fonts"]


def typst_pdf(tmp_path: Path, body: str) -> Path:
    import typst

    source = tmp_path / "doc.typ"
    source.write_text(f'#set text(font: "{FONTS["serif"]}")\n{body}\n', "utf-8")
    out = tmp_path / "doc.pdf"
    out.write_bytes(typst.compile(str(source), font_paths=[FONTS["dir"]],
                                  ignore_system_fonts=True))
    return out


def test_the_named_fonts_are_expected(tmp_path):
    pdf = typst_pdf(tmp_path, f'南疆四地州 #text(font: "{FONTS["sans"]}", weight: "bold")[黑体]')
    assert unexpected_pdf_fonts(pdf, FONTS) == set()
    assert len(pdf_font_names(pdf)) == 2


@pytest.mark.parametrize("where", ["page", "figure"])
def test_another_face_of_the_same_files_is_found(tmp_path, where):
    """The font folder holds the Japanese faces too: one word set in one of
    them (on the page, or inside a figure's box) fails the check."""
    stray = '#text(font: "Noto Sans CJK JP")[返貧]'
    body = stray if where == "page" else f"#figure(box(width: 4cm)[{stray}])"
    pdf = typst_pdf(tmp_path, "正文" + body)
    assert unexpected_pdf_fonts(pdf, FONTS) == {"NotoSansCJKjp-Regular"}


def test_the_quick_read_finds_what_the_pages_name(tmp_path):
    pdf = typst_pdf(tmp_path, '正文 #text(font: "Noto Sans CJK JP")[返貧] *粗*')
    assert pdf_font_names(pdf) == _font_names_by_page(pdf)


def test_coverage_names_the_first_undrawable_character_every_time():
    from nanjiang.documents.fonts import Coverage

    cov = Coverage(((0x41, 0x5A),))  # A-Z
    assert cov.missing("AB") is None
    assert cov.missing("AB\U0001F600") == "\U0001F600"
    assert cov.missing("\U0001F600A") == "\U0001F600"  # a drawable one seen before changes nothing
    assert cov.missing("a") == "a"
