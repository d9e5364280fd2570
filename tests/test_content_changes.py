"""A build follows what the files hold, not what their dates say: a raw table
copied in with an old modification time is rebuilt, outputs dated in the
future stop the build with the fix, a staged document changed by hand is not
published, and documents older than their sources are never announced."""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from conftest import REPO, snakemake, with_venv
from nanjiang.workflow.content import GENERATED, content_of, digest
from rawtables import as_csv
from repocopy import copy_repo

TABLE = "data/raw/durable_goods.csv"


def run_sh(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["./run.sh", "report", *args], cwd=repo, capture_output=True,
                          text=True)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    repo = copy_repo(tmp_path_factory.mktemp("content") / "repo")
    as_csv(repo / "data" / "raw", "durable_goods")  # TABLE, edited as CSV
    snakemake(with_venv(repo))
    return repo


def replace_keeping_date(path: Path, old: str, new: str) -> None:
    """Change the content as `cp -p` / `tar x` / `rsync -a` deliver a file:
    same size, the old modification time."""
    assert len(old) == len(new)
    st = path.stat()
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_mtime_ns == st.st_mtime_ns and path.stat().st_size == st.st_size


def test_a_digest_follows_the_content_not_the_date(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    table = tmp_path / "table.csv"
    table.write_text("a,1\n")
    before = digest("table.csv")
    replace_keeping_date(table, "1", "2")
    assert digest("table.csv") != before
    of = content_of("table.csv", "data/derived/x.csv", lambda w: ["table.csv"])
    assert of(None) == {"table.csv": digest("table.csv")}  # made files are left to the graph


def test_a_raw_table_copied_in_with_its_old_date_is_rebuilt(built):
    """The 2018 national car ownership 19.9 becomes 18.8 in a file that keeps
    the old modification time and size: the report says 18.8."""
    table = built / TABLE
    original = table.read_bytes()
    replace_keeping_date(table, ",cars,19.9,", ",cars,18.8,")
    proc = run_sh(built)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Report (" in proc.stdout
    changes = (built / "report/build/changes.md").read_text("utf-8")
    assert "全国均值 × 汽车（台）：19.9 → 18.8" in changes
    assert ",cars,18.8," in (built / "data/derived/validated/durable_goods.csv").read_text()
    # and back, again with the file's date unchanged
    st = table.stat()
    table.write_bytes(original)
    os.utime(table, ns=(st.st_atime_ns, st.st_mtime_ns))
    proc = run_sh(built)
    assert proc.returncode == 0 and "18.8 → 19.9" in (
        built / "report/build/changes.md").read_text("utf-8")


def test_outputs_dated_in_the_future_stop_the_build_with_the_fix(built):
    future = time.time() + 3 * 365 * 86400
    made = built / "data/derived/validated/facts.csv"
    os.utime(made, (future, future))
    proc = snakemake(built, "-n", check=False)
    message = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert "data/derived/validated/facts.csv" in message
    assert "dated in the future" in message
    fix = "find data/derived report/build -newermt now -exec touch -h {} +"
    assert fix in message
    subprocess.run(fix, shell=True, cwd=built, check=True)
    assert "Nothing to be done" in snakemake(built, "-n").stdout + snakemake(built, "-n").stderr


def test_documents_older_than_their_sources_are_not_announced(built):
    """A template changed after the build (no build since): ./run.sh's last
    step names it instead of announcing the report."""
    css = built / "report/templates/html/report.css"
    original = css.read_bytes()
    published = [REPO / ".venv/bin/python", "tools/published.py"]
    try:
        css.write_bytes(original + b"/* edited */\n")
        proc = subprocess.run(published, cwd=built, capture_output=True, text=True)
        assert proc.returncode == 1
        assert "report/templates/html/report.css" in proc.stderr
        assert "Report (" not in proc.stdout
    finally:
        css.write_bytes(original)
    proc = subprocess.run(published, cwd=built, capture_output=True, text=True)
    assert proc.returncode == 0 and "Report (" in proc.stdout


def test_a_staged_document_changed_by_hand_is_not_published(built):
    build = built / "report/build"
    staged = build / "staging/report.pdf"
    published_before = (build / "report.pdf").read_bytes()
    data = bytearray(staged.read_bytes())
    data[2000] ^= 0xFF
    staged.write_bytes(bytes(data))
    proc = run_sh(built)
    assert proc.returncode != 0
    assert ("report/build/staging/report.pdf: changed after its job built it"
            in proc.stdout + proc.stderr)
    assert (build / "report.pdf").read_bytes() == published_before
    proc = run_sh(built, "--forcerun", "report/build/staging/report.pdf")
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert (build / "report.pdf").read_bytes() == published_before


def test_every_job_declares_the_content_of_its_source_files(built):
    """Each job's record (logs/<stage>/<job>.job.json): every input that no
    rule makes is among the digests of its params.content, so no source file
    is left to its modification time."""
    records = sorted(built.glob("logs/**/*.job.json"))
    assert len(records) > 40
    for record in records:
        job = json.loads(record.read_text("utf-8"))
        content = job["params"]["names"].get("content")
        assert content is not None, f"{record}: no params.content"
        sources = [f for f in job["input"]["items"] if not f.startswith(GENERATED)]
        assert sources, record
        missing = [f for f in sources if f not in content]
        assert not missing, f"{record.name}: {missing}"
        assert all(digest(str(built / f)) == d for f, d in content.items()
                   if not os.path.isabs(f)), record


def test_without_the_receipt_the_edition_is_not_announced(built):
    """A publish cut off (Ctrl-C) leaves no receipt (Snakemake removes the
    job's output first): tools/published.py cannot check the sources, so it
    does not announce the documents."""
    receipt = built / "report/build/work/published.json"
    kept = receipt.read_bytes()
    published = [REPO / ".venv/bin/python", "tools/published.py"]
    try:
        receipt.unlink()
        proc = subprocess.run(published, cwd=built, capture_output=True, text=True)
        assert proc.returncode == 1 and "Report (" not in proc.stdout
        assert "receipt" in proc.stderr
    finally:
        receipt.write_bytes(kept)
