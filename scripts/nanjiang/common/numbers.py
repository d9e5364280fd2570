"""Printed numbers: one rounding rule, one way to write them, one tolerance.

* ``fixed`` rounds half away from zero, as Chinese statistical tables (and
  Excel's display) do (6.25 -> 6.3, 2.675 -> 2.68), not Python's round-half-even
  on binary floats (6.25 -> 6.2). A tiny epsilon lets a sum of printed decimals
  round as on paper (1.15 + 2.1 = 3.2499999999999996 -> 3.3); -0.0 is written 0.0.
* ``trimmed`` is ``fixed`` without trailing zeros (90.0 -> 90), for numbers
  inside a sentence (a tolerance, a recomputed total).
* ``display`` writes a number as it was printed (decimals kept, no thousands
  separator, no plus sign); the unit belongs to the header or the sentence.
* ``printed_decimals`` and ``rounding_tolerance``: a difference between
  printed numbers counts only beyond half a unit in the last printed decimal
  of each (the audit, validation and the editions use this one rule).
"""

from __future__ import annotations

import math
import re

# Below any real difference of printed numbers, above a float's error on them.
EPSILON = 1e-9
PERCENT_UNITS = {"%", "百分点"}
PERCENT_DECIMALS = 2  # derived percentages and percentage points
TOLERANCE_DECIMALS = 4


def fixed(value: float, decimals: int) -> str:
    """``value`` rounded half away from zero, written with ``decimals`` decimals."""
    units = math.floor(abs(value) * 10**decimals + 0.5 + EPSILON)
    digits = str(units).rjust(decimals + 1, "0")
    text = f"{digits[:-decimals]}.{digits[-decimals:]}" if decimals else digits
    return f"-{text}" if value < 0 and units else text


def trimmed(value: float, decimals: int) -> str:
    """``fixed`` without trailing zeros: 85.50 -> 85.5, 90.0 -> 90."""
    text = fixed(value, decimals)
    return text.rstrip("0").rstrip(".") if "." in text else text


def derived_value(value: float, unit: str, decimals: int) -> str:
    """A derived indicator's value: 2 decimals for % and 百分点, else the
    printed decimals of its inputs (9 − 19.9 = -10.9, 10762 − 10371 = 391)."""
    return fixed(value, PERCENT_DECIMALS if unit in PERCENT_UNITS else decimals)


def tolerance_text(tolerance: float) -> str:
    """A rounding tolerance as the audit prints it: 0.05, 0.0055, 0."""
    return trimmed(tolerance, TOLERANCE_DECIMALS) or "0"


def with_unit(text: str, unit: str) -> str:
    """85.5% but 9.5 台: % sticks to the number, other units are spaced."""
    return f"{text}%" if unit == "%" else f"{text} {unit}"


def display(text: str) -> str:
    """A printed number for display, the same way everywhere: printed decimals
    kept (90.0 stays 90.0), no thousands separator (as the 新疆统计年鉴 prints
    10371), no plus sign."""
    text = str(text).strip().replace(",", "")
    sign = "-" if text.startswith("-") else ""
    return sign + text.lstrip("+-")


def halfwidth(text: str) -> str:
    """``text`` with the full-width forms a Chinese input method types
    (``２０１４``, ``１２．５``, ``ＣＮＰＡ``, the ideographic space) as ASCII.

    Only those: NFKC would also make digits of other characters (mathematical
    bold ``𝟐``, superscript ``²``, circled ``①``) that nobody types as a number."""
    return text.translate(_HALFWIDTH)


_HALFWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


def printed_year(text: str) -> int | None:
    """The year a cell prints (four digits, full-width ones as an input method
    types them), or None: never '+2014', '20_14' or '٢٠١٤', which int() takes."""
    s = halfwidth(text).strip()
    return int(s) if re.fullmatch(r"[0-9]{4}", s) else None


def printed_decimals(text: str) -> int:
    """Number of decimals as printed ("90.0" -> 1), kept for formatting."""
    s = halfwidth(text).strip()
    return len(s.split(".", 1)[1]) if "." in s else 0


def rounding_tolerance(texts: list[str]) -> float:
    """Largest error a sum of printed, rounded numbers can carry."""
    return sum(0.5 * 10 ** -printed_decimals(t) for t in texts) + EPSILON
