"""Figures of the report: shared style, colours, deterministic files."""
