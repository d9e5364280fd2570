"""What makes an edition a draft (issue 28, 5), each reason with where to act."""

from __future__ import annotations

from nanjiang.publish.changes_report import documents_against
from nanjiang.publish.label import label_line, plain_name, published_name
from nanjiang.text.draft import dated_line, draft_reasons


def test_each_reason_says_where_to_act(tmp_path):
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    (chapters / "03_x.md.j2").write_text(
        "第一段。\n{% call dated(\"2019-12\") %}截至2019年末，甲。{% endcall %}\n"
        "第三行。\n{% call dated('2019-12', confirmed=2020) %}截至2019年末，乙。{% endcall %}\n"
        "{% call dated(\"2019-12\") %}截至2019年末，丙。{% endcall %}\n", "utf-8")
    dated = [{"chapter": "03_x.md.j2", "as_of": "2019-12", "text": "截至2019年末，甲。",
              "stale": True},
             {"chapter": "03_x.md.j2", "as_of": "2019-12", "text": "截至2019年末，乙。",
              "stale": False},
             {"chapter": "03_x.md.j2", "as_of": "2019-12", "text": "截至2019年末，丙。",
              "stale": True},
             {"chapter": "03_x.md.j2", "as_of": "2018", "kind": "number", "value": "9",
              "text": "低近9个百分点", "stale": True}]
    sources = {"a": {"kind": "yearbook", "citation": "年鉴"},
               "t": {"kind": "test", "citation": "测试数据"}}
    carried = [{"table": "durable_goods", "label": "表 3-3", "region": "全国均值",
                "year": 2018, "shown_year": 2021}]
    reasons = draft_reasons(sources=sources, used_sources={"a", "t"}, dated=dated,
                            chapters=chapters, carried=carried)
    assert [(r["kind"], r["where"]) for r in reasons] == [
        ("test_source", "data/raw/sources.csv"),
        # the call on line 4 is confirmed (no reason): the second stale one is line 5's
        ("stale", f"{chapters / '03_x.md.j2'}:2"),
        ("stale", f"{chapters / '03_x.md.j2'}:5"),
        ("stale", str(chapters / "03_x.md.j2")),
        ("carried", "durable_goods")]
    assert reasons[0]["text"] == "引用测试数据来源 t（测试数据）"
    assert reasons[3]["text"].startswith("数字 9 待核对（原文所据 2018 年数据）")
    assert reasons[4]["text"] == "表 3-3：全国均值尚无 2021 年数据，表中为其 2018 年数据"
    assert draft_reasons(sources=sources, used_sources={"a"}, dated=dated[1:2],
                         chapters=chapters, carried=[]) == []
    assert dated_line(chapters / "03_x.md.j2", "2019-12", 3) is None


def test_a_call_s_line_is_found_past_comments_keywords_and_neighbours(tmp_path):
    """Found by the hostile test: a commented-out call moved every reason of
    its date to the line before; ``as_of=`` and two calls on a line were lost."""
    template = tmp_path / "t.md.j2"
    template.write_text(
        "# 标题 {#ch2}\n{# {% call dated(\"2019-12\") %}旧句。{% endcall %} #}\n"
        "{% call dated(as_of='2019-12') %}甲。{% endcall %}"
        "{% call dated(\"2019-12\") %}乙。{% endcall %}\n"
        "{% call\n  dated( \"2019-12\" ) %}丙。{% endcall %}\n", "utf-8")
    assert [dated_line(template, "2019-12", n) for n in range(4)] == [3, 3, 5, None]


def test_a_draft_is_named_and_labelled_so():
    label = {"year": 2021, "version": 1, "date": "2026-12-06", "data_until": 2021,
             "draft": ["引用测试数据来源 t"]}
    assert label_line(label).startswith("状态：草稿　报告年份：2021 年")
    assert published_name("report.pdf", label) == "report-草稿.pdf"
    assert published_name("briefs/652900.html", label) == "briefs/652900-草稿.html"
    assert published_name("report-tables.xlsx", label) == "report-tables-草稿.xlsx"
    assert published_name("html/index.html", label) == "html/index.html"
    final = {**label, "draft": []}
    assert published_name("report.pdf", final) == "report.pdf"
    assert not label_line(final).startswith("状态")


def test_a_draft_and_a_final_edition_name_the_same_documents(tmp_path):
    """Found by the hostile test: a label chosen again renamed 草稿 twice, and
    a draft's change report listed every document as added and dropped."""
    label = {"draft": ["x"]}
    assert published_name("report-草稿.pdf", label) == "report-草稿.pdf"
    assert plain_name("briefs/652900-草稿.html") == "briefs/652900.html"
    assert plain_name("report-修订-草稿.docx") == "report-修订.docx"
    pdf = tmp_path / "report-草稿.pdf"
    pdf.write_bytes(b"new")
    recorded = {"report.pdf": {"sha256": "old"}, "report.docx": {"sha256": "old"}}
    assert documents_against(recorded, {"report-草稿.pdf": pdf}) == {
        "added": [], "dropped": ["report.docx"], "changed": ["report.pdf"]}
