"""The chapter templates: every data number comes from data, footnotes match."""

from __future__ import annotations

import csv
import io
import re

import pytest
import yaml

from conftest import REPO
from rawtables import csv_text

CHAPTERS = sorted((REPO / "report" / "chapters").glob("*.md.j2"))
PROSE_CHAPTERS = [p for p in CHAPTERS if not p.name.startswith("07_")]  # 07: reference list

# Numbers that are not data and may stay literal in the prose: a data file
# beside the chapters (each pattern with its reason).
ALLOWED = [a["pattern"] for a in yaml.safe_load(
    (REPO / "report" / "chapters" / "allowed_literals.yaml").read_text("utf-8"))]
ALLOWED_RE = re.compile("|".join(f"(?:{a})" for a in ALLOWED), re.M)


def prose(path) -> str:
    text = path.read_text("utf-8")
    text = re.sub(r"\{\{.*?\}\}", "", text, flags=re.S)  # data, tables, figures
    text = re.sub(r"\{%.*?%\}", "", text, flags=re.S)  # statements: dated("2020-10") …
    text = re.sub(r"\{#.*?#\}", "", text, flags=re.S)  # template comments
    text = re.sub(r"\[\^c\d+-\d+\]", "", text)  # footnote ids
    return re.sub(r"\{ ?#[\w-]+ ?\}", "", text)  # heading ids


@pytest.mark.parametrize("path", PROSE_CHAPTERS, ids=lambda p: p.name)
def test_no_literal_data_number_in_prose(path):
    leftover = ALLOWED_RE.sub("", prose(path))
    numbers = [
        leftover[max(0, m.start() - 12) : m.end() + 6]
        for m in re.finditer(r"[0-9０-９]+(?:[.．][0-9]+)?", leftover)
    ]
    assert not numbers, f"literal numbers in {path.name} (use fact()): {numbers}"


def test_the_check_catches_a_typed_number(tmp_path):
    sample = tmp_path / "09_x.md.j2"
    sample.write_text("贫困发生率下降到2.2%，共{{ fact('a') }}个。\n", "utf-8")
    leftover = ALLOWED_RE.sub("", prose(sample))
    assert re.search(r"\d", leftover)


def facts_ids() -> set[str]:
    text = csv_text(REPO / "data" / "raw", "facts")  # (a workbook in its place read)
    return {row["fact_id"] for row in csv.DictReader(io.StringIO(text))}


def test_every_fact_used_exists_and_every_fact_is_used():
    used = set()
    for path in CHAPTERS:
        used |= set(re.findall(r"""fact(?:_year)?\(\s*["'](\w+)["']""", path.read_text("utf-8")))
    known = facts_ids()
    assert used <= known, used - known
    assert known <= used, known - used


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.name)
def test_footnotes_match(path):
    text = path.read_text("utf-8")
    bodies = re.findall(r"^\[\^([\w-]+)\]:", text, flags=re.M)
    refs = re.findall(r"\[\^([\w-]+)\](?!:)", text)
    assert len(bodies) == len(set(bodies)), "a footnote body appears twice"
    assert set(refs) == set(bodies)


@pytest.mark.parametrize("call", ['fact("nj4_no_such_fact")', 'fact_year("nj4_no_such_fact")'])
def test_an_unknown_fact_names_its_template_and_line(tmp_path, call):
    from nanjiang.text.templating import Report, TemplateDataError

    (tmp_path / "01_test.md.j2").write_text(
        "# 一、测试 {#ch1}\n\n第一段。\n\n南疆{{ " + call + " }}个。\n", "utf-8")
    report = Report(tmp_path, facts={}, tables={}, figures={}, report_year=2020)
    with pytest.raises(TemplateDataError) as e:
        report.render()
    assert str(e.value).startswith("01_test.md.j2:5: "), str(e.value)
    assert "('nj4_no_such_fact') is not in data/raw/facts.csv" in str(e.value)
