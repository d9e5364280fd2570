"""Text from data reaches the PDF and the DOCX as literal text, executing nothing."""

from __future__ import annotations

from pathlib import Path

import docx
import pypdf
import pytest
import yaml

from nanjiang.documents.docx import markdown_to_docx
from nanjiang.documents.pandoc import metadata
from nanjiang.documents.pdf import markdown_to_typst, typst_to_pdf
from nanjiang.documents.reference_docx import build_reference_docx
from nanjiang.text.mdtext import escape
from readback import squash

REPO = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((REPO / "config.yaml").read_text("utf-8"))
FRONT = {"title": "测试", "category": "类", "leader": "某", "approval_number": "1"}

PAYLOADS = {
    "markdown": "**粗体** _斜体_ [链接](http://example.org) # 标题 > 引用 - 列表",
    "typst_set": '#set text(fill: red) #set page(width: 5cm)',
    "typst_import": '#import "/etc/passwd": * #panic("boom")',
    "pandoc_raw": "`#panic(\"raw\")`{=typst} ```{=openxml}",
    "html": '<script>alert(1)</script> <b>粗</b> &amp;',
    "latex": r"\textbf{x} $x^2$ \input{/etc/passwd} %注释",
    "footnote": "文字[^1] ^上标^ ~下标~ @cite {#id}",
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("inject")
    body = "\n\n".join(f"案例{name}：{escape(text)}" for name, text in PAYLOADS.items())
    markdown = folder / "in.md"
    markdown.write_text("# 注入测试 {#ch1}\n\n" + body + "\n", "utf-8")
    meta = metadata(FRONT, CONFIG["fonts"])
    pdf = folder / "out.pdf"
    typst_to_pdf(markdown_to_typst(markdown, meta), pdf, folder, CONFIG["fonts"])
    reference = folder / "reference.docx"
    reference.write_bytes(build_reference_docx())
    out_docx = folder / "out.docx"
    markdown_to_docx(markdown, out_docx, reference, meta)
    pdf_text = "\n".join(p.extract_text() for p in pypdf.PdfReader(pdf).pages)
    docx_text = "\n".join(p.text for p in docx.Document(out_docx).paragraphs)
    return {"pdf": squash(pdf_text), "docx": squash(docx_text), "pdf_path": pdf}


@pytest.mark.parametrize("name", list(PAYLOADS))
@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_payload_appears_verbatim(built, name, fmt):
    assert squash(f"案例{name}：{PAYLOADS[name]}") in built[fmt]


def test_typst_payload_did_not_change_the_page(built):
    page = pypdf.PdfReader(built["pdf_path"]).pages[-1]
    assert round(float(page.mediabox.width)) == 595  # still A4, not 5 cm


BRIEF_PAYLOAD = '阿克陶<img src=x onerror=alert(1)>`2099`{=typst}*县*'


def test_a_county_name_reaches_the_brief_as_text(repo_copy):
    """A county's name in regions.csv (its old name kept as an alias, so the
    tables still match) printed by a prefecture's brief: literal in the HTML
    and the PDF, no element, no typst, nothing rewritten."""
    from conftest import snakemake

    regions = repo_copy / "data" / "raw" / "regions.csv"
    lines = regions.read_text("utf-8").splitlines(keepends=True)
    for i, line in enumerate(lines):
        if line.startswith("653022,"):
            code, name, level, parent, aliases = line.rstrip("\n").split(",")
            quoted = BRIEF_PAYLOAD.replace('"', '""')
            lines[i] = f'{code},"{quoted}",{level},{parent},{name}\n'
    regions.write_text("".join(lines), "utf-8")
    staged = repo_copy / "report" / "build" / "staging" / "briefs"
    snakemake(repo_copy, "report/build/staging/briefs/653000.html")
    page = (staged / "653000.html").read_text("utf-8")
    assert "<img src=x" not in page and "onerror=alert(1)>" not in page
    assert "阿克陶&lt;img src=x onerror=alert(1)&gt;`2099`{=typst}*县*" in page
    pdf_text = squash("".join(p.extract_text() for p in pypdf.PdfReader(
        staged / "653000.pdf").pages))
    assert squash(BRIEF_PAYLOAD) in pdf_text
