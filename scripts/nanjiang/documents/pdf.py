"""The PDF route: Markdown -> typst markup (pandoc's typst writer, our
template: report/templates/pandoc/typst.yaml) -> PDF (the typst compiler of
the typst wheel, fonts passed by path, system fonts ignored). No TeX.
"""

from __future__ import annotations

from pathlib import Path

from nanjiang.common.epoch import source_date_epoch
from nanjiang.common.writefile import write_bytes_atomic
from nanjiang.documents.pandoc import run_pandoc
from nanjiang.documents.typstmd import box_words, mark_words, print_markdown


def markdown_to_typst(markdown: Path, meta: dict, template: Path | None = None) -> str:
    """The typst source of ``markdown``; ``template``: another template than
    the report's (a brief's)."""
    # pandoc reads less: the spans' HTML-only attributes are left out, and
    # table words come marked for their boxes
    text = mark_words(print_markdown(Path(markdown).read_text("utf-8")))
    args = [] if template is None else [f"--template={template}"]
    return box_words(run_pandoc("typst", "typst", meta, text=text, args=args))


def typst_to_pdf(typst_source: str, out: Path, root: Path, fonts: dict) -> None:
    """Compile with the named font folder only; date fixed for identical bytes."""
    import typst

    # the source given as bytes: typst reads it as a file at ``root`` (paths
    # resolve from there), and no temporary file is left in the project by a
    # killed build
    pdf = typst.compile(
        typst_source.encode("utf-8"),
        root=str(Path(root).resolve()),
        font_paths=[fonts["dir"]],
        ignore_system_fonts=True,
        timestamp=source_date_epoch(),
    )
    write_bytes_atomic(out, pdf)
