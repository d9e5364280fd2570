"""Integration: the whole pipeline in a temporary copy, documents read back."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import docx
import pypdf
import pytest

from conftest import REPO as REPO_ROOT
from conftest import snakemake
from readback import docx_text, pdf_text, squash

CHAPTER_TITLES = [
    "一、导论",
    "二、南疆地区贫困发生的基本概况",
    "三、南疆地区脱贫攻坚的总体成效和经验做法",
    "四、南疆深度贫困地区贫困退出面临的返贫风险及其表现形式",
    "五、南疆深度贫困地区防返贫长效机制构建及推进策略研究",
    "六、结语和展望",
]




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
    # a title longer than a line carries one line break, after 的/与/和/：
    # or before 及 (Word's 目录 runs the two lines together), and no
    # invisible character
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 1"]
    assert [h.replace("\n", "") for h in headings[: len(CHAPTER_TITLES)]] == CHAPTER_TITLES
    broken = [h for h in headings if "\n" in h]
    between_words = re.compile(r"[^\n]+(?:[的与和：]\n|\n及)[^\n]+")
    assert broken and all(between_words.fullmatch(h) for h in broken), broken
    assert not any(re.search("[\u2060\u200b-\u200d\ufeff\u00ad]", h) for h in headings)
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

    from repocopy import PYTHON, snakemake_env

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



def captions(built_repo) -> list[str]:
    """Every table and figure caption of the rendered Markdown, as printed."""
    import re

    markdown = (built_repo / "report" / "build" / "work" / "report.md").read_text("utf-8")
    found = re.findall(r"^: (表 .+?) \{#", markdown, flags=re.M)
    found += re.findall(r"^!\[(图 .+?)\]\(", markdown, flags=re.M)
    return [re.sub(r"\\(.)", r"\1", c) for c in found]  # undo Markdown escapes


# One passage of each chapter, in the author's words.
PASSAGES = [
    "治理返贫的源头在于预防",
    "三面靠山，与周边巴基斯坦、印度等国接壤",
    "精锐出战，压实脱贫攻坚责任",
    "“战疫阻击战”和“脱贫攻坚战”在南疆地区相互叠加",
    "防返贫需要明确的主体责任，必须加强防返贫组织机制建设",
    "基于经验性的制度研究是有重要意义的",
]
KEY_NUMBERS = ["下降至2.2%", "255.37万人脱贫", "1289名", "3814个贫困村退出"]


@pytest.fixture(scope="module")
def texts(documents):
    return {"pdf": squash(pdf_text(documents["pdf"])), "docx": squash(docx_text(documents["docx"]))}


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_every_caption_is_in_the_document(built_repo, texts, fmt):
    expected = captions(built_repo)
    assert len([c for c in expected if c.startswith("表")]) == 16  # with 勘误表, 表 D-1
    assert len([c for c in expected if c.startswith("图")]) == 11
    missing = [c for c in expected if squash(c) not in texts[fmt]]
    assert not missing


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_passages_and_key_numbers(texts, fmt):
    for text in PASSAGES + KEY_NUMBERS:
        assert squash(text) in texts[fmt], text


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_source_lines_and_appendices(texts, fmt):
    assert "数据来源：2015—2018年《新疆统计年鉴》（数据年份：2014年）" in texts[fmt]
    assert "附录一数据审核" in texts[fmt] and "附录二数据来源" in texts[fmt]
    # the audit shows what the hand-made report printed: 13 where 表 3-1 gives 16
    assert "218.6" in texts[fmt] and "212.23" in texts[fmt]


def test_pdf_page_count_and_footnotes(documents, texts):
    pages = len(pypdf.PdfReader(documents["pdf"]).pages)
    assert 55 <= pages <= 90, pages
    assert "①" in texts["pdf"] and "⑤" in texts["pdf"]


def test_the_apparatus_is_at_most_a_fifth_of_the_print_edition(documents):
    """Issue 26 (6): from the 编者说明 to the end (附录一 to 四) no more than a
    fifth of the PDF's pages; 附录四's full list is the HTML's and the tables
    workbook's."""
    reader = pypdf.PdfReader(documents["pdf"])
    firsts = [next((line.strip() for line in (page.extract_text() or "").splitlines()
                    if line.strip()), "") for page in reader.pages]
    start = firsts.index("编者说明")
    assert firsts.count("编者说明") == 1 and start > len(firsts) / 2  # not the 目录's line
    assert len(firsts) - start <= len(firsts) / 5, (len(firsts) - start, len(firsts))


