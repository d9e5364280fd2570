"""A small JSON cache of values computed from files, under ``.cache/``.

Snakemake parses the workflow at every start, and some checks read files that
are slow to parse (font collections, large workbooks). Their results are
cached keyed by each file's path, size and modification time: an edited file
is read again, an unchanged one costs a JSON load.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

CACHE = Path(".cache")


def file_key(path: Path) -> str:
    st = path.stat()
    return hashlib.sha1(f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}".encode()).hexdigest()


def cached(kind: str, key: str, compute):
    """``compute()`` once per key; its JSON-able result is kept in .cache/<kind>/."""
    file = CACHE / kind / f"{key}.json"
    try:
        return json.loads(file.read_text("utf-8"))
    except (OSError, ValueError):
        value = compute()
        try:
            file.parent.mkdir(parents=True, exist_ok=True)
            # one temporary name per process: Snakemake processes (cluster
            # jobs on a shared file system) may write the same entry at once
            tmp = file.with_suffix(f".{os.getpid()}.tmp")
            tmp.write_text(json.dumps(value, ensure_ascii=False), "utf-8")
            tmp.replace(file)
        except OSError:
            pass  # a read-only checkout still works, only slower
        return value
