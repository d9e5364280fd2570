"""Where a file's bytes stop being text: the line, the character and the CSV
column of the first byte that does not decode, the bytes themselves, and
whether they read as GB18030/GBK (a stretch pasted from a file Excel saved
on Chinese Windows).

Standard library only (the validation jobs start fast).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass

SHOWN_BYTES = 8


@dataclass(frozen=True)
class BadBytes:
    line: int  # 1-based
    character: int  # 1-based, in the line as decoded up to the bytes
    column: str | None  # the CSV column (header cell) the bytes are in, if known
    shown: bytes  # the undecodable bytes (at most SHOWN_BYTES)
    more: bool  # more bytes follow in the same stretch
    gb18030: str | None  # the stretch decoded as GB18030, when it reads as Chinese

    def where(self) -> str:
        more = " …" if self.more else ""
        return f"character {self.character}, bytes {self.shown.hex(' ')}{more}"


def first_bad_bytes(data: bytes, error: UnicodeDecodeError, encoding: str = "utf-8",
                    csv_header: bool = True) -> BadBytes:
    """Locate ``error`` (from ``data.decode(encoding)``) by line and character.

    A stretch of GBK inside UTF-8 text may begin with bytes that happen to be
    valid UTF-8 (GBK ``d3 a2`` is UTF-8 ``Ӣ``): when the run of non-ASCII
    bytes around the error decodes as GB18030 and reads as Chinese, it is
    located where that run begins."""
    position, end = error.start, error.end
    line_start = data.rfind(b"\n", 0, position) + 1
    line_end = data.find(b"\n", position)
    line_end = len(data) if line_end < 0 else line_end
    run_start, run_end = position, end
    while run_start > line_start and data[run_start - 1] >= 0x80:
        run_start -= 1
    while run_end < line_end and data[run_end] >= 0x80:
        run_end += 1
    chinese = as_gb18030(data[run_start:run_end])
    if chinese is not None:
        position, end = run_start, run_end
    prefix = data[line_start:position].decode(encoding, errors="replace")
    return BadBytes(
        line=data.count(b"\n", 0, position) + 1,
        character=len(prefix) + 1,
        column=_column_at(data, prefix, encoding) if csv_header else None,
        shown=data[position:min(end, position + SHOWN_BYTES)],
        more=end > position + SHOWN_BYTES,
        gb18030=chinese,
    )


def as_gb18030(data: bytes) -> str | None:
    """``data`` decoded as GB18030 if it is and reads as simplified Chinese."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    return text if reads_as_simplified_chinese(text, minimum=1) and not text.isascii() else None


def reads_as_simplified_chinese(text: str, minimum: int = 10) -> bool:
    """Most Han characters of a real GBK text are in GB2312's common set; bytes
    of another encoding (Big5) decoded as GB18030 give mostly rare ones.
    (Fewer than ``minimum`` Han characters: too few to tell, taken as read.)"""
    han = [c for c in text if ord(c) >= 0x2E80]
    if len(han) < minimum:
        return minimum > 1
    common = 0
    for c in han:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common >= 0.8 * len(han)


def utf8_lines(data: bytes) -> list[int]:
    """The lines (1-based) with non-ASCII text that is valid UTF-8."""
    out = []
    for n, line in enumerate(data.split(b"\n"), start=1):
        if not line.isascii():
            try:
                line.decode("utf-8")
            except UnicodeDecodeError:
                continue
            out.append(n)
    return out


def _column_at(data: bytes, prefix: str, encoding: str) -> str | None:
    """The header cell of the CSV column ``prefix`` (a line's text before the
    bytes) ends in, when the header line decodes."""
    header_line = data.split(b"\n", 1)[0].removeprefix(b"\xef\xbb\xbf")
    try:
        header = next(csv.reader([header_line.decode(encoding).rstrip("\r")]))
        index = len(next(csv.reader([prefix + "x"]))) - 1
    except (UnicodeDecodeError, csv.Error, StopIteration):
        return None
    return header[index].strip() if index < len(header) and header[index].strip() else None
