"""The 监测范围 table: sourced rows only; a year without a line stops with its name."""

from __future__ import annotations

from pathlib import Path

import pytest

from nanjiang.common.errors import DataValidationError
from nanjiang.monitoring.lines import line_for, read_lines, source_ids

REPO = Path(__file__).resolve().parents[1]


def test_shipped_table_reads_and_every_row_is_sourced():
    known = source_ids(REPO / "data" / "raw" / "sources.csv")
    read_lines(REPO / "data" / "raw" / "monitoring" / "monitoring_lines.csv", known)


def test_year_without_line_is_named(tmp_path):
    with pytest.raises(DataValidationError, match="no sourced 监测范围 for year 2023"):
        line_for({2022: 6000.0}, 2023, "monitoring_lines.csv")


def test_local_line_with_own_source_is_accepted(tmp_path):
    path = tmp_path / "local.csv"
    path.write_text("year,line_yuan,source_id,note\n2023,6500,county_notice,local\n", "utf-8")
    assert line_for(read_lines(path, {"county_notice"}), 2023, str(path)) == 6500.0


def test_unsourced_or_bad_rows_are_all_reported(tmp_path):
    path = tmp_path / "local.csv"
    path.write_text(
        "year,line_yuan,source_id,note\n2023,6500,nowhere,\n2024,-1,seed,\n2023,6600,seed,\n",
        "utf-8",
    )
    with pytest.raises(DataValidationError) as caught:
        read_lines(path, {"seed"})
    found = [(p.line, p.column, p.value) for p in caught.value.problems]
    assert found == [(2, "source_id", "nowhere"), (3, "line_yuan", "-1"), (4, "year", "2023")]
