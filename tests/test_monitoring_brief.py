"""The 监测预警简报's text and tables from the summary as shared: no hidden count printed,
风险消除 explained (and the households whose period could not be checked counted), the
thresholds said to be local settings or cited, the information system's main risk types in
their own table."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pandas as pd

from nanjiang.monitoring.brief import context
from nanjiang.monitoring.summary import summarise, suppress
from nanjiang.monitoring.synthetic import generate
from nanjiang.text.map_notice import map_notice
from nanjiang.text.mdtext import escape
from nanjiang.text.templating import brief_template
from test_monitoring_engine import COUNTIES, LINE
from test_monitoring_rules import BASE
from test_monitoring_summary import screened_counts

REPO = Path(__file__).resolve().parents[1]
REGIONS = REPO / "data" / "raw" / "regions.csv"
TEMPLATE = REPO / "report" / "briefs" / "monitoring.md.j2"


def shared(table: pd.DataFrame, tmp_path: Path, name: str) -> pd.DataFrame:
    """The summary CSV as the job writes it and the brief's job reads it."""
    out = suppress(summarise(screened_counts(table, tmp_path, name)))
    out.insert(0, "data", "SYNTHETIC")
    return pd.read_csv(io.StringIO(out.to_csv(index=False)), dtype={"region_code": str})


def render(summary: pd.DataFrame, settings: dict | None = None) -> tuple[str, dict]:
    ctx = context(summary, str(REGIONS), True, settings)
    return brief_template(TEMPLATE).render(map="map", risks="risks",
                                           map_notice=escape(map_notice(None)), **ctx), ctx


def tables(markdown: str) -> list[list[list[str]]]:
    """The pipe tables of a Markdown text, as rows of cells (header and rule left out)."""
    out, rows = [], []
    for line in [*markdown.splitlines(), ""]:
        if line.startswith("|"):
            rows.append([c.strip().replace("\u2060", "") for c in line.strip("|").split("|")])
        elif rows:
            out.append(rows[2:])
            rows = []
    return out


def test_the_brief_prints_no_count_under_five_and_explains_clearance(tmp_path):
    """An older export (no date monitoring began): no household is marked 风险消除 and the
    brief says how many could not have their period checked; no count under 5 anywhere."""
    table = generate(COUNTIES, 6_000, 2023, LINE, seed=41)
    table["monitoring_start"] = None
    text, ctx = render(shared(table, tmp_path, "old"))
    assert "风险消除 0 户" not in text  # 0 is a count under 5: hidden, never printed
    undated = re.search(r"其中 (\d+) 户的农户表没有纳入监测日期，监测时长无法核对", text)
    assert undated and int(undated.group(1)) >= 5
    assert "自纳入监测到年末满 6 个月" in text and "等于不算高于" in text
    # every count printed in the text is 5 or more
    for n in re.findall(r"(?<![\d.])(\d+) 户", text):
        assert int(n) >= 5, n
    # and in the tables (表 1 and 表 4 but their share column; 表 2, 表 3)
    overview, risks, measures, counties = tables(text)
    for rows, skip in ((overview, {4}), (risks, set()), (measures, set()), (counties, {4})):
        cells = [c for row in rows for i, c in enumerate(row[1:], start=1) if i not in skip]
        assert all(c == "\\*" or int(c) >= 5 for c in cells), cells
        assert any(c == "\\*" for c in cells) or rows is overview
    assert "\\* 少于 5 户，或为防止由合计推算" in text
    # the thresholds are local settings, said so
    assert "三个阈值是本地设置，公开文件没有规定" in ctx["settings"].replace("\\", "")


def test_a_local_notice_is_cited_for_the_thresholds(tmp_path):
    table = generate(COUNTIES, 2_000, 2023, LINE, seed=42)
    settings = {"income_drop_share": 0.25, "expenditure_spike_share": 0.5,
                "policy_dependence_share": 0.5, "clearance_min_months": 6,
                "settings_source": "某县乡村振兴局《关于防返贫监测有关标准的通知》"}
    text, _ = render(shared(table, tmp_path, "cited"), settings)
    text = text.replace("\\", "")  # as printed: Markdown's escapes dropped
    assert "下降 25% 及以上" in text
    assert "按某县乡村振兴局《关于防返贫监测有关标准的通知》设定" in text
    assert "本地设置" not in text


