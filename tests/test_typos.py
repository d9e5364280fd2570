"""The typo scan of the author's text (nanjiang.text.typo_scan) and the
decisions taken on it (report/typo_decisions.csv): every candidate decided,
every decision still about the text, every error corrected in errata.csv and
every erratum decided."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from nanjiang.data.package import DataPackage
from nanjiang.text.editorial import ERRATA_COLUMNS, read_list
from nanjiang.text.typo_scan import (
    REDUPLICATIONS,
    RULES,
    author_text,
    chapter_texts,
    doubled,
    orphan_characters,
    read_decisions,
    scan,
    sound_alikes,
)
from rawtables import csv_text

REPO = Path(__file__).resolve().parents[1]
CHAPTERS = REPO / "report" / "chapters"
DECISIONS = REPO / "report" / "typo_decisions.csv"


@pytest.fixture(scope="module")
def candidates():
    return scan(CHAPTERS)


@pytest.fixture(scope="module")
def decisions():
    return read_decisions(DECISIONS)


@pytest.fixture(scope="module")
def errata():
    return read_list(REPO / "report" / "errata.csv", ERRATA_COLUMNS)


def kinds(found):
    return {(c.kind, c.candidate) for c in found}


def test_doubled_characters_words_and_phrases_are_found():
    texts = {"x": "本章将将在此。发展能力能力不足。防返贫返贫机制。借助手段，借助手段，拓宽。"
                  "也可以借鉴参照借鉴。人人有责，常常如此。"}
    found = kinds(doubled(texts))
    assert ("doubled_char", "将将") in found
    assert ("doubled_word", "能力能力") in found and ("doubled_word", "返贫返贫") in found
    assert ("repeated_phrase", "借助手段，借助手段") in found
    assert ("repeated_phrase", "借鉴参照借鉴") in found
    # reduplications of the language are not listed
    assert not {c for k, c in found if c in ("人人", "常常")}
    assert all(REDUPLICATIONS.values())  # each with its reason


def test_a_conjunction_between_repeated_words_is_no_candidate():
    found = kinds(doubled({"x": "理论价值和实践价值，绝对贫困和相对贫困。"}))
    assert not {c for k, c in found if k == "repeated_phrase"}


def test_words_that_sound_like_a_word_of_the_report_are_found():
    texts = {"a": "脱贫户的返贫风险。防止返贫。返贫监测。从返聘现象看。",
             "b": "贫困县退出。贫困村退出。全面推出贫困序列。"}
    found = {(c.candidate, c.suggestion) for c in sound_alikes(texts)}
    assert ("返聘", "返贫") in found
    assert ("推出", "退出") in found


def test_a_character_that_forms_no_word_is_found():
    text = "基础设施方面有了提升。公共服务方面也是。基础设施方敏有了明显提升。"
    found = kinds(orphan_characters({"x": text}))
    assert ("orphan_char", "方敏") in found


def test_the_scan_reads_the_template_as_text():
    text = author_text('# 一、导论 {#ch1}\n\n共{{ fact("x") }}个{# seed: 尅俾 #}'
                       '**确保**[^c1-1]。\n')
    assert text == "# 一、导论 \n\n共〇个确保。\n"


def test_the_scan_covers_the_six_chapters_of_the_author():
    assert sorted(chapter_texts(CHAPTERS)) == [
        "01_introduction", "02_overview", "03_achievements", "04_risks", "05_mechanisms",
        "06_conclusion"]


def test_every_candidate_has_a_decision(candidates, decisions):
    decided = {(d["chapter"], d["kind"], d["candidate"]) for d in decisions}
    missing = [f"{c.chapter} {c.kind} {c.candidate}（{c.context}）"
               for c in candidates if c.key not in decided]
    assert not missing, ("candidates without a decision in report/typo_decisions.csv "
                         "(python tools/typo_scan.py lists them):\n" + "\n".join(missing))


def test_every_decision_is_about_the_text_as_it_is(candidates, decisions):
    """A scanned candidate the scan no longer finds, or a passage found by
    reading that is no longer in the text (or the data), is a stale decision."""
    found = {c.key for c in candidates}
    texts = chapter_texts(CHAPTERS)
    raw = REPO / "data" / "raw"  # its CSVs, and the tables a workbook supplies
    data = "".join(p.read_text("utf-8") for p in raw.glob("*.csv")) + "".join(
        csv_text(raw, table) for table in DataPackage.load(raw).resources)
    stale = [d for d in decisions
             if (d["kind"] != "reading" and (d["chapter"], d["kind"], d["candidate"]) not in found)
             or (d["kind"] == "reading" and d["candidate"] not in texts[d["chapter"]]
                 and d["candidate"] not in data)]
    assert not stale


def test_each_candidate_is_decided_once(decisions):
    keys = [(d["chapter"], d["kind"], d["candidate"]) for d in decisions]
    assert len(keys) == len(set(keys))


def test_every_error_is_corrected_and_every_erratum_decided(decisions, errata):
    listed = {(e["chapter"], e["original"]) for e in errata}
    errors = {(d["chapter"], d["erratum"]) for d in decisions if d["decision"] == "error"}
    assert errors - listed == set(), "decided as errors, not in report/errata.csv"
    assert listed - errors == set(), "in report/errata.csv without a decision"
    for d in decisions:
        if d["decision"] == "error" and d["kind"] != "reading":
            assert d["candidate"].replace("，", "") in d["erratum"].replace("，", ""), d


def test_the_issue_s_examples_are_errata(errata):
    originals = {(e["chapter"][:2], e["original"]): e for e in errata}
    assert ("01", "能力能力") in originals and ("01", "还有继续进行") in originals
    assert ("01", "防返贫返贫机制") in originals and ("06", "防返贫返贫机制") in originals
    assert len(errata) >= 13 + 10


def test_rules_are_written_down_and_used(decisions):
    assert {d["rule"] for d in decisions} == set(RULES)
    assert all(len(text) > 15 for text in RULES.values())


def test_a_decision_without_a_rule_is_refused(tmp_path):
    bad = tmp_path / "d.csv"
    with bad.open("w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(["chapter", "kind", "candidate", "context", "decision", "rule", "erratum",
                    "note"])
        w.writerow(["01_x", "doubled_word", "能力能力", "…", "error", "K1", "能力能力", ""])
    with pytest.raises(ValueError, match="rule 'K1' for decision 'error'"):
        read_decisions(bad)
