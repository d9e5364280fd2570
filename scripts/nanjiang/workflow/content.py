"""What a job's source files hold, as Snakemake params: a content change
reruns the job whatever the files' modification times say.

Snakemake decides by time: a raw table replaced by one with an older
modification time (as ``cp -p``, ``tar x``, ``unzip`` or ``rsync -a`` leave
it), or outputs dated in the future, give "Nothing to be done". A rule's
params are recorded with its outputs and a changed param reruns the job (the
``params`` rerun trigger, on by default), and every job downstream of it with
it. So each rule that reads source files (files no rule makes: raw tables,
templates, code) carries ``params: content=content_of(...)``: a short digest
of each of those files. Standard library only: Snakemake calls this when it
parses the workflow.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from nanjiang.common.filecache import cached, file_key

# files made by the workflow: Snakemake's own graph decides when they change
GENERATED = ("data/derived/", "report/build/", "logs/", "benchmarks/", ".snakemake/")



def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()[:16]


_seen: dict[str, str] = {}


def digest(path: str) -> str:
    """The first 16 hex digits of the file's SHA-256, read once per version
    of the file (kept in .cache/, keyed by the file's change time too: a
    household table of a million rows is not read again at every start)."""
    key = file_key(Path(path))
    if key not in _seen:
        _seen[key] = cached("content", key, lambda: _sha256(path))
    return _seen[key]


def is_source(path: str) -> bool:
    return not str(path).startswith(GENERATED)


def _paths(item, wildcards) -> list[str]:
    if callable(item):
        item = item(wildcards)
    if isinstance(item, str | os.PathLike):
        return [os.fspath(item)]
    if isinstance(item, dict):
        item = item.values()
    return [p for sub in item for p in _paths(sub, wildcards)]


def content_of(*items) -> Callable:
    """A params function: ``{path: digest}`` of the source files among
    ``items`` (paths, lists of paths, or input functions of the wildcards, as
    in a rule's ``input:``). Generated files are left to Snakemake's graph;
    a source that does not exist is left out (Snakemake names it as a
    missing input)."""

    def of(wildcards) -> dict[str, str]:
        paths = sorted({p for i in items for p in _paths(i, wildcards) if is_source(p)})
        return {p: digest(p) for p in paths if Path(p).is_file()}

    return of


def source_files(*folders: str) -> list[str]:
    """Every source file under ``folders`` (compiled Python left out)."""
    return sorted(str(p) for folder in folders for p in Path(folder).rglob("*")
                  if p.is_file() and is_source(str(p)) and "__pycache__" not in p.parts)


def changed_since(recorded: dict[str, str]) -> list[str]:
    """The files of ``recorded`` ({path: digest}) whose content is no longer
    what was recorded (or that are gone)."""
    return [p for p, d in sorted(recorded.items())
            if not Path(p).is_file() or digest(p) != d]
