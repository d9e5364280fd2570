"""Derived indicators: one documented function per indicator table.

Each function takes validated raw tables (DataFrames from
``nanjiang.tables.load_validated``) and returns a tidy DataFrame with the
columns of ``DERIVED_COLUMNS``.
"""

DERIVED_COLUMNS = [
    "year",
    "region_code",
    "region_name",
    "indicator",
    "value",
    "unit",
    "basis",
]
