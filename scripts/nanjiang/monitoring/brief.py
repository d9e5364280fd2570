"""The 监测预警简报: its tables and per-county text, from the monitoring summary.

Rendered by ``report/briefs/monitoring.md.j2`` and built into PDF and DOCX by the prefecture
briefs' own builder (``scripts/build_brief.py``). Counties and prefectures come from
``regions.csv``; every number is a count or share of the summary as shared
(``summary.suppress``): a count hidden there (under 5 households, or beside one so the totals
do not give it) prints as ``*``, and the text names it without a number. Built from SYNTHETIC
data, the title, every page's header and the file names say SYNTHETIC.

It also says how 风险消除 was decided (and how many households monitored last year lacked
the date monitoring began, whose period could not be checked), and which thresholds are
local settings, citing the local notice when one is given (``monitoring.settings_source``).

What a county office circulates: every share is rounded once, from the exact counts
(``share_text``: 四舍五入 of the exact fraction, as the report's own numbers, never a
rounded share rounded again); each table has its 合计 (a prefecture's row over its
counties, the four prefectures' over them), read from the summary's own prefecture and
all-four rows, which the complementary suppression protects with the counties (so no 合计
gives a hidden cell); counties are grouped by prefecture; the 预警提示 name the counties
above their prefecture's share and the risk types rising on the previous year; the
assistance measures recorded are counted. A sentence true of every county (no previous
year) is said once.
"""

from __future__ import annotations

import math
from fractions import Fraction

import pandas as pd

from nanjiang.common.numbers import fixed, trimmed
from nanjiang.data.region_names import names_in
from nanjiang.monitoring.regions import prefecture_counties
from nanjiang.monitoring.rules import MONITORED, RISK_TYPES
from nanjiang.monitoring.summary import ALL_REGION, MAIN_RISKS, THRESHOLD, UNRECORDED
from nanjiang.text.mdtext import Markup, escape, pipe_table

SYNTHETIC_LABEL = "SYNTHETIC 合成数据 · 非真实农户"
HIDDEN = "\\*"  # a hidden count, as Markdown
TOTAL = "合计"
HIDDEN_NOTE = (f"注：\\* 少于 {THRESHOLD} 户，或为防止由合计推算出少于 {THRESHOLD} 户的数而不列示"
               "（各表同）。")
ROUNDING_NOTE = ("监测户占比 = 监测户数 ÷ 筛查户数 × 100%，由户数直接计算，四舍五入保留一位小数"
                 "（只舍入一次）。")
# (a run of more than six CJK characters may break anywhere: 突发严重困难户 breaks after 严重)
HEADER = ["地区", "筛查户数", "筛查人数", "监测户数", "监测户占比（%）",
          *[m.replace("严重", "严重 ") for m in MONITORED], "风险消除"]
ALIGN = ["l"] + ["r"] * (len(HEADER) - 1)
MAIN_RISK_ITEMS = [*MAIN_RISKS, UNRECORDED]


def share_text(part: int | None, whole: int | None, decimals: int = 1) -> str:
    """100 × part / whole, rounded once from the exact fraction, half up (四舍五入, as
    ``numbers.fixed`` rounds the report's numbers): 56/349 = 16.0458…% prints 16.0 and
    181/844 = 21.4454…% prints 21.4, where rounding a share already rounded to 0.01 gave
    16.1 and 21.5; 1/16 = 6.25% prints 6.3. ``HIDDEN`` where either count is hidden."""
    if part is None or whole is None:
        return HIDDEN
    if whole == 0:
        return fixed(0.0, decimals)
    units = math.floor(Fraction(100 * part, whole) * 10**decimals + Fraction(1, 2))
    digits = str(units).rjust(decimals + 1, "0")
    return f"{digits[:-decimals]}.{digits[-decimals:]}" if decimals else digits


def _count(s: pd.DataFrame, code: str, kind: str, item: str,
           column: str = "households") -> int | None:
    """The count shown, 0 where the region has no such row, None where it is hidden."""
    row = s[(s["region_code"] == code) & (s["kind"] == kind) & (s["item"] == item)]
    if not len(row):
        return 0
    value = row[column].iloc[0]
    return None if pd.isna(value) else int(value)


def _shown(n: int | None) -> str:
    return HIDDEN if n is None else str(n)


def _fraction(s: pd.DataFrame, code: str) -> Fraction | None:
    """The exact share of monitored households (None: hidden, or nobody screened)."""
    monitored = _count(s, code, "monitored", "监测对象")
    screened = _count(s, code, "screened", "全部")
    if monitored is None or not screened:
        return None
    return Fraction(monitored, screened)


