"""A small JSON cache of values computed from files, under ``.cache/``.

Snakemake parses the workflow at every start, and some checks read files that
are slow to parse (font collections, large workbooks). Their results are
cached keyed by each file's path, inode, size, modification and change time:
an edited file is read again (the change time is set by every write and no
copying tool sets it back, so a file copied in with an old modification time
is read again too), an unchanged one costs a JSON load.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

CACHE = Path(".cache")


def file_key(path: Path) -> str:
    st = path.stat()
    identity = f"{path.resolve()}|{st.st_ino}|{st.st_size}|{st.st_mtime_ns}|{st.st_ctime_ns}"
    return hashlib.sha1(identity.encode()).hexdigest()


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
