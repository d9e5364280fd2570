"""data/raw is a Frictionless Data Package: the reference implementation agrees."""

from __future__ import annotations

import csv
import re

import frictionless
import pytest
import yaml

from conftest import REPO
from rawtables import copy_raw

RAW = REPO / "data" / "raw"


def test_frictionless_validates_every_table_against_its_schema(tmp_path):
    """Every table's rows as read: a table supplied as a workbook in place of the CSV
    the descriptor names is checked as the CSV of its rows (rawtables.copy_raw)."""
    raw = copy_raw(tmp_path / "raw")
    descriptor = yaml.safe_load((raw / "datapackage.yaml").read_text("utf-8"))
    report = frictionless.Package(descriptor, basepath=str(raw)).validate()
    errors = [f"{task.name}: {e.message}" for task in report.tasks for e in task.errors]
    assert report.valid, errors + [e.message for e in report.errors]
    assert {task.name for task in report.tasks} == {r["name"] for r in descriptor["resources"]}


def test_every_resource_cites_its_sources():
    descriptor = yaml.safe_load((RAW / "datapackage.yaml").read_text("utf-8"))
    for resource in descriptor["resources"]:
        assert resource["sources"], resource["name"]
        for source in resource["sources"]:
            assert source["source_id"] and source["title"], resource["name"]


# --- sources as the reader sees them (issue 26, item 4) ----------------------
#
# What the report prints as a source is the `citation` of sources.csv (附录二,
# figure notes, 数据来源 lines, the provenance tables) and its `url` (附录二's
# 网址 column, links in the HTML); the datapackage.yaml `sources` repeat them
# as `title` and `path` for the charts that read the package. A foreign-language
# page or a web mirror of a Chinese release may be recorded only as an access
# note (the `note` column), never in those two columns.
#
# What this check verifies, and what it does not: it reads the text of the two
# printed columns. It recognises a foreign-language page by its script or
# wording (Japanese kana, a title of three or more Latin words, the names of
# the foreign-language outlets met in this project, 英文版/日文版 and the like,
# an /english/ path) and a mirror only by its host, from the list of mirror
# and foreign-language hosts this project's notes have used. It cannot tell
# that a Chinese page on a host not listed is a mirror, nor that a citation
# names the right release: that rests on the evidence written in `note`.

FOREIGN_SCRIPT = re.compile(r"[\u3040-\u30ff\u31f0-\u31ff]")  # kana: a Japanese title
LATIN_TITLE = re.compile(r"[A-Za-z]+(?:[ ,:'’&-]+[A-Za-z]+){2,}")  # three Latin words or more
FOREIGN_NAMES = ("日本語版", "日文版", "英文版", "英文网", "英文报道", "英文稿",
                 "China Daily", "中国日报", "Global Times", "ECNS", "Shanghai Daily",
                 "上海日报", "チャイナネット", "Xinhua")
# hosts of foreign-language editions and of the mirrors (content farms, reposts)
# through which this project reached Chinese releases
ACCESS_ONLY_HOSTS = ("chinadaily", "globaltimes", "ecns.cn", "shine.cn",
                     "japanese.china.org.cn", "china.org.cn", "qwxb.com.cn",
                     "chinaservicesinfo", "feifmx.com", "tech999999.com",
                     "iruorou.com", "shbzcgb.com", "mtoou.info", "dailymailnews",
                     "huojinxue.com", "cnhubei.com", "fensifuwu.com", "puapp.net",
                     "cfgw.net.cn", "gctong.com", "huaxia.com", "xuehua.us", "github.com")


def printed_source_problems(citation: str, url: str) -> list[str]:
    """Why a source's printed citation or address names an access page."""
    problems = []
    for column, text in (("citation", citation), ("url", url)):
        if FOREIGN_SCRIPT.search(text):
            problems.append(f"{column}: Japanese script")
        for name in FOREIGN_NAMES:
            if name.lower() in text.lower():
                problems.append(f"{column}: names {name!r}")
        for host in ACCESS_ONLY_HOSTS:
            if host in text.lower():
                problems.append(f"{column}: access-only host {host!r}")
    latin = LATIN_TITLE.search(citation)
    if latin:
        problems.append(f"citation: Latin-script title {latin.group(0)!r}")
    if re.search(r"/english/", url, re.IGNORECASE):
        problems.append("url: a foreign-language edition (/english/)")
    return problems


