"""A reference from a prose number to the table cell it repeats (light: no pandas,
so the check before any job can parse every link)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CellRef:
    """``table/indicator/region_code/year`` — one cell of a raw or derived table.

    A trailing ``+`` on the year (``durable_goods/cars/NJ4/2018+``) marks a
    statement about the current state ("截至 2018 年末……"): it follows the
    report year, taking the latest year at or before it (and not before the
    year given). Without ``+`` the statement is about that year only.
    """

    table: str
    indicator: str
    region_code: str
    year: int
    follows: bool = False

    @classmethod
    def parse(cls, text: str) -> CellRef:
        parts = text.strip().split("/")
        if len(parts) != 4:
            raise ValueError(
                f"compares_to {text!r}: expected table/indicator/region_code/year"
            )
        follows = parts[3].endswith("+")
        return cls(parts[0], parts[1], parts[2], int(parts[3].rstrip("+")), follows)

    def __str__(self) -> str:
        plus = "+" if self.follows else ""
        return f"{self.table}/{self.indicator}/{self.region_code}/{self.year}{plus}"
