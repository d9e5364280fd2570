"""Two editions from one source: the errata list (report/errata.csv) is applied
in the corrected edition only, listed in 勘误表, and must match the text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from snakemake.utils import validate

from nanjiang.text.editorial import ERRATA_COLUMNS, errata_table, read_list
from nanjiang.text.numbering import Label
from nanjiang.text.templating import Report, TemplateDataError, apply_errata

REPO = Path(__file__).resolve().parents[1]
ERRATUM = {"chapter": "01_x", "location": "一、（一）", "original": "确保确保",
           "correction": "确保", "occurrences": "1", "basis": "重字"}


def render(tmp_path: Path, edition: str, errata: list[dict]) -> str:
    chapters = tmp_path / "chapters"
    chapters.mkdir(exist_ok=True)
    (chapters / "01_x.md.j2").write_text("# 一、测试 {#ch1}\n\n要确保确保完成。\n", "utf-8")
    return Report(chapters, facts={}, tables={}, figures={}, report_year=2020,
                  errata=errata, edition=edition).render()


def test_corrected_edition_fixes_the_listed_typo(tmp_path):
    assert "要确保完成。" in render(tmp_path, "corrected", [ERRATUM])


def test_faithful_edition_keeps_the_original_wording(tmp_path):
    assert "要确保确保完成。" in render(tmp_path, "faithful", [ERRATUM])


def test_an_erratum_that_no_longer_matches_stops_the_build():
    with pytest.raises(TemplateDataError, match="occurs 0 times"):
        apply_errata("没有错字。", "01_x", [ERRATUM])
    twice = {**ERRATUM, "occurrences": "2"}
    with pytest.raises(TemplateDataError, match="occurs 1 times in 01_x, listed 2"):
        apply_errata("确保确保", "01_x", [twice])


def test_errata_list_is_complete_data():
    errata = read_list(REPO / "report" / "errata.csv", ERRATA_COLUMNS)
    originals = {e["original"] for e in errata}
    for typo in ["全区全区", "人均人均", "方敏", "以案例刑事剖析", "确保确保", "国际、区定",
                 "将至", "加师县", "3个师、3个师"]:
        assert any(typo in o for o in originals), typo
    # 确保确保 stands twice in the original: one row per chapter
    assert sum("确保确保" in o for o in originals) == 1
    assert sum(e["original"] == "确保确保" for e in errata) == 2


def test_errata_table_lists_location_original_and_correction():
    errata = read_list(REPO / "report" / "errata.csv", ERRATA_COLUMNS)
    md = errata_table(errata, Label("table", "errata", "C", 1), "corrected")
    assert "表 C-1 勘误表" in md
    text = md.replace("\u2060", "").replace("\u200b", "")  # table words are joined
    for e in errata:
        assert e["original"] in text and e["correction"] in text


def test_a_broken_errata_file_is_refused(tmp_path):
    bad = tmp_path / "errata.csv"
    bad.write_text(",".join(ERRATA_COLUMNS) + "\n01_x,,a,b,1,c\n", "utf-8")
    with pytest.raises(ValueError, match="errata.csv:2, column 'location': empty"):
        read_list(bad, ERRATA_COLUMNS)


def test_config_edition_is_validated_and_defaults_to_corrected():
    schema = str(REPO / "rules" / "config.schema.yaml")
    config = yaml.safe_load((REPO / "config.yaml").read_text("utf-8"))
    config.pop("edition")
    validate(config, schema=schema)
    assert config["edition"] == "corrected"
    with pytest.raises(Exception, match="faithful"):
        validate({**config, "edition": "draft"}, schema=schema)
