"""Dated statements of the text: listed for revision once the report year passes them."""

from __future__ import annotations

import pytest

from nanjiang.text.changes import render
from nanjiang.text.templating import Report, TemplateDataError

TEXT = ('# 一、测试 {#ch1}\n\n具体来说，{% call dated("2020-10") %}截止到2020年10月，先后有26个'
        '贫困县摘帽。{% endcall %}{% call dated("2019-12", confirmed=2021) %}截至2019年末，'
        '贷款余额达700多亿元。{% endcall %}\n')


def report(tmp_path, year: int, stop: bool = False) -> Report:
    (tmp_path / "01_test.md.j2").write_text(TEXT, "utf-8")
    return Report(tmp_path, facts={}, tables={}, figures={}, report_year=year, stop_on_stale=stop)


def test_in_the_year_of_writing_nothing_is_stale(tmp_path):
    r = report(tmp_path, 2020)
    text = r.render()
    # printed unchanged (set as the edition sets a number: nanjiang.text.typography)
    assert "截止到 2020 年 10 月，先后有 26 个贫困县摘帽。" in text
    assert [d["stale"] for d in r.dated_statements] == [False, False]


def test_a_later_report_year_lists_the_statement_unless_confirmed(tmp_path):
    r = report(tmp_path, 2021)
    r.render()
    stale = [d for d in r.dated_statements if d["stale"]]
    assert [d["as_of"] for d in stale] == ["2020-10"]  # the other is confirmed for 2021
    listed = render(None, [], True, "", stale=stale)
    assert "待编辑修订的时效性语句（1）" in listed and "截止到2020年10月" in listed


def test_the_strict_option_stops_the_build(tmp_path):
    with pytest.raises(TemplateDataError, match="must be revised or confirmed"):
        report(tmp_path, 2022, stop=True).render()


def test_the_chapters_mark_their_dated_statements(built_repo):
    import json

    dated = json.loads((built_repo / "report/build/work/report.dated.json").read_text("utf-8"))
    assert len(dated) >= 8 and not any(d["stale"] for d in dated)  # the 2020 edition
    assert any(d["text"].startswith("截止到2020年10月") for d in dated)


class _Provenance:
    """The parts of ProvenanceLog the check reads: entries with their years."""

    def __init__(self):
        self.entries = []

    def record(self, chapter, fact):
        entry = {"n": len(self.entries) + 1, "chapter": chapter, "fact_id": fact["fact_id"],
                 "value": fact["display"], "unit": fact["unit"], "origin": "o", "citation": "c",
                 "table": fact["table"], "year": fact["display_year"],
                 "stated_year": fact["year"]}
        self.entries.append(entry)
        return entry

    span = staticmethod(__import__("nanjiang.text.provenance").text.provenance.ProvenanceLog.span)


def _fact(fid, value, year, shown_year, table):
    return {"fact_id": fid, "display": value, "unit": "辆", "year": year,
            "display_year": shown_year, "table": table}


@pytest.mark.parametrize(("cars_year", "listed"), [(2018, []), (2021, ["gap"])])
def test_a_number_stated_beside_one_that_moved_is_listed(tmp_path, cars_year, listed):
    (tmp_path / "03_test.md.j2").write_text(
        '# 三、测试 {#ch3}\n\n每百户拥有汽车{{ fact("cars") }}辆，低近{{ fact("gap") }}辆。'
        '另一句{{ fact("other") }}辆。\n', "utf-8")
    facts = {"cars": _fact("cars", "17.7", 2018, cars_year, "durable_goods"),
             "gap": _fact("gap", "9", 2018, 2018, "facts"),
             "other": _fact("other", "5", 2018, 2018, "facts")}
    r = Report(tmp_path, facts=facts, tables={}, figures={}, report_year=2021)
    r.provenance = _Provenance()
    r.render()
    numbers = [d["fact_id"] for d in r.dated_statements if d.get("kind") == "number"]
    assert numbers == listed  # "other" is in another sentence
    if listed:
        r = Report(tmp_path, facts=facts, tables={}, figures={}, report_year=2021,
                   stop_on_stale=True)
        r.provenance = _Provenance()
        with pytest.raises(TemplateDataError, match="stands beside numbers of 2021"):
            r.render()
