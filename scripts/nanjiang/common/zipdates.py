"""Office files (DOCX, XLSX: zip packages) with no time of saving in them.

python-docx and openpyxl stamp every zip entry with the wall clock, and
``dcterms:created``/``modified`` in ``docProps/core.xml`` with it: the same
content saved twice gives other bytes. Here every entry is dated ``when`` (the
build's SOURCE_DATE_EPOCH, or a fixed time) and so are those two properties.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

_CORE_DATES = re.compile(rb"(<dcterms:(?:modified|created)[^>]*>)[^<]*")


def with_fixed_dates(package: bytes, when: dt.datetime) -> bytes:
    """``package`` (the bytes of a .docx or .xlsx) with its dates set to ``when``."""
    stamp = when.timetuple()[:6]
    text = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(package)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                data = _CORE_DATES.sub(rb"\g<1>" + text, data)
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, data)
    return out.getvalue()
