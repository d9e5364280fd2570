"""Editions: each build's documents kept in a folder of their own, published by
one atomic switch.

An edition is the set of documents of one build (report, briefs, the change
report that says what they changed, and the snapshot the next change report
compares with), in ``report/build/editions/<year>-v<version>/``, the name of
its label (``nanjiang.publish.label``: chosen before the documents are
built, which print it). The same documents built again are the same
edition, published again (``same_documents``); documents other than those
of the edition whose label they carry are never published under it
(``EditionConflict``). An edition folder, once complete, is never written
again. It is assembled in a temporary folder beside it and renamed into
place (atomic on one file system) only when every file is complete,
``publication.json`` (the record: label, files, sha256) included.

Publishing points ``report/build/current`` at the new edition: a new symlink
renamed over the old one, one atomic step. The published names
(``report/build/report.pdf``, ``html/``, ``briefs/``, ``publication.json``)
are symlinks through ``current``, so every document switches at once. A
build that fails or is killed at any point leaves the last complete edition
published, record included; no edition is ever deleted by a build.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from nanjiang.common.writefile import write_text_atomic
from nanjiang.workflow.content import changed_since

EDITIONS = "editions"
CURRENT = "current"
RECORD = "publication.json"
RECEIPT = "work/published.json"  # the publish job's output: this build's record
SNAPSHOT = "snapshot"
# the DOCX with the changes since the baseline as tracked changes (修订)
REVISED = "report-修订.docx"


def made_when_published(name: str) -> bool:
    """What the publish job makes against the baseline (the change report,
    the 修订 copy), not a document the build made."""
    return name.startswith(("changes", Path(REVISED).stem))


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


class EditionConflict(RuntimeError):
    """Documents carrying the label of an edition that holds other documents."""


def publish_edition(build: Path, label: dict, documents: dict[str, Path],
                    snapshot: list[Path] = (), changes: dict[str, Path] | None = None) -> dict:
    """Make the edition ``label["edition"]`` of ``documents`` (published
    name relative to ``build`` -> staged file), its change report ``changes``
    (published the same way) and ``snapshot`` files, then switch ``current``
    to it; return its record. The edition already complete with these
    documents is published again as it is."""
    edition = build / EDITIONS / label["edition"]
    _remove_leftovers(build)
    if _intact(edition):
        if not same_documents(edition, documents):
            raise EditionConflict(
                f"{edition} already holds other documents under the label "
                f"{label['edition']} that this build's documents print; nothing was "
                "published, the last edition stays current. What the label is made from "
                "did not change, something else did (the fonts installed, the "
                "environment): restore it, or, if that edition was never sent out, "
                f"delete the folder {edition} and build again to publish these documents "
                "under its label. Please report it.")
    else:  # new, or cut off, or changed by hand since
        try:
            _assemble(edition, label, {**documents, **(changes or {})}, snapshot)
        except OSError as e:
            raise OSError(e.errno, f"{e.strerror} while writing the edition {edition} "
                          f"({e.filename or 'a copy'}); nothing was published, the last "
                          "edition stays current") from None
    return republish(build, label["edition"])


def same_documents(edition: Path, documents: dict[str, Path]) -> bool:
    """Whether ``documents`` (published name -> file) are exactly the
    edition's: the same names with the same bytes (its change report aside)."""
    try:
        recorded = json.loads((edition / RECORD).read_text("utf-8"))["documents"]
    except (OSError, ValueError, KeyError):
        return False
    recorded = {n: i["sha256"] for n, i in recorded.items() if not made_when_published(n)}
    return (recorded.keys() == documents.keys() and _intact(edition) and all(
        sha256(path) == recorded[name] for name, path in documents.items()))


def republish(build: Path, name: str) -> dict:
    """The edition ``name`` published as it is: ``current`` switched to it,
    its published names linked anew (one deleted by hand is back); its record."""
    edition = build / EDITIONS / name
    entry = json.loads((edition / RECORD).read_text("utf-8"))
    _switch(build, edition)
    _link_published_names(build, entry["documents"])
    return entry


def _remove_leftovers(build: Path) -> None:
    """Temporary folders and links of a build killed while publishing."""
    for tmp in [*build.glob(f"{EDITIONS}/.*.tmp"), *build.glob(f"{EDITIONS}/.*.damaged"),
                *build.glob(".*.new")]:
        pid = tmp.name.rsplit(".", 2)[-2]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            if tmp.is_dir() and not tmp.is_symlink():
                shutil.rmtree(tmp, ignore_errors=True)
            else:
                tmp.unlink(missing_ok=True)