def _share(s: pd.DataFrame, code: str) -> str:
    return share_text(_count(s, code, "monitored", "监测对象"),
                      _count(s, code, "screened", "全部"))


def _row(s: pd.DataFrame, code: str, name: str, bold: bool = False) -> list[str]:
    label = Markup(f"**{escape(name)}**") if bold else escape(name)
    return [label, _shown(_count(s, code, "screened", "全部")),
            _shown(_count(s, code, "screened", "全部", "people")),
            _shown(_count(s, code, "monitored", "监测对象")), _share(s, code),
            *[_shown(_count(s, code, "category", c)) for c in [*MONITORED, "风险消除"]]]


def _change(s: pd.DataFrame, code: str) -> str:
    """The change on the previous year ('' where there is none to print: the brief says
    once which counties have no previous year)."""
    row = s[(s["region_code"] == code) & (s["kind"] == "monitored")]
    if not len(row) or row["suppressed"].iloc[0]:
        return ""
    change = row["change_households"].iloc[0]
    if pd.isna(change):
        return ""
    change = int(change)
    if change == 0:
        return "监测户数与上年持平。"
    return f"监测户数比上年{'增加' if change > 0 else '减少'} {abs(change)} 户。"


def _counted(s: pd.DataFrame, code: str, kind: str, items: list[str],
             label: dict[str, str] | None = None) -> str:
    """``items`` with their counts ("A 3 户、B 7 户"), those hidden named after them."""
    label = label or {}
    shown, hidden = [], []
    for item in items:
        n = _count(s, code, kind, item)
        (hidden if n is None else shown).append(
            label.get(item, item) if n is None else f"{label.get(item, item)} {n} 户")
    text = "、".join(shown)
    if hidden:
        text += ("；" if text else "") + "、".join(hidden) + "户数不列示"
    return text


def county_text(counties: pd.DataFrame, code: str) -> str:
    """One county's paragraph (its name printed before it)."""
    screened = _count(counties, code, "screened", "全部")
    if screened == 0:
        return "本期没有该县的农户记录。"
    if screened is None:
        return (f"本期筛查户数不列示（少于 {THRESHOLD} 户，或为防止推算），各项户数均不列示。")
    people = _shown(_count(counties, code, "screened", "全部", "people"))
    monitored = _count(counties, code, "monitored", "监测对象")
    share = _share(counties, code)
    if monitored is None:
        head = f"筛查 {screened} 户 {people} 人，纳入监测的户数不列示"
    else:
        head = f"筛查 {screened} 户 {people} 人，纳入监测 {monitored} 户（占 {share}%）"
    text = (f"{head}，其中{_counted(counties, code, 'category', MONITORED)}；"
            f"{_counted(counties, code, 'category', ['风险消除'])}。"
            + _change(counties, code))
    risks = [(n, r) for r in RISK_TYPES
             if (n := _count(counties, code, "risk", r)) is not None and n]
    risks.sort(key=lambda t: (-t[0], RISK_TYPES.index(t[1])))
    if risks:
        top = "、".join(f"{r}（{n} 户）" for n, r in risks[:2])
        text += f"最常见的风险类型：{top}。"
    return text.replace(HIDDEN, "*")


def clearance_text(s: pd.DataFrame, months: int) -> str:
    """How 风险消除 was decided, and the households monitored last year it could not check."""
    kept = _count(s, ALL_REGION, "category", "风险未消除")
    cleared = _count(s, ALL_REGION, "category", "风险消除")
    undated = _count(s, ALL_REGION, "not_cleared", "无监测开始日期")
    text = ("上年为监测对象、本年不再符合纳入条件的农户，只有同时满足以下条件才记为风险消除："
            "人均纯收入高于监测范围（等于不算高于），扣除刚性支出（医疗、教育、灾害及意外损失）"
            "后的人均收入也高于监测范围，家庭有劳动能力（无劳动能力的暂不标注，继续监测），"
            f"自纳入监测到年末满 {months} 个月，且至少落实一项帮扶措施；"
            "不满足任何一条的记为风险未消除，仍是监测对象。"
            f"本期风险消除 {_shown(cleared)} 户，风险未消除 {_shown(kept)} 户。")
    if undated is None:
        text += (f"没有纳入监测日期的上年监测户少于 {THRESHOLD} 户或不列示：这些户的监测时长"
                 "无法核对，未标注风险消除。")
    elif undated:
        text += (f"其中 {undated} 户的农户表没有纳入监测日期，监测时长无法核对，未标注风险消除"
                 "（补齐日期后重新筛查）。")
    return text.replace(HIDDEN, "*")


