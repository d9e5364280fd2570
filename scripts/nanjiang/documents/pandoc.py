"""Running pandoc (from the pypandoc-binary wheel; no system pandoc): the
report's Markdown, its metadata, and the options of each route.

The options of a route are a pandoc defaults file beside the templates
(report/templates/pandoc/: typst.yaml, docx.yaml, html.yaml); a call adds only
what varies: the metadata (as a metadata file) and paths of its own.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pypandoc
import yaml

from nanjiang.documents.words import WORD_JOINER
from nanjiang.publish.label import label_items, label_line
from nanjiang.text.mdtext import escape

# east_asian_line_breaks: a line break between two Chinese characters is no space.
MARKDOWN = "markdown+east_asian_line_breaks"
DEFAULTS = Path("report/templates/pandoc")


def cover_title(front: dict) -> str:
    """The title as the cover prints it: its ``title_lines`` (chosen between
    words) as Markdown lines with hard breaks, each line unbreakable (word
    joiners); the title as it is without them."""
    lines = front.get("title_lines") or [front["title"]]
    if "".join(lines) != front["title"]:
        raise ValueError(f"front.yaml: title_lines {lines} do not make the title "
                         f"{front['title']!r}")
    return "\\\n".join(escape(WORD_JOINER.join(line)) for line in lines)


def metadata(front: dict, fonts: dict) -> dict:
    """Document metadata for the templates: title page and font names."""
    return {
        "title": front["title"],
        "cover-title": cover_title(front),
        "category": front["category"],
        "leader": front["leader"],
        "approval-number": front["approval_number"],
        "serif-font": fonts["serif"],
        "sans-font": fonts["sans"],
        # DOCX title page: pandoc's writer shows title, subtitle, author, date.
        "subtitle": f"项目类别：{front['category']}",
        "author": f"项目负责人：{front['leader']}",
        "date": f"项目批准号：{front['approval_number']}",
        "lang": "zh-Hans",
        "toc-title": "目录",
    }


def edition_metadata(label: dict | None) -> dict:
    """The edition's label for the templates: ``edition-items`` (the cover's
    lines) and ``edition-line`` (page footers); nothing without a label (the
    监测预警简报 is no edition of the report)."""
    if not label:
        return {}
    meta = {"edition-items": [{"item": item, "value": value}
                              for item, value in label_items(label)],
            "edition-line": label_line(label)}
    if label.get("draft"):  # the templates' 草稿 mark on every page, and why
        meta["draft"] = True
        meta["draft-reasons"] = list(label["draft"])
    return meta


def run_pandoc(defaults: str, to: str, meta: dict, *, text: str | None = None,
               file: Path | None = None, outputfile: Path | None = None,
               args: list[str] | tuple[str, ...] = ()) -> str:
    """pandoc from MARKDOWN (``text``, or the file ``file``) to ``to`` with
    the options of ``DEFAULTS / f"{defaults}.yaml"``, ``meta`` as a metadata
    file, then ``args`` (they override the defaults file). Returns the output
    (empty when written to ``outputfile``)."""
    with tempfile.NamedTemporaryFile(
        "w", suffix=".yaml", encoding="utf-8", delete=False
    ) as fh:
        yaml.safe_dump(meta, fh, allow_unicode=True)
        meta_file = fh.name
    extra_args = [f"--defaults={DEFAULTS / f'{defaults}.yaml'}",
                  f"--metadata-file={meta_file}", *args]
    output = {} if outputfile is None else {"outputfile": str(outputfile)}
    try:
        if file is not None:
            return pypandoc.convert_file(str(file), to, format=MARKDOWN,
                                         extra_args=extra_args, **output)
        return pypandoc.convert_text(text, to, format=MARKDOWN, extra_args=extra_args,
                                     **output)
    finally:
        os.unlink(meta_file)
