"""The edition label: report year, version, date, data cut-off and the
edition it is compared with, chosen before the documents are built, since
they print it (cover and page footer).

Versions count per report year: v1, v2 … An edition is named
``<year>-v<version>`` (``report/build/editions/2020-v2/``). The label is
decided from a fingerprint of everything the documents are made from (the
rendered texts, figures, templates, the code that builds them, the
settings): the same fingerprint as the newest edition of the year keeps
that edition's label (a rebuild publishes it again, same bytes, same date);
any other is the next version, dated today (or by ``SOURCE_DATE_EPOCH``, for
reproducible builds). The publish job checks the promise: documents that
differ from the edition whose label they carry are never published under it.

The baseline, what the change report (and the 修订 copy) compares with, is
the edition named by config ``compare_to``, else the newest edition of the
same year, else the edition current when the build started (for a first
edition of a year: the last edition published, usually the year before's).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from pathlib import Path

from nanjiang.publish.editions import CURRENT, EDITIONS, RECORD

# China has one time zone without daylight saving time: the office's date.
CHINA = dt.timezone(dt.timedelta(hours=8))
_NAME = re.compile(r"(\d{4})-v([1-9]\d*)")
DRAFT = "草稿"


class LabelError(ValueError):
    """A ``compare_to`` naming no edition, or an edition folder that is not one."""


def _digest(path: Path) -> bytes:
    """A file's sha256 (the edition's fingerprint, each document's and the
    sources' list; not cached: a file may change between two calls)."""
    return hashlib.sha256(path.read_bytes()).digest()


def fingerprint(files: list[Path], settings: dict) -> str:
    """sha256 over the files' names and bytes (in name order) and the settings."""
    h = hashlib.sha256()
    for path in sorted(set(map(Path, files))):
        h.update(str(path).encode() + b"\0" + _digest(path))
    h.update(json.dumps(settings, sort_keys=True, ensure_ascii=False).encode())
    return h.hexdigest()


def data_until(provenance: Path) -> int | None:
    """The latest data year of the numbers a document prints (its provenance
    list: rule render_markdown's, or a brief's): its 数据截至."""
    years = [n["year"] for n in json.loads(Path(provenance).read_text("utf-8")) if n.get("year")]
    return max(years) if years else None


# published name of each format of the report
REPORT_FORMATS = {"pdf": "report.pdf", "docx": "report.docx", "html": "html/index.html"}
BRIEF_FORMATS = ("pdf", "docx", "html")


def parts(groups: dict[str, list], formats: list[str], briefs: list[str],
          settings: dict) -> dict[str, str]:
    """A fingerprint of what each labelled document of the edition is made
    from (published name -> sha256), from rule edition_label's input groups:
    the change report names a document as changed only when its own sources
    changed (every document prints the new label, so its bytes always do).
    Each format counts its own templates and code; the report's HTML page
    also the briefs' text (its search) and which documents it links. The
    tables workbooks print no label: their bytes tell."""
    fonts = {"fonts": settings.get("fonts")}
    made = {}
    for f in formats:
        links = {"formats": formats, "briefs": briefs} if f == "html" else {}
        own = groups["briefs"] if f == "html" else []
        made[REPORT_FORMATS[f]] = ([*groups["text"], *groups[f], *own], fonts | links)
    for region in briefs:
        own = [f for f in groups["briefs"] + groups["maps"] if region in Path(f).name]
        for ext in BRIEF_FORMATS if formats else ():
            made[f"briefs/{region}.{ext}"] = (
                [*own, *groups[f"brief_{ext}"], *groups["brief_code"]], fonts)
    return {name: fingerprint(files, part_settings)
            for name, (files, part_settings) in sorted(made.items())}


def source_digests(files: list[Path]) -> dict[str, str]:
    """The sources among ``files`` (not built: under neither data/derived nor
    report/build) with the first 16 hex of their sha256: the change report
    names those that changed since the baseline."""
    return {str(f): _digest(Path(f)).hex()[:16]
            for f in sorted(set(map(str, files)))
            if not f.startswith(("data/derived/", "report/build/"))}


def build_date(environ=os.environ) -> dt.date:
    """Today in China, the edition's date; ``EDITION_DATE`` (YYYY-MM-DD) when
    set: tests and proofs that compare builds made on different days. Not
    ``SOURCE_DATE_EPOCH``: that fixes the documents' internal timestamps for
    reproducible bytes and is set on every build, so it is no date of anything."""
    given = environ.get("EDITION_DATE")
    if given:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            raise LabelError(f"EDITION_DATE={given!r} is no date; write it as 2026-12-06 "
                             "(or unset it: the edition is dated today)") from None
    return dt.datetime.now(CHINA).date()


def edition_records(build: Path) -> list[dict]:
    """The records of the published editions with a version, oldest first
    (year, then version). Folders of the layout before versions are left out."""
    records = []
    for record in sorted((build / EDITIONS).glob(f"*/{RECORD}")):
        if not _NAME.fullmatch(record.parent.name):
            continue
        try:
            entry = json.loads(record.read_text("utf-8"))
        except (OSError, ValueError):
            continue  # cut off: publish rebuilds or names it, never counts it
        if "label" in entry:
            records.append(entry)
    return sorted(records, key=lambda e: (e["label"]["year"], e["label"]["version"]))


