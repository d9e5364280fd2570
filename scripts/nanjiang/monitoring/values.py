"""How a cell's text is read: one grammar for every format the monitoring tables come in.

The household table (CSV, XLSX, Parquet) and the local line file read a cell the same way,
in Python (CSV, XLSX, the line file) and in DuckDB's SQL (Parquet, ``columnar.py``):

* whitespace around a value is dropped: exactly what Python's ``str.strip()`` drops
  (``WHITESPACE``, which DuckDB's ``trim(text, characters)`` is given);
* a number is written with the ASCII digits 0-9, an optional sign and at most one decimal
  point with digits on both sides (``NUMBER``, a pattern Python's ``re`` and DuckDB's RE2
  read alike): ``１２３`` (full-width), ``٣`` (Arabic-Indic), ``1e3``, ``1_000``, ``1,000``,
  ``.5``, ``nan`` and ``inf`` are refused, located, with ``NUMBER_EXPECTED``;
* a number too large for a float (``1`` and 400 zeros) is refused with ``FINITE_EXPECTED``;
* ``-0`` is 0.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

# What str.strip() drops: the characters str.isspace() says are whitespace (a test checks).
WHITESPACE = ("\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
              "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000")
# What str.splitlines() breaks a line at: none of them may be inside an id.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
NUMBER = r"[+-]?[0-9]+(\.[0-9]+)?"
NUMBER_EXPECTED = ("expected a number written with the digits 0-9, an optional sign and at "
                   "most one decimal point (e.g. 1234.5)")
FINITE_EXPECTED = "expected a finite number"
# Whole numbers up to 15 digits are exact as floats (DuckDB's DOUBLE) and as int64.
INTEGER_MAX = 10**15 - 1

_NUMBER = re.compile(NUMBER)


def parse_number(text: str) -> tuple[float | None, str | None]:
    """The number of the (stripped) ``text``, or None and what was expected."""
    if not _NUMBER.fullmatch(text):
        return None, NUMBER_EXPECTED
    number = float(text)
    if not math.isfinite(number):
        return None, FINITE_EXPECTED
    return number + 0.0, None  # -0.0 + 0.0 is 0.0


def number_text(value: float | int) -> str:
    """A number stored as a number (a Parquet DOUBLE or BIGINT) as text: whole numbers
    without a decimal point, others in the fewest digits that read back as the value,
    never in exponent notation (1e-07 -> 0.0000001)."""
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        return str(value)
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def has_line_break(text: str) -> bool:
    return any(c in LINE_BREAKS for c in text)