def test_docx_structure(documents):
    document = docx.Document(documents["docx"])
    assert len(document.tables) == 16  # 14 of the report, 勘误表, 数据出处
    assert len(document.inline_shapes) == 11
    styles = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Table Caption", "Image Caption", "数据来源"} <= styles
    normal = document.styles["Normal"].element.xml
    assert 'w:eastAsia="宋体"' in normal and 'w:val="24"' in normal  # 小四 = 12 pt
    with zipfile.ZipFile(documents["docx"]) as z:
        footnotes = z.read("word/footnotes.xml").decode("utf-8")
        document_xml = z.read("word/document.xml").decode("utf-8")
    assert footnotes.count("<w:footnote ") >= 61
    assert "decimalEnclosedCircleChinese" in document_xml
    assert 'w:instr="PAGE"' in z_footer(documents["docx"])
    assert "TOC \\o" in document_xml  # table of contents field


def z_footer(path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if "footer" in n)


def test_documents_are_reproducible(built_repo, documents):
    """Same inputs, same bytes: rebuilding the documents changes nothing."""
    import hashlib

    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in documents.values()}
    snakemake(built_repo, "--forcerun", "pdf", "docx")
    after = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in documents.values()}
    assert before == after


SEED = REPO_ROOT.parent / "shared" / "seed" / "000_9ed149d90c19c988.txt"


@pytest.mark.skipif(not SEED.exists(), reason="the seed text is not beside the repository")
def test_no_passage_of_the_seed_is_lost(documents):
    """Every paragraph of the hand-made report is in the DOCX: its text between
    numbers (numbers come from data and may be corrected) appears verbatim."""
    import re
    import unicodedata

    def norm(text: str) -> str:
        text = re.sub(r"\^\{?[①-⑳]+\}?", "", text)  # the seed's footnote marks
        return re.sub(r"[\s*]", "", unicodedata.normalize("NFKC", text))

    with zipfile.ZipFile(documents["docx"]) as z:
        notes = "".join(re.findall(r"<w:t[^>]*>([^<]*)</w:t>",
                                   z.read("word/footnotes.xml").decode("utf-8")))
    document = norm(docx_text(documents["docx"]) + notes)
    paragraphs = [p for p in SEED.read_text("utf-8").splitlines()
                  if len(p.strip()) > 30 and "\t" not in p]  # tables are generated
    assert len(paragraphs) > 250
    # the corrected edition fixes the typos listed in report/errata.csv
    import csv

    with open(Path(__file__).resolve().parents[1] / "report" / "errata.csv", encoding="utf-8") as f:
        errata = [(norm(e["original"]), norm(e["correction"])) for e in csv.DictReader(f)]

    def corrected(text: str) -> str:
        for original, correction in errata:
            text = text.replace(original, correction)
        return text

    # the reference list is rewritten in GB/T 7714 form (issue 26, 7): an entry
    # keeps its title, the words after the authors' full stop (its first 20
    # characters before a bracket or colon: one seed entry runs the title into
    # the journal's name)
    entry = re.compile(r"^(-\s*)?\[\d+\]")
    titles = [re.search(r"\.\s*([^.]+?)\s*(\[[MJD]\]|[.,]|$)", p)
              for p in SEED.read_text("utf-8").splitlines() if entry.match(p)]
    assert len(titles) == 53 and all(titles)
    # GB/T 7714 form: a dash doubled (——), an edition moved out of the title
    def words(text: str) -> str:
        return re.split(r"[(:]", norm(text).replace("—", ""))[0]

    undashed = document.replace("—", "")
    missing = [t.group(1) for t in titles if words(t.group(1))[:20] not in undashed]
    assert not missing, missing[:5]
    lost = [chunk for p in paragraphs if not entry.match(p)
            for chunk in re.split(r"[\d.%]+", corrected(norm(p)))
            if len(chunk) >= 8 and chunk not in document]
    assert not lost, lost[:5]


