"""The HTML edition: the report's Markdown as one self-contained page.

pandoc's HTML writer with our template, style sheet and script
(``report/templates/html/``); ``--embed-resources`` puts the SVG figures, the
style sheet and the script into the page, so it opens from the file system
with no network and no other file. Fonts are the reader's own (a Chinese
font stack), never downloaded.
"""

from __future__ import annotations

from pathlib import Path

import pypandoc

from .documents import MARKDOWN, with_metadata_file
from .writefile import write_text_atomic

HTML_TEMPLATES = Path("report/templates/html")


def markdown_to_html(markdown: Path, out: Path, meta: dict,
                     resource_path: Path | None = None) -> None:
    """``resource_path``: where the Markdown's images are found (default: the
    working directory, the repository)."""
    html = with_metadata_file(
        meta | {"script": str(HTML_TEMPLATES / "report.js"), "lang": "zh-Hans"},
        lambda meta_file: pypandoc.convert_file(
            str(markdown),
            "html5",
            format=MARKDOWN,
            extra_args=[
                f"--template={HTML_TEMPLATES / 'report.html'}",
                f"--css={HTML_TEMPLATES / 'report.css'}",
                f"--lua-filter={HTML_TEMPLATES / 'html.lua'}",
                f"--metadata-file={meta_file}",
                "--default-image-extension=svg",
                "--toc",
                "--toc-depth=2",
                "--section-divs",
                "--embed-resources",
                "--standalone",
                "--wrap=none",
                *([f"--resource-path={resource_path}"] if resource_path else []),
            ],
        ),
    )
    write_text_atomic(out, html if html.endswith("\n") else html + "\n")
