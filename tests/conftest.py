"""Shared fixtures: a temporary copy of the repository, one full build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "scripts"), str(REPO / "tools")]  # nanjiang; the tools

from repocopy import copy_repo, run_snakemake  # noqa: E402


def with_venv(repo: Path) -> Path:
    """The copy uses the repository's virtual environment (as ./run.sh would
    make it there); returns the copy."""
    if not (repo / ".venv").exists():
        (repo / ".venv").symlink_to(REPO / ".venv")
    return repo


def snakemake(workdir: Path, *args: str, check: bool = True, env: dict | None = None):
    """Run Snakemake in ``workdir`` as a user would; return the finished process."""
    proc = run_snakemake(workdir, *args, env=env)
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
