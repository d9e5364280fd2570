"""Stage 4a: the report's text: templates, tables, numbering, provenance, apparatus, changes."""
