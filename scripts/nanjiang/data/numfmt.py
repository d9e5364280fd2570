"""A number as Excel displays it through its cell's number format.

A workbook stores the binary value of a number (``19.90000000000001`` for
``=100-80.1``) and, apart from it, the format that says how to show it
(``0.0``). What a table holds is what the cell shows, the text a CSV saved
from Excel would have. Excel shows a number in two steps, and so does
``shown``:

1. the value to 15 significant digits (``19.90000000000001`` is 19.9,
   ``2.675`` is 2.675, not the binary 2.67499999…);
2. that decimal through the format's section for its sign: scaled (``%``
   multiplies by 100, a comma after the last digit placeholder divides by
   1000), rounded half away from zero to the format's decimals, written with
   the placeholders' padding (``0`` a digit always, ``#`` only a significant
   one, ``?`` a space) and the format's literal text.

``General`` (and ``@``, text, holding a number) shows the 15-digit value
without trailing zeros and never in scientific notation (Excel's screen
switches to ``1.2E+11`` in a narrow column; the number is the same).

Two things are written other than on screen, on purpose: the thousands
separator of ``#,##0`` is left out (the tables print ``10371``; a CSV reader
would drop it too), and fill characters (``* ``) and padding (``_)``) become
at most a space, which the reader trims.

A format this module does not know how to show exactly is refused
(``FormatNotShown`` with what it is), never guessed: scientific notation,
fractions, conditions (``[>100]``), Chinese numerals (``[DBNum1]``), elapsed
time, and dates (``is_date_format``: the caller says what to do with a date).
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, localcontext

SIGNIFICANT_DIGITS = 15  # what Excel shows of a number, in any format
_COLOR = re.compile(r"(black|blue|cyan|green|magenta|red|white|yellow|color\s*\d+)", re.I)
# Characters Excel shows as themselves without quotes.
_LITERAL = set(" $-+():!^&'~{}<>=")
_DATE_LETTERS = re.compile(r"[ymdhs]|am/pm|a/p", re.I)


class FormatNotShown(ValueError):
    """A number format whose display this module does not reproduce."""


def excel_decimal(value: int | float) -> Decimal:
    """The number as Excel holds it for display: 15 significant digits."""
    with localcontext() as ctx:
        ctx.prec = SIGNIFICANT_DIGITS
        ctx.rounding = ROUND_HALF_EVEN
        number = +Decimal(value)  # unary plus rounds to the context
    return Decimal(0) if number == 0 else number  # no -0


def shown(value: int | float, number_format: str | None) -> str:
    """``value`` as a cell formatted ``number_format`` shows it ('' if the
    format shows nothing for it, as ``0;-0;;@`` does for zero)."""
    number = excel_decimal(value)
    sections = split_sections(number_format or "General")
    if len(sections) > 4:
        raise FormatNotShown("more than four sections")
    minus = False
    if number < 0 and len(sections) >= 2:
        section, number = sections[1], -number  # the section writes its own sign
    elif number == 0 and len(sections) >= 3:
        section = sections[2]
    else:
        section, minus, number = sections[0], number < 0, abs(number)
    text = _render(_tokens(section), number)
    # Excel writes the sign of a negative number even when it rounds to zero ("-0.0").
    return "-" + text if minus and text else text


def split_sections(number_format: str) -> list[str]:
    """``0.0;-0.0;"-"`` -> its sections, ``;`` in quotes or after ``\\`` kept."""
    sections, current, i = [], "", 0
    while i < len(number_format):
        c = number_format[i]
        if c == '"':
            end = number_format.find('"', i + 1)
            if end < 0:
                raise FormatNotShown("a quote that is not closed")
            current += number_format[i:end + 1]
            i = end + 1
            continue
        if c in "\\_*" and i + 1 < len(number_format):
            current += number_format[i:i + 2]
            i += 2
            continue
        if c == ";":
            sections.append(current)
            current = ""
        else:
            current += c
        i += 1
    return [*sections, current]


def is_date_format(number_format: str | None) -> bool:
    """Whether the format shows a date or time (letters y m d h s outside
    quotes and brackets)."""
    if not number_format:
        return False
    plain = re.sub(r'"[^"]*"|\\.|_.|\*.|\[[^\]]*\]', "", number_format)
    plain = re.sub(r"general", "", plain, flags=re.I)
    return bool(_DATE_LETTERS.search(plain)) or bool(
        re.search(r"\[(h+|m+|s+)\]", number_format, re.I))


def _tokens(section: str) -> list[tuple[str, str]]:
    """The section as (kind, text): lit, digit (0 # ?), point, comma, percent,
    general."""
    out: list[tuple[str, str]] = []
    i = 0
    while i < len(section):
        c = section[i]
        if c == '"':
            end = section.find('"', i + 1)
            if end < 0:
                raise FormatNotShown("a quote that is not closed")
            out.append(("lit", section[i + 1:end]))
            i = end + 1
            continue
        if c == "\\":
            out.append(("lit", section[i + 1:i + 2]))
        elif c == "_":
            out.append(("lit", " "))  # a space as wide as the next character
        elif c == "*":
            pass  # the next character repeated to fill the column: nothing in a CSV
        elif c == "[":
            end = section.find("]", i)
            if end < 0:
                raise FormatNotShown("a '[' that is not closed")
            tag = section[i + 1:end]
            if tag.startswith("$"):  # [$-804] a locale, [$¥-804] a currency symbol
                out.append(("lit", tag[1:].split("-", 1)[0]))
            elif not _COLOR.fullmatch(tag):
                raise FormatNotShown(f"[{tag}] (a condition, Chinese numerals or elapsed "
                                     "time)")
            i = end + 1
            continue
        elif section[i:i + 7].lower() == "general":
            out.append(("general", ""))
            i += 7
            continue
        elif c in "0#?":
            out.append(("digit", c))
        elif c == ".":
            out.append(("point", c))
        elif c == ",":
            out.append(("comma", c))
        elif c == "%":
            out.append(("percent", c))
        elif c == "@":
            out.append(("text", c))
        elif c in "Ee" and section[i + 1:i + 2] in ("+", "-"):
            raise FormatNotShown("scientific notation")
        elif c == "/":
            raise FormatNotShown("a fraction")
        elif c in _LITERAL or not c.isascii():
            out.append(("lit", c))
        else:
            raise FormatNotShown(f"the code {c!r}")
        i += 2 if c in "\\_*" else 1
    return out


def _render(tokens: list[tuple[str, str]], number: Decimal) -> str:
    kinds = [k for k, _ in tokens]
    if not tokens:
        return ""  # an empty section shows nothing
    if "general" in kinds or kinds == ["text"]:
        if "digit" in kinds or "point" in kinds:
            raise FormatNotShown("General mixed with digit placeholders")
        number = _scaled(number, kinds.count("percent"), 0)
        body = _general(number)
        return "".join(body if k in ("general", "text") else "%" if k == "percent" else t
                       for k, t in tokens) or body
    if "text" in kinds:
        raise FormatNotShown("'@' (a text placeholder) in a number's section")
    digits = [i for i, k in enumerate(kinds) if k == "digit"]
    if not digits:  # only text ("-" for zero in an accounting format)
        if "point" in kinds or "comma" in kinds:
            raise FormatNotShown("a '.' or ',' without digit placeholders")
        return "".join("%" if k == "percent" else t for k, t in tokens)
    first, last = digits[0], digits[-1]
    if first and kinds[first - 1] == "point":
        first -= 1  # ".00": no integer placeholder
    span = tokens[first:last + 1]
    if any(k not in ("digit", "point", "comma") for k, _ in span):
        raise FormatNotShown("text between the digit placeholders")
    if kinds[first:last + 1].count("point") > 1:
        raise FormatNotShown("two decimal points")
    scale = 0
    while last + 1 + scale < len(tokens) and kinds[last + 1 + scale] == "comma":
        scale += 1  # each comma after the last digit placeholder divides by 1000
    before, after = tokens[:first], tokens[last + 1 + scale:]
    if any(k in ("comma", "point") for k, _ in before + after):
        raise FormatNotShown("a ',' or '.' away from the digit placeholders")
    number = _scaled(number, kinds.count("percent"), scale)
    text = _digits(span, number)
    return "".join("%" if k == "percent" else t for k, t in before) + text + "".join(
        "%" if k == "percent" else t for k, t in after)


def _scaled(number: Decimal, percent: int, thousands: int) -> Decimal:
    return number.scaleb(2 * percent - 3 * thousands)


def _general(number: Decimal) -> str:
    with localcontext() as ctx:
        ctx.prec = SIGNIFICANT_DIGITS
        number = +number
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _digits(span: list[tuple[str, str]], number: Decimal) -> str:
    """The number (not negative) through the placeholders of ``0.0``, ``#,##0.00``…"""
    kinds = [k for k, _ in span]
    point = kinds.index("point") if "point" in kinds else len(span)
    integer = [t for k, t in span[:point] if k == "digit"]
    if "comma" in kinds[point:]:
        raise FormatNotShown("a ',' among the decimals")
    for i, k in enumerate(kinds[:point]):  # a grouping comma sits between placeholders
        if k == "comma" and (i == 0 or i + 1 >= point or kinds[i + 1] != "digit"):
            raise FormatNotShown("a ',' that is neither grouping nor scaling")
    decimals = [t for k, t in span[point + 1:] if k == "digit"]
    with localcontext() as ctx:
        ctx.prec = 1000
        ctx.rounding = ROUND_HALF_UP
        rounded = number.quantize(Decimal(1).scaleb(-len(decimals)))
    whole, _, fraction = format(rounded, "f").partition(".")
    whole = whole.lstrip("0")
    # placeholders beyond the number's digits: 0 writes a zero, ? a space, # nothing
    pad = [{"0": "0", "?": " ", "#": ""}[t] for t in integer[: max(len(integer) - len(whole), 0)]]
    whole = "".join(pad) + whole
    shown_fraction = list(fraction)
    for i in range(len(decimals) - 1, -1, -1):  # trailing zeros of # and ? placeholders
        if shown_fraction[i] != "0" or decimals[i] == "0":
            break
        shown_fraction[i] = " " if decimals[i] == "?" else ""
    if point == len(span):
        return whole
    return whole + "." + "".join(shown_fraction)
