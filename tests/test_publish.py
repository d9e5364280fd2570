"""Publishing: all documents of a build together or none; nothing lost on failure;
a killed run's lock is cleared; deleted derived files are rebuilt."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import REPO, snakemake
from nanjiang.publish.editions import publish_together, record_is_stale
from repocopy import PYTHON, copy_repo, snakemake_env


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_a_failed_copy_publishes_nothing(tmp_path):
    (tmp_path / "staging").mkdir()
    (tmp_path / "staging" / "report.pdf").write_bytes(b"new pdf")
    (tmp_path / "report.pdf").write_bytes(b"old pdf")
    (tmp_path / "report.docx").write_bytes(b"old docx")
    documents = {tmp_path / "staging" / "report.pdf": tmp_path / "report.pdf",
                 tmp_path / "staging" / "report.docx": tmp_path / "report.docx"}  # missing
    with pytest.raises(FileNotFoundError):
        publish_together(documents, tmp_path / "publication.json", {})
    assert (tmp_path / "report.pdf").read_bytes() == b"old pdf"
    assert (tmp_path / "report.docx").read_bytes() == b"old docx"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.docx", "report.pdf", "staging"]


def test_a_document_deleted_by_hand_is_published_again(tmp_path):
    staged = tmp_path / "a.pdf"
    staged.write_bytes(b"pdf")
    record = tmp_path / "publication.json"
    publish_together({staged: tmp_path / "out.pdf"}, record, {"year": 2020})
    assert not record_is_stale(record)
    (tmp_path / "out.pdf").unlink()
    assert record_is_stale(record)


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("publish") / "repo")
    snakemake(repo)
    return repo


def test_a_failing_format_publishes_neither(published):
    """The DOCX job fails in a build for another year: report.pdf stays the
    last good one too (not the new year's beside the old DOCX)."""
    build = published / "report" / "build"
    before = {p: digest(p) for p in (build / "report.pdf", build / "report.docx",
                                     build / "publication.json")}
    script = published / "scripts" / "build_docx.py"
    original = script.read_text("utf-8")
    script.write_text("raise SystemExit('DOCX writer broken (test)')\n", "utf-8")
    try:
        proc = snakemake(published, "--config", "year=2019", check=False)
    finally:
        script.write_text(original, "utf-8")
    assert proc.returncode != 0
    assert (build / "staging" / "report.pdf").exists()  # the PDF of 2019 was built…
    assert {p: digest(p) for p in before} == before  # …and not published


def test_deleted_derived_files_are_rebuilt(published):
    import shutil

    shutil.rmtree(published / "data" / "derived" / "figures")
    (published / "data" / "derived" / "indicators" / "audit.csv").unlink()
    snakemake(published)
    assert (published / "data" / "derived" / "figures" / "fig_durable_goods.svg").exists()
    assert (published / "data" / "derived" / "indicators" / "audit.csv").exists()


def test_a_killed_run_leaves_no_lock_that_stops_the_next(published):
    proc = subprocess.Popen([PYTHON, "-m", "snakemake", "--cores", "1", "--forceall"],
                            cwd=published,
                            env=snakemake_env(), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    locks = published / ".snakemake" / "locks"
    for _ in range(300):
        if locks.is_dir() and any(locks.iterdir()):
            break
        time.sleep(0.1)
    assert locks.is_dir() and any(locks.iterdir()), "snakemake took no lock"
    clear = [PYTHON, str(REPO / "tools" / "clear_stale_lock.py")]
    live = subprocess.run(clear, cwd=published, capture_output=True, text=True)
    assert live.returncode == 1 and "Another Snakemake run" in live.stderr
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert any(locks.iterdir())  # the stale lock
    stale = subprocess.run(clear, cwd=published, capture_output=True, text=True,
                           env=snakemake_env())
    assert stale.returncode == 0 and "stale lock" in stale.stderr
    snakemake(published)


def test_run_sh_says_report_only_when_it_built_one(published):
    venv = published / ".venv"
    if not venv.exists():
        venv.symlink_to(REPO / ".venv")
    for args in (["--unlock"], ["-n"]):
        proc = subprocess.run(["./run.sh", "report", *args], cwd=published,
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "Report:" not in proc.stdout, args
    proc = subprocess.run(["./run.sh", "report"], cwd=published, capture_output=True, text=True)
    assert "Report: report/build/report.pdf report/build/report.docx" in proc.stdout
