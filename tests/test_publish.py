"""Publishing: each build an edition of its own, switched to whole or not at
all; nothing lost when a build fails or is killed; a dry run changes no file;
a killed run's lock is cleared; deleted derived files are rebuilt."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

import pytest

from conftest import REPO, snakemake, with_venv
from nanjiang.publish.editions import EditionConflict, publish_edition, published_problems
from rawtables import as_csv
from repocopy import PYTHON, copy_repo, snakemake_env


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def staged(folder: Path, **files: bytes) -> dict[str, Path]:
    out = {}
    for name, data in files.items():
        path = folder / "staging" / name.replace("__", "/").replace("_", ".")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        out[str(path.relative_to(folder / "staging"))] = path
    return out


def label(edition: str) -> dict:
    return {"edition": edition, "year": int(edition[:4])}


def test_an_edition_is_published_whole_and_kept(tmp_path):
    build = tmp_path / "build"
    first = publish_edition(build, label("2020-v1"), staged(tmp_path, report_pdf=b"pdf 1",
                                                            report_docx=b"docx 1"))
    assert (build / "report.pdf").read_bytes() == b"pdf 1"
    assert json.loads((build / "publication.json").read_text())["edition"] == first["edition"]
    assert first["edition"] == "2020-v1" and first["label"] == label("2020-v1")
    assert published_problems(build) == []
    # the same documents: the same edition, not another folder
    assert publish_edition(build, label("2020-v1"), staged(tmp_path, report_pdf=b"pdf 1",
                                                          report_docx=b"docx 1")) == first
    second = publish_edition(build, label("2019-v1"), staged(tmp_path, report_pdf=b"pdf 2",
                                                            report_docx=b"docx 2"))
    assert (build / "report.docx").read_bytes() == b"docx 2"
    editions = sorted(p.name for p in (build / "editions").iterdir())
    assert editions == sorted([first["edition"], second["edition"]])
    old = build / "editions" / first["edition"]
    assert (old / "report.pdf").read_bytes() == b"pdf 1"  # never deleted
    # an edition is published again as it was: current switched back to it
    assert publish_edition(build, label("2020-v1"), staged(tmp_path, report_pdf=b"pdf 1",
                                                          report_docx=b"docx 1")) == first
    assert (build / "report.pdf").read_bytes() == b"pdf 1"


def test_other_documents_are_never_published_under_an_edition_s_label(tmp_path):
    """Documents print their label: documents other than the edition's,
    carrying its label (a fingerprint that missed a source), are refused."""
    build = tmp_path / "build"
    publish_edition(build, label("2020-v1"), staged(tmp_path, report_pdf=b"pdf 1"))
    publish_edition(build, label("2020-v2"), staged(tmp_path, report_pdf=b"pdf 2"))
    with pytest.raises(EditionConflict, match="2020-v1 already holds other documents"):
        publish_edition(build, label("2020-v1"), staged(tmp_path, report_pdf=b"pdf 3"))
    assert (build / "report.pdf").read_bytes() == b"pdf 2"
    assert (build / "editions" / "2020-v1" / "report.pdf").read_bytes() == b"pdf 1"


def test_a_failed_copy_leaves_the_last_edition_published(tmp_path):
    build = tmp_path / "build"
    publish_edition(build, label("2020-v1"), staged(tmp_path, report_pdf=b"old pdf",
                                                   report_docx=b"old"))
    before = os.readlink(build / "current")
    documents = staged(tmp_path, report_pdf=b"new pdf")
    documents["report.docx"] = tmp_path / "missing.docx"
    with pytest.raises(FileNotFoundError):
        publish_edition(build, label("2020-v2"), documents)
    assert os.readlink(build / "current") == before
    assert (build / "report.pdf").read_bytes() == b"old pdf"
    assert published_problems(build) == []
    assert [p.name for p in (build / "editions").iterdir()] == [before.split("/")[-1]]


def test_a_format_left_out_is_no_longer_at_its_published_name(tmp_path):
    build = tmp_path / "build"
    publish_edition(build, label("2020-v1"), staged(tmp_path, report_pdf=b"p",
                                                   html__index_html=b"h"))
    assert (build / "html" / "index.html").read_bytes() == b"h"
    publish_edition(build, label("2020-v2"), staged(tmp_path, report_pdf=b"p2"))
    assert not (build / "html").exists() and not (build / "html").is_symlink()


def test_a_document_changed_by_hand_is_named(tmp_path):
    build = tmp_path / "build"
    publish_edition(build, label("2020-v1"), staged(tmp_path, report_pdf=b"pdf",
                                                   report_docx=b"docx"))
    target = build / "current" / "report.pdf"
    target.write_bytes(b"PDF")  # same size, other bytes
    assert published_problems(build) == [f"{build / 'report.pdf'}: changed since it was "
                                         "published (sha256 differs)"]


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
    with_venv(published)
    for args in (["--unlock"], ["-n"]):
        proc = subprocess.run(["./run.sh", "report", *args], cwd=published,
                              capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert "Report:" not in proc.stdout, args
    proc = subprocess.run(["./run.sh", "report"], cwd=published, capture_output=True, text=True)
    assert re.search(r"Report \(2020-v[0-9]+\): report/build/report.pdf "
                     r"report/build/report.docx report/build/html/index.html", proc.stdout)
    (published / "report" / "build" / "current" / "report.docx").write_bytes(b"edited")
    proc = subprocess.run(["./run.sh", "report"], cwd=published, capture_output=True, text=True)
    assert proc.returncode == 1 and "report/build/report.docx: changed since" in proc.stderr
    assert "--forcerun publish" in proc.stderr
    proc = subprocess.run(["./run.sh", "report", "--forcerun", "publish"], cwd=published,
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "Report (" in proc.stdout


def tree_state(repo: Path) -> dict:
    """Every file's bytes and time, but Snakemake's own and our caches'."""
    return {str(p.relative_to(repo)): (p.stat().st_mtime_ns, digest(p))
            for p in repo.rglob("*")
            if p.is_file() and not {".snakemake", ".cache", "__pycache__"} & set(p.parts)}


