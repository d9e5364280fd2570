"""The PDF route: Markdown -> typst markup (pandoc's typst writer and our
template) -> PDF (the typst compiler of the typst wheel, fonts passed by
path, system fonts ignored). No TeX.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pypandoc

from nanjiang.common.epoch import source_date_epoch
from nanjiang.common.writefile import write_bytes_atomic
from nanjiang.documents.pandoc import MARKDOWN, TEMPLATES, with_metadata_file
from nanjiang.documents.typstmd import box_words, mark_words, print_markdown


def markdown_to_typst(markdown: Path, meta: dict, figure_ext: str = "svg",
                      template: Path = TEMPLATES / "report.typ") -> str:
    # pandoc reads less: the spans' HTML-only attributes are left out, and
    # table words come marked for their boxes
    text = mark_words(print_markdown(Path(markdown).read_text("utf-8")))
    return box_words(with_metadata_file(
        meta,
        lambda meta_file: pypandoc.convert_text(
            text,
            "typst",
            format=MARKDOWN,
            extra_args=[
                f"--template={template}",
                f"--metadata-file={meta_file}",
                f"--lua-filter={TEMPLATES / 'custom-styles.lua'}",
                f"--default-image-extension={figure_ext}",
                "--wrap=preserve",
            ],
        ),
    ))


def typst_to_pdf(typst_source: str, out: Path, root: Path, fonts: dict) -> None:
    """Compile with the named font folder only; date fixed for identical bytes."""
    import typst

    epoch = source_date_epoch()
    root = Path(root).resolve()
    with tempfile.NamedTemporaryFile(
        "w", suffix=".typ", dir=root, encoding="utf-8", delete=False
    ) as fh:
        fh.write(typst_source)
        source = fh.name
    try:
        pdf = typst.compile(
            source,
            root=str(root),
            font_paths=[fonts["dir"]],
            ignore_system_fonts=True,
            timestamp=epoch,
        )
    finally:
        os.unlink(source)
    write_bytes_atomic(out, pdf)
