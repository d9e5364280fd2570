"""Derived indicators: the declared tables (``catalog``), the functions that
compute them (``compute``) and the rows they are made of (``rows``).

Kept free of imports: Snakemake reads ``catalog`` when it parses the workflow.
"""
