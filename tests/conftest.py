"""Shared fixtures: a temporary copy of the repository, one full build."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "scripts"))

# What a copy of the repository leaves behind: generated or machine-local.
IGNORE = shutil.ignore_patterns(
    ".git", ".venv", ".snakemake", ".cache", "__pycache__", ".pytest_cache",
    ".ruff_cache", ".hypothesis", "logs", "build", "bench",
)


def copy_repo(dest: Path) -> Path:
    shutil.copytree(REPO, dest, ignore=IGNORE)
    derived = dest / "data" / "derived"
    for child in derived.iterdir() if derived.exists() else []:
        if child.is_dir():
            shutil.rmtree(child)
        elif child.name != "README.md":
            child.unlink()
    return dest


def snakemake(workdir: Path, *args: str, check: bool = True):
    """Run Snakemake in ``workdir`` as a user would; return the finished process."""
    env = dict(os.environ)
    env.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    env["MPLCONFIGDIR"] = str(REPO / ".cache" / "matplotlib")
    proc = subprocess.run(
        [sys.executable, "-m", "snakemake", "--cores", "2", *args],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
    )
    if check and proc.returncode != 0:
        raise AssertionError(
            f"snakemake {' '.join(args)} failed ({proc.returncode}):\n"
            f"{proc.stdout[-4000:]}\n{proc.stderr[-8000:]}"
        )
    return proc


@pytest.fixture(scope="session")
def built_repo(tmp_path_factory) -> Path:
    """A temporary copy of the repository with the whole pipeline run once."""
    repo = copy_repo(tmp_path_factory.mktemp("built") / "repo")
    snakemake(repo)
    return repo


@pytest.fixture
def repo_copy(tmp_path) -> Path:
    """A fresh, unbuilt copy for tests that change inputs."""
    return copy_repo(tmp_path / "repo")
