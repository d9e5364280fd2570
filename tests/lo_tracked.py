"""What LibreOffice makes of DOCX files with tracked changes, read through its
UNO API: one headless LibreOffice for all the files.

Run by a Python that has LibreOffice's ``uno`` module (Debian: python3-uno,
which LibreOffice's packages recommend; the system's python3, not the
project's virtual environment). Reads a JSON job from standard input:

    {"profile": "/tmp/…/profile",
     "files": [{"path": "a.docx", "accept_out": "a-accepted.docx",
                "reject_out": "a-rejected.docx"}, …]}

and writes, for each file, a JSON object: ``redlines`` (the tracked changes
as LibreOffice lists them: type, author, date, text, whether in a table
cell), ``shown`` (the text as opened: each paragraph's style and text, each
table cell's text, the footnotes), ``accepted`` and ``rejected`` (the same
after Edit ▸ Track Changes ▸ Accept All / Reject All, each on the file as
opened), ``left_after_accept``/``left_after_reject`` (changes still listed)
and the number of pictures of each. ``accept_out``/``reject_out``, when
given, receive the document after accepting/rejecting, saved as DOCX.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def elements(enumeration):
    while enumeration.hasMoreElements():
        yield enumeration.nextElement()


def text_of(doc) -> dict:
    body = []
    for el in elements(doc.Text.createEnumeration()):
        if el.supportsService("com.sun.star.text.TextTable"):
            body.append(["table", [el.getCellByName(n).getString() for n in el.CellNames]])
        else:
            body.append([el.ParaStyleName, el.getString()])
    notes = [doc.Footnotes.getByIndex(i).getString() for i in range(doc.Footnotes.Count)]
    return {"body": body, "footnotes": notes, "pictures": doc.GraphicObjects.Count}


def redlines(doc) -> list[dict]:
    out = []
    for r in elements(doc.Redlines.createEnumeration()):
        start, end = r.RedlineStart, r.RedlineEnd
        cursor = start.Text.createTextCursorByRange(start)
        cursor.gotoRange(end, True)
        when = r.RedlineDateTime
        out.append({
            "type": r.RedlineType, "author": r.RedlineAuthor,
            "date": f"{when.Year:04d}-{when.Month:02d}-{when.Day:02d}T"
                    f"{when.Hours:02d}:{when.Minutes:02d}:{when.Seconds:02d}",
            "text": cursor.getString(),
            "in_table": bool(start.Text.supportsService("com.sun.star.text.CellProperties")),
        })
    return out


def load(desktop, path: str):
    return desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), "_blank", 0,
                                        (prop("Hidden", True),))


def examine(desktop, dispatcher, job: dict) -> dict:
    doc = load(desktop, job["path"])
    result = {"redlines": redlines(doc), "shown": text_of(doc)}
    for action, command in (("accept", ".uno:AcceptAllTrackedChanges"),
                            ("reject", ".uno:RejectAllTrackedChanges")):
        if action == "reject":
            doc.close(True)
            doc = load(desktop, job["path"])
        dispatcher.executeDispatch(doc.CurrentController.Frame, command, "", 0, ())
        result[f"{action}ed"] = text_of(doc)
        result[f"left_after_{action}"] = len(redlines(doc))
        if job.get(f"{action}_out"):
            doc.storeToURL(uno.systemPathToFileUrl(job[f"{action}_out"]),
                           (prop("FilterName", "MS Word 2007 XML"),))
    doc.close(True)
    return result


def main() -> None:
    job = json.load(sys.stdin)
    pipe = f"lo_tracked_{uuid.uuid4().hex}"
    office = subprocess.Popen(
        ["soffice", f"-env:UserInstallation={uno.systemPathToFileUrl(job['profile'])}",
         "--headless", "--invisible", "--norestore", "--nologo", "--nodefault",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext(
            "com.sun.star.bridge.UnoUrlResolver", local)
        deadline = time.monotonic() + 120
        while True:
            try:
                context = resolver.resolve(
                    f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:  # noqa: BLE001 (NoConnectException until it listens)
                if office.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit("LibreOffice did not start") from None
                time.sleep(0.2)
        manager = context.ServiceManager
        desktop = manager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        dispatcher = manager.createInstanceWithContext("com.sun.star.frame.DispatchHelper",
                                                       context)
        results = [examine(desktop, dispatcher, f) for f in job["files"]]
        json.dump(results, sys.stdout, ensure_ascii=False)
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 (the bridge goes down as it quits)
            pass
    finally:
        try:
            office.wait(timeout=60)
        except subprocess.TimeoutExpired:
            office.kill()
            office.wait()


if __name__ == "__main__":
    main()
