"""The 修订 copy of the DOCX: the new edition's whole text, with its changes
since the baseline edition as Word tracked changes (修订: insertions and
deletions of text, of table cells and rows, of numbers, of figures), each
signed by an author (课题组) and dated with a date given by the caller.

The comparison is python-redlines' Docxodus engine (MIT; python-redlines
2.0.0 and its engine package python-redlines-docxodus, released together and
maintained: its older Open-XML-PowerTools engine is deprecated in favour of
it). The engine is a self-contained .NET program shipped inside the wheel
(45 MB; unpacked once into the user's cache, ~/.cache/python-redlines, 108
MB); no .NET needs installing. .NET looks for the system's ICU (libicu)
unless told otherwise: it runs here in .NET's invariant globalization mode,
which needs none, and gave the same bytes as with ICU.

Chosen after trying each candidate on PyPI on two builds of this report
(the second with one number of data/raw changed, 3888 -> 3889, and three
sentences of a chapter changed), and on a small document of the same
pipeline, then reading each output back in LibreOffice 7.4 (tracked changes
listed, all accepted, all rejected):

- python-redlines / Docxodus: 2.2 s for the report (3-4 s with what this
  module adds); 18 changes, as small as
  they are (a changed number is the number; 经验性的…是有重要意义的 ->
  经验的…具有重要意义 is 性, 是, 的 deleted and 具 inserted: it diffs CJK
  text by character); the changed figure as the old picture deleted and the
  new one inserted; rejecting all gives the old text exactly. Styles,
  numbering, footer, settings (``w:updateFields``), the 目录 field, both
  sections, the 318 bookmarks and 50 links survive. Same inputs, same bytes.
- jubarte-redlines 0.14 (Rust): as small changes and exact texts, but the
  changed figure keeps the OLD picture, untracked, and all 50 links (目录,
  见表 …) are gone; AGPL-3.0-only.
- python-redlines' Open-XML-PowerTools engine (deprecated): loses the 目录
  field, the cover's section, every bookmark and link; accept and reject
  each differ from the editions in ~90 paragraphs.
- docx-trackdiff 1.0 (one release, a command line only): tokens are ``\\w+``,
  so a run of Chinese is one word (whole phrases marked), three paragraphs
  fell back to delete-all-insert-all, rejecting all leaves a table cell
  wrong, footnotes are not compared.
- docx-revisions 0.1.5: an API to write tracked insertions and deletions into
  python-docx paragraphs, no comparison; it dates each with the clock and
  inserts runs without their formatting.
- docx-redline 1.0 and adeu 3.0 need Python >= 3.12 (this project: 3.11).

What this module adds to Docxodus' output, and why (no library does it):

- A paragraph whose old picture was replaced by a new one (a figure redrawn
  from changed data) is written as the old picture's paragraph deleted and
  the new one's inserted (as Word writes a replaced paragraph). Docxodus
  leaves both pictures in one paragraph; LibreOffice then reads the
  paragraph break before it into the change, and accepting all merges the
  figure's paragraph into the one above.
- The pictures no drawing shows are dropped with their relationships
  (Docxodus copies every picture of the new edition under a new name and
  keeps the originals too: the report's 修订 copy would be twice its size,
  4.5 MB instead of 2.4 MB).
- Zip entry dates and the document properties' dates are ``when``
  (nanjiang.common.zipdates): same inputs, same bytes.
- The number of changes, counted as LibreOffice lists them (adjacent marks
  of one kind, author and date are one change).

Known: Docxodus drops a paragraph's reference to a style the document does
not define. The 目录's entries of report.docx name TOC1 and TOC2, which its
styles.xml lacks (docx_toc.py): Word shows them in the default paragraph
style either way; LibreOffice calls them Contents 1, 2 in report.docx and
the default style in the 修订 copy (the same look: compared rendered). Defining
``toc 1`` and ``toc 2`` in the reference document would mend both.
openxml-audit 0.8 (a schema and semantics check of OOXML) finds 43 problems
in report.docx, 35 of them these references, and 4 in the 修订 copy, all
four report.docx's own (an undefined Footer style, a missing TableNormal,
two elements out of order in styles.xml): the tracked changes add none.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import io
import os
import posixpath
import re
import zipfile
from pathlib import Path

# the engine's binary is package data of python_redlines_docxodus: imported here
# so that the environment of a job that imports this module holds it
import python_redlines_docxodus  # noqa: F401
from lxml import etree
from python_redlines.engines import DocxodusEngine

from nanjiang.common.writefile import write_bytes_atomic
from nanjiang.common.zipdates import with_fixed_dates

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
PACKAGE_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
IMAGE = f"{R}/image"


def w(name: str) -> str:
    return f"{{{W}}}{name}"


# run-level revision marks (around runs) and the marks of a paragraph's end
RUN_MARKS = {w("ins"): "ins", w("del"): "del", w("moveFrom"): "del", w("moveTo"): "ins"}
PROPERTY_CHANGES = {w("pPrChange"), w("sectPrChange"), w("tblPrChange"), w("tcPrChange"),
                    w("trPrChange"), w("tblGridChange"), w("numberingChange")}
# where a tracked change cannot go on: LibreOffice lists a change per cell and per note
STORY_BREAKS = {w("tc"), w("footnote"), w("endnote"), w("comment"), w("txbxContent")}
# the parts that hold text
STORY_PART = re.compile(r"word/(document|footnotes|endnotes|header\d*|footer\d*)\.xml")


def write_tracked_changes(old: Path, new: Path, out: Path, *, author: str,
                          when: dt.datetime) -> int:
    """Write ``out``: the DOCX ``new`` whole, with its differences from the
    DOCX ``old`` as tracked changes by ``author`` dated ``when`` (naive: UTC).
    Returns the number of changes (0 when the two read the same)."""
    when = _utc(when)
    with _invariant_globalization():
        package, _stdout, _stderr = DocxodusEngine().run_redline(
            author, os.fspath(old), os.fspath(new),
            date_time=when.strftime("%Y-%m-%dT%H:%M:%SZ"),
            # a no-break space (table cells) is another character than a space
            conflate_spaces=False)
    package, changes = finish_package(package)
    write_bytes_atomic(out, with_fixed_dates(package, when))
    return changes


def _utc(when: dt.datetime) -> dt.datetime:
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when.replace(microsecond=0)


@contextlib.contextmanager
def _invariant_globalization():
    """The engine's .NET without ICU (no libicu needed; the same output)."""
    name = "DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"
    before = os.environ.get(name)
    os.environ[name] = "1"
    try:
        yield
    finally:
        if before is None:
            del os.environ[name]
        else:
            os.environ[name] = before