def _intact(edition: Path) -> bool:
    """The edition's record is there and every document is as recorded."""
    try:
        entry = json.loads((edition / RECORD).read_text("utf-8"))
    except (OSError, ValueError):
        return False
    return all((edition / name).is_file() and sha256(edition / name) == info["sha256"]
               for name, info in entry["documents"].items())


def _assemble(edition: Path, label: dict, documents: dict[str, Path], snapshot) -> None:
    """Copy everything into a temporary folder and rename it into place."""
    tmp = edition.with_name(f".{edition.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        for name, staged in documents.items():
            _copy(staged, tmp / name)
        for f in snapshot:
            _copy(f, tmp / SNAPSHOT / ("figures" if f.suffix == ".png" else "") / f.name)
        record = {
            "edition": edition.name,
            "year": label["year"],
            "label": label,
            "documents": {name: {"sha256": sha256(tmp / name), "bytes": (tmp / name).stat().st_size}
                          for name in sorted(documents)},
        }
        write_text_atomic(tmp / RECORD, json.dumps(record, ensure_ascii=False, indent=2) + "\n")
        _fsync_dir(tmp)
        if edition.exists():  # damaged: set aside in one step, then removed
            damaged = edition.with_name(f".{edition.name}.{os.getpid()}.damaged")
            os.rename(edition, damaged)
            os.rename(tmp, edition)
            shutil.rmtree(damaged)
        else:
            os.rename(tmp, edition)
        _fsync_dir(edition.parent)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise


def _copy(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    with src.open("rb") as fin, dst.open("wb") as fout:
        shutil.copyfileobj(fin, fout)
        fout.flush()
        os.fsync(fout.fileno())


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replace_symlink(link: Path, target: str) -> None:
    """Point ``link`` at ``target`` in one step (a new link renamed over it)."""
    tmp = link.with_name(f".{link.name}.{os.getpid()}.new")
    tmp.unlink(missing_ok=True)
    tmp.symlink_to(target)
    os.replace(tmp, link)


def _switch(build: Path, edition: Path) -> None:
    _replace_symlink(build / CURRENT, f"{EDITIONS}/{edition.name}")
    _fsync_dir(build)


# written in report/build/ itself before the change report became part of the edition
_UNPUBLISHED_LAYOUT = ("changes.md", "changes.html", "changes")


def _link_published_names(build: Path, names) -> None:
    """``report.pdf`` -> ``current/report.pdf``; a folder (``html/``,
    ``briefs/``) is linked whole. A name the new edition lacks is removed, so
    no document of an earlier edition stays at a published name."""
    tops = {Path(name).parts[0] for name in names} | {RECORD}
    for name in _UNPUBLISHED_LAYOUT:
        old = build / name
        if name not in tops and not old.is_symlink() and old.exists():
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    for top in sorted(tops):
        link = build / top
        want = f"{CURRENT}/{top}"
        if link.is_symlink() and os.readlink(link) == want:
            continue
        if link.is_dir() and not link.is_symlink():
            shutil.rmtree(link)  # a folder of the layout before editions
        _replace_symlink(link, want)
    for link in build.iterdir():
        if link.is_symlink() and os.readlink(link).startswith(f"{CURRENT}/") \
                and link.name not in tops:
            link.unlink()


def older_than_sources(build: Path) -> list[str]:
    """Source files changed since the current edition was built from them
    (the build's receipt keeps their digests), whatever their modification
    times say."""
    if not (build / RECORD).exists():
        return []  # nothing published yet: published_problems names that
    try:
        receipt = json.loads((build / RECEIPT).read_text("utf-8"))
    except (OSError, ValueError):
        # Snakemake removes a job's output before it runs: a publish cut off
        # leaves no receipt, and then nothing says what the edition is made of
        return [f"{build / RECEIPT} (the receipt of the build that published the "
                "edition is missing: its sources cannot be checked)"]
    return changed_since(receipt.get("sources", {}))


def published_problems(build: Path) -> list[str]:
    """What is wrong with the published edition: a document missing or not
    the one recorded (changed by hand). Empty when it is as published."""
    record = build / RECORD
    try:
        entry = json.loads(record.read_text("utf-8"))
    except (OSError, ValueError):
        return [f"{record}: no publication record (nothing published yet?)"]
    problems = []
    for name, info in entry.get("documents", {}).items():
        path = build / name
        if not path.is_file():
            problems.append(f"{path}: missing")
        elif sha256(path) != info.get("sha256"):
            problems.append(f"{path}: changed since it was published (sha256 differs)")
    return problems
