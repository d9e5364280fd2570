"""Stage 4b: Markdown to PDF (typst), DOCX and HTML; fonts and word boxes."""
