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


def is_snakemake(argv: list[bytes]) -> bool:
    """Snakemake itself (the `snakemake` command or `python -m snakemake`)
    or one of its jobs (a script it wrote to .snakemake/scripts/)."""
    names = [Path(a.decode(errors="replace")).name for a in argv[:3]]
    return ("snakemake" in names
            or any(a == b"-m" and b == b"snakemake" for a, b in zip(argv, argv[1:], strict=False))
            or any(b".snakemake/scripts/" in a for a in argv[:3]))


def snakemake_running_in(folder: Path) -> str | None:
    """The pid and command of a Snakemake process working in ``folder``."""
    me = os.getpid()
    for proc in Path("/proc").glob("[0-9]*"):
        if int(proc.name) == me:
            continue
        try:
            argv = (proc / "cmdline").read_bytes().split(b"\0")
            cwd = Path(os.readlink(proc / "cwd"))
        except OSError:
            continue  # gone, or not ours to read
        if cwd == folder and is_snakemake(argv):
            return f"{proc.name} ({b' '.join(argv).decode(errors='replace').strip()[:120]})"
    return None


def main() -> int:
    folder = Path.cwd().resolve()
    locks = folder / ".snakemake" / "locks"
    if not locks.is_dir() or not any(locks.iterdir()):
        return 0
    running = snakemake_running_in(folder)
    if running:
        print(f"Another Snakemake run is working in this folder (process {running}); "
              "wait for it to finish.", file=sys.stderr)
        return 1
    print("Removing a stale lock left by a Snakemake run that no longer runs "
          "(killed or crashed): snakemake --unlock", file=sys.stderr)
    return subprocess.run([sys.executable, "-m", "snakemake", "--unlock", "--quiet"],
                          stdout=subprocess.DEVNULL).returncode


if __name__ == "__main__":
    sys.exit(main())
