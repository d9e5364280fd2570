"""Indicator charts: drawn from the real data, captioned, labelled, no overlaps."""

from __future__ import annotations

import importlib
import re
from itertools import combinations
from pathlib import Path

import matplotlib.pyplot as plt
import pytest
import yaml
from matplotlib.colors import to_hex
from matplotlib.text import Text

from nanjiang.data.loaders import load_validated
from nanjiang.data.package import DataPackage
from nanjiang.data.validation import validate_table, write_validated
from nanjiang.derive.indicators.catalog import INDICATORS
from nanjiang.figures import catalog_charts
from nanjiang.figures.catalog import FIGURES
from nanjiang.figures.printsize import MIN_PRINTED_PT, TEXT_WIDTH_MM, print_scale, svg_width_in
from nanjiang.figures.style import REGION_COLORS, save, use_report_style
from nanjiang.text.numbering import number_items

REPO = Path(__file__).resolve().parents[1]
CHARTS = catalog_charts.FIGURES
IDS = ["fig_exits_by_year", "fig_income_structure", "fig_durable_goods",
       "fig_infrastructure", "fig_assistance"]


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    """data/derived/{validated,indicators} for the real raw tables, in a temporary folder."""
    root = tmp_path_factory.mktemp("derived")
    package = DataPackage.load(REPO / "data" / "raw")
    raw = {}
    for name in package.resources:
        write_validated(validate_table(package, name), root / "validated" / f"{name}.csv")
        raw[name] = load_validated(name, root / "validated")
    (root / "indicators").mkdir()
    for name, spec in INDICATORS.items():
        df = spec.function()({t: raw[t] for t in spec.inputs}, 2020)
        df.to_csv(root / "indicators" / f"{name}.csv", index=False, lineterminator="\n")
    return root


@pytest.fixture(scope="module")
def fonts():
    fonts = yaml.safe_load((REPO / "config.yaml").read_text("utf-8"))["fonts"]
    use_report_style(fonts)
    return fonts


def inputs(spec, root: Path) -> list[str]:
    out = []
    for path in spec.inputs:
        if path.startswith("data/derived/"):
            out.append(str(root / path.removeprefix("data/derived/")))
        else:
            out.append(str(REPO / path))
    return out


def draw(fig_id, data, fonts, year=2020):
    spec = CHARTS[fig_id]
    module, function = spec.draw.split(":")
    fig = getattr(importlib.import_module(module), function)(inputs(spec, data), year, fonts)
    fig.canvas.draw()
    return fig


def texts(fig) -> list[Text]:
    """Every visible, non-empty text of the figure (ticks, labels, legends, notes)."""
    found = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]
    return [t for t in found if t.get_window_extent().width > 0]


def test_the_five_charts_are_listed():
    assert sorted(CHARTS) == sorted(IDS)


@pytest.mark.parametrize("fig_id", IDS)
def test_caption_and_source_line(fig_id):
    spec = CHARTS[fig_id]
    assert spec.caption and not spec.caption.startswith(("图", "Figure"))
    assert spec.source.startswith("数据来源：")
    for path in spec.inputs:
        assert path.startswith("data/"), path
    # the source line names the table by its key; the number it has in this
    # report ("表 3-1") is filled in from the numbering, never typed
    chapters = sorted((REPO / "report" / "chapters").glob("*.md.j2"))
    assert spec.extra["table"] in number_items(chapters)
    assert "{table[" + spec.extra["table"] + "]}" in spec.source, spec.source
    assert not re.search(r"表 \d-\d", spec.source), "a typed table number"


@pytest.mark.parametrize("fig_id", IDS)
@pytest.mark.parametrize("year", [2020, 2019])
def test_chart_draws_with_axis_labels_and_no_overlapping_text(fig_id, year, data, fonts):
    fig = draw(fig_id, data, fonts, year)
    try:
        for ax in fig.axes:
            assert ax.get_xlabel() or ax.get_ylabel() or not ax.get_xticks().size
        assert any(ax.get_xlabel() for ax in fig.axes) or any(ax.get_ylabel() for ax in fig.axes)
        boxes = [(t.get_text(), t.get_window_extent()) for t in texts(fig)]
        clashes = [
            (a, b) for (a, ba), (b, bb) in combinations(boxes, 2)
            if ba.overlaps(bb) and
            min(ba.x1, bb.x1) - max(ba.x0, bb.x0) > 1 and min(ba.y1, bb.y1) - max(ba.y0, bb.y0) > 1
        ]
        assert not clashes, clashes
        # nor do two texts side by side run together ("181.2176.2", issue 26, 3):
        # at least 2 pt between texts on one line
        gap = 2 * fig.dpi / 72
        touching = [
            (a, b) for (a, ba), (b, bb) in combinations(boxes, 2)
            if min(ba.y1, bb.y1) - max(ba.y0, bb.y0) > 1
            and max(ba.x0, bb.x0) - min(ba.x1, bb.x1) < gap
            and not (min(ba.x1, bb.x1) - max(ba.x0, bb.x0) > 1)  # overlaps: the test above
        ]
        assert not touching, touching
    finally:
        plt.close(fig)