def test_a_dry_run_changes_no_file(published):
    before = tree_state(published)
    snakemake(published, "-n", "--forceall")
    snakemake(published, "-n", "--config", "year=2019")
    assert tree_state(published) == before


PUBLISH_LOOP = """
import sys, itertools
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from nanjiang.publish.editions import publish_edition
root = Path(sys.argv[1])
for i in itertools.count():
    docs = {}
    for name in ("report.pdf", "report.docx", "html/index.html", "briefs/652900.pdf"):
        path = root / "staging" / str(i % 3) / name
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(bytes([i % 3]) * 3_000_000)
        docs[name] = path
    year = 2018 + i % 3
    publish_edition(root / "build", {"edition": f"{year}-v1", "year": year}, docs)
"""


def test_publishing_killed_at_random_moments_leaves_a_complete_edition(tmp_path):
    """A process publishing editions over and over, SIGKILLed at 25 random
    moments: after each kill one complete edition is published (record and
    every document as recorded), and the next publication clears what the
    killed one left."""
    import random

    rng = random.Random(20261206)
    build = tmp_path / "build"
    for _ in range(25):
        proc = subprocess.Popen([PYTHON, "-c", PUBLISH_LOOP, str(tmp_path),
                                 str(REPO / "scripts")])
        time.sleep(rng.uniform(0.05, 0.6))
        proc.kill()
        proc.wait()
        if (build / "current").is_symlink():
            assert published_problems(build) == []
            record = json.loads((build / "publication.json").read_text())
            assert (build / "current").resolve().name == record["edition"]
    publish_edition(build, {"edition": "2030-v1", "year": 2030},
                    {"report.pdf": tmp_path / "staging/0/report.pdf"})
    assert not list(build.glob("editions/.*")) and not list(build.glob(".*"))
    assert len(list((build / "editions").iterdir())) <= 4


