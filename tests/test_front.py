"""The cover (report/front.yaml) reaches the PDF, the DOCX and the HTML as
pandoc metadata, read as Markdown and set in typst strings: its fields must be
plain text. Markup in them (<img onerror>, *粗*, `x`, $x$, [l](javascript:…), a
'"' that ends the typst string of the PDF's metadata) is refused before any
job, at its line, key and character; a Chinese title with 《》“” passes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import REPO, snakemake
from nanjiang.common.errors import DataValidationError
from nanjiang.documents.front import read_front

FRONT = (REPO / "report" / "front.yaml").read_text("utf-8")


def test_the_real_cover_is_plain_text():
    assert read_front(REPO / "report" / "front.yaml") == yaml.safe_load(FRONT)


def test_a_chinese_title_with_its_own_punctuation_passes(tmp_path):
    path = tmp_path / "front.yaml"
    title = "“十四五”时期南疆防返贫机制研究——以《监测办法》为例（2014-2019 年）"
    path.write_text(FRONT.replace("title: 贫困退出背景下南疆深度贫困地区防返贫机制研究",
                                  f"title: {title}")
                    .replace("title_lines: [贫困退出背景下南疆深度贫困地区, 防返贫机制研究]",
                             f"title_lines: [\"{title}\"]"), "utf-8")
    assert read_front(path)["title"] == title


HOSTILE = [
    ("leader", "周建鹏<img src=x onerror=alert(1)>", "'<'"),
    ("leader", "*粗*", "'*'"),
    ("leader", "周`建`鹏", "'`'"),
    ("category", "青年$x$项目", "'$'"),
    ("category", "[l](javascript:alert(1))", "'['"),
    ("leader", '周"建鹏', "'\"'"),
    ("approval_number", "19ZJFLQ03\\", "'\\\\'"),
    ("approval_number", "#19ZJFLQ03", "'#'"),
]


def _front_with(tmp_path: Path, key: str, value: str) -> Path:
    lines = FRONT.splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith(f"{key}:"))
    lines[at] = f"{key}: {yaml.safe_dump(value, allow_unicode=True).splitlines()[0]}\n"
    path = tmp_path / "front.yaml"
    path.write_text("".join(lines), "utf-8")
    return path, at + 1


@pytest.mark.parametrize("key, value, shown", HOSTILE, ids=[h[1] for h in HOSTILE])
def test_markup_in_a_cover_field_is_refused_located(tmp_path, key, value, shown):
    path, line = _front_with(tmp_path, key, value)
    with pytest.raises(DataValidationError) as e:
        read_front(path)
    message = e.value.render()
    assert f"front.yaml:{line}" in message, message
    assert f"'{key}'" in message and f"character {shown}" in message, message


def test_a_markup_title_line_is_refused_at_its_line(tmp_path):
    path = tmp_path / "front.yaml"
    lines = "title_lines:\n  - 贫困退出背景下南疆深度贫困地区\n  - <b>防返贫机制研究"
    path.write_text(FRONT.replace("title_lines: [贫困退出背景下南疆深度贫困地区, 防返贫机制研究]",
                                  lines), "utf-8")
    with pytest.raises(DataValidationError) as e:
        read_front(path)
    line = path.read_text("utf-8").splitlines().index("  - <b>防返贫机制研究") + 1
    assert f"front.yaml:{line}: key 'title_lines'" in e.value.render(), e.value.render()


def test_a_cover_with_markup_stops_the_build_before_any_job(repo_copy):
    front = repo_copy / "report" / "front.yaml"
    hostile = 'leader: "周建鹏<img src=x onerror=alert(1)>"'
    front.write_text(FRONT.replace("leader: 周建鹏", hostile), "utf-8")
    proc = snakemake(repo_copy, "--dry-run", "report/build/staging/report.pdf", check=False)
    output = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "report/front.yaml:7: key 'leader'" in output, output[-3000:]
    assert "Traceback" not in output