@pytest.mark.parametrize("fig_id", IDS)
def test_chart_saves_every_glyph_reproducibly(fig_id, data, fonts, tmp_path):
    first = save(draw(fig_id, data, fonts), tmp_path / "a" / fig_id)  # a missing glyph raises
    second = save(draw(fig_id, data, fonts), tmp_path / "b" / fig_id)
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_axis_labels_carry_units(data, fonts):
    units = {"fig_exits_by_year": "（个）", "fig_income_structure": "（%）",
             "fig_infrastructure": "（%）", "fig_assistance": "（%）"}
    for fig_id, unit in units.items():
        fig = draw(fig_id, data, fonts)
        labels = [ax.get_xlabel() + ax.get_ylabel() for ax in fig.axes]
        assert any(unit in label for label in labels), (fig_id, labels)
        plt.close(fig)
    fig = draw("fig_durable_goods", data, fonts)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles[0] == "汽车（台）" and "移动电话（部）" in titles
    plt.close(fig)


def test_region_colours_are_the_shared_ones(data, fonts):
    fig = draw("fig_durable_goods", data, fonts)
    bars = [to_hex(p.get_facecolor()) for p in fig.axes[0].patches]
    assert bars == [REGION_COLORS[r] for r in ["CNPA", "650000", "NJ4"]]
    plt.close(fig)
    fig = draw("fig_exits_by_year", data, fonts)
    colours = {to_hex(p.get_facecolor()) for p in fig.axes[1].patches}
    assert colours == {REGION_COLORS[r] for r in ["652900", "653000", "653100", "653200"]}
    plt.close(fig)


def test_exits_chart_stops_at_the_report_year(data, fonts):
    fig = draw("fig_exits_by_year", data, fonts, 2019)
    ticks = [t.get_text() for t in fig.axes[1].get_xticklabels()]
    assert ticks[-1] == "2019 年" and "2020 年" not in ticks
    # cumulative line ends at 16 (1 + 0 + 3 + 12), the 10 exits of 2020 are not counted
    assert list(fig.axes[0].lines[0].get_ydata())[-1] == 16
    plt.close(fig)


def test_income_chart_draws_no_misprint_as_data(data, fonts):
    """表 3-2 prints 全国均值 工资性收入 2627 元; the total (10371) less the other
    parts (3888 + 137 + 2719) is 3627, the value 国家统计局 published (a second
    source row). The chart draws 3627 (35.0 %), no hatched 差额 segment, and
    its note says what was printed and why the figure differs (issue 26, 3)."""
    fig = draw("fig_income_structure", data, fonts)
    words = " ".join(t.get_text() for t in texts(fig)).replace("\n", "")
    assert "35.0" in words and "9.6" not in words and "差额" not in words
    assert "全国均值工资性收入原表印作 2627 元" in words
    assert "合计减其余各项为 3627 元" in words and "图中按 3627 元" in words
    assert not any(p.get_hatch() for p in fig.axes[0].patches)
    plt.close(fig)


def test_income_source_line_says_where_the_prose_claims_more(data):
    """The text says 南疆四地州's transfer share is “相对较高”; 表 3-2 gives
    2512 / 10762 = 23.3 %, above 新疆全疆 (2461 / 10907 = 22.6 %) but below
    全国均值 (2719 / 10371 = 26.2 %): the source line says so (issue 26, 3)."""
    from nanjiang.figures.chart_income import caption_fields

    spec = CHARTS["fig_income_structure"]
    note = caption_fields(inputs(spec, data), 2020)["prose_note"]
    assert note == ("。注：正文称南疆四地州“在转移支付方面比例相对较高”；图中其转移性收入占 "
                    "23.3%，高于新疆全疆（22.6%），低于全国均值（26.2%）")
    assert "{prose_note}" in spec.source


def test_income_chart_keeps_an_unexplained_difference_as_printed(data, fonts, tmp_path):
    """Without a source whose value makes the parts add up, the difference
    stays a hatched segment labelled as the table's."""
    root = tmp_path / "d"
    import shutil

    shutil.copytree(data, root)
    path = root / "validated" / "income_structure.csv"
    kept = [line for line in path.read_text("utf-8").splitlines()
            if not (line.startswith("2018,CNPA,") and ",wage_income,3627," in line)]
    path.write_text("\n".join(kept) + "\n", "utf-8")
    fig = draw("fig_income_structure", root, fonts)
    words = " ".join(t.get_text() for t in texts(fig)).replace("\n", "")
    assert "9.6" in words and "合计与各项之和的差额（原表如此）" in words
    assert any(p.get_hatch() for p in fig.axes[0].patches)
    plt.close(fig)