def test_every_job_declares_the_code_it_ran(built_repo):
    """Each job's log lists the project modules the job imported (each job is
    a Python of its own); each of them is a declared input of the job
    (nanjiang.workflow.codedeps), so an edit reruns it."""
    import re

    from repocopy import run_snakemake

    plan = run_snakemake(built_repo, "-n", "--forceall").stdout
    declared = {}
    for job in plan.split("\nrule ")[1:]:
        inputs = re.search(r"^\s+input: (.*)$", job, re.M)
        log = re.search(r"^\s+log: (.*)$", job, re.M)
        if log:
            declared[log.group(1).strip()] = set((inputs.group(1) if inputs else "").split(", "))
    assert len(declared) > 30
    checked = 0
    for log, inputs in declared.items():
        text = (built_repo / log).read_text("utf-8") if (built_repo / log).exists() else ""
        loaded = re.search(r"^code loaded: (.*)$", text, re.M)
        if not loaded:
            continue  # a shell job
        missing = set(loaded.group(1).split()) - inputs
        assert not missing, (log, missing)
        checked += 1
    assert checked > 30


@pytest.mark.parametrize("module", [
    "scripts/nanjiang/text/report_tables.py",
    "scripts/nanjiang/text/templating.py",
    "scripts/nanjiang/figures/labels.py",
    "scripts/nanjiang/derive/indicators/gaps.py",
])
def test_a_code_edit_reruns_exactly_the_jobs_that_import_it(tmp_path, built_repo, module):
    """The jobs planned after an edit are those whose code includes the module
    (and what consumes their outputs), no others."""
    import re
    import shutil

    from nanjiang.derive.indicators.catalog import INDICATORS
    from nanjiang.derive.indicators.catalog import code_files as indicator_code_files
    from nanjiang.figures.catalog import DIAGRAMS, FIGURES, MAPS, code_files
    from nanjiang.workflow.codedeps import code_of
    from repocopy import run_snakemake

    indicator_code = {f for i in INDICATORS for f in indicator_code_files(i)}

    repo = tmp_path / "repo"
    shutil.copytree(built_repo, repo, symlinks=True)
    with (repo / module).open("a", encoding="utf-8") as fh:
        fh.write("\n# an edit\n")
    plan = run_snakemake(repo, "-n").stdout
    planned_figures = set(re.findall(r"wildcards: figure=(\w+)", plan))
    planned_rules = set(re.findall(r"^rule (\w+):", plan, re.M))
    planned_figures |= {f for rule, group in (("diagrams", DIAGRAMS), ("maps", MAPS))
                        if rule in planned_rules for f in group}
    importers = {f for f in FIGURES if module in code_files([f])}
    assert importers <= planned_figures
    if module not in indicator_code:
        assert planned_figures == importers  # no other figure
    else:  # and those drawn from the rerun indicator tables
        consumers = {f for f in FIGURES
                     if any("/indicators/" in i for i in FIGURES[f].inputs)}
        assert planned_figures - importers <= consumers
    codes = {"derive_indicator": indicator_code,
             "audit": code_of("scripts/derive_audit.py"),
             "render_markdown": code_of("scripts/render_markdown.py"),
             "validate_table": code_of("scripts/validate_table.py")}
    planned = set(re.findall(r"^rule (\w+):", plan, re.M))
    for rule, code in codes.items():
        if module in code:
            assert rule in planned, (rule, plan[-2000:])
        elif rule in {"derive_indicator", "validate_table"}:
            assert rule not in planned, rule


def test_the_import_graph_is_read_again_after_an_edit(tmp_path, monkeypatch):
    """codedeps caches each module's imports by size and time (.cache/): an
    edited module is read again, so a new import is seen at once."""
    from nanjiang.workflow import codedeps

    package = tmp_path / "scripts" / "nanjiang"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", "utf-8")
    (package / "a.py").write_text("X = 1\n", "utf-8")
    (package / "b.py").write_text("Y = 2\n", "utf-8")
    job = tmp_path / "scripts" / "job.py"
    job.write_text("from nanjiang import a\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(codedeps, "SCRIPTS", tmp_path / "scripts")

    def code():
        for cache in (codedeps._module_file, codedeps._imports, codedeps.code_of):
            cache.cache_clear()
        return codedeps.code_of("scripts/job.py")

    assert "scripts/nanjiang/b.py" not in code()
    assert (tmp_path / ".cache" / "codedeps").is_dir()  # the graph was cached
    job.write_text("from nanjiang import a\nfrom nanjiang import b  # added\n", "utf-8")
    assert "scripts/nanjiang/b.py" in code()
    monkeypatch.undo()
    for cache in (codedeps._module_file, codedeps._imports, codedeps.code_of):
        cache.cache_clear()  # the other tests see the repository's modules again
