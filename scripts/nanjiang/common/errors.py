"""The project's own error types: every data problem names where it is."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in one input file, located as precisely as the input allows."""

    file: str
    message: str
    line: int | None = None  # 1-based line in the file, header = line 1
    column: str | None = None
    value: str | None = None
    cell: str | None = None  # a workbook cell ("E7"); then file is "book.xlsx!Sheet1"
    row: int | None = None  # 1-based data row of a file without lines (Parquet)
    # what the place is in the printed table, beside the cell: the row's region of a
    # table read wide ("D7 (南疆四地州), column '电冰箱（台）'")
    context: str | None = None

    def __str__(self) -> str:
        if self.cell is not None:
            where = f"{self.file}!{self.cell}"
        elif self.row is not None:
            where = f"{self.file}, row {self.row}"
        else:
            where = self.file if self.line is None else f"{self.file}:{self.line}"
        if self.context:
            where += f" ({self.context})"
        parts = [where]
        if self.column is not None:
            # an invisible character (a second byte-order mark) shown escaped
            shown = self.column if self.column.isprintable() else repr(self.column)[1:-1]
            parts.append(f"column '{shown}'")
        if self.value is not None:
            parts.append(f"value {_shown(self.value)}")
        return ", ".join(parts) + f": {self.message}"


def _shown(value: str, width: int = 60) -> str:
    """A value as a message quotes it: a long one cut, with its length."""
    if len(value) <= width:
        return repr(value)
    return f"{value[: width - 20]!r}… ({len(value):,} characters)"


class DataValidationError(Exception):
    """Raised with every problem found in one run, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(self.render())

    def render(self) -> str:
        n = len(self.problems)
        head = f"{n} problem{'s' if n != 1 else ''} in the input data:"
        return "\n".join([head] + [f"  - {p}" for p in self.problems])


class ConfigError(Exception):
    """A config value the pipeline cannot use; the message names the key."""