def current_edition(build: Path) -> str | None:
    link = build / CURRENT
    return Path(os.readlink(link)).name if link.is_symlink() else None


def choose_label(build: Path, *, year: int, fingerprint: str, documents: dict[str, str],
                 compare_to: str | None, data_until: int | None, today: dt.date,
                 sources: dict[str, str] | None = None) -> dict:
    """The label of the edition this build makes (see the module's doc):
    ``fingerprint`` of everything its documents are made from, ``documents``
    the fingerprint of each labelled document's own sources (``parts``)."""
    records = edition_records(build)
    names = [e["edition"] for e in records]
    if compare_to is not None and compare_to not in names:
        raise LabelError(
            f"config compare_to: {compare_to!r} is no edition of report/build/editions/ "
            f"(there are: {', '.join(names) or 'none yet'}); name one as <year>-v<version>, "
            "or leave compare_to out to compare with the last edition of the year")
    of_year = [e for e in records if e["label"]["year"] == year]
    newest = of_year[-1]["label"] if of_year else None
    if (newest is not None and newest["fingerprint"] == fingerprint
            and newest.get("compare_to") == compare_to):
        return newest  # the same sources: the same edition, published again
    version = newest["version"] + 1 if newest else 1
    baseline = compare_to or (newest["edition"] if newest else None)
    if baseline is None:
        current = current_edition(build)
        baseline = current if current and (build / EDITIONS / current / RECORD).exists() else None
    revised = baseline is not None and any(
        name in _documents_of(build / EDITIONS / baseline)
        for name in ("report.docx", f"report-{DRAFT}.docx"))
    return {
        "edition": f"{year}-v{version}",
        "year": year,
        "version": version,
        "date": today.isoformat(),
        "data_until": data_until,
        "baseline": baseline,
        "compare_to": compare_to,
        # the publish job makes a 修订 copy against the baseline's DOCX
        "revised": revised,
        "fingerprint": fingerprint,
        "documents": documents,
        "sources": sources or {},
    }


def edition_day(label: dict) -> dt.datetime:
    """The label's date as a moment (its midnight in China): the date of the
    edition's tracked changes."""
    return dt.datetime.combine(dt.date.fromisoformat(label["date"]), dt.time(), CHINA)


def _documents_of(edition: Path) -> dict:
    try:
        return json.loads((edition / RECORD).read_text("utf-8")).get("documents", {})
    except (OSError, ValueError):
        return {}


def download_links(label: dict, formats: list[str], briefs: list[tuple[str, str]]) -> list[dict]:
    """The edition's documents as the HTML edition links them from
    ``html/index.html`` (``href`` relative to it, ``title``): the report's
    PDF and DOCX, the 修订 copy, the tables workbook, each brief's page
    (``briefs``: (published page path, title)), under their published names."""
    names = [(f"report.{f}", f.upper()) for f in ("pdf", "docx") if f in formats]
    if label.get("revised") and "docx" in formats:
        names.append(("report-修订.docx", "修订稿（DOCX）"))
    names.append(("report-tables.xlsx", "表格工作簿（XLSX）"))
    return ([{"href": f"../{published_name(name, label)}", "title": title}
             for name, title in names]
            + [{"href": f"../{page}", "title": title} for page, title in briefs])


def chinese_date(iso: str) -> str:
    """``2026-12-06`` -> ``2026 年 12 月 6 日`` (a space between figures and
    characters, as the report's typography sets them)."""
    day = dt.date.fromisoformat(iso)
    return f"{day.year} 年 {day.month} 月 {day.day} 日"


def label_items(label: dict) -> list[tuple[str, str]]:
    """The label as the documents print it: (item, value) pairs; a draft
    (``label["draft"]``: its reasons) says so first."""
    until = label.get("data_until")
    return [
        *([("状态", DRAFT)] if label.get("draft") else []),
        ("报告年份", f"{label['year']} 年"),
        ("数据截至", f"{until} 年" if until else "未记"),
        ("版本", f"v{label['version']}"),
        ("日期", chinese_date(label["date"])),
    ]


def label_line(label: dict) -> str:
    """One line for a page footer: ``报告年份：2020 年　数据截至：…　版本：v2　日期：…``
    (``状态：草稿`` first on a draft)."""
    return "　".join(f"{item}：{value}" for item, value in label_items(label))


def published_name(name: str, label: dict) -> str:
    """A document's published name: a draft's PDF, DOCX and brief pages carry
    草稿 (``report-草稿.pdf``); the HTML edition's ``html/index.html`` keeps its
    name (a site's entry page) and says so in a banner."""
    if not label.get("draft") or name == "html/index.html":
        return name
    path = Path(name)
    if path.suffix not in (".pdf", ".docx", ".html", ".xlsx") or path.stem.endswith(DRAFT):
        return name
    return str(path.with_name(f"{path.stem}-{DRAFT}{path.suffix}"))


def plain_name(name: str) -> str:
    """A published name without a draft's 草稿: the same document of a final edition."""
    path = Path(name)
    if not path.stem.endswith(f"-{DRAFT}"):
        return name
    return str(path.with_name(f"{path.stem[:-len(DRAFT) - 1]}{path.suffix}"))


def read_label(path) -> dict | None:
    """The label a document job was given (rule edition_label's output), or
    None for a document that is no edition of the report."""
    return json.loads(Path(path).read_text("utf-8")) if path else None
