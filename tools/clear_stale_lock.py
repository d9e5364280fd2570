"""Remove Snakemake's lock on this folder when no Snakemake process holds it.

A Snakemake run that is killed (SIGKILL, a closed terminal, a crash) leaves
its lock in .snakemake/locks/, and the next run stops with "Directory cannot
be locked". When no running Snakemake works in this folder, the lock is
stale: this runs `snakemake --unlock` and says so. With a live run, it
leaves the lock alone (two builds must never write the same files).
Standard library only; run by ./run.sh before a build.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def snakemake_running_in(folder: Path) -> bool:
    me = os.getpid()
    for proc in Path("/proc").glob("[0-9]*"):
        if int(proc.name) == me:
            continue
        try:
            cmdline = (proc / "cmdline").read_bytes().replace(b"\0", b" ")
            cwd = Path(os.readlink(proc / "cwd"))
        except OSError:
            continue  # gone, or not ours to read
        if b"snakemake" in cmdline and b"clear_stale_lock" not in cmdline and cwd == folder:
            return True
    return False


def main() -> int:
    folder = Path.cwd().resolve()
    locks = folder / ".snakemake" / "locks"
    if not locks.is_dir() or not any(locks.iterdir()):
        return 0
    if snakemake_running_in(folder):
        print("Another Snakemake run is working in this folder; wait for it to finish.",
              file=sys.stderr)
        return 1
    print("Removing a stale lock left by a Snakemake run that no longer runs "
          "(killed or crashed): snakemake --unlock", file=sys.stderr)
    return subprocess.run([sys.executable, "-m", "snakemake", "--unlock", "--quiet"],
                          stdout=subprocess.DEVNULL).returncode


if __name__ == "__main__":
    sys.exit(main())
