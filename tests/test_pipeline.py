"""Integration: the whole pipeline in a temporary copy, documents read back."""

from __future__ import annotations

import zipfile

import docx
import pypdf
import pytest

from conftest import snakemake

CHAPTER_TITLES = [
    "一、导论",
    "二、南疆地区贫困发生的基本概况",
    "三、南疆地区脱贫攻坚的总体成效和经验做法",
    "四、南疆深度贫困地区贫困退出面临的返贫风险及其表现形式",
    "五、南疆深度贫困地区防返贫长效机制构建及推进策略研究",
    "六、结语和展望",
]


def pdf_text(path) -> str:
    reader = pypdf.PdfReader(path)
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def docx_text(path) -> str:
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def documents(built_repo):
    build = built_repo / "report" / "build"
    return {
        "pdf": build / "report.pdf",
        "docx": build / "report.docx",
    }


def test_both_documents_are_built(documents):
    for path in documents.values():
        assert path.exists() and path.stat().st_size > 10_000, path


def test_pdf_opens_and_has_chinese_chapters_in_order(documents):
    text = "".join(pdf_text(documents["pdf"]).split())  # headings may wrap
    # the last occurrence of each title is its heading (the first is in the 目录)
    positions = [text.rfind(t) for t in CHAPTER_TITLES]
    assert text.find(CHAPTER_TITLES[0]) < text.find("目录") + 500
    assert all(p >= 0 for p in positions), dict(zip(CHAPTER_TITLES, positions, strict=True))
    assert positions == sorted(positions)


def test_pdf_embeds_only_the_named_cjk_fonts(documents):
    reader = pypdf.PdfReader(documents["pdf"])
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts, "no fonts embedded"
    assert all("NotoSerifCJK" in f or "NotoSansCJK" in f for f in fonts), fonts


def test_docx_opens_with_chapters_as_headings(documents):
    document = docx.Document(documents["docx"])
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert headings[: len(CHAPTER_TITLES)] == CHAPTER_TITLES
    assert document.tables, "no tables in the DOCX"
    with zipfile.ZipFile(documents["docx"]) as z:
        assert z.testzip() is None
        styles = z.read("word/styles.xml").decode("utf-8")
    assert 'w:eastAsia="宋体"' in styles and 'w:eastAsia="黑体"' in styles


def test_second_run_has_nothing_to_do(built_repo):
    proc = snakemake(built_repo, "--dry-run")
    assert "Nothing to be done" in proc.stdout + proc.stderr


def test_failed_build_keeps_the_last_good_documents(built_repo):
    template = built_repo / "report" / "chapters" / "06_conclusion.md.j2"
    good = template.read_text("utf-8")
    documents = [built_repo / "report" / "build" / f"report.{ext}" for ext in ("pdf", "docx")]
    before = [p.read_bytes() for p in documents]
    try:
        template.write_text(good + "\n{{ fact('no_such_fact') }}\n", "utf-8")
        proc = snakemake(built_repo, check=False)
        assert proc.returncode != 0
        assert "no_such_fact" in proc.stdout + proc.stderr
        assert [p.read_bytes() for p in documents] == before
        pypdf.PdfReader(documents[0])  # still readable
    finally:
        template.write_text(good, "utf-8")
    snakemake(built_repo)


def test_interrupted_build_finishes_on_the_next_run(repo_copy):
    import signal
    import subprocess
    import time

    from nanjiang.repocopy import PYTHON, snakemake_env

    proc = subprocess.Popen(
        [PYTHON, "-m", "snakemake", "--cores", "2"],
        cwd=repo_copy, env=snakemake_env(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    time.sleep(4)
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=60)
    snakemake(repo_copy)
    assert (repo_copy / "report" / "build" / "report.pdf").stat().st_size > 10_000