def test_a_county_of_two_households_prints_no_count(tmp_path):
    """塔什库尔干 printed 筛查 2 户 … 纳入监测 2 户（占 100%）."""
    monitored = {"household_type": "脱贫户", "housing_secure": 0}
    rows = [{**BASE, "household_id": f"T{i}", "county_code": "653131", **monitored}
            for i in range(2)]
    rows += [{**BASE, "household_id": f"Y{i}", **(monitored if i < 6 else {})}
             for i in range(40)]
    _, ctx = render(shared(pd.DataFrame(rows), tmp_path, "tax"))
    [tax] = [c for p in ctx["sections"] for c in p["counties"]
             if c["name"].startswith("塔什库尔干")]
    assert "2 户" not in tax["text"] and "100" not in tax["text"]
    assert tax["text"].startswith("本期筛查户数不列示")


def test_main_risk_types_are_tabled_when_recorded_and_said_missing_when_not(tmp_path):
    table = generate(COUNTIES, 3_000, 2023, LINE, seed=43)
    text, ctx = render(shared(table, tmp_path, "risks"))
    assert ctx["main_risks_recorded"] and "表 2 监测户的主要风险类型" in text
    assert "表 3 已落实的帮扶措施" in text and "表 4 各县（市）筛查与监测情况" in text
    assert "第四章的分析口径" in text
    table["main_risk"] = None
    text, ctx = render(shared(table, tmp_path, "norisks"))
    assert not ctx["main_risks_recorded"]
    assert "没有填写主要风险类型" in text and "表 2 已落实的帮扶措施" in text
    assert "表 3 各县（市）筛查与监测情况" in text
    assert "表 2 监测户的主要风险类型" not in text


# -- the brief a county office circulates: worked by hand from county counts -------------

def county(code: str, year: int, categories: list[int], main: dict[str, int],
           measures: dict[str, int], risks: dict[str, int] | None = None) -> list[tuple]:
    """The screened counts of one county (what ``county_counts`` reads from the screened
    table): ``categories`` in the order of rules.CATEGORIES, three persons a household;
    every 风险未消除 household short of the period."""
    from nanjiang.monitoring.rules import CATEGORIES

    rows = [(year, code, "category", c, n, 3 * n) for c, n in zip(CATEGORIES, categories,
                                                                   strict=True)]
    rows.append((year, code, "not_cleared", "监测时长不足", categories[3], 3 * categories[3]))
    for kind, items in (("main_risk", main), ("measure", measures), ("risk", risks or {})):
        rows += [(year, code, kind, item, n, 3 * n) for item, n in items.items()]
    return rows


def hand_summary(rows: list[tuple]) -> pd.DataFrame:
    counts = pd.DataFrame(rows, columns=["year", "county_code", "kind", "item", "households",
                                         "people"])
    out = suppress(summarise(counts))
    out.insert(0, "data", "SYNTHETIC")
    return pd.read_csv(io.StringIO(out.to_csv(index=False)), dtype={"region_code": str})


# 克州: 阿合奇县 56 of 349 monitored (16.0458…%), 阿图什市 60 of 400 (15.0 %), 阿克陶县 50 of
# 200 (25.0 %): 166 of 949 (17.4921…%). 喀什地区: 叶城县 181 of 844 (21.4454…%), 英吉沙县 30 of
# 100 (30.0 %): 211 of 944 (22.3517…%). The four: 377 of 1893 (19.9155…%).
# Categories: 脱贫不稳定户, 边缘易致贫户, 突发严重困难户, 风险未消除, 风险消除, 未纳入监测.
HAND_2023 = [
    *county("653023", 2023, [30, 11, 8, 7, 10, 283], {"因病": 30, "因残": 20, "其他": 6},
            {"产业帮扶": 20, "就业帮扶": 12, "未记录": 40}, {"能力缺失型": 20}),
    *county("653001", 2023, [30, 15, 8, 7, 10, 330], {"因病": 30, "因残": 24, "其他": 6},
            {"产业帮扶": 6, "未记录": 60}, {"能力缺失型": 20}),
    *county("653022", 2023, [20, 15, 10, 5, 5, 145], {"因病": 25, "因残": 19, "其他": 6},
            {"产业帮扶": 7, "未记录": 50}, {"能力缺失型": 20}),
    *county("653126", 2023, [100, 50, 20, 11, 13, 650], {"因病": 80, "因残": 95, "其他": 6},
            {"产业帮扶": 30, "就业帮扶": 25, "未记录": 150}, {"能力缺失型": 20}),
    *county("653123", 2023, [10, 10, 5, 5, 5, 65], {"因病": 12, "因残": 12, "其他": 6},
            {"产业帮扶": 8, "未记录": 30}, {"能力缺失型": 20}),
]