def test_assistance_chart_says_multi_response(data, fonts):
    fig = draw("fig_assistance", data, fonts)
    words = " ".join(t.get_text() for t in texts(fig))
    # 73.8 + 69 + 7.1 + 4.8 + 16.7 + 40.5 + 45.2 = 257.1
    assert "多选" in words and "257.1%" in words and "未印样本量" in words
    bars = fig.axes[0].patches
    assert len(bars) == 7 and max(b.get_width() for b in bars) == pytest.approx(73.8)
    plt.close(fig)


def _with_rows(data: Path, tmp_path: Path, table: str, extra: str) -> Path:
    """A copy of ``data`` whose validated ``table`` has ``extra`` rows appended
    (validated-CSV form), its indicators recomputed."""
    import shutil

    root = tmp_path / "derived"
    shutil.copytree(data, root)
    path = root / "validated" / f"{table}.csv"
    path.write_text(path.read_text("utf-8") + extra, "utf-8")
    raw = {name: load_validated(name, root / "validated") for name in
           {t for spec in INDICATORS.values() for t in spec.inputs}}
    for name, spec in INDICATORS.items():
        if table in spec.inputs:
            df = spec.function()({t: raw[t] for t in spec.inputs}, 2020)
            df.to_csv(root / "indicators" / f"{name}.csv", index=False, lineterminator="\n")
    return root


def test_a_second_source_for_one_cell_is_drawn_once_and_said(data, fonts, tmp_path):
    """Two sources for 南疆四地州 and 全国 cars 2018: the chart draws the table's
    source and names the other value in its note (TEST rows)."""
    root = _with_rows(data, tmp_path, "durable_goods",
                      "2018,CNPA,全国均值,cars,21.0,台,nbs_20200203,TEST,1\n"
                      "2018,NJ4,南疆四地州,cars,9.5,台,nbs_20200203,TEST,1\n")
    fig = draw("fig_durable_goods", root, fonts)
    shown = "".join(t.get_text() for t in texts(fig)).replace("\n", "")
    assert "另一来源为 21.0台" in shown and "另一来源为 9.5台" in shown
    assert "−54.8%" in shown  # the gap between the drawn values: (9 − 19.9) / 19.9
    plt.close(fig)


@pytest.mark.parametrize("name", [r"$x^2$", r"$\input{/etc/passwd}$", r"$\frac{1}{0}"])
def test_text_from_data_is_printed_not_read_as_math(data, fonts, tmp_path, name):
    import io

    path = data / "validated" / "durable_goods.csv"
    text = path.read_text("utf-8").replace(",南疆四地州,", f",{name},")
    root = tmp_path / "d"
    (root / "validated").mkdir(parents=True)
    (root / "indicators").mkdir()
    (root / "validated" / "durable_goods.csv").write_text(text, "utf-8")
    (root / "indicators" / "durable_goods_gaps.csv").write_bytes(
        (data / "indicators" / "durable_goods_gaps.csv").read_bytes())
    import nanjiang.figures.chart_common as common

    short = common.SHORT_NAMES.pop("NJ4")  # the chart would print its short name instead
    try:
        fig = draw("fig_durable_goods", root, fonts)
    finally:
        common.SHORT_NAMES["NJ4"] = short
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert name in legend
    fig.savefig(io.BytesIO(), format="svg")  # renders: no TeX parser ran
    assert all(not t._preprocess_math(t.get_text())[1] for t in texts(fig))
    plt.close(fig)


def test_print_width_is_the_text_width_of_both_documents():
    """The figures' text width is the page's: A4 less the margins of the typst
    template and of the DOCX section (nanjiang.documents.docx_layout.SECTION_PAGE)."""
    import re

    from nanjiang.documents.docx_layout import TEXT_WIDTH_TWIPS

    typ = (REPO / "report" / "templates" / "report.typ").read_text("utf-8")
    assert 'paper: "a4"' in typ
    left, right = (float(re.search(rf"{side}: ([0-9.]+)cm", typ).group(1))
                   for side in ("left", "right"))
    assert 210 - 10 * (left + right) == pytest.approx(TEXT_WIDTH_MM)
    assert TEXT_WIDTH_TWIPS / 1440 * 25.4 == pytest.approx(TEXT_WIDTH_MM, abs=0.1)


# Text is saved as glyph outlines (svg.fonttype: path): each text element is a
# group scaled by its font size / 100 and flipped, ``scale(0.075 -0.075)`` for
# 7.5 pt. Reading the saved file measures the glyphs the reader gets, whatever
# drew them; text drawn with a path effect (the maps' haloed county labels) is
# saved as plain outlines without that group, and is measured on its Text
# object (every text of a figure is one: ticks, legends, labels, notes).
_GLYPH_SCALE = re.compile(r"scale\(([0-9.]+) -\1\)")


