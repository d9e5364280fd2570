"""What makes an edition a draft: it cites a source of kind ``test``, it
holds dated statements the report year has overtaken and nobody confirmed,
or a table keeps a comparison row of an earlier year because the year shown
has none. Each reason says where to act (a template's file:line, a table).

A draft is printed as one (草稿 on every page and in the file names,
``nanjiang.publish.label``); config ``final: true`` refuses to build it.
"""

from __future__ import annotations

import re
from pathlib import Path

from nanjiang.text.templating import PANDOC_ID


def dated_line(template: Path, as_of: str, nth: int) -> int | None:
    """The line of the ``nth`` (0-based) ``dated("<as_of>" …)`` call of a
    template (``as_of=`` too, several on a line each counted), where the
    statement is written; calls inside Jinja comments do not count."""
    # pandoc's {#id} attributes are text, as the templates are read (ChapterLoader);
    # then comments blanked, their line breaks kept: the lines stay where they are
    text = PANDOC_ID.sub(r"{{ '{' }}#\1\2}", template.read_text("utf-8"))
    text = re.sub(r"\{#.*?#\}", lambda m: re.sub(r"[^\n]", " ", m.group(0)), text, flags=re.S)
    call = re.compile(r"""\bdated\(\s*(?:as_of\s*=\s*)?["']""" + re.escape(as_of) + r"""["']""")
    hits = [text.count("\n", 0, m.start()) + 1 for m in call.finditer(text)]
    return hits[nth] if nth < len(hits) else None


def draft_reasons(*, sources: dict, used_sources: set[str], dated: list[dict],
                  chapters: Path, carried: list[dict]) -> list[dict]:
    """Each reason: ``kind`` (test_source, stale, carried), ``text`` (as the
    console and the cover print it) and ``where`` (file:line or table).
    ``dated``: every dated statement of the text in template order (the
    stale ones are reasons; all count to find a call's line)."""
    reasons = []
    for sid in sorted(used_sources):
        if sources.get(sid, {}).get("kind") == "test":
            citation = sources[sid].get("citation", "")
            reasons.append({"kind": "test_source", "where": "data/raw/sources.csv",
                            "text": f"引用测试数据来源 {sid}（{citation}）"})
    seen: dict[tuple[str, str], int] = {}
    for d in dated:
        line = None
        template = chapters / d["chapter"]
        if d.get("kind") != "number":  # a dated() call of the template
            key = (d["chapter"], d["as_of"])
            nth = seen[key] = seen.get(key, -1) + 1
            line = dated_line(template, d["as_of"], nth) if template.exists() else None
        if not d["stale"]:
            continue
        where = f"{template}:{line}" if line else str(template)
        opening = d["text"].strip()[:40]
        if d.get("kind") == "number":  # a number worked out from an earlier year's data
            text = f"数字 {d['value']} 待核对（原文所据 {d['as_of']} 年数据）：“{opening}…”"
        else:
            text = f"时效性语句待修订（截至 {d['as_of']}）：“{opening}…”"
        reasons.append({"kind": "stale", "where": where, "text": text})
    for c in carried:
        reasons.append({"kind": "carried", "where": c["table"],
                        "text": f"{c['label']}：{c['region']}尚无 {c['shown_year']} 年数据，"
                                f"表中为其 {c['year']} 年数据"})
    return reasons