def cells(markdown: str, number: int) -> dict[str, list[str]]:
    """表 ``number``'s rows by their first cell (bold marks and escapes dropped)."""
    found = re.search(rf"((?:^\|.*\n)+)\n: 表 {number} ", markdown, re.M)
    rows = tables(found.group(1))[0]
    return {r[0].replace("**", "").replace("\\", ""): [c.replace("\\.", ".") for c in r[1:]]
            for r in rows}


def test_shares_are_rounded_once_from_the_exact_counts():
    """阿合奇县 56/349 = 16.0458…% printed 16.1 and 叶城县 181/844 = 21.4454…% printed 21.5
    (the share rounded to 0.01, then to 0.1); rounded once, half up (四舍五入, as the report's
    numbers): 16.0 and 21.4; a tie, 1/16 = 6.25 %, prints 6.3."""
    from nanjiang.monitoring.brief import share_text

    assert share_text(56, 349) == "16.0" and share_text(181, 844) == "21.4"
    assert share_text(1, 16) == "6.3" and share_text(1, 8) == "12.5"
    assert share_text(0, 20) == "0.0" and share_text(None, 20) == "\\*"
    text, _ = render(hand_summary(HAND_2023))
    counties = cells(text, 4)
    assert counties["阿合奇县"][:4] == ["349", "1047", "56", "16.0"]
    assert counties["叶城县"][:4] == ["844", "2532", "181", "21.4"]
    plain = text.replace("\\", "")
    assert "纳入监测 56 户（占 16.0%）" in plain and "纳入监测 181 户（占 21.4%）" in plain
    assert "16.1" not in plain and "21.5" not in plain


def test_totals_rows_and_counties_grouped_by_prefecture():
    text, _ = render(hand_summary(HAND_2023))
    overview = cells(text, 1)
    assert overview["克孜勒苏柯尔克孜自治州"] == ["949", "2847", "166", "17.5", "80", "41", "26",
                                                  "19", "25"]
    assert overview["喀什地区"] == ["944", "2832", "211", "22.4", "110", "60", "25", "16", "18"]
    assert overview["合计"] == ["1893", "5679", "377", "19.9", "190", "101", "51", "35", "43"]
    # 表 4: each prefecture's row (its 合计) above its counties, in regions.csv order; the
    # four prefectures' 合计 last
    found = re.search(r"((?:^\|.*\n)+)\n: 表 4 ", text, re.M)
    order = [r[0] for r in tables(found.group(1))[0]]
    kz = order.index("**克孜勒苏柯尔克孜自治州**")
    ks = order.index("**喀什地区**")
    assert order[kz + 1:kz + 5] == ["阿图什市", "阿克陶县", "阿合奇县", "乌恰县"]
    assert order.index("英吉沙县") > ks and order.index("叶城县") > ks
    assert order[-1] == "**合计**" and cells(text, 4)["合计"] == overview["合计"]
    # the county sections under their prefecture's heading
    assert re.search(r"### 克孜勒苏柯尔克孜自治州\n(?:(?!###).*\n)*\*\*阿合奇县\*\*", text)
    # the main risk types and the measures with their 合计 (表 2, 表 3)
    assert cells(text, 2)["合计"] == ["0", "166", "211", "0", "377"]
    assert cells(text, 2)["因病"] == ["0", "85", "92", "0", "177"]
    measures = cells(text, 3)
    assert measures["产业帮扶"] == ["0", "33", "38", "0", "71"]
    assert measures["就业帮扶"] == ["0", "12", "25", "0", "37"]
    assert "每项分别计数" in text


