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
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from functools import lru_cache

SIGNIFICANT_DIGITS = 15  # what Excel shows of a number, in any format
_COLOR = re.compile(r"(black|blue|cyan|green|magenta|red|white|yellow|color\s*\d+)", re.I)
# Characters Excel shows as themselves without quotes.
_LITERAL = set(" $-+():!^&'~{}<>=")
_DATE_LETTERS = re.compile(r"[ymdhs]|am/pm|a/p", re.I)


class FormatNotShown(ValueError):
    """A number format whose display this module does not reproduce."""


def excel_decimal(value: int | float) -> Decimal:
    """The number as Excel holds it for display: 15 significant digits (no -0)."""
    number = Decimal(f"{float(value):.{SIGNIFICANT_DIGITS}g}")
    return Decimal(0) if number == 0 else number


def shown(value: int | float, number_format: str | None) -> str:
    """``value`` as a cell formatted ``number_format`` shows it ('' if the
    format shows nothing for it, as ``0;-0;;@`` does for zero)."""
    sections = _compiled(number_format or "General")
    if len(sections) == 1 and sections[0].kind == "general" and not sections[0].shift:
        text = f"{float(value):.{SIGNIFICANT_DIGITS}g}"  # General, the common case
        if "e" not in text and not (sections[0].before and text.startswith("-")):
            text = "0" if text == "-0" else text
            return sections[0].before + text + sections[0].after
    number = excel_decimal(value)
    minus = False
    if number < 0 and len(sections) >= 2:
        section, number = sections[1], -number  # the section writes its own sign
    elif number == 0 and len(sections) >= 3:
        section = sections[2]
    else:
        section, minus, number = sections[0], number < 0, abs(number)
    text = section.show(number)
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


@lru_cache(maxsize=512)
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


@dataclass(frozen=True)
class _Section:
    """One section of a format, ready to show a number that is not negative."""

    kind: str  # general, digits, text (literal text only), empty
    before: str = ""  # literal text around the number ('%' included)
    after: str = ""
    shift: int = 0  # power of ten: +2 for each %, -3 for each comma scaling
    integer: tuple[str, ...] = ()  # placeholders 0 # ?
    decimals: tuple[str, ...] = ()
    point: bool = False

    def show(self, number: Decimal) -> str:
        if self.kind == "empty":
            return ""
        if self.kind == "text":
            return self.before
        number = number.scaleb(self.shift)
        body = _general(number) if self.kind == "general" else _digits(self, number)
        return self.before + body + self.after


@lru_cache(maxsize=512)
def _compiled(number_format: str) -> tuple[_Section, ...]:
    """The format's sections for numbers (a fourth, for text, is not used)."""
    sections = split_sections(number_format)
    if len(sections) > 4:
        raise FormatNotShown("more than four sections")
    return tuple(_section(_tokens(s)) for s in sections[:3])


def text_section(number_format: str | None) -> str | None:
    """How a format shows a text cell: None when it shows the text as it is (no
    section for text: fewer than four sections and no ``@``), ``"@"`` when its
    section for text is the text alone (colours and padding aside), ``""`` when that
    section is empty (``;;;``: Excel shows nothing), else the section itself
    (literal text around or instead of ``@``, which this module does not show)."""
    sections = split_sections(number_format or "General")
    if len(sections) > 4:
        raise FormatNotShown("more than four sections")
    if len(sections) == 4:
        section = sections[3]
    elif len(sections) == 1 and any(k == "text" for k, _ in _tokens(sections[0])):
        section = sections[0]
    else:
        return None
    if not section:
        return ""
    # padding around the text (``_ @_ `` of the accounting format) is a space, trimmed
    kinds = [k for k, t in _tokens(section) if not (k == "lit" and not t.strip())]
    return "@" if kinds == ["text"] else section


def _text(tokens) -> str:
    return "".join("%" if k == "percent" else t for k, t in tokens)


def _section(tokens: list[tuple[str, str]]) -> _Section:
    kinds = [k for k, _ in tokens]
    if not tokens:
        return _Section("empty")  # an empty section shows nothing
    percent = 2 * kinds.count("percent")
    if "general" in kinds or kinds == ["text"]:
        if "digit" in kinds or "point" in kinds or "comma" in kinds:
            raise FormatNotShown("General mixed with digit placeholders")
        at = kinds.index("general") if "general" in kinds else 0
        return _Section("general", _text(tokens[:at]), _text(tokens[at + 1:]), percent)
    if "text" in kinds:
        raise FormatNotShown("'@' (a text placeholder) in a number's section")
    digits = [i for i, k in enumerate(kinds) if k == "digit"]
    if not digits:  # only text ("-" for zero in an accounting format)
        if "point" in kinds or "comma" in kinds:
            raise FormatNotShown("a '.' or ',' without digit placeholders")
        return _Section("text", _text(tokens))
    first, last = digits[0], digits[-1]
    if first and kinds[first - 1] == "point":
        first -= 1  # ".00": no integer placeholder
    span = kinds[first:last + 1]
    if any(k not in ("digit", "point", "comma") for k in span):
        raise FormatNotShown("text between the digit placeholders")
    if span.count("point") > 1:
        raise FormatNotShown("two decimal points")
    scale = 0
    while last + 1 + scale < len(tokens) and kinds[last + 1 + scale] == "comma":
        scale += 1  # each comma after the last digit placeholder divides by 1000
    before, after = tokens[:first], tokens[last + 1 + scale:]
    if any(k in ("comma", "point") for k, _ in before + after):
        raise FormatNotShown("a ',' or '.' away from the digit placeholders")
    point = span.index("point") if "point" in span else len(span)
    if "comma" in span[point:]:
        raise FormatNotShown("a ',' among the decimals")
    for i, k in enumerate(span[:point]):  # a grouping comma sits between placeholders
        if k == "comma" and (i == 0 or i + 1 >= point or span[i + 1] != "digit"):
            raise FormatNotShown("a ',' that is neither grouping nor scaling")
    marks = [t for _, t in tokens[first:last + 1]]
    integer = tuple(t for k, t in zip(span[:point], marks[:point], strict=True) if k == "digit")
    decimals = tuple(t for k, t in zip(span[point + 1:], marks[point + 1:], strict=True)
                     if k == "digit")
    return _Section("digits", _text(before), _text(after), percent - 3 * scale, integer,
                    decimals, point < len(span))


def _general(number: Decimal) -> str:
    with localcontext() as ctx:
        ctx.prec = SIGNIFICANT_DIGITS
        number = +number
    text = format(number.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _digits(section: _Section, number: Decimal) -> str:
    """The number (not negative) through the placeholders of ``0.0``, ``#,##0.00``…"""
    integer, decimals = section.integer, section.decimals
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
    return whole + "." + "".join(shown_fraction) if section.point else whole