def settings_text(settings: dict) -> str:
    """The thresholds the screening used, said to be local settings (or cited)."""
    pct = {k: trimmed(100 * float(settings[k]), 1) for k in
           ("income_drop_share", "expenditure_spike_share", "policy_dependence_share")}
    values = (f"收入大幅缩减（人均纯收入比上年下降 {pct['income_drop_share']}% 及以上）、"
              f"支出骤增（刚性支出达家庭纯收入的 {pct['expenditure_spike_share']}% 及以上）、"
              f"政策型风险（转移净收入达人均纯收入的 {pct['policy_dependence_share']}% 及以上）"
              "三个阈值")
    months = int(settings["clearance_min_months"])
    source = settings.get("settings_source")
    if source:
        return (f"{values}和风险消除前至少监测 {months} 个月，按{source}设定。")
    return (f"{values}是本地设置，公开文件没有规定，也尚无本地通知可引；"
            f"风险消除前至少监测 {months} 个月，取自县级乡村振兴部门执行中农组发〔2021〕7号的"
            "通知（“原则上，识别认定监测对象时间至少半年以上”，非新疆文件）。"
            "有本地通知的，应按通知设定并引用。")




def _above_prefecture(s: pd.DataFrame, groups: dict[str, list[str]],
                      names: dict[str, str]) -> list[str]:
    """Per prefecture: its counties whose share of monitored households is above the
    prefecture's (exact fractions compared; hidden shares are not compared)."""
    lines = []
    for p, codes in groups.items():
        base = _fraction(s, p)
        if _count(s, p, "screened", "全部") == 0:
            lines.append(f"{names[p]}：本期没有农户记录。")
            continue
        if base is None:
            lines.append(f"{names[p]}的监测户占比不列示，不作比较。")
            continue
        above = [(c, f) for c in codes if (f := _fraction(s, c)) is not None and f > base]
        if above:
            listed = "、".join(f"{names[c]}（{_share(s, c)}%）" for c, _ in above)
            lines.append(f"{names[p]}（{_share(s, p)}%）：{listed}。")
        else:
            lines.append(f"{names[p]}（{_share(s, p)}%）：没有高于本地州占比的县（市）。")
    return lines


def _rising(s: pd.DataFrame, previous: pd.DataFrame, code: str) -> list[str]:
    """The risk types (the information system's main risk types, then chapter 4's) whose
    monitored households rose on the previous year, both years' counts shown."""
    out = []
    for kind, items in (("main_risk", MAIN_RISKS), ("risk", RISK_TYPES)):
        for item in items:
            now, before = _count(s, code, kind, item), _count(previous, code, kind, item)
            row = s[(s["region_code"] == code) & (s["kind"] == kind) & (s["item"] == item)]
            change = row["change_households"].iloc[0] if len(row) else None
            if now is None or before is None or change is None or pd.isna(change):
                continue
            if int(change) > 0:
                out.append(f"{item} {now} 户（上年 {before} 户，增加 {int(change)} 户）")
    return out


def warnings(s: pd.DataFrame, previous: pd.DataFrame, groups: dict[str, list[str]],
             names: dict[str, str], year: int) -> dict:
    """The 预警提示: counties above their prefecture's share; risk types rising."""
    rising = []
    if len(previous):
        for code in [ALL_REGION, *groups]:
            level = s[s["region_code"] == code]
            found = _rising(level, previous[previous["region_code"] == code], code)
            name = names.get(code, "四地州合计")
            rising.append(f"{name}：{'、'.join(found)}。" if found
                          else f"{name}：没有比上年增加的风险类型。")
    return {"above": [escape(t.replace(HIDDEN, "*")) for t in _above_prefecture(
                s[s["level"] != "all"], groups, names)],
            "rising": [escape(t) for t in rising],
            "previous_year": year - 1 if len(previous) else None}


def measures(s: pd.DataFrame, prefectures: pd.DataFrame, whole: pd.DataFrame,
             groups: dict[str, list[str]], names: dict[str, str]) -> tuple[str, bool]:
    """The assistance measures recorded (a household once under each measure it has), per
    prefecture and for the four together; whether any measure is recorded at all."""
    items = list(dict.fromkeys(s.loc[s["kind"] == "measure", "item"]))
    named = [m for m in items if m != UNRECORDED]
    rows = [[escape(m), *[_shown(_count(prefectures, p, "measure", m)) for p in groups],
             _shown(_count(whole, ALL_REGION, "measure", m))] for m in [*named, UNRECORDED]]
    header = ["帮扶措施", *[names[p] for p in groups], TOTAL]
    recorded = any(_count(whole, ALL_REGION, "measure", m) for m in named)
    return pipe_table(header, rows, ["l"] + ["r"] * (len(groups) + 1)), recorded


