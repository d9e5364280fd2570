"""The 修订 copy (nanjiang.documents.revisions): two editions of a small
report built as the report is (Markdown -> pandoc -> the DOCX's finishing),
the second with a number of a table cell and of the prose changed, a
sentence deleted, one inserted, a paragraph replaced, a table row added, a
footnote reworded and the figure redrawn; the 修订 copy read back by
LibreOffice (one headless session for every file, through its UNO API:
tests/lo_tracked.py, run by a Python that has LibreOffice's uno).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import posixpath
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
import yaml
from lxml import etree
from PIL import Image, ImageDraw

from nanjiang.documents.revisions import W, write_tracked_changes

REPO = Path(__file__).resolve().parents[1]
AUTHOR = "课题组"
WHEN = dt.datetime(2021, 1, 1, 8, 30)

TEXT = """# 一、绪论 {{#ch1}}

## （一）研究背景

南疆四地州是我国脱贫攻坚体系中 14 个连片贫困区域之一，该区域贫困面积大、贫困人口多。[^c1-1]
{deleted}全国贫困地区农村居民工资性收入为 {prose} 元，贫困发生率下降到 {incidence}%。{inserted}

| 地区 | 工资性收入 | 经营性收入 |
|:---|---:|---:|
| 全国均值 | {cell} | 3888 |
| 南疆四地州 | 1190 | 2500 |
{row}
: 表 1-1 2018 年收入构成 {{#tbl-income}}

::: {{custom-style="数据来源"}}
数据来源：《2019年国家统计局农村贫困监测调查》（数据年份：2018 年）
:::

![图 1-1 收入构成]({figure}){{#fig-income width=3in}}

::: {{custom-style="数据来源"}}
数据来源：根据表 1-1 计算。
:::

# 二、结论 {{#ch2}}

党的领导是脱贫攻坚取得决定性胜利的{guarantee}保证。

{last}

[^c1-1]: {note}
"""

OLD = {"deleted": "这一句将被删除。", "prose": "3627", "incidence": "3.2", "inserted": "",
       "cell": "3627", "row": "", "guarantee": "坚强", "last": "旧版独有的一段，新版删去。",
       "note": "脚注原文。", "bars": (30, 60, 90)}
NEW = OLD | {"deleted": "", "prose": "3628", "incidence": "3.1", "inserted": "这是新增的一句。",
             "cell": "3628", "row": "| 新疆 | 2987 | 5369 |\n", "guarantee": "根本",
             "last": "新版新增的一段，共 2 句。第二句。", "note": "脚注改后的文字。",
             "bars": (30, 60, 100)}


def figure(path: Path, bars) -> Path:
    image = Image.new("RGB", (240, 120), "white")
    draw = ImageDraw.Draw(image)
    for i, height in enumerate(bars):
        draw.rectangle([20 + 50 * i, 110 - height, 50 + 50 * i, 110], fill=(40, 80, 160))
    image.save(path, format="PNG")
    return path


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as mp:
        yield mp


@pytest.fixture(scope="module")
def editions(tmp_path_factory, monkeypatch_module) -> dict[str, Path]:
    """old.docx and new.docx, and the 修订 copies written from them."""
    from nanjiang.documents.docx import markdown_to_docx
    from nanjiang.documents.pandoc import metadata
    from nanjiang.documents.reference_docx import build_reference_docx

    out = tmp_path_factory.mktemp("revisions")
    monkeypatch_module.chdir(REPO)  # pandoc's defaults and filters are found from here
    reference = out / "reference.docx"
    reference.write_bytes(build_reference_docx())
    front = yaml.safe_load((REPO / "report/front.yaml").read_text("utf-8"))
    meta = metadata(front, {"serif": "Noto Serif CJK SC", "sans": "Noto Sans CJK SC"})
    files = {}
    for name, values in (("old", OLD), ("new", NEW)):
        markdown = out / f"{name}.md"
        text = TEXT.format(**values, figure=figure(out / f"{name}.png", values["bars"]))
        markdown.write_text(text, "utf-8")
        files[name] = out / f"{name}.docx"
        markdown_to_docx(markdown, files[name], reference, meta)
    started = time.monotonic()
    files["changes"] = write_tracked_changes(files["old"], files["new"], out / "修订.docx",
                                             author=AUTHOR, when=WHEN)
    files["seconds"] = time.monotonic() - started
    files["修订"] = out / "修订.docx"
    files["again"] = out / "again.docx"
    files["changes again"] = write_tracked_changes(files["old"], files["new"], files["again"],
                                                   author=AUTHOR, when=WHEN)
    files["same"] = out / "same.docx"
    files["changes same"] = write_tracked_changes(files["new"], files["new"], files["same"],
                                                  author=AUTHOR, when=WHEN)
    return files


def uno_python() -> str | None:
    """A Python that imports LibreOffice's uno (Debian's python3-uno: the
    system's python3, not the virtual environment's)."""
    for candidate in ("/usr/lib/libreoffice/program/python", "/usr/bin/python3",
                      shutil.which("python3")):
        if candidate and Path(candidate).exists() and subprocess.run(
                [candidate, "-c", "import uno"], capture_output=True).returncode == 0:
            return candidate
    return None


@pytest.fixture(scope="module")
def office(editions, tmp_path_factory) -> dict[str, dict]:
    """What LibreOffice lists and shows of each file, and of the 修订 copy
    after accepting and after rejecting all changes."""
    python = uno_python()
    if shutil.which("soffice") is None or python is None:
        pytest.skip("LibreOffice with python3-uno missing: ./run.sh test installs them")
    out = tmp_path_factory.mktemp("office")
    names = ["修订", "new", "old", "same"]
    job = {"profile": str(out / "profile"), "files": [
        {"path": str(editions[name]), "accept_out": str(out / f"{name}-accepted.docx"),
         "reject_out": str(out / f"{name}-rejected.docx")} for name in names]}
    proc = subprocess.run([python, str(REPO / "tests" / "lo_tracked.py")],
                          input=json.dumps(job), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-4000:]
    results = dict(zip(names, json.loads(proc.stdout), strict=True))
    for name in names:
        results[name]["accepted file"] = out / f"{name}-accepted.docx"
        results[name]["rejected file"] = out / f"{name}-rejected.docx"
    return results


def as_word_shows(text: dict) -> dict:
    """LibreOffice's text of a document with the 目录's entries in the
    default paragraph style: report.docx names styles TOC1, TOC2 that its
    styles.xml does not define (docx_toc.py), which LibreOffice reads as
    Contents 1, 2 and Word as the default style; the 修订 copy drops the
    undefined names (Docxodus)."""
    body = [["Standard", t] if style in ("Contents 1", "Contents 2") else [style, t]
            for style, t in text["body"]]
    return text | {"body": body}


A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def pictures(docx: Path, leave_out: str | None = None) -> list[str]:
    """The SHA-256 of each picture of the document's body, in order; with
    ``leave_out`` ("ins" or "del"), not those inside such a tracked change."""
    with zipfile.ZipFile(docx) as z:
        document = etree.fromstring(z.read("word/document.xml"))
        rels = etree.fromstring(z.read("word/_rels/document.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        out = []
        for blip in document.iter(f"{{{A}}}blip"):
            if leave_out and blip.xpath(f"ancestor::w:{leave_out}", namespaces={"w": W}):
                continue
            target = targets[blip.get(f"{{{R}}}embed")]
            part = target.lstrip("/") if target.startswith("/") else posixpath.join("word", target)
            out.append(hashlib.sha256(z.read(part)).hexdigest())
        return out


# ------------------------------------------------------ without LibreOffice


def test_same_inputs_same_bytes(editions):
    assert editions["changes again"] == editions["changes"]
    assert editions["again"].read_bytes() == editions["修订"].read_bytes()


def test_dated_and_signed_as_asked(editions):
    with zipfile.ZipFile(editions["修订"]) as z:
        assert {info.date_time for info in z.infolist()} == {(2021, 1, 1, 8, 30, 0)}
        document = z.read("word/document.xml").decode("utf-8")
        core = z.read("docProps/core.xml").decode("utf-8")
    marks = re.findall(r"<w:(?:ins|del) ([^>]*)>", document)
    assert marks
    assert {re.search(r'w:author="([^"]*)"', m).group(1) for m in marks} == {AUTHOR}
    assert {re.search(r'w:date="([^"]*)"', m).group(1) for m in marks} == {"2021-01-01T08:30:00Z"}
    assert "2021-01-01T08:30:00Z" in core


def test_a_timezone_is_turned_to_utc(editions, tmp_path):
    beijing = dt.timezone(dt.timedelta(hours=8))
    out = tmp_path / "修订.docx"
    write_tracked_changes(editions["old"], editions["new"], out, author=AUTHOR,
                          when=dt.datetime(2021, 1, 1, 16, 30, tzinfo=beijing))
    assert out.read_bytes() == editions["修订"].read_bytes()


def test_identical_editions_have_no_change(editions):
    assert editions["changes same"] == 0
    with zipfile.ZipFile(editions["same"]) as z:
        assert not re.search(r"<w:(ins|del)\b", z.read("word/document.xml").decode("utf-8"))


def test_the_new_editions_parts_survive(editions):
    """Styles, numbering, footer, settings (fields updated on open), the
    目录 field with its links, bookmarks and sections are the new edition's;
    its pictures all there, none of the old edition's unused."""
    def parts(path):
        with zipfile.ZipFile(path) as z:
            return {name: z.read(name) for name in z.namelist()}

    new, revised = parts(editions["new"]), parts(editions["修订"])
    assert set(revised) - {n for n in revised if n.startswith("word/media/")} == \
        set(new) - {n for n in new if n.startswith("word/media/")}

    def styles(data):
        root = etree.fromstring(data)
        return sorted((s.get(f"{{{W}}}styleId"), s.find(f"{{{W}}}name").get(f"{{{W}}}val"))
                      for s in root.iter(f"{{{W}}}style"))

    assert styles(revised["word/styles.xml"]) == styles(new["word/styles.xml"])
    def canonical(data):
        return etree.tostring(etree.fromstring(data, etree.XMLParser(remove_blank_text=True)),
                              method="c14n2")

    for name in ("word/settings.xml", "word/footer1.xml", "word/numbering.xml"):
        assert canonical(revised[name]) == canonical(new[name]), name
    assert b"<w:updateFields" in revised["word/settings.xml"]
    assert b'w:instr="PAGE"' in revised["word/footer1.xml"]  # the page number
    document = revised["word/document.xml"].decode("utf-8")
    original = new["word/document.xml"].decode("utf-8")
    assert re.search(r"<w:instrText[^>]*>TOC ", document)
    for pattern in (r"<w:hyperlink\b", r"<w:bookmarkStart\b", r"<w:sectPr\b",
                    r"<w:footnoteReference\b", r'w:fldCharType="begin"'):
        assert len(re.findall(pattern, document)) == len(re.findall(pattern, original)), pattern
    assert sorted(re.findall(r'w:anchor="([^"]+)"', document)) == \
        sorted(re.findall(r'w:anchor="([^"]+)"', original))
    # the changed figure: the new picture inserted, the old one deleted, nothing else kept
    assert pictures(editions["修订"], leave_out="del") == pictures(editions["new"])
    assert pictures(editions["修订"], leave_out="ins") == pictures(editions["old"])
    media = {n for n in revised if n.startswith("word/media/")}
    assert len(media) == 2


# --------------------------------------------------------- with LibreOffice


def test_libreoffice_lists_the_changes(editions, office):
    changes = office["修订"]["redlines"]
    assert len(changes) == editions["changes"]
    listed = [(c["type"], c["text"], c["in_table"]) for c in changes]
    assert {c["author"] for c in changes} == {AUTHOR}
    assert {c["date"] for c in changes} == {"2021-01-01T08:30:00"}
    # a changed number is a change of the number, in a table cell as in the prose
    assert ("Delete", "3627", True) in listed and ("Insert", "3628", True) in listed
    assert ("Delete", "3627", False) in listed and ("Insert", "3628", False) in listed
    # sentences deleted and inserted
    assert ("Delete", "这一句将被删除。", False) in listed
    assert ("Insert", "这是新增的一句。", False) in listed
    # Chinese is compared by character, not by the (absent) spaces between words
    assert ("Delete", "坚强", False) in listed and ("Insert", "根本", False) in listed
    # the added table row, cell by cell
    for cell in ("新疆", "2987", "5369"):
        assert ("Insert", cell, True) in listed
    # the footnote, and the redrawn figure (its paragraph deleted and inserted)
    assert ("Delete", "原", False) in listed
    assert sum(1 for kind, text, _ in listed if text == "\n") == 2
    # nothing unchanged is marked
    changed = "".join(c["text"] for c in changes)
    for unchanged in ("南疆四地州是我国脱贫攻坚体系", "3888", "1190", "党的领导", "图 1-1"):
        assert unchanged not in changed
    assert office["修订"]["shown"]["pictures"] == 2


def test_accepting_all_gives_the_new_edition(office):
    revised, new = office["修订"], office["new"]
    assert revised["left_after_accept"] == 0
    assert as_word_shows(revised["accepted"]) == as_word_shows(new["shown"])
    assert pictures(revised["accepted file"]) == pictures(new["accepted file"])


def test_rejecting_all_gives_the_old_edition(office):
    revised, old = office["修订"], office["old"]
    assert revised["left_after_reject"] == 0
    assert as_word_shows(revised["rejected"]) == as_word_shows(old["shown"])
    assert pictures(revised["rejected file"]) == pictures(old["rejected file"])


def test_identical_editions_list_no_change(office):
    assert office["same"]["redlines"] == []
    assert as_word_shows(office["same"]["shown"]) == as_word_shows(office["new"]["shown"])


def test_the_editions_themselves_list_no_change(office):
    assert office["new"]["redlines"] == office["old"]["redlines"] == []
    assert office["new"]["shown"] != office["old"]["shown"]


def test_modest_time(editions):
    assert editions["seconds"] < 30