def test_warnings_name_counties_above_their_prefecture_and_risk_types_rising():
    # 2022: the same counties, 叶城县 with 因病 60 and 因残 115 (2023: 80 and 95)
    previous = [(2022, *r[1:]) for r in HAND_2023]
    previous = [(*r[:4], {"因病": 60, "因残": 115}.get(r[3], r[4]) if r[1] == "653126"
                 and r[2] == "main_risk" else r[4], 0) for r in previous]
    previous = [(*r[:5], 3 * r[4]) for r in previous]
    text, ctx = render(hand_summary(previous + HAND_2023))
    plain = text.replace("\\", "")
    # 克州 17.5 %: 阿克陶县 25.0 % above it; 阿合奇县 16.0 % and 阿图什市 15.0 % not
    assert "- 克孜勒苏柯尔克孜自治州（17.5%）：阿克陶县（25.0%）。" in plain
    assert "- 喀什地区（22.4%）：英吉沙县（30.0%）。" in plain
    assert "- 阿克苏地区：本期没有农户记录。" in plain
    # 因病 rose by 20 in 叶城县: in 喀什地区 (72 → 92) and the four (157 → 177)
    assert "- 喀什地区：因病 92 户（上年 72 户，增加 20 户）。" in plain
    assert "- 南疆四地州：因病 177 户（上年 157 户，增加 20 户）。" in plain
    assert "- 克孜勒苏柯尔克孜自治州：没有比上年增加的风险类型。" in plain
    assert "监测户数与上年持平" in plain and "没有上年数据" not in plain


def test_a_sentence_true_of_every_county_is_said_once_and_no_file_is_named():
    text, ctx = render(hand_summary(HAND_2023))
    plain = text.replace("\\", "")
    assert plain.count("没有上年数据") == 1
    assert "本期只有 2023 年的数据，没有上年数据：各地州、各县均不计与上年相比的变化" in plain
    assert not any("上年" in c["text"] for p in ctx["sections"] for c in p["counties"])
    assert plain.count("第四章分析口径") + plain.count("第四章的分析口径") <= 2
    # no source file, code or setting name in what the reader reads
    assert not re.search(r"\w\.(csv|py|yaml|yml|parquet|xlsx|json|smk|typ|j2)\b", plain)
    assert not re.search(r"[a-z]+_[a-z_]+", plain), re.findall(r"[a-z]+_[a-z_]+", plain)


def printed_relations(text: str) -> list[tuple[str, list[str]]]:
    """The sums a reader can form from the brief's tables, cell by cell: each column of
    表 1, 表 2 and 表 3 adds up to its 合计 row or column, a prefecture's row of 表 4 is the
    sum of its counties and the 合计 the sum of the prefectures, and in 表 1 and 表 4 the
    monitored count is the sum of the four monitored categories."""
    out = []
    for number in (1, 4):
        found = re.search(rf"((?:^\|.*\n)+)\n: 表 {number} ", text, re.M)
        rows = tables(found.group(1))[0]
        groups: list[tuple[list[str], list[list[str]]]] = []
        prefectures = []
        for row in rows:
            if row[0] == "**合计**":
                total = row
            elif row[0].startswith("**") or number == 1:
                prefectures.append(row)
                groups.append((row, []))
            else:
                groups[-1][1].append(row)
        for col in (1, 2, 3, 5, 6, 7, 8, 9):
            out.append((total[col], [r[col] for r in prefectures]))
            if number == 4:
                out += [(p[col], [c[col] for c in cs]) for p, cs in groups]
        out += [(r[3], r[5:9]) for r in rows]
    for number in (2, 3):
        found = re.search(rf"((?:^\|.*\n)+)\n: 表 {number} ", text, re.M)
        rows = tables(found.group(1))[0]
        out += [(r[-1], r[1:-1]) for r in rows]
        if number == 2:
            *parts, total = rows
            out += [(total[col], [r[col] for r in parts]) for col in range(1, len(total))]
    return out


def test_no_hidden_cell_can_be_worked_out_from_the_totals_printed():
    """A county of 3 households, one of 2 monitored: every 合计 row and column of the
    brief's tables, with the cells shown beside it, leaves each hidden cell unknown (no sum
    with one hidden cell, none whose shown parts already make its total)."""
    rows = [*HAND_2023,
            *county("653024", 2023, [2, 0, 0, 0, 0, 1], {"因病": 2}, {"未记录": 2}),
            *county("653124", 2023, [6, 5, 5, 5, 5, 60], {"因病": 9, "因残": 6, "其他": 6},
                    {"产业帮扶": 3, "未记录": 20})]
    text, _ = render(hand_summary(rows))
    hidden = "\\*"
    checked = 0
    for total, parts in printed_relations(text):
        unknown = [c for c in (total, *parts) if c == hidden]
        if not unknown:
            assert int(total) == sum(int(p) for p in parts)
            continue
        checked += 1
        assert len(unknown) >= 2, (total, parts)
        if total != hidden:
            assert sum(int(p) for p in parts if p != hidden) < int(total), (total, parts)
    assert checked >= 10
    # 乌恰县's row: every count hidden
    assert cells(text, 4)["乌恰县"] == [hidden] * 9
