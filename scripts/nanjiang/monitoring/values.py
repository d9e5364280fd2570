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
* ``-0`` is 0;
* a date is ``YYYY-MM-DD`` (month and day of one or two digits; a time of exactly midnight
  after it, ``T00:00:00`` or `` 00:00:00``, as a workbook's or Parquet's date-time shows
  it), ``YYYY/M/D`` or ``YYYY年M月D日``, in ASCII digits, a day of the calendar of the years
  2000-2099 (``DATE``, ``DATE_EXPECTED``); it is kept as ``YYYY-MM-DD``, so dates compare
  as text.
"""

from __future__ import annotations

import datetime as dt
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

DATE = (r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([T ]00:00:00)?|[0-9]{4}/[0-9]{1,2}/[0-9]{1,2}"
        r"|[0-9]{4}年[0-9]{1,2}月[0-9]{1,2}日")
DIGIT_RUNS = r"[0-9]+"  # a date's year, month and day are its first three runs of digits
DATE_YEARS = (2000, 2099)
DATE_EXPECTED = ("expected a date written YYYY-MM-DD, YYYY/M/D or YYYY年M月D日 (a day of "
                 "the calendar, years 2000-2099)")

_NUMBER = re.compile(NUMBER)
_DATE = re.compile(DATE)


def parse_number(text: str) -> tuple[float | None, str | None]:
    """The number of the (stripped) ``text``, or None and what was expected."""
    if not _NUMBER.fullmatch(text):
        return None, NUMBER_EXPECTED
    number = float(text)
    if not math.isfinite(number):
        return None, FINITE_EXPECTED
    return number + 0.0, None  # -0.0 + 0.0 is 0.0


def parse_date(text: str) -> tuple[str | None, str | None]:
    """The (stripped) ``text`` as ``YYYY-MM-DD``, or None and what was expected."""
    if not _DATE.fullmatch(text):
        return None, DATE_EXPECTED
    year, month, day = (int(x) for x in re.findall(DIGIT_RUNS, text)[:3])
    if not DATE_YEARS[0] <= year <= DATE_YEARS[1]:
        return None, DATE_EXPECTED
    try:
        return dt.date(year, month, day).isoformat(), None
    except ValueError:
        return None, DATE_EXPECTED


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