def context(summary: pd.DataFrame, regions_csv: str, synthetic: bool,
            settings: dict | None = None) -> dict:
    """What the template prints: title, overview tables, one section per county."""
    from nanjiang.monitoring.rules import DEFAULTS

    settings = {**DEFAULTS, "settings_source": None, **(settings or {})}
    year = int(summary["year"].max())
    s = summary[summary["year"] == year]
    previous = summary[summary["year"] == year - 1]
    names = names_in(year, regions_csv)  # the regions' names in the monitoring year
    groups = prefecture_counties(regions_csv)
    prefectures = s[s["level"] == "prefecture"]
    counties = s[s["level"] == "county"]
    whole = s[s["level"] == "all"]
    # 表 1: the prefectures, then their 合计 (the four together)
    prefecture_rows = [_row(prefectures, p, names[p]) for p in groups]
    prefecture_rows.append(_row(whole, ALL_REGION, TOTAL, bold=True))
    # the counties table: each prefecture's row (its 合计) above its counties, the four last
    county_rows, sections = [], []
    unchanged = []  # counties without a change to print (no previous year, or hidden)
    for p, codes in groups.items():
        county_rows.append(_row(prefectures, p, names[p], bold=True))
        group = []
        for c in codes:
            county_rows.append(_row(counties, c, names[c]))
            group.append({"name": escape(names[c]), "text": escape(county_text(counties, c))})
            if _count(counties, c, "screened", "全部") and not _change(counties, c):
                unchanged.append(names[c])
        sections.append({"name": escape(names[p]), "counties": group})
    county_rows.append(_row(whole, ALL_REGION, TOTAL, bold=True))
    if not len(previous):
        change_note = (f"本期只有 {year} 年的数据，没有上年数据：各地州、各县均不计与上年相比的"
                       "变化，也不判断风险类型是否比上年增加。")
    elif unchanged:
        change_note = (f"{'、'.join(unchanged)}没有可比的上年监测户数（上年无记录或户数不列示），"
                       "不计变化。")
    else:
        change_note = ""
    # one row per main risk type, a column per prefecture and the four together; 合计 last
    risk_header = ["主要风险类型", *[names[p] for p in groups], TOTAL]
    risk_rows = [[escape(m), *[_shown(_count(prefectures, p, "main_risk", m)) for p in groups],
                  _shown(_count(whole, ALL_REGION, "main_risk", m))] for m in MAIN_RISK_ITEMS]
    risk_rows.append([Markup(f"**{TOTAL}**"),
                      *[_shown(_count(prefectures, p, "monitored", "监测对象")) for p in groups],
                      _shown(_count(whole, ALL_REGION, "monitored", "监测对象"))])
    monitored = _count(whole, ALL_REGION, "monitored", "监测对象")
    # a table only when some main risk type is shown for the four prefectures together
    recorded = any(_count(whole, ALL_REGION, "main_risk", m) for m in MAIN_RISKS)
    measure_table, measures_recorded = measures(s, prefectures, whole, groups, names)
    numbers = iter(range(2, 10))
    tables = {"main_risks": next(numbers) if recorded else None,
              "measures": next(numbers) if measures_recorded else None,
              "counties": next(numbers)}
    shares = [f for c in [x for cs in groups.values() for x in cs]
              if (f := _fraction(counties, c)) is not None]
    label = SYNTHETIC_LABEL if synthetic else ""
    return {
        "title": f"{'SYNTHETIC ' if synthetic else ''}南疆四地州防返贫监测预警简报（{year} 年）",
        "year": year,
        "synthetic": synthetic,
        "label": label,
        "prefectures": pipe_table(HEADER, prefecture_rows, ALIGN),
        "counties": pipe_table(HEADER, county_rows, ALIGN),
        "main_risks": pipe_table(risk_header, risk_rows, ["l"] + ["r"] * (len(groups) + 1)),
        "main_risks_recorded": recorded,
        "measures": measure_table,
        "measures_recorded": measures_recorded,
        "tables": tables,
        "hidden_note": HIDDEN_NOTE,
        "rounding_note": ROUNDING_NOTE,
        "threshold": THRESHOLD,
        "clearance": escape(clearance_text(whole, int(settings["clearance_min_months"]))),
        "settings": escape(settings_text(settings)),
        "sections": sections,
        "change_note": escape(change_note),
        "warnings": warnings(s, previous, groups, names, year),
        "share_range": ([share_text(min(shares).numerator, min(shares).denominator),
                         share_text(max(shares).numerator, max(shares).denominator)]
                        if shares else None),
        "total": _shown(_count(whole, ALL_REGION, "screened", "全部")),
        "monitored": _shown(monitored),
    }
