"""Publish the documents of one build together, or not at all.

The documents are built in ``report/build/staging/``. Publishing copies every
one of them beside its published name first (``.report.pdf.new``); only when
all copies are complete are they renamed into place, one rename each (atomic
on one file system), and the publication record is written last. A failure
while copying (disk full, a file-size limit) removes the copies and leaves
every published document as it was. The published documents are not
Snakemake outputs, so Snakemake never deletes one before its replacement
exists; the record (``publication.json``) is the rule's output.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from nanjiang.common.writefile import write_text_atomic


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def publish_together(documents: dict[Path, Path], record: Path, about: dict,
                     snapshot: list[Path] = ()) -> dict:
    """Copy each staged document (key) to its published path (value), all or
    none; then keep ``snapshot`` (the Markdown and the figure PNGs) in
    ``published/`` beside the record, what the next change report compares with."""
    pending: list[tuple[Path, Path]] = []
    try:
        for staged, published in documents.items():
            published.parent.mkdir(parents=True, exist_ok=True)
            tmp = published.with_name(f".{published.name}.new")
            pending.append((tmp, published))
            with staged.open("rb") as src, tmp.open("wb") as dst:
                shutil.copyfileobj(src, dst)
                dst.flush()
                os.fsync(dst.fileno())
    except BaseException:
        for tmp, _ in pending:
            tmp.unlink(missing_ok=True)
        raise
    for tmp, published in pending:
        os.replace(tmp, published)
    _keep_snapshot(snapshot, record.parent / "published")
    entry = dict(about)
    entry["documents"] = {
        str(published): {"sha256": _sha256(published), "bytes": published.stat().st_size}
        for published in documents.values()
    }
    write_text_atomic(record, json.dumps(entry, ensure_ascii=False, indent=2) + "\n")
    return entry


def _keep_snapshot(files: list[Path], folder: Path) -> None:
    """Replace ``folder`` with copies of ``files`` (Markdown at its top,
    figures in figures/), built beside it and swapped in."""
    if not files:
        return
    fresh = folder.with_name(folder.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    (fresh / "figures").mkdir(parents=True)
    for f in files:
        shutil.copyfile(f, fresh / ("figures" if f.suffix == ".png" else "") / f.name)
    old = folder.with_name(folder.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.rename(old)
    fresh.rename(folder)
    shutil.rmtree(old, ignore_errors=True)


def record_is_stale(record: Path) -> bool:
    """True when a document listed in the record is missing or not the one
    published (deleted or replaced by hand): then it must be published again."""
    try:
        entry = json.loads(record.read_text("utf-8"))
    except (OSError, ValueError):
        return False  # no record: Snakemake sees the missing output itself
    for path, info in entry.get("documents", {}).items():
        p = Path(path)
        if not p.is_file() or p.stat().st_size != info.get("bytes"):
            return True
    return False
