"""Snakemake job: report Markdown -> typst -> PDF (staged; published by rule publish)."""

from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.documents.front import read_front
from nanjiang.documents.pandoc import edition_metadata, metadata
from nanjiang.documents.pdf import markdown_to_typst, typst_to_pdf
from nanjiang.documents.pdf_fonts import unexpected_pdf_fonts
from nanjiang.publish.built import record_built
from nanjiang.publish.label import read_label
from nanjiang.workflow.joblog import job_logging
from nanjiang.workflow.standalone import job

# Snakemake's job object, or a recorded job's when run alone (debugging)
snakemake = job(globals())

with job_logging(snakemake.log[0]) as log:
    fonts = snakemake.params.fonts
    front = read_front(snakemake.input.front)
    meta = metadata(front, fonts) | edition_metadata(read_label(snakemake.input.label))
    source = markdown_to_typst(Path(snakemake.input.markdown), meta)
    write_text_atomic(snakemake.output.typst, source)
    typst_to_pdf(source, Path(snakemake.output.pdf), Path("."), fonts)
    # typst falls back silently to another font for a glyph or a family it
    # lacks: the PDF's own font list is the proof that it did not.
    stray = unexpected_pdf_fonts(snakemake.output.pdf, fonts)
    if stray:
        log.fail(f"{snakemake.output.pdf} embeds fonts other than {fonts['serif']} / "
                 f"{fonts['sans']}: {', '.join(sorted(stray))} (a fallback; check the "
                 "fonts config and the characters of the text)")
    record_built(snakemake.output.checksums, snakemake.output.pdf)
    log.info(f"wrote {snakemake.output.pdf}")