def source_rows() -> list[dict]:
    with open(RAW / "sources.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_no_source_is_printed_as_a_foreign_language_page_or_a_mirror():
    problems = {r["source_id"]: p for r in source_rows()
                if (p := printed_source_problems(r["citation"], r["url"]))}
    assert not problems, problems


@pytest.mark.parametrize("citation,url", [
    # the citations of the edition before issue 26: each must be caught
    ("中国网日本語版（チャイナネット）2020 年 10 月 10 日：新疆ウイグル自治区の貧困脱却",
     "http://japanese.china.org.cn/life/2020-10/10/content_76792112.htm"),
    ("《中国日报》（China Daily）2019 年 7 月 30 日：Xinjiang lifts over 2 mln people "
     "out of poverty in past five years", ""),
    ("中国新闻网（ECNS）2016 年 1 月 8 日：新疆贫困人口 185 万", ""),
    ("新疆维吾尔自治区人民政府 2019 年《政府工作报告》，据《上海日报》报道", ""),
    ("新疆维吾尔自治区人民政府：2020 年《政府工作报告》，据《环球时报》英文报道", ""),
    ("新华社：Southern Xinjiang makes headway in poverty alleviation", ""),
    ("国家统计局新闻稿 2020-02-03",
     "http://www.stats.gov.cn/english/PressRelease/202002/t20200203_1724909.html"),
    ("荆楚网 2017 年 7 月转载文章", "http://edu.cnhubei.com/xw/gn/201707/t3857990.shtml"),
])
def test_the_check_catches_foreign_pages_and_mirrors(citation, url):
    assert printed_source_problems(citation, url)


def test_a_chinese_release_with_an_access_note_passes():
    assert not printed_source_problems(
        "新华社乌鲁木齐 2019 年 1 月 14 日电（记者孙哲、孙少雄）："
        "《2018年新疆53.7万人实现稳定脱贫》", "")
    assert not printed_source_problems(
        "周建鹏：《贫困退出背景下南疆深度贫困地区防返贫机制研究》"
        "（青年项目，项目批准号 19ZJFLQ03）", "")


def test_the_package_repeats_each_citation_and_address_as_printed():
    """Charts read a source's title from datapackage.yaml: it is its citation,
    and its path its url (no path where sources.csv has none)."""
    rows = {r["source_id"]: r for r in source_rows()}
    descriptor = yaml.safe_load((RAW / "datapackage.yaml").read_text("utf-8"))
    for resource in descriptor["resources"]:
        for source in resource["sources"]:
            row = rows[source["source_id"]]
            assert source["title"] == row["citation"], source["source_id"]
            assert source.get("path", "") == row["url"], source["source_id"]


def test_a_source_read_through_another_page_says_so_where_the_reader_sees_it():
    """A source whose note records an access page (a repost, a foreign-language
    edition) says 访问记录 in its locator too, which 附录二 prints after the
    citation; the page's address stays in the note."""
    missing = [r["source_id"] for r in source_rows()
               if "访问记录" in r["note"] and "访问记录" not in r["locator"]]
    assert not missing


def test_appendix_sources_prints_citation_then_access_note_and_no_empty_address_column():
    from nanjiang.text.editorial import sources_list
    from nanjiang.text.numbering import Label

    sources = {r["source_id"]: r for r in source_rows()}
    label = Label("table", "data_sources", "B", 1)
    text = sources_list(sources, {"ecns_20160108"}, label).replace("\u2060", "")
    header, _rule, row = text.splitlines()[:3]
    assert "网址" not in header  # no cited source has an address of its own
    assert row.index("中国新闻社") < row.index("访问记录：经中国新闻网英文版读取")
    with_url = dict(sources, x={"citation": "国家统计局：某公报", "locator": "所引：某数",
                                "url": "https://www.stats.gov.cn/x.html"})
    text = sources_list(with_url, {"x", "ecns_20160108"}, label).replace("\u2060", "")
    assert "网址" in text.splitlines()[0]
