"""The job runner: scripts run in shared worker processes, failures stay clear."""

from __future__ import annotations

import json
import os

import pytest

from nanjiang import jobrunner


def job_script(tmp_path, body: str):
    script = tmp_path / "job.py"
    script.write_text("import json, os, sys\nsnakemake = snakemake  # noqa: F821\n" + body,
                      "utf-8")
    return script


def run(script, tmp_path):
    out = tmp_path / "out.json"
    jobrunner.run_script(str(script), [str(tmp_path / "in.csv")], [str(out)], {"year": 2020},
                         {"table": "t"}, [str(tmp_path / "job.log")])
    return json.loads(out.read_text("utf-8")) if out.exists() else None


WRITE_WHAT_IT_SAW = """
with open(snakemake.output[0], "w") as f:
    json.dump({"input": list(snakemake.input), "year": snakemake.params["year"],
               "table": snakemake.wildcards["table"], "pid": os.getpid(),
               "hashseed": os.environ.get("PYTHONHASHSEED")}, f)
"""


def test_a_script_sees_its_job_and_workers_are_reused(tmp_path):
    script = job_script(tmp_path, WRITE_WHAT_IT_SAW)
    first, second = run(script, tmp_path), run(script, tmp_path)
    assert first["input"] == [str(tmp_path / "in.csv")]
    assert (first["year"], first["table"]) == (2020, "t")
    # a long-lived worker, not a new Python per job
    assert first["pid"] == second["pid"] != os.getpid()


def test_a_script_that_exits_with_a_message_fails_the_job(tmp_path):
    script = job_script(tmp_path, "raise SystemExit('writer broken (test)')\n")
    with pytest.raises(jobrunner.JobError, match=r"stopped \(exit status 1\).*job.log"):
        run(script, tmp_path)
    # (printed on stderr too; the worker's stderr is not this test's)
    assert "writer broken (test)" in (tmp_path / "job.log").read_text("utf-8")


def test_sys_exit_0_is_success(tmp_path):
    assert run(job_script(tmp_path, "sys.exit(0)\n"), tmp_path) is None


def test_a_killed_worker_fails_its_job_only(tmp_path):
    killer = job_script(tmp_path, "import signal\nos.kill(os.getpid(), signal.SIGKILL)\n")
    with pytest.raises(jobrunner.JobError, match="worker process died"):
        run(killer, tmp_path)
    # the next job gets a new worker
    assert run(job_script(tmp_path, WRITE_WHAT_IT_SAW), tmp_path)["table"] == "t"


def test_subprocess_mode_runs_each_job_in_a_new_python(tmp_path, monkeypatch):
    monkeypatch.setenv("NANJIANG_JOBS", "subprocess")
    script = job_script(tmp_path, WRITE_WHAT_IT_SAW)
    assert run(script, tmp_path)["pid"] != run(script, tmp_path)["pid"]
    with pytest.raises(jobrunner.JobError, match="exit status 3"):
        run(job_script(tmp_path, "sys.exit(3)\n"), tmp_path)


def test_pending_timers_are_cancelled_so_snakemake_exits_at_once():
    """Snakemake leaves a 1-s rate-limit timer per scheduling round; the
    workflow's onsuccess/onerror cancel them (nanjiang.prompt_exit)."""
    import threading
    import time

    from nanjiang.prompt_exit import cancel_pending_timers

    fired = []
    timer = threading.Timer(30, lambda: fired.append(1))
    timer.start()
    start = time.perf_counter()
    assert cancel_pending_timers() >= 1
    timer.join(timeout=5)
    assert not timer.is_alive() and not fired
    assert time.perf_counter() - start < 1
