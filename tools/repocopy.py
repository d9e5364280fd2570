"""A clean temporary copy of the repository (for tests, benchmark, reproducibility)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

from nanjiang.common.epoch import DEFAULT_EPOCH  # noqa: E402

# Absolute: the jobs run in other folders.
PYTHON = os.path.abspath(sys.executable)

# Generated or machine-local: never part of a copy.
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", ".snakemake", ".cache", "__pycache__", ".pytest_cache", "site",
    ".ruff_cache", ".hypothesis", "logs", "benchmarks", "build", "bench", "diff",
)


def copy_repo(dest: Path, source: Path = REPO) -> Path:
    """Copy the repository's sources to ``dest``, without generated files."""
    shutil.copytree(source, dest, ignore=IGNORE)
    derived = dest / "data" / "derived"
    for child in derived.iterdir() if derived.exists() else []:
        if child.is_dir():
            shutil.rmtree(child)
        elif child.name != "README.md":
            child.unlink()
    return dest


def snakemake_env() -> dict:
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)
    # the editions' printed date: builds compared across midnight agree
    env.setdefault("EDITION_DATE", "2023-11-15")
    env.setdefault("PYTHONHASHSEED", "0")
    env["MPLCONFIGDIR"] = str(REPO / ".cache" / "matplotlib")
    return env


def run_snakemake(workdir: Path, *args: str, cores: int = 2, env: dict | None = None):
    """Run Snakemake in ``workdir`` (``env``: variables to add); return the
    finished process (not checked)."""
    return subprocess.run(
        [PYTHON, "-m", "snakemake", "--cores", str(cores), *args],
        cwd=workdir,
        env=snakemake_env() | (env or {}),
        capture_output=True,
        text=True,
    )