def printed_sizes(svg: Path) -> list[float]:
    """The printed size (pt) of every text element of a saved figure."""
    scale = print_scale(svg_width_in(svg))
    return [float(s) * 100 * scale for s in _GLYPH_SCALE.findall(svg.read_text("utf-8"))]


@pytest.mark.parametrize("fig_id", sorted(FIGURES))
def test_no_figure_text_prints_under_the_minimum_size(fig_id, data, fonts, tmp_path):
    """Every text of every figure (ticks, labels, legends, value labels, notes)
    as printed: its size in the figure times printed width / drawn width (a
    figure is printed at its own size, scaled down only to the text width).
    Measured twice: on matplotlib's text objects (to name the small ones) and
    on the glyphs of the saved SVG (nothing drawn escapes)."""
    spec = FIGURES[fig_id]
    module, function = spec.draw.split(":")
    fig = getattr(importlib.import_module(module), function)(inputs(spec, data), 2020, fonts)
    sizes = [(t.get_fontsize(), t.get_text()) for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip()]
    svg, _ = save(fig, tmp_path / fig_id)
    scale = print_scale(svg_width_in(svg))
    small = [(round(size * scale, 2), text[:30]) for size, text in sizes
             if size * scale < MIN_PRINTED_PT - 1e-9]
    assert not small, f"{fig_id} printed at {scale:.3f} of its size: {sorted(small)[:5]}"
    glyphs = printed_sizes(svg)
    assert glyphs, f"{fig_id}: no text found in the SVG"
    assert min(glyphs) >= MIN_PRINTED_PT - 1e-9, (fig_id, round(min(glyphs), 2))


@pytest.mark.parametrize("region", yaml.safe_load(
    (REPO / "config.yaml").read_text("utf-8"))["briefs"])
def test_no_brief_map_text_prints_under_the_minimum_size(region, data, fonts, tmp_path):
    """The briefs' maps too (printed at most at the text width, as the report's)."""
    from nanjiang.figures.brief_map import draw as draw_map

    fig = draw_map(region, str(REPO / "data" / "raw" / "regions.csv"),
                   str(data / "validated" / "county_exits.csv"), 2020)
    svg, _ = save(fig, tmp_path / region)
    glyphs = printed_sizes(svg)
    assert glyphs and min(glyphs) >= MIN_PRINTED_PT - 1e-9, (region, round(min(glyphs), 2))


def _text_sizes_ok(fig, name, tmp_path):
    """(Text objects, SVG glyphs) under the minimum as printed: both empty when fine."""
    sizes = [(t.get_fontsize(), t.get_text()) for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip()]
    svg, _ = save(fig, tmp_path / name)
    scale = print_scale(svg_width_in(svg))
    small = [(round(z * scale, 2), text[:20]) for z, text in sizes
             if z * scale < MIN_PRINTED_PT - 1e-9]
    return small, [g for g in printed_sizes(svg) if g < MIN_PRINTED_PT - 1e-9]


def test_no_monitoring_figure_text_prints_under_the_minimum_size(fonts, tmp_path):
    """The 监测预警简报's map and bars (SYNTHETIC households, screened and
    summarised as the monitoring target does): its county labels were 5.5 pt."""
    from nanjiang.figures.monitoring_figures import risk_chart, share_map
    from nanjiang.monitoring.summary import summarise, suppress
    from nanjiang.monitoring.synthetic import generate
    from test_monitoring_engine import COUNTIES, LINE
    from test_monitoring_summary import screened_counts

    summary = suppress(summarise(screened_counts(generate(COUNTIES, 4_000, 2023, LINE, seed=9),
                                                 tmp_path, "all")))
    regions = str(REPO / "data" / "raw" / "regions.csv")
    for name, fig in (("map", share_map(summary, regions, "SYNTHETIC")),
                      ("risks", risk_chart(summary, "SYNTHETIC"))):
        assert _text_sizes_ok(fig, name, tmp_path) == ([], []), name


def test_the_minimum_printed_size_is_7_pt():
    """The house rule: no text in a figure under 7 pt as printed."""
    assert MIN_PRINTED_PT == 7.0


def test_printed_sizes_reads_every_text_group(fonts, tmp_path):
    """A 5.5 pt note under a chart is found in the saved SVG."""
    fig, ax = plt.subplots(figsize=(4, 2))
    ax.plot([0, 1], [0, 1])
    fig.text(0.01, 0.01, "注：5.5 pt", fontsize=5.5)
    svg, _ = save(fig, tmp_path / "note")
    sizes = printed_sizes(svg)
    assert min(sizes) == pytest.approx(5.5)
