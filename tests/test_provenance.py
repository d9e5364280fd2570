"""Every number of the prose knows where it comes from (附录四, HTML titles, JSON)."""

from __future__ import annotations

import json
import random
import re

import pytest

from nanjiang.common.numbers import rounding_tolerance
from nanjiang.data.loaders import load_derived, load_validated
from readback import docx_text, pdf_text, squash

SPAN = re.compile(r'<span id="num-(\d+)" class="num"\s+title="([^"]*)">([^<]*)</span>')
CELL = re.compile(r'<span class="cell"\s+data-table="([^"]*)"\s+data-region="([^"]*)"'
                  r'\s+data-indicator="([^"]*)"\s+data-year="([^"]*)"\s+data-source="([^"]*)"'
                  r'\s+title="([^"]*)">([^<]*)</span>')


@pytest.fixture(scope="module")
def entries(built_repo) -> list[dict]:
    path = built_repo / "report" / "build" / "work" / "report.provenance.json"
    return json.loads(path.read_text("utf-8"))


def resolve(built, entry: dict) -> str | None:
    """The printed text of the row an entry names: a fact, a raw or a derived cell."""
    validated = built / "data" / "derived" / "validated"
    if entry["table"] == "facts":
        df = load_validated("facts", validated)
        hit = df[df["fact_id"] == entry["fact_id"]]
    else:
        path = validated / f"{entry['table']}.csv"
        df = (load_validated(entry["table"], validated) if path.exists() else
              load_derived(built / "data" / "derived" / "indicators" / f"{entry['table']}.csv"))
        hit = df[(df["indicator"] == entry["indicator"])
                 & (df["region_code"] == entry["region_code"]) & (df["year"] == entry["year"])
                 & (df["source_id"] == entry["source_id"])]
    return hit["value_text"].iloc[0] if len(hit) else None


def test_numbers_picked_at_random_from_the_page_resolve_to_their_rows(built_repo, entries):
    html = (built_repo / "report" / "build" / "html" / "index.html").read_text("utf-8")
    spans = SPAN.findall(html)
    assert len(spans) == len(entries) > 250
    for n, title, text in random.Random(2020).sample(spans, 60):
        entry = entries[int(n) - 1]
        assert text == entry["value"] and f"数据出处 {n}：" in title
        found = resolve(built_repo, entry)
        assert found is not None, entry
        # the prose may round the cell it repeats ("近106万人" for 105.59)
        tolerance = rounding_tolerance([text, found])
        assert abs(float(text) - float(found)) <= tolerance, (entry, found)


def test_table_cells_picked_at_random_resolve_to_their_rows(built_repo):
    html = (built_repo / "report" / "build" / "html" / "index.html").read_text("utf-8")
    cells = CELL.findall(html)
    tables = {c[0] for c in cells}
    assert len(cells) > 150 and len(tables) >= 12, (len(cells), tables)
    validated = built_repo / "data" / "derived" / "validated"
    for cell in random.Random(2021).sample(cells, 60):
        table, region, indicator, year, source, title, text = cell
        df = load_validated(table, validated)
        hit = df[(df["indicator"] == indicator) & (df["region_code"] == region)
                 & (df["year"] == int(year)) & (df["source_id"] == source)]
        assert len(hit) == 1, (table, region, indicator, year, source)
        row = hit.iloc[0]
        shown = text.replace("\u2060", "")
        # the printed cell is the row's value (an exit year is printed "2019 年")
        assert shown in (row["value_text"].lstrip("+"), f"{year} 年"), (shown, row["value_text"])
        assert row["region_name"] in title and f"{year} 年" in title and "来源：" in title


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_appendix_four_in_print_counts_every_number_by_chapter(built_repo, entries, fmt):
    """Issue 26 (6): print keeps a short guide (表 D-1: numbers per chapter, from
    a table or stated by the text, and the total) and says where the full list
    is; the list itself is not printed."""
    build = built_repo / "report" / "build"
    text = squash(pdf_text(build / "report.pdf") if fmt == "pdf"
                  else docx_text(build / "report.docx"))
    assert "附录四数据出处" in text and squash("表 D-1 正文数字的出处，按章汇总") in text
    from_tables = sum(e["table"] != "facts" for e in entries)
    total = f"合计{len(entries)}{from_tables}{len(entries) - from_tables}"
    assert total in text, total
    assert squash("“附录四 数据出处”工作表和本报告 HTML 版的附录四") in text
    assert squash(entries[-1]["origin"])[:20] not in text.split("附录四数据出处")[-1]


def test_appendix_four_of_the_html_lists_every_number(built_repo, entries):
    html = (built_repo / "report" / "build" / "html" / "index.html").read_text("utf-8")
    appendix = html.split('id="appendix-provenance"')[1]
    text = re.sub(r"\s", "", re.sub(r"<[^>]+>", "", appendix))  # words kept whole by spans
    last = entries[-1]
    assert f">{last['n']}<" in appendix and re.sub(r"\s", "", last["origin"])[:12] in text
    chapters = {e["chapter"] for e in entries}
    assert {c[:2] for c in chapters} >= {"01", "02", "03", "04", "05", "06"}