def finish_package(package: bytes) -> tuple[bytes, int]:
    """Docxodus' package with replaced pictures split into a deleted and an
    inserted paragraph and its unused pictures dropped; and its number of
    changes."""
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        entries = [(info, z.read(info.filename)) for info in z.infolist()]
    parts = {info.filename: data for info, data in entries}
    changes = 0
    for name, data in parts.items():
        if STORY_PART.fullmatch(name):
            root = etree.fromstring(data)
            if split_replaced_pictures(root):
                parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                             standalone=True)
            changes += count_changes(root)
    drop_unused_pictures(parts)
    used = referenced_parts(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, _data in entries:
            if info.filename not in parts or (
                    info.filename.startswith("word/media/") and info.filename not in used):
                continue
            z.writestr(info.filename, parts[info.filename])
    return out.getvalue(), changes


def _revision_ids(root) -> int:
    ids = [int(v) for v in root.xpath("//@w:id", namespaces={"w": W})
           if re.fullmatch(r"-?\d+", v)]
    return max(ids, default=0)


def _mark_paragraph_end(p, kind: str, like) -> None:
    """Mark the end of paragraph ``p`` as inserted or deleted (``kind``), with
    the author and date of the revision element ``like``."""
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    rpr = ppr.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        after = [c for c in ppr if c.tag in (w("sectPr"), w("pPrChange"))]
        if after:
            after[0].addprevious(rpr)
        else:
            ppr.append(rpr)
    mark = etree.Element(w(kind))
    for attr in ("id", "author", "date"):
        if like.get(w(attr)) is not None:
            mark.set(w(attr), like.get(w(attr)))
    rpr.insert(0, mark)


def split_replaced_pictures(root) -> int:
    """Each paragraph whose content is only inserted and deleted runs, both,
    with a picture among them (a redrawn figure) becomes two: the deleted
    runs in a paragraph whose end is deleted, then the inserted runs in the
    paragraph, its end inserted. Returns how many were split."""
    split = 0
    next_id = _revision_ids(root) + 1
    transparent = {w("pPr"), w("bookmarkStart"), w("bookmarkEnd"), w("proofErr")}
    for p in list(root.iter(w("p"))):
        content = [c for c in p if c.tag not in transparent]
        kinds = {c.tag for c in content}
        if kinds != {w("ins"), w("del")}:
            continue
        if not p.xpath(".//w:drawing|.//w:pict", namespaces={"w": W}):
            continue
        ppr = p.find(w("pPr"))
        if ppr is not None and ppr.find(w("rPr")) is not None and (
                ppr.find(w("rPr")).find(w("ins")) is not None
                or ppr.find(w("rPr")).find(w("del")) is not None):
            continue
        deleted = etree.Element(w("p"))
        if ppr is not None:
            dppr = copy.deepcopy(ppr)
            for sect in dppr.findall(w("sectPr")):
                dppr.remove(sect)
            deleted.append(dppr)
        first_del = next(c for c in content if c.tag == w("del"))
        first_ins = next(c for c in content if c.tag == w("ins"))
        for c in content:
            if c.tag == w("del"):
                deleted.append(c)  # (moves it out of p)
        p.addprevious(deleted)
        _mark_paragraph_end(deleted, "del", first_del)
        _mark_paragraph_end(p, "ins", first_ins)
        for marked in (deleted, p):
            marked.find(w("pPr")).find(w("rPr"))[0].set(w("id"), str(next_id))
            next_id += 1
        split += 1
    return split


def _key(el, kind: str) -> tuple[str, str | None, str | None]:
    return kind, el.get(w("author")), el.get(w("date"))


def count_changes(root) -> int:
    """The tracked changes of one part as LibreOffice lists them: a change is
    a stretch of runs (and paragraph ends) inserted, or deleted, or
    reformatted, by one author at one date, unbroken by unchanged text or a
    table cell's or note's bounds; and each changed paragraph, section, table
    or numbering property."""
    count = 0
    last = None

    def emit(key):
        nonlocal count, last
        if key is not None and key != last:
            count += 1
        last = key

    def walk(el, mark):
        nonlocal count
        for child in el:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            if tag in RUN_MARKS:
                walk(child, _key(child, RUN_MARKS[tag]))
            elif tag == w("r"):
                if any(c.tag != w("rPr") for c in child):
                    key = mark
                    if key is None:
                        fmt = child.find(f"{w('rPr')}/{w('rPrChange')}")
                        key = None if fmt is None else _key(fmt, "format")
                    emit(key)
            elif tag == w("p"):
                walk(child, mark)
                end = None
                ppr = child.find(w("pPr"))
                if ppr is not None:
                    count += sum(1 for c in ppr if c.tag in PROPERTY_CHANGES)
                    rpr = ppr.find(w("rPr"))
                    for c in rpr if rpr is not None else ():
                        if c.tag in RUN_MARKS:
                            end = _key(c, RUN_MARKS[c.tag])
                emit(end)
            elif tag in STORY_BREAKS:
                emit(None)
                walk(child, None)
                emit(None)
            elif tag in (w("tblPr"), w("trPr"), w("tcPr"), w("sectPr"), w("tblGrid")):
                count += sum(1 for c in child.iter() if c.tag in PROPERTY_CHANGES)
            else:
                walk(child, mark)

    walk(root, None)
    return count


def drop_unused_pictures(parts: dict[str, bytes]) -> None:
    """Drop from ``parts`` each picture relationship that its part does not
    use (no ``r:`` attribute names it)."""
    for name in [n for n in parts if n.endswith(".rels")]:
        folder, rels = posixpath.split(name)
        source = posixpath.join(posixpath.dirname(folder), rels.removesuffix(".rels"))
        if not source.endswith(".xml") or source not in parts:
            continue
        named = {value for el in etree.fromstring(parts[source]).iter()
                 for attr, value in el.attrib.items() if attr.startswith(f"{{{R}}}")}
        tree = etree.fromstring(parts[name])
        unused = [rel for rel in tree if rel.get("Type") == IMAGE and rel.get("Id") not in named]
        for rel in unused:
            tree.remove(rel)
        if unused:
            parts[name] = etree.tostring(tree, xml_declaration=True, encoding="UTF-8",
                                         standalone=True)


def referenced_parts(parts: dict[str, bytes]) -> set[str]:
    """The parts some relationship of the package points to."""
    used = set()
    for name, data in parts.items():
        if not name.endswith(".rels"):
            continue
        folder = posixpath.dirname(posixpath.dirname(name))  # word/_rels/x.rels -> word
        for rel in etree.fromstring(data).iter(f"{{{PACKAGE_RELS}}}Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rel.get("Target", "")
            used.add(target.lstrip("/") if target.startswith("/")
                     else posixpath.normpath(posixpath.join(folder, target)))
    return used