def test_a_killed_build_leaves_the_last_edition_published(published):
    """SIGKILL to the whole build (Snakemake and its jobs) while it publishes
    an edition for another year: the last complete edition stays published,
    its record and every document as recorded, or the new one is, whole."""
    moment = "publishing"
    build = published / "report" / "build"
    snakemake(published)
    before = os.readlink(build / "current")
    proc = subprocess.Popen([PYTHON, "-m", "snakemake", "--cores", "2", "--config",
                             "year=2019"], cwd=published, env=snakemake_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    sign = (build / "staging" / "report.pdf") if moment == "documents staged" \
        else (published / "logs" / "report" / "publish.log")
    start = sign.stat().st_mtime if sign.exists() else 0
    for _ in range(1200):
        if sign.exists() and sign.stat().st_mtime > start or proc.poll() is not None:
            break
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert os.readlink(build / "current") in (before, *[
        f"editions/{p.name}" for p in (build / "editions").iterdir() if p.name.startswith("2019-")])
    assert published_problems(build) == []
    assert json.loads((build / "publication.json").read_text())["year"] in (2019, 2020)
    clear = [PYTHON, str(REPO / "tools" / "clear_stale_lock.py")]
    subprocess.run(clear, cwd=published, capture_output=True, env=snakemake_env())
    snakemake(published)  # the next build completes and publishes 2020 again
    assert json.loads((build / "publication.json").read_text())["year"] == 2020


def processes_working_in(folder: Path) -> list[str]:
    out = []
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            if Path(os.readlink(proc / "cwd")) == folder:
                out.append((proc / "cmdline").read_bytes().replace(b"\0", b" ").decode())
        except OSError:
            continue
    return out


def test_no_process_outlives_a_killed_snakemake(published):
    """SIGKILL to Snakemake alone (not its jobs): the jobs it had started end
    with their own work, nothing waits for more, and the next build runs."""
    folder = published.resolve()
    proc = subprocess.Popen([PYTHON, "-m", "snakemake", "--cores", "2", "--forceall"],
                            cwd=published, env=snakemake_env(),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        if len(processes_working_in(folder)) > 1:  # Snakemake and a job
            break
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for _ in range(600):
        left = processes_working_in(folder)
        if not left:
            break
        time.sleep(0.1)
    assert not left, left
    clear = [PYTHON, str(REPO / "tools" / "clear_stale_lock.py")]
    subprocess.run(clear, cwd=published, capture_output=True, env=snakemake_env())
    snakemake(published)


def test_a_deleted_edition_or_record_is_named_and_republished(published):
    """The record or the whole edition deleted by hand: ./run.sh report does
    not end quietly with nothing published; --forcerun publish restores it."""
    with_venv(published)
    build = published / "report" / "build"
    snakemake(published)
    import shutil

    shutil.rmtree(build / os.readlink(build / "current"))
    proc = subprocess.run(["./run.sh", "report"], cwd=published, capture_output=True, text=True)
    assert proc.returncode == 1 and "no publication record" in proc.stderr
    proc = subprocess.run(["./run.sh", "report", "--forcerun", "publish"], cwd=published,
                          capture_output=True, text=True)
    assert proc.returncode == 0 and "Report (" in proc.stdout
    assert published_problems(build) == []


def test_a_table_supplied_twice_stops_the_build_at_once(repo_copy):
    raw = repo_copy / "data" / "raw"
    as_csv(raw, "durable_goods")  # the CSV, and a workbook beside it
    (raw / "durable_goods.xlsx").write_bytes(b"PK not really a workbook")
    proc = snakemake(repo_copy, "-n", check=False)
    assert proc.returncode != 0
    assert "table 'durable_goods' is supplied twice" in proc.stdout + proc.stderr


def test_a_full_disk_while_publishing_through_run_sh_keeps_the_last_edition(published):
    """`./run.sh report` for another year with the documents staged and
    every file write capped at 200 kB (ulimit -f: writes fail as on a full
    disk) while the edition is copied: the build fails, the 2020 edition
    stays published, record and documents as recorded; the next build
    without the cap publishes."""
    with_venv(published)
    build = published / "report" / "build"
    snakemake(published)
    before = os.readlink(build / "current")
    record = (build / "publication.json").read_bytes()
    snakemake(published, "--config", "year=2019", "--omit-from", "publish")
    proc = subprocess.run(["bash", "-c", "ulimit -f 200; ./run.sh report --config year=2019"],
                          cwd=published, capture_output=True, text=True)
    assert proc.returncode != 0
    assert "rule publish" in proc.stdout + proc.stderr
    assert os.readlink(build / "current") == before
    assert (build / "publication.json").read_bytes() == record
    assert published_problems(build) == []
    assert not list(build.glob("editions/.*"))  # no half-copied edition left
    proc = subprocess.run(["./run.sh", "report"], cwd=published, capture_output=True, text=True)
    assert proc.returncode == 0 and "Report (2020-" in proc.stdout


def test_ctrl_c_while_publishing_through_run_sh_keeps_one_whole_edition(published):
    """Ctrl-C (SIGINT to the terminal's process group) while `./run.sh
    report` publishes another year's edition: either edition is current,
    whole, never a mixture."""
    with_venv(published)
    build = published / "report" / "build"
    snakemake(published)
    before = os.readlink(build / "current")
    snakemake(published, "--config", "year=2019", "--omit-from", "publish")
    log = published / "logs" / "report" / "publish.log"
    start = log.stat().st_mtime if log.exists() else 0
    proc = subprocess.Popen(["./run.sh", "report", "--config", "year=2019"], cwd=published,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    for _ in range(1200):
        if log.exists() and log.stat().st_mtime > start or proc.poll() is not None:
            break
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)
    proc.wait(timeout=120)
    current = os.readlink(build / "current")
    assert current == before or current.startswith("editions/2019-")
    assert published_problems(build) == []
    year = json.loads((build / "publication.json").read_text())["year"]
    assert year == (2020 if current == before else 2019)
    proc = subprocess.run(["./run.sh", "report"], cwd=published, capture_output=True, text=True)
    assert proc.returncode == 0 and "Report (2020-" in proc.stdout
