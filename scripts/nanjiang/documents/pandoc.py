"""Running pandoc (from the pypandoc-binary wheel; no system pandoc): the
report's Markdown reader and the documents' metadata.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import yaml

from nanjiang.documents.words import WORD_JOINER
from nanjiang.text.mdtext import escape

TEMPLATES = Path("report/templates")
# east_asian_line_breaks: a line break between two Chinese characters is no space.
MARKDOWN = "markdown+east_asian_line_breaks"


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


def with_metadata_file(meta: dict, run):
    with tempfile.NamedTemporaryFile(
        "w", suffix=".yaml", encoding="utf-8", delete=False
    ) as fh:
        yaml.safe_dump(meta, fh, allow_unicode=True)
        name = fh.name
    try:
        return run(name)
    finally:
        os.unlink(name)
